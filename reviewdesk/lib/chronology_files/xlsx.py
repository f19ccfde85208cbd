"""Reading an Excel workbook (.xlsx): the first sheet with a header row we recognise (visible
sheets first), merged cells filled down, and each row's Excel row number as its reference.

openpyxl in read-only mode reads the workbook (sheets, shared strings, styles); the sheet's rows are
read by lxml's iterparse, value for value as openpyxl's values-only mode gives them
(``_sheet_values``); the merge list, which read-only mode does not expose, is found in the sheet's
XML tail."""

import functools
import io
import itertools
import re
import zipfile
from collections.abc import Iterator
from typing import TYPE_CHECKING

from lxml import etree

from reviewdesk.lib.chronology_files.headings import GROUPED, HEADER_SEARCH_ROWS, find_header
from reviewdesk.lib.chronology_files.package import (
    damaged,
    main_part,
    open_package,
    read_part,
    relationships,
    xml_part,
)
from reviewdesk.lib.chronology_files.table import (
    FileRefused,
    ProgressReporter,
    SourceTable,
    TableBuilder,
    clean,
    no_header,
)

if TYPE_CHECKING:
    import openpyxl

# Physical rows read from a sheet, empty or not: a sheet formatted down to row 1,048,576 would
# otherwise take minutes to walk.
MAX_SHEET_ROWS = 100_000

X = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_MERGE_REF = re.compile(
    rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Za-z]{1,3})(\d{1,7})(?::([A-Za-z]{1,3})(\d{1,7}))?\"")
MAX_MERGE_COLUMNS = 1000  # fill no further right than this, whatever a merge claims


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ch - 64
    return number


def _sheet_parts(archive: zipfile.ZipFile, name: str) -> dict[str, str]:
    """Sheet title -> its part in the package (read-only openpyxl does not say where a sheet lives)."""
    workbook = main_part(archive, name, "xlsx", "xl/workbook.xml")
    root = xml_part(archive, workbook, name, "xlsx")
    if root is None:
        return {}
    rels = relationships(archive, workbook, name, "xlsx")
    return {s.get("name", ""): rels.get(s.get(R_ID, ""), ("", ""))[1] for s in root.iter(f"{X}sheet")}


def _merges(archive: zipfile.ZipFile, part: str, name: str) -> list[tuple[int, int, int, int]]:
    """The sheet's merged ranges as (first row, first column, last row, last column), from 1."""
    info = {i.filename.lower(): i for i in archive.infolist()}.get(part.lower()) if part else None
    if info is None:
        return []
    xml = read_part(archive, info, name, "xlsx")
    # <mergeCells> follows <sheetData>, so only the tail needs searching.
    tail = xml.rfind(b"sheetData")
    ranges = []
    for m in _MERGE_REF.finditer(xml, max(tail, 0)):
        first_col, first_row = _column_number(m[1]), int(m[2])
        last_col, last_row = (_column_number(m[3]), int(m[4])) if m[3] else (first_col, first_row)
        ranges.append((min(first_row, last_row), min(first_col, last_col),
                       max(first_row, last_row), max(first_col, last_col)))
    return ranges


_ROW_TAG, _CELL_TAG, _VALUE_TAG, _INLINE_TAG = f"{X}row", f"{X}c", f"{X}v", f"{X}is"
_TEXT_TAG, _RUN_TAG = f"{X}t", f"{X}r"


@functools.lru_cache(maxsize=1024)
def _column_index(letters: str) -> int:
    from openpyxl.utils.cell import column_index_from_string

    return column_index_from_string(letters)  # ValueError for anything that is not a column


def _sheet_values(sheet: "openpyxl.worksheet._read_only.ReadOnlyWorksheet") -> Iterator[tuple]:
    """The sheet's rows as ``sheet.iter_rows(values_only=True)`` gives them after
    ``reset_dimensions()`` (a missing row is ``[]``, each row runs from column A to its last cell),
    value for value, but read with lxml's iterparse: openpyxl's own parser (a dict and a style
    lookup per cell) took a third of an import's time. Same conversions as openpyxl with
    ``data_only`` (formulas' cached values): shared and inline strings (runs joined, phonetic text
    left out), numbers as int or float, dates by the cell's style and the workbook's epoch, ISO
    dates, booleans, error codes as text."""
    from openpyxl.utils.datetime import from_excel, from_ISO8601

    book = sheet.parent
    shared, epoch = sheet._shared_strings, book.epoch
    date_formats, timedelta_formats = book._date_formats, book._timedelta_formats
    counter, last = 1, 0  # the next row to yield; the number of the last row read
    with sheet._get_source() as source:
        for _event, row in etree.iterparse(source, events=("end",), tag=_ROW_TAG, resolve_entities=False,
                                           no_network=True, load_dtd=False, huge_tree=False):
            r = row.get("r")
            if r is None:
                number = last + 1  # as openpyxl: one after the last row read
            else:
                try:
                    number = int(r)
                except ValueError:
                    value = float(r)
                    if not value.is_integer():
                        raise
                    number = int(value)
            cells: list[tuple[int, object]] = []
            column = 0
            for cell in row.iterchildren(_CELL_TAG):
                kind = cell.get("t", "n")
                coordinate = cell.get("r")
                if coordinate:
                    column = _column_index(coordinate.rstrip("0123456789"))
                else:
                    column += 1
                if kind == "inlineStr":
                    value = None
                    child = cell.find(_INLINE_TAG)
                    if child is not None:
                        parts = [t.text for t in child.iterchildren(_TEXT_TAG) if t.text]
                        parts += [t.text for run in child.iterchildren(_RUN_TAG)
                                  for t in run.iterchildren(_TEXT_TAG) if t.text]
                        value = "".join(parts)
                else:
                    value = cell.findtext(_VALUE_TAG) or None
                    if value is not None:
                        if kind == "n":
                            value = (float(value) if "." in value or "E" in value or "e" in value
                                     else int(value))
                            style = cell.get("s")
                            style_id = int(style) if style else 0
                            if style_id in date_formats:
                                try:
                                    value = from_excel(value, epoch, timedelta=style_id in timedelta_formats)
                                except (OverflowError, ValueError):
                                    value = "#VALUE!"  # as openpyxl: a date out of range is an error
                        elif kind == "s":
                            value = shared[int(value)]
                        elif kind == "b":
                            value = bool(int(value))
                        elif kind == "d":
                            value = from_ISO8601(value)
                cells.append((column, value))
            last = number
            row.clear()
            while row.getprevious() is not None:
                del row.getparent()[0]
            if number < counter:
                continue  # a row out of order: openpyxl skips it too
            while counter < number:  # rows missing from the file
                counter += 1
                yield []
            counter += 1
            if not cells:
                yield ()
                continue
            values = [None] * cells[-1][0]
            width = len(values)
            for column, value in cells:
                if 1 <= column <= width:
                    values[column - 1] = value
            yield tuple(values)


def read_xlsx(data: bytes, name: str, progress: ProgressReporter) -> SourceTable:
    archive = open_package(data, name, "xlsx")
    parts = _sheet_parts(archive, name)
    import openpyxl  # here, not at import: it takes a tenth of a second (numpy with it)

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except FileRefused:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a broken package; any of them means damaged
        raise damaged(name, "xlsx", str(exc) or type(exc).__name__) from None
    try:
        return _read_workbook(workbook, archive, parts, name, progress)
    except FileRefused:
        raise
    except Exception as exc:  # a broken sheet part shows itself only while its rows are read
        raise damaged(name, "xlsx", str(exc) or type(exc).__name__) from None
    finally:
        workbook.close()


def _read_workbook(workbook: "openpyxl.Workbook", archive: zipfile.ZipFile, parts: dict[str, str], name: str,
                   progress: ProgressReporter) -> SourceTable:
    sheets = workbook.worksheets
    if not sheets:
        raise FileRefused(f"'{name}' has no worksheets. Put your chronology on a worksheet with a header "
                          "row and upload it again.")
    # Hidden sheets are looked at only after every visible one: the author sees the visible ones.
    ordered = sorted(sheets, key=lambda s: s.sheet_state != "visible")
    for sheet in ordered:
        total = sheet.max_row or 0
        sheet.reset_dimensions()  # trust the rows themselves, not a stated size that may be wrong
        rows = (_sheet_values(sheet) if sheet.parent.data_only  # always: loaded with data_only
                else sheet.iter_rows(values_only=True))
        head = [clean(r) for r in itertools.islice(rows, HEADER_SEARCH_ROWS)]
        if not head:
            continue
        merges = _merges(archive, parts.get(sheet.title, ""), name)
        # A heading merged down over a two-row header belongs to the lower row too.
        filled = _fill_down(head, merges)
        index = find_header(filled)
        if index is None:
            continue
        notes = [f"Sheet '{s.title}' was not read: the chronology is on sheet '{sheet.title}'."
                 for s in sheets if s is not sheet and s.sheet_state == "visible"]
        header_cells = _under_groups(head, filled[index], index, merges)
        return _xlsx_table(name, sheet.title, head, header_cells, index, rows, merges, total, progress,
                           notes)
    checked = ", ".join(f"'{s.title}'" for s in ordered)
    raise no_header(name, f"the first {HEADER_SEARCH_ROWS} rows of each sheet ({checked})")


def _fill_down(head: list[list], merges: list[tuple[int, int, int, int]]) -> list[list]:
    """The first rows with each vertically merged cell's value copied into the rows it covers."""
    filled = [list(cells) for cells in head]
    for first_row, first_col, last_row, _ in merges:
        if first_row < last_row and first_row <= len(head) and first_col <= MAX_MERGE_COLUMNS:
            top = head[first_row - 1][first_col - 1] if first_col <= len(head[first_row - 1]) else None
            for cells in filled[first_row: min(last_row, len(head))] if top is not None else ():
                if len(cells) < first_col:
                    cells.extend([None] * (first_col - len(cells)))
                if cells[first_col - 1] is None:
                    cells[first_col - 1] = top
    return filled


def _under_groups(head: list[list], header_cells: list, index: int,
                  merges: list[tuple[int, int, int, int]]) -> list:
    """A header spread over two rows read as one: a sub-heading under a group heading merged
    across it ('Contact' over 'Date' and 'Time') is named 'Contact / Date'. A heading merged
    down both rows keeps its own name, and a title merged across the whole table is not a
    group."""
    if index == 0:
        return header_cells
    group_row = index  # the row above the header, counted from 1
    above = head[index - 1]
    # A row of groups: each of its headings merged across columns or down into the header row.
    # Any other cell in it ('Prepared by' beside 'QA team') makes it a row of notes, not groups.
    merged_from = {first_col for first_row, first_col, last_row, last_col in merges
                   if first_row == group_row and (last_col > first_col or last_row > first_row)}
    if any(cell is not None and column + 1 not in merged_from
           for column, cell in enumerate(above)):
        return header_cells
    width = sum(1 for cell in header_cells if cell is not None)
    named = list(header_cells)
    for first_row, first_col, last_row, last_col in merges:
        if not (first_row == last_row == group_row and last_col > first_col):
            continue
        group = above[first_col - 1] if first_col <= len(above) else None
        last = min(last_col, len(named))
        under = [c for c in range(first_col - 1, last) if named[c] is not None]
        if group is None or len(under) >= width:
            continue  # an empty merge, or a title over every column
        for column in under:
            if str(named[column]).strip().casefold() != str(group).strip().casefold():
                named[column] = f"{group}{GROUPED}{named[column]}"
    return named


def _xlsx_table(name: str, sheet: str, head: list[list], header_cells: list, index: int, rest: Iterator,
                merges: list, total: int, progress: ProgressReporter, notes: list[str]) -> SourceTable:
    header_row = index + 1
    labels: dict[int, str] = {}
    starts: dict[int, list[tuple[int, int]]] = {}  # top row -> [(last row, column)] merged down into data
    for first_row, first_col, last_row, last_col in merges:
        top = header_cells[first_col - 1] if first_col <= len(header_cells) else None
        if first_row <= header_row <= last_row and top is not None:
            # Columns a heading is merged across get their own name: 'Contact (2)'.
            for col in range(first_col + 1, min(last_col, MAX_MERGE_COLUMNS) + 1):
                labels[col - 1] = f"{top} ({col - first_col + 1})"
        if first_row > header_row and last_row > first_row and first_col <= MAX_MERGE_COLUMNS:
            starts.setdefault(first_row, []).append((last_row, first_col - 1))

    builder = TableBuilder(name, "xlsx", header_cells, labels, str(header_row), progress, total)
    active: list[tuple[int, int, object]] = []  # (last row, column, value) of merges being filled down
    rows = itertools.chain(((n, r) for n, r in enumerate(head[header_row:], header_row + 1)),
                           ((n, clean(r)) for n, r in enumerate(rest, len(head) + 1)))
    for number, cells in rows:
        if number > MAX_SHEET_ROWS:
            raise FileRefused(
                f"Sheet '{sheet}' of '{name}' runs to more than {MAX_SHEET_ROWS:,} rows, counting empty "
                "rows that have formatting. Delete the unused rows below your entries (select them, "
                "right-click, Delete), save and upload it again."
            )
        if active:
            active = [a for a in active if a[0] >= number]
        if cells and active:
            for _, col, value in active:
                if col >= len(cells):
                    cells.extend([None] * (col + 1 - len(cells)))
                if cells[col] is None:
                    cells[col] = value
        if number in starts:
            for last_row, col in starts[number]:
                if col < len(cells) and cells[col] is not None:
                    active.append((last_row, col, cells[col]))
        if cells:
            builder.add(str(number), f"Row {number}", cells)
    table = builder.table()
    table.sheet = sheet
    table.notes = notes
    return table
