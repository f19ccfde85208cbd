"""A file read into a table: its header and data rows with the references its author sees, the
refusal every reader raises, and the builder the readers share (repeated header rows dropped, the
row limit, progress)."""

import dataclasses
from collections.abc import Callable, Iterable

from reviewdesk.lib.chronology_files.columns import COLUMN_KEYS, MappedRow
from reviewdesk.lib.chronology_files.headings import examples, normalise

MAX_ROWS = 20_000  # data rows; one agency's chronology is a few hundred
ACCEPTED = ".xlsx (Excel), .csv or .docx (Word)"
PROGRESS_EVERY = 500

Progress = Callable[[int, int], None]


class FileRefused(ValueError):
    """The file cannot be taken; ``str(exc)`` says what is wrong and how to fix it."""


@dataclasses.dataclass
class SourceRow:
    ref: str  # compact: "7" (Excel row, CSV record) or "2.4" (Word table 2, row 4)
    label: str  # "Row 7", "Record 7", "Table 2, row 4"
    cells: list  # str (stripped, never empty), int, float, datetime/date/time, bool or None


@dataclasses.dataclass
class SourceTable:
    filename: str
    kind: str  # "xlsx" | "csv" | "docx"
    headers: list[str]  # the header row as in the file, "" for a column with no heading
    header_ref: str
    rows: list[SourceRow]
    sheet: str = ""  # the worksheet read (xlsx)
    # Parts of the file that were not read and why ("Sheet 'Notes' was not read: …"), to show the author.
    notes: list[str] = dataclasses.field(default_factory=list)


def apply_mapping(table: SourceTable, mapping: dict[str, int | None]) -> list[MappedRow]:
    """The table's rows with their cells given to our columns; every key is present, None when the
    file has no such column or the cell is empty."""
    pairs = [(key, index) for key, index in mapping.items() if index is not None]
    missing = [key for key in COLUMN_KEYS if mapping.get(key) is None]
    out = []
    for position, row in enumerate(table.rows):
        cells = row.cells
        size = len(cells)
        values = {key: cells[index] if index < size else None for key, index in pairs}
        for key in missing:
            values[key] = None
        out.append(MappedRow(row.ref, row.label, values, position))
    return out


class ProgressReporter:
    """Calls the caller's progress function, if any, never with done > total."""

    def __init__(self, callback: Progress | None):
        self.callback = callback

    def __call__(self, done: int, total: int) -> None:
        if self.callback is not None:
            self.callback(done, max(done, total))


def clean(row: Iterable) -> list:
    """Cells as read, strings stripped and empty strings None, trailing empty cells dropped."""
    cells = [(v.strip() or None) if isinstance(v, str) else v for v in row]
    while cells and cells[-1] is None:
        cells.pop()
    return cells


def no_header(name: str, where: str) -> FileRefused:
    return FileRefused(
        f"'{name}' has no header row we recognise. We look in {where} for a row naming at least two of "
        f"our columns, such as {examples()}. Put a header row like that above your entries, or copy "
        "them into our template, and upload it again."
    )


class TableBuilder:
    """Collects a table's data rows: drops repeated header rows, counts, reports progress."""

    def __init__(self, name: str, kind: str, header_cells: list, labels: dict[int, str], header_ref: str,
                 progress: ProgressReporter, total: int):
        self.name, self.kind, self.header_ref = name, kind, header_ref
        self.header_cells = header_cells
        self.labels = labels
        self.header_norm = [normalise(c) if isinstance(c, str) else c for c in header_cells]
        self.first = next((i for i, c in enumerate(header_cells) if isinstance(c, str)), 0)
        self.rows: list[SourceRow] = []
        self.width = len(header_cells)
        self.progress, self.total = progress, total
        progress(0, total)

    def is_header(self, cells: list) -> bool:
        first = self.first
        if len(cells) != len(self.header_cells) or not isinstance(cells[first], str):
            return False
        if normalise(cells[first]) != self.header_norm[first]:
            return False
        return [normalise(c) if isinstance(c, str) else c for c in cells] == self.header_norm

    def add(self, ref: str, label: str, cells: list) -> None:
        if self.is_header(cells):
            return
        self.rows.append(SourceRow(ref, label, cells))
        if len(cells) > self.width:
            self.width = len(cells)
        count = len(self.rows)
        if count > MAX_ROWS:
            raise FileRefused(
                f"'{self.name}' has more than {MAX_ROWS:,} rows of entries, more than one upload can take. "
                "Check that nothing below your table is being counted as entries, and ask the business "
                "manager if your chronology really is that long."
            )
        if count % PROGRESS_EVERY == 0:
            self.progress(count, self.total)

    def headers(self) -> list[str]:
        """The header row's text, one for every column any row uses ("" where there is no heading)."""
        width = max(self.width, max(self.labels, default=-1) + 1)
        cells = self.header_cells + [None] * (width - len(self.header_cells))
        return [self.labels.get(i) or ("" if cell is None else str(cell)) for i, cell in enumerate(cells)]

    def table(self) -> SourceTable:
        self.progress(len(self.rows), len(self.rows))
        return SourceTable(self.name, self.kind, self.headers(), self.header_ref, self.rows)
