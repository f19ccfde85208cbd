"""Reading a list of practitioners pasted from a spreadsheet or uploaded as CSV.

Each line is ``name, e-mail, agency, job, manager e-mail`` (comma- or tab-separated; a sixth
column, the manager's name, is read where given). A first line naming the columns is skipped.
Nothing here looks at the database: ``actions.plan_practitioners`` checks the rows against the
review and the partnership's agencies, and reports every problem with the row's line number.
"""

import csv
import io
from dataclasses import dataclass

COLUMNS = ("name", "e-mail", "agency", "job", "manager e-mail")
MAX_ROWS = 200
MAX_BYTES = 200_000


@dataclass(frozen=True)
class Row:
    """One line of the list, as typed (tidied of spaces), and its line number."""

    line: int
    name: str
    email: str
    agency: str
    job: str
    manager_email: str = ""
    manager_name: str = ""


@dataclass
class Parsed:
    rows: list[Row]
    problems: list[str]


def _is_header(cells: list[str]) -> bool:
    first = [c.strip().lower().replace("-", "").replace(" ", "") for c in cells[:2]]
    return len(first) == 2 and first[0] in {"name", "fullname"} and "mail" in first[1]


def decode(raw: bytes) -> str:
    """An uploaded file's text: UTF-8 (with or without the mark Excel writes), else Windows
    Latin-1, which every byte decodes."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def parse(text: str) -> Parsed:
    """The rows of a pasted list or CSV file, and the problems found reading it (a line with too
    few columns, too many rows)."""
    problems: list[str] = []
    rows: list[Row] = []
    lines = text.replace("\r\n", "\n").replace("\r", "\n")
    delimiter = "\t" if "\t" in lines else ","
    reader = csv.reader(io.StringIO(lines), delimiter=delimiter, skipinitialspace=True)
    for number, cells in enumerate(reader, start=1):
        cells = [" ".join(c.split()) for c in cells]
        if not any(cells):
            continue
        if not rows and not problems and _is_header(cells):
            continue
        if len(cells) < 4:
            problems.append(
                f"Row {number} has {len(cells)} column{'s' if len(cells) != 1 else ''}: each row "
                "needs a name, e-mail, agency and job, then the manager's e-mail if known, "
                "separated by commas or tabs.")
            continue
        if len(cells) > 6:
            problems.append(
                f"Row {number} has {len(cells)} columns: give at most six (name, e-mail, agency, "
                "job, manager e-mail, manager name). Put a name or job containing a comma in "
                "double quotes.")
            continue
        cells += [""] * (6 - len(cells))
        rows.append(Row(number, cells[0], cells[1].lower(), cells[2], cells[3], cells[4].lower(),
                        cells[5]))
    if len(rows) > MAX_ROWS:
        problems.append(f"The list has {len(rows)} rows: add at most {MAX_ROWS} at a time.")
    if not rows and not problems:
        problems.append("The list is empty: paste one practitioner a line, or choose a CSV file.")
    return Parsed(rows, problems)
