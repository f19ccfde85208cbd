"""The checks on one agency's chronology file, row by row, each problem with a stable code.

Every problem is found in one pass and reported at once, with the row and the column as the author
sees them, what is wrong and how to fix it. Errors stop a row from being imported as it stands (the
author corrects the file, or the row is excluded explicitly); warnings are kept on the entry.

Why an unreadable time or sequence is an error, not a warning: the value cannot be stored, so
importing the row would silently drop what the author typed.

No Django here: the upload page, the import command and the benchmark all run these checks.
"""

import calendar
import dataclasses
import datetime
import re
from collections.abc import Iterable

from reviewdesk.lib.chronology_files.columns import BY_KEY, MappedRow
from reviewdesk.lib.chronology_files.dates import (
    DateProblem,
    ParsedDate,
    format_time,
    parse_date,
    parse_time,
    time_not_given,
)

ERROR, WARNING = "error", "warning"

# Stable codes: never renumber or reuse one, since they are stored on submissions, exclusions and
# entries, and quoted to authors.
CODES: dict[str, tuple[str, str]] = {
    "CHR-E01": (ERROR, "Date missing"),
    "CHR-E02": (ERROR, "Date impossible"),
    "CHR-E03": (ERROR, "Date unreadable"),
    "CHR-E04": (ERROR, "Event missing"),
    "CHR-E05": (ERROR, "Source of information missing"),
    "CHR-E06": (ERROR, "Time unreadable or impossible"),
    "CHR-E07": (ERROR, "Sequence not a whole number"),
    "CHR-E08": (ERROR, "Two different times"),
    "CHR-E09": (ERROR, "No date column"),
    "CHR-E10": (ERROR, "No event column"),
    "CHR-E11": (ERROR, "No source of information column"),
    "CHR-W01": (WARNING, "Date outside the period under review"),
    "CHR-W02": (WARNING, "Row out of order"),
    "CHR-W03": (WARNING, "Date uncertain"),
    "CHR-W04": (WARNING, "Date partial (month or year only)"),
    "CHR-W05": (WARNING, "Date read with an assumption"),
    "CHR-W06": (WARNING, "Sequence number repeated within a day"),
    "CHR-W07": (WARNING, "Time given as a part of the day"),
    "CHR-W08": (WARNING, "No source of information column"),
    "CHR-W09": (WARNING, "Columns read from their contents: confirm"),
}
_DATE_CODES = {"missing": "CHR-E01", "impossible": "CHR-E02", "unreadable": "CHR-E03"}


@dataclasses.dataclass(frozen=True, slots=True)
class Problem:
    code: str  # a key of CODES
    severity: str  # "error" | "warning"
    row_ref: str  # MappedRow.ref, "" for a problem with the whole file
    row_label: str  # MappedRow.label
    column: str  # the column heading as it is in the file, "" if none
    message: str  # what is wrong and how to fix it


class HasProblems:
    """Errors and warnings of anything that keeps its ``problems`` (a row, a whole file)."""

    __slots__ = ()
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]


@dataclasses.dataclass(slots=True)
class CheckedRow(HasProblems):
    """A row as it would be imported, with every problem found in it."""

    ref: str
    label: str
    position: int
    date: ParsedDate | None
    time: datetime.time | None
    sequence: int | None
    source: str
    role: str
    event: str
    action: str
    analysis: str
    problems: list[Problem] = dataclasses.field(default_factory=list)


def format_problem(filename: str, p: Problem) -> str:
    """The import command's line: ``FILE:ROW: CODE: message`` (``FILE: CODE: message`` for the file)."""
    where = f"{filename}:{p.row_ref}" if p.row_ref else filename
    return f"{where}: {p.code}: {p.message}"


def check_columns(headings: dict[str, str], *, default_source: str = "") -> list[Problem]:
    """Problems with the file as a whole: a required column that is not there.

    ``check_rows`` still gives each row its own error, so that no row is imported without a date,
    an event or a source; this is the one line that explains them all.
    """
    problems = []
    if "date" not in headings:
        problems.append(_file_problem("CHR-E09", "No column of this file was taken as the Date. Choose "
                                                 "the file's date column in the mapping, or add a Date "
                                                 "column to the file."))
    if "event" not in headings:
        problems.append(_file_problem("CHR-E10", "No column of this file was taken as the Event / "
                                                 "contact. Choose the column that says what happened in "
                                                 "the mapping, or add an Event / contact column."))
    if "source" not in headings and not default_source.strip():
        problems.append(_file_problem("CHR-E11", "No column of this file was taken as the Source of "
                                                 "information. Choose that column in the mapping, add "
                                                 "one to the file, or give one source for all the rows "
                                                 "(for example: case notes)."))
    return problems


def _file_problem(code: str, message: str) -> Problem:
    return Problem(code, CODES[code][0], "", "", "", message)


def file_warning(code: str, message: str) -> Problem:
    """A warning about the file as a whole (CHR-W08: no source column)."""
    return _file_problem(code, message)


def check_rows(rows: Iterable[MappedRow], *, headings: dict[str, str],
               period: tuple[datetime.date, datetime.date] | None = None,
               default_source: str = "") -> list[CheckedRow]:
    """Check every row of one file; return them in file order, each with its problems.

    ``headings`` maps our column keys to the file's own heading text; a key that is absent means
    the file has no such column. ``period`` is the period under review (first and last day, both
    inside). ``default_source`` is the source for rows that have none. A row with no text at all
    is skipped: it carries nothing to lose.
    """
    default_source = default_source.strip()
    checked: list[CheckedRow] = []
    previous: CheckedRow | None = None  # the nearest row above with a readable date
    sequences: dict[tuple[datetime.date, int], CheckedRow] = {}
    for row in rows:
        values = row.values
        get = values.get
        out = CheckedRow(row.ref, row.label, row.position, None, None, None, _text(get("source")),
                         _text(get("role")), _text(get("event")), _text(get("action")),
                         _text(get("analysis")))
        date_value, time_value, sequence_value = get("date"), get("time"), get("sequence")
        if not (out.event or out.source or out.role or out.action or out.analysis) and all(
                v is None or isinstance(v, str) and not v.strip()
                for v in (date_value, time_value, sequence_value)):
            continue  # the readers drop empty rows; should one come through, it holds nothing to check
        _check_date(out, date_value, headings)
        if time_value is not None and time_value != "":
            _check_time(out, time_value, headings)
        if sequence_value is not None and sequence_value != "":
            _check_sequence(out, sequence_value, headings)
        if not out.event:
            _add(out, headings, "CHR-E04", "event", _empty(
                "event", headings, "Say what happened: the contact, meeting or event, factually."))
        if not out.source:
            if default_source:
                out.source = default_source
            else:
                _add(out, headings, "CHR-E05", "source", _empty(
                    "source", headings, "Say where this comes from (for example: case note, GP record, "
                                        "police log)."))
        if out.date is not None:
            if period is not None:
                _check_period(out, period, headings)
            if previous is not None:
                _check_order(out, previous, headings)
            if out.sequence is not None and out.date.precision == "day":
                seen = sequences.setdefault((out.date.date, out.sequence), out)
                if seen is not out:
                    _add(out, headings, "CHR-W06", "sequence",
                         f"Sequence {out.sequence} is used twice on {_day(out.date)} (also {seen.label}). "
                         "Number the events on that day 1, 2, 3… in the order they happened.")
            previous = out
        checked.append(out)
    return checked


def _add(out: CheckedRow, headings: dict[str, str], code: str, key: str, message: str) -> None:
    out.problems.append(Problem(code, CODES[code][0], out.ref, out.label, headings.get(key, ""), message))


def _empty(key: str, headings: dict[str, str], how: str) -> str:
    if key in headings:
        return f"The '{headings[key]}' cell is empty. {how}"
    return f"This file has no {BY_KEY[key].heading} column, so the row has none. {how}"


def cell_text(value: object) -> str:
    """A cell as the text an entry keeps (dates day first)."""
    return _text(value)


def _text(value: object) -> str:
    if value is None:
        return ""
    if type(value) is str:
        if "\r" in value:  # Windows and old Mac line breaks inside a cell become plain ones
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        return value.strip()
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M") if value.time() != datetime.time() else f"{value:%d/%m/%Y}"
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel gives whole numbers as 3.0
    return str(value).strip()


def _check_date(out: CheckedRow, value: object, headings: dict[str, str]) -> None:
    try:
        parsed = parse_date(value)
    except DateProblem as problem:
        message = problem.message
        if problem.code == "missing":
            message = _empty("date", headings, "Enter the date of the event, day first (22/05/2016); "
                                               "write May 2016 or 2016 if you know only the month or "
                                               "the year.")
        _add(out, headings, _DATE_CODES.get(problem.code, "CHR-E03"), "date", message)
        return
    out.date = parsed
    out.time = parsed.time
    if parsed.assumption:
        _add(out, headings, "CHR-W05", "date",
             f"Read with an assumption: {parsed.assumption}. Check it is the date you meant; if it is, "
             f"write it as {_plain(parsed)} to clear this warning.")
    if parsed.uncertain:
        _add(out, headings, "CHR-W03", "date",
             f"The date {parsed.display} is marked as uncertain. Keep the ? while you are unsure; take "
             "it out once the date is confirmed.")
    if parsed.precision != "day":
        what = "month" if parsed.precision == "month" else "year"
        _add(out, headings, "CHR-W04", "date",
             f"The date gives only the {what} ({parsed.display}). Add the day if the record shows it.")


def _check_time(out: CheckedRow, value: object, headings: dict[str, str]) -> None:
    not_given = time_not_given(value)
    if not_given == "unknown":
        return  # 'n/k', 'tbc', '-': no time, as a blank cell would say
    if not_given:
        _add(out, headings, "CHR-W07", "time",
             f"The time is given as '{str(value).strip()}', not a time of day: the entry is kept "
             "with no time. Write the time (14:30) if it is known, or say in the event when in "
             "the day it happened.")
        return
    try:
        t = parse_time(value)
    except DateProblem as problem:
        _add(out, headings, "CHR-E06", "time", problem.message)
        return
    if t is None:
        return
    if out.time is not None and out.time != t:
        _add(out, headings, "CHR-E08", "time",
             f"The date cell gives the time {format_time(out.time)} but the "
             f"'{headings.get('time', 'Time')}' cell gives {format_time(t)}. Correct one so that they "
             "agree, or take the time out of the date cell.")
        return
    out.time = t


_WHOLE = re.compile(r"\d+(?:\.0*)?")


def _check_sequence(out: CheckedRow, value: object, headings: dict[str, str]) -> None:
    if value is None or isinstance(value, str) and not value.strip():
        return
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        out.sequence = value
        return
    if isinstance(value, float) and value.is_integer() and value >= 0:
        out.sequence = int(value)
        return
    if isinstance(value, str) and _WHOLE.fullmatch(value.strip()):
        out.sequence = int(float(value))
        return
    _add(out, headings, "CHR-E07", "sequence",
         f"The sequence '{_text(value)}' is not a whole number. Number events on the same day 1, 2, 3… "
         "in the order they happened, or leave it empty.")


def _check_period(out: CheckedRow, period: tuple[datetime.date, datetime.date],
                  headings: dict[str, str]) -> None:
    start, end = period
    parsed = out.date
    # A month or year that overlaps the period is inside it: the event may have been in it.
    if parsed.end < start or parsed.date > end:
        _add(out, headings, "CHR-W01", "date",
             f"The date {parsed.display} is outside the period under review ({_long(start)} to "
             f"{_long(end)}). Check the date; if the event belongs in the chronology all the same, say "
             "why in the analysis.")


def _check_order(out: CheckedRow, previous: CheckedRow, headings: dict[str, str]) -> None:
    this, above = out.date, previous.date
    if this.end < above.date:
        _add(out, headings, "CHR-W02", "date",
             f"This row is dated {this.display}, before the row above ({previous.label}, "
             f"{above.display}). Put the rows in date order, or correct the date.")
        return
    if this.precision != "day" or above.precision != "day" or this.date != above.date:
        return
    # The same day: the sequence orders events within it; failing that, the time.
    if out.sequence is not None and previous.sequence is not None:
        if out.sequence < previous.sequence:
            _add(out, headings, "CHR-W02", "sequence",
                 f"This row is sequence {out.sequence} on {_day(this)}, after sequence "
                 f"{previous.sequence} in the row above ({previous.label}). Put the day's events in "
                 "sequence order, or correct the numbers.")
    elif out.time is not None and previous.time is not None and out.time < previous.time:
        _add(out, headings, "CHR-W02", "time",
             f"This row is at {format_time(out.time)} on {_day(this)}, before the row above "
             f"({previous.label}, {format_time(previous.time)}). Put the day's events in time order, "
             "or give them sequence numbers.")


def _long(d: datetime.date) -> str:
    return f"{d.day} {calendar.month_name[d.month]} {d.year}"


def _day(parsed: ParsedDate) -> str:
    return _long(parsed.date)


def _plain(parsed: ParsedDate) -> str:
    """The reading written in an unambiguous form, for the author to type instead."""
    d = parsed.date
    text = {"day": f"{d.day:02d}/{d.month:02d}/{d.year}", "month": f"{calendar.month_name[d.month]} {d.year}",
            "year": str(d.year)}[parsed.precision]
    if parsed.time is not None:
        text += " " + format_time(parsed.time)
    return ("?" if parsed.uncertain else "") + text
