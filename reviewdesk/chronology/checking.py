"""Reading and checking a chronology, whether a file or an entry typed in Review Desk: nothing here
writes. A file's problems are all found at once; a typed entry's errors are a ValidationError on
the columns they concern.
"""

import dataclasses
from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError

from reviewdesk.chronology import checks
from reviewdesk.chronology.checks import ERROR, CheckedRow, HasProblems, Problem
from reviewdesk.chronology.models import Entry, Submission
from reviewdesk.chronology.status import period_under_review
from reviewdesk.lib.chronology_files.columns import BY_KEY, COLUMN_KEYS, COLUMNS, MappedRow
from reviewdesk.lib.chronology_files.contents import refine_mapping, unmapped_columns
from reviewdesk.lib.chronology_files.headings import column_name, describe_mapping, guess_mapping
from reviewdesk.lib.chronology_files.reading import read_table
from reviewdesk.lib.chronology_files.table import FileRefused, SourceTable, apply_mapping
from reviewdesk.reviews.models import Review

BROWSER_LABEL = "Added in Review Desk"
# The one file-wide code of our own (the checks' codes are in checks.CODES): a background check
# that could not finish. The submission cannot be accepted; the author uploads the file again.
CHECK_FAILED_CODE = "CHR-E99"
CHECK_FAILED = ("The check stopped because of a problem in Review Desk, not in your file. Upload "
                "the file again; if it fails again, tell the business unit (version {version}).")


@dataclasses.dataclass
class CheckResult(HasProblems):
    """A file read and checked with one mapping: nothing has been saved."""

    table: SourceTable
    mapping: dict  # our column key -> the file's column index, or None
    headings: dict[str, str]  # our column key -> the file's heading (mapped columns only)
    rows: list[CheckedRow]
    problems: list[Problem]  # the file's own problems first, then each row's, in file order
    file_problems: list[Problem] = dataclasses.field(default_factory=list)
    default_source: str = ""  # the source of rows without one, as the checks took it

    @property
    def file_errors(self) -> list[Problem]:
        """Errors with the file as a whole (no date column, say): no exclusion can mend them."""
        return [p for p in self.file_problems if p.severity == ERROR]

    @property
    def error_rows(self) -> list[CheckedRow]:
        return [r for r in self.rows if r.errors]

    @property
    def clean_rows(self) -> list[CheckedRow]:
        return [r for r in self.rows if not r.errors]

    @property
    def described(self) -> list[tuple[str, str | None]]:
        """How each of our columns was understood: (our heading, the file's heading or None)."""
        return describe_mapping(self.table.headers, self.mapping)

    @property
    def unused(self) -> list[str]:
        """The file's columns that none of ours takes: their text is kept with each entry's
        event, under its heading."""
        taken = {i for i in self.mapping.values() if i is not None}
        return [column_name(self.table.headers, i) for i in range(len(self.table.headers))
                if i not in taken]


def normalise_mapping(mapping: dict, headers: list[str], *, require: bool = False) -> dict:
    """The mapping with every one of our keys (None where the file has no such column), or a
    ValidationError naming each problem on the column it concerns: a key that is not ours, an
    index that is not one of the file's columns, one of their columns taken twice, and (with
    ``require``) the date or the event not taken from any column."""
    errors: dict[str, list[str]] = {}
    unknown = [str(k) for k in mapping if k not in BY_KEY]
    if unknown:
        errors["__all__"] = [f"'{k}' is not one of our columns: use {', '.join(COLUMN_KEYS)}."
                             for k in unknown]
    result: dict[str, int | None] = {}
    for key in COLUMN_KEYS:
        value = mapping.get(key)
        if isinstance(value, str):
            value = value.strip()
            value = None if value == "" else int(value) if value.isdigit() else value
        if value is None:
            result[key] = None
        elif isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < len(headers):
            errors[key] = [f"Choose one of the file's columns for {BY_KEY[key].heading}, or "
                           "'Not in the file'."]
        else:
            result[key] = value
    seen: dict[int, str] = {}
    for key in COLUMN_KEYS:
        index = result.get(key)
        if index is None:
            continue
        if index in seen:
            errors[key] = [f"'{column_name(headers, index)}' is already chosen for "
                           f"{BY_KEY[seen[index]].heading}: each of the file's columns can be one "
                           "of ours at most."]
        else:
            seen[index] = key
    if require:
        for key in ("date", "event"):
            if result.get(key) is None and key not in errors:
                errors[key] = [f"Choose the file's column that holds the {BY_KEY[key].heading}: "
                               "every entry needs one."]
    if errors:
        raise ValidationError(errors)
    return result


def with_overrides(headers: list[str], given: dict[str, int]) -> dict[str, int | None]:
    """The guessed mapping with some of our columns given explicitly (the command's --columns):
    a column given to one of ours is taken from whichever other one the guess gave it to."""
    mapping = guess_mapping(headers)
    for key, index in mapping.items():
        if index is not None and key not in given and index in given.values():
            mapping[key] = None
    return mapping | given


def read_file(data: bytes, filename: str, *, progress: Callable[[int, int], None] | None = None
              ) -> SourceTable:
    """The file's table, or FileRefused saying why not (including a file with no entries)."""
    table = read_table(data, filename, progress=progress)
    if not table.rows:
        raise FileRefused(f"'{table.filename}' has a header row ({header_label(table)}) but no "
                          "entries under it. Fill in one row for each event, save the file and "
                          "upload it again.")
    return table


def header_label(table: SourceTable) -> str:
    """Where the header row is, as the author sees it: 'row 5', 'record 1', 'table 1, row 1'."""
    if table.kind == "csv":
        return f"record {table.header_ref}"
    if table.kind == "docx" and "." in table.header_ref:
        number, row = table.header_ref.split(".", 1)
        return f"table {number}, row {row}"
    return f"row {table.header_ref}"


def agency_records(agency_name: str) -> str:
    """The source of information of a file without one: the agency's own records."""
    return f"{agency_name} records" if agency_name else ""


def check_file(review: Review, data: bytes, filename: str, *, mapping: dict | None = None,
               default_source: str = "", agency_name: str = "",
               progress: Callable[[int, int], None] | None = None) -> CheckResult:
    """Read and check a file against the review's period under review. Writes nothing.

    Raises FileRefused for a file that cannot be taken at all (and ValidationError for a mapping
    that does not fit the file); every other problem is in the result, at once."""
    table = read_file(data, filename, progress=progress)
    return check_table(table, period=period_under_review(review), mapping=mapping,
                       default_source=default_source, agency_name=agency_name)


def read_columns(table: SourceTable) -> tuple[dict[str, int | None], list[str]]:
    """Which of the table's columns holds each of ours, from the headings and then the cells,
    with a note for each column read from its cells (for the author to confirm)."""
    return refine_mapping(table, guess_mapping(table.headers))


def check_table(table: SourceTable, *, period: tuple[date, date] | None,
                mapping: dict | None = None, default_source: str = "",
                agency_name: str = "") -> CheckResult:
    """The checks on a table already read (``mapping`` None: the guessed one).

    A file with no source of information column (most agencies' exports have none) takes
    ``default_source``, or else the agency's records (``agency_records``), with a warning saying
    so: only a missing date or event column refuses a file."""
    guessed: list[str] = []
    if mapping is None:
        mapping, guessed = read_columns(table)
    mapping = normalise_mapping(mapping, table.headers)
    headings = {k: column_name(table.headers, i) for k, i in mapping.items() if i is not None}
    mapped = apply_mapping(table, mapping)
    source_warning = [checks.file_warning("CHR-W09", note) for note in guessed]
    if "source" not in headings and not default_source.strip() and agency_name:
        default_source = agency_records(agency_name)
        source_warning += [checks.file_warning(
            "CHR-W08", f"This file has no source of information column, so every entry's source "
                       f"is '{default_source}'. Change it under How we read your columns if the "
                       "rows come from somewhere more precise (for example: case notes).")]
    rows = checks.check_rows(mapped, headings=headings, period=period,
                             default_source=default_source)
    rows = _with_skipped_rows(table, mapped, rows, headings)
    _keep_other_columns(table, mapping, rows)
    file_problems = checks.check_columns(headings, default_source=default_source) + source_warning
    problems = list(file_problems)
    for row in rows:
        problems.extend(row.problems)
    return CheckResult(table, mapping, headings, rows, problems, file_problems, default_source)


def _keep_other_columns(table: SourceTable, mapping: dict, rows: list[CheckedRow]) -> None:
    """The text of the file's columns that none of ours takes ('Contact type', 'Worker', 'Ref'),
    kept with each entry's event under its heading, never dropped. A row with no event stays an
    error: another column's text is not what happened."""
    others = unmapped_columns(table, mapping)
    if not others:
        return
    for row in rows:
        if not row.event:
            continue
        cells = table.rows[row.position].cells
        kept = [f"{column_name(table.headers, i)}: {checks.cell_text(cells[i])}"
                for i in others if i < len(cells) and checks.cell_text(cells[i])]
        if kept:
            row.event = "\n".join([row.event, *kept])


def _with_skipped_rows(table: SourceTable, mapped: list[MappedRow], rows: list[CheckedRow],
                       headings: dict[str, str]) -> list[CheckedRow]:
    """The checks skip a row with nothing in the columns being imported. If it has content in
    the file's other columns, leaving it out would drop that content unseen: it comes back as an
    error row (no date, no event), to be mapped, fixed or excluded openly."""
    if len(rows) == len(mapped):
        return rows
    kept = {r.position for r in rows}
    out = list(rows)
    for row in mapped:
        if row.position in kept:
            continue
        cells = table.rows[row.position].cells
        used = [i for i, v in enumerate(cells) if v is not None]
        if not used:
            continue
        where = ", ".join(f"'{column_name(table.headers, i)}'" for i in used[:3])
        message = (f"This row has content only in columns that are not imported ({where}). Choose "
                   "the right columns in the mapping, or fill in its date and event, or leave the "
                   "row out.")
        problems = [Problem(code, checks.CODES[code][0], row.ref, row.label,
                            headings.get(key, ""), message)
                    for code, key in (("CHR-E01", "date"), ("CHR-E04", "event"))]
        out.append(CheckedRow(row.ref, row.label, row.position, None, None, None, "", "", "",
                              "", "", problems))
    out.sort(key=lambda r: r.position)
    return out


def problem_dicts(problems: list[Problem]) -> list[dict[str, str]]:
    return [dataclasses.asdict(p) for p in problems]


def error_rows(submission: Submission) -> list[dict[str, Any]]:
    """The stored problems' rows with errors, in file order: {ref, label, codes, problems}."""
    rows: dict[str, dict[str, Any]] = {}
    for problem in submission.problems or []:
        if problem.get("severity") == ERROR and problem.get("row_ref"):
            row = rows.setdefault(problem["row_ref"], {"ref": problem["row_ref"],
                                                       "label": problem.get("row_label", ""),
                                                       "codes": [], "problems": []})
            row["problems"].append(problem)
            if problem["code"] not in row["codes"]:
                row["codes"].append(problem["code"])
    return list(rows.values())


@dataclasses.dataclass(frozen=True)
class ProblemKind:
    code: str
    title: str
    is_error: bool
    count: int


def problem_kinds(submission: Submission) -> list[ProblemKind]:
    """The stored problems counted by kind: errors first, then warnings, each in code order."""
    counts: dict[str, int] = {}
    severity: dict[str, bool] = {}
    for problem in submission.problems or []:
        code = problem.get("code", "")
        counts[code] = counts.get(code, 0) + 1
        severity[code] = problem.get("severity") == ERROR
    return [ProblemKind(code, checks.CODES[code][1] if code in checks.CODES else code,
                        severity[code], count)
            for code, count in sorted(counts.items(), key=lambda kv: (not severity[kv[0]], kv[0]))]


def check_failed(submission: Submission) -> bool:
    """Whether the last check of this file stopped before it finished (so it may be retried)."""
    return (submission.status == Submission.Status.PROBLEMS
            and any(p.get("code") == CHECK_FAILED_CODE for p in submission.problems or []))


def entry_values(entry: Entry) -> dict[str, str]:
    """An entry as it could be typed again (what the edit form starts from): the date day first,
    only as precise as it was read, with ? when uncertain."""
    match entry.precision:
        case Entry.Precision.YEAR:
            day = f"{entry.date:%Y}"
        case Entry.Precision.MONTH:
            day = f"{entry.date:%B %Y}"
        case _:
            day = f"{entry.date:%d/%m/%Y}"
    return {"date": ("?" if entry.uncertain else "") + day,
            "time": entry.time.strftime("%H:%M:%S" if entry.time.second else "%H:%M")
            if entry.time else "",
            "sequence": "" if entry.sequence is None else str(entry.sequence),
            "source": entry.source, "role": entry.role, "event": entry.event,
            "action": entry.action, "analysis": entry.analysis}


def check_typed(review: Review, values: dict[str, Any], *, label: str) -> CheckedRow:
    """One entry as typed, through the same checks as a file's row; errors -> ValidationError,
    each on the column it concerns."""
    unknown = [k for k in values if k not in BY_KEY]
    if unknown:
        raise ValidationError(f"Unknown column(s): {', '.join(unknown)}.")
    cells = {k: values.get(k) for k in COLUMN_KEYS}
    cells = {k: (v.strip() or None) if isinstance(v, str) else v for k, v in cells.items()}
    headings = {c.key: c.heading for c in COLUMNS}
    rows = checks.check_rows([MappedRow("", label, cells)], headings=headings,
                             period=period_under_review(review))
    if not rows:  # nothing typed at all
        raise ValidationError({"date": "Enter the date of the event.",
                               "source": "Enter the source of information.",
                               "event": "Say what happened."})
    row = rows[0]
    if row.errors:
        errors: dict[str, list[str]] = {}
        for problem in row.errors:
            key = next((c.key for c in COLUMNS if c.heading == problem.column), "__all__")
            errors.setdefault(key, []).append(problem.message)
        raise ValidationError(errors)
    return row
