"""Reading a CSV file: UTF-8, UTF-16 or Windows text, the delimiter sniffed from the header row, and
each row's record number as its reference (records, not lines: a quoted cell can span lines)."""

import csv
import io
import itertools

from reviewdesk.lib.chronology_files.headings import HEADER_SEARCH_ROWS, find_header, header_score
from reviewdesk.lib.chronology_files.table import (
    ACCEPTED,
    FileRefused,
    ProgressReporter,
    SourceTable,
    TableBuilder,
    clean,
    no_header,
)

DELIMITERS = (",", ";", "\t", "|")
SNIFF_CHARS = 64 * 1024


def _decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text" is UTF-16
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    elif data.startswith(b"PK"):
        start = data[:4096]
        if b"xl/" in start:
            what, fix = "an Excel workbook", "Rename it to end in .xlsx and upload it again."
        elif b"word/" in start:
            what, fix = "a Word document", "Rename it to end in .docx and upload it again."
        else:
            what, fix = "a zip file", f"Save your chronology as {ACCEPTED} and upload that."
        raise FileRefused(f"'{name}' is {what}, not a CSV text file. {fix}")
    elif b"\x00" not in data[:8192]:
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        try:
            return data.decode("cp1252")  # Excel's "CSV (Comma delimited)" on Windows
        except UnicodeDecodeError:
            pass
    raise FileRefused(f"'{name}' is not a CSV text file we can read (it is binary, or in an unusual "
                      "character encoding). In Excel choose File > Save As > CSV UTF-8 (Comma delimited) and "
                      "upload the new file.")


def _sniff(text: str) -> str:
    """The delimiter under which a header row is found (or, failing that, most fields)."""
    sample = text[:SNIFF_CHARS]
    best, best_score = ",", (-1, -1, -1)
    for delimiter in DELIMITERS:
        try:
            rows = [clean(r) for r in itertools.islice(csv.reader(io.StringIO(sample), delimiter=delimiter),
                                                        HEADER_SEARCH_ROWS)]
        except csv.Error:
            continue
        index = find_header(rows)
        found = header_score(rows[index]) if index is not None else (0, 0)
        score = (*found, max(map(len, rows), default=0))
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv(data: bytes, name: str, progress: ProgressReporter) -> SourceTable:
    text = _decode(data, name)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    delimiter = None
    first_line, _, rest = text.partition("\n")
    if len(first_line.strip()) == 5 and first_line.lower().startswith("sep="):
        # Excel's own hint line; Excel does not show it as a row, so it is not counted either.
        delimiter, text = first_line[4], rest
    delimiter = delimiter or _sniff(text)
    records = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        head = [clean(r) for r in itertools.islice(records, HEADER_SEARCH_ROWS)]
        index = find_header(head)
        if index is None:
            raise no_header(name, f"the first {HEADER_SEARCH_ROWS} records")
        builder = TableBuilder(name, "csv", head[index], {}, str(index + 1), progress, text.count("\n"))
        rest = (clean(r) for r in records)
        for number, cells in enumerate(itertools.chain(head[index + 1:], rest), index + 2):
            if cells:
                builder.add(str(number), f"Record {number}", cells)
    except csv.Error as exc:
        raise FileRefused(f"'{name}' could not be read as CSV at record {records.line_num} ({exc}). Check "
                          "that quotes are paired in that record, or save the file again from Excel as CSV "
                          "UTF-8, and upload it again.") from None
    return builder.table()
