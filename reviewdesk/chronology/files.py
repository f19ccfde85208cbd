"""Read an agency's chronology file (.xlsx, .csv or .docx) into a table and recognise its columns.

``read_table(data, filename)`` checks the file is safe to open, finds the header row (the first
15 rows may hold titles) and returns every data row with the reference its author sees: the Excel
row number, the CSV record number (the first record is 1, so a header on the first line is record
1; records, not lines, because a quoted cell can span lines) or, for Word, "table.row" counting
rows within that table from 1. Anything wrong with the file raises ``FileRefused``, whose message
says what is wrong and how to fix it; nothing else is raised for a bad file.

Merged cells. A cell merged down several rows counts for each of those rows, because that is what
a reader of the file sees beside each row (a date merged over three events dates all three): the
rows below take the merged cell's value. A row whose only content is such a merged cell has no
content of its own and is dropped as empty. A cell merged across columns belongs to its first
column; the columns it covers are empty in data rows, and in the header row are labelled
"Heading (2)", "Heading (3)" so each column still has a distinct name.

Readers are kept close to the plain libraries' speed: openpyxl in read-only mode for the workbook
(sheets, shared strings, styles) with the sheet's rows read by lxml's iterparse, value for value as
openpyxl's values-only mode gives them (``_sheet_values``; the merge list, which read-only mode does
not expose, is found in the sheet's XML tail), csv.reader over the decoded text, and Word tables
read straight from the XML with lxml.

``guess_mapping``, ``describe_mapping``, ``parse_columns_option`` and ``apply_mapping`` turn the
file's headings into our columns (``columns.COLUMNS``); ``template_xlsx`` and ``template_docx``
make the blank templates agencies fill in. No Django here: the command, the views and the
benchmark all call these.
"""

import csv
import dataclasses
import datetime as dt
import functools
import io
import itertools
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import PurePath

import openpyxl
from lxml import etree

from reviewdesk.chronology.columns import BY_KEY, COLUMN_KEYS, COLUMNS, MappedRow
from reviewdesk.lib import ooxml
from reviewdesk.lib.ooxml import ENCRYPTED_STREAM, MAX_ENTRIES, MAX_UNPACKED_BYTES, OLE_SIGNATURE

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000  # data rows; one agency's chronology is a few hundred
# Physical rows read from a sheet, empty or not: a sheet formatted down to row 1,048,576 would
# otherwise take minutes to walk.
MAX_SHEET_ROWS = 100_000
# Zip limits, macro and ActiveX checks: reviewdesk.lib.ooxml, shared with the drafts' reader.
HEADER_SEARCH_ROWS = 15
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


# -- recognising headings ----------------------------------------------------------------------

# Other words agencies use for our columns, best first: when two of a file's columns could be ours
# (a 'Contact' type and 'Details'), the earlier word here wins.
SYNONYMS: dict[str, list[str]] = {
    "date": [
        "date", "date of contact", "date of event", "date and time", "date/time", "date time",
        "contact date", "event date", "date of entry", "entry date", "date of incident", "incident date",
        "date seen", "date recorded", "date of involvement", "when",
    ],
    "time": ["time", "time of contact", "time of event", "contact time", "event time", "approx time"],
    "sequence": [
        "sequence", "seq", "seq no", "sequence no", "sequence number", "seq number", "order",
        "order in day", "no.", "no", "number", "#", "entry no", "entry number", "item", "item no",
        "event no",
    ],
    "source": [
        "source of information", "source", "information source", "source of info", "info source",
        "source of the information", "source record", "source document", "record source", "data source",
        "where recorded", "recorded in", "recorded on", "record type", "system", "records",
    ],
    "role": [
        "practitioner role", "role", "role of practitioner", "professional role", "practitioner",
        "professional", "practitioner involved", "professional involved", "worker role", "job title",
        "designation", "staff role", "worker", "staff", "staff member", "by whom", "who",
    ],
    "event": [
        "event / contact", "event", "details", "event details", "details of contact", "details of event",
        "contact/event", "event description", "description of event", "description", "summary",
        "summary of contact", "summary of event", "what happened", "key event", "key events",
        "nature of contact", "narrative", "incident", "incident details", "contact", "episode", "entry",
    ],
    "action": [
        "action / outcome", "action and outcome", "outcome", "action taken", "action", "actions",
        "actions taken", "outcome/action", "outcome and action", "outcome of contact", "outcomes",
        "actions agreed", "result", "decision", "next steps", "response",
    ],
    "analysis": [
        "analysis / comment", "analysis", "analysis and comment", "comment", "comments",
        "agency analysis", "agency comment", "agency comments", "commentary", "reflection",
        "reflections", "practice comment", "comment on practice", "analysis of practice",
        "significance", "learning", "observations", "remarks", "author comment", "authors comment",
    ],
}
# Single words that mark a heading as ours when the whole heading is not a synonym
# ("Date seen by GP", "Name of worker"). Only short headings are read this way.
KEYWORDS: dict[str, str] = {
    word: key
    for key, words in {
        "date": ("date", "dated", "dates", "when"),
        "time": ("time",),
        "sequence": ("seq", "sequence"),
        "source": ("source", "sources"),
        "role": ("role", "worker", "practitioner", "professional", "staff", "designation"),
        "event": ("event", "events", "contact", "contacts", "details", "summary", "description",
                  "narrative", "incident"),
        "action": ("action", "actions", "outcome", "outcomes", "result", "decision"),
        "analysis": ("analysis", "comment", "comments", "commentary", "reflection", "reflections",
                     "significance"),
    }.items()
    for word in words
}
MAX_KEYWORD_WORDS = 6

_NOT_WORD = re.compile(r"[^a-z0-9]+")
_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def _norm(text: str) -> str:
    """Lower case, words only: 'Event / Contact:' and 'event contact' compare equal."""
    text = text.lower().replace("&", " and ").replace("#", " no ").replace("'", "").replace("\u2019", "")
    return _NOT_WORD.sub(" ", text).strip()


_STRONG: dict[str, tuple[str, int]] = {}
for _key, _words in SYNONYMS.items():
    for _rank, _word in enumerate(_words):
        _STRONG.setdefault(_norm(_word), (_key, _rank))


@functools.lru_cache(maxsize=4096)
def _match(text: str) -> tuple[str, int, bool] | None:
    """(our column key, rank, whether the whole heading is a known synonym), or None."""
    for candidate in (text, _BRACKETED.sub(" ", text)):  # 'Date (dd/mm/yyyy)' is 'Date'
        found = _STRONG.get(_norm(candidate))
        if found:
            return found[0], found[1], True
    words = _norm(_BRACKETED.sub(" ", text)).split()
    if not words or len(words) > MAX_KEYWORD_WORDS:
        return None
    # The head of the heading decides: 'Outcome of contact' is an outcome, 'Contact outcome' too.
    head = words[: words.index("of")] if "of" in words[1:] else words
    for part in (head, words):
        keys = [KEYWORDS[w] for w in part if w in KEYWORDS]
        if keys:
            # A heading naming the date is the date column even if it names the time or contact too.
            return ("date" if "date" in keys else keys[-1]), 1000, False
    return None


def _header_score(cells: list) -> tuple[int, int]:
    """(how many of our columns the row names, how many of them by a whole known heading)."""
    keys: set[str] = set()
    strong: set[str] = set()
    for cell in cells:
        if isinstance(cell, str) and len(cell) <= 80:
            found = _match(cell)
            if found:
                keys.add(found[0])
                if found[2]:
                    strong.add(found[0])
    return len(keys), len(strong)


def _find_header(rows: list[list]) -> int | None:
    """Index of the header among the first rows: the row naming most of our columns (at least two,
    one by a whole heading). On a tie with the row just above, the lower row wins: under a grouping row
    ('Contact' merged over 'Type' and 'Details') it names the columns more exactly. A tie further down
    is a header repeated after data, which must not push the data above it out."""
    best, best_score = None, (2, 1)
    for index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        score = _header_score(cells)
        if score[0] >= 2 and score[1] >= 1 and (
            score > best_score or (score == best_score and (best is None or index == best + 1))
        ):
            best, best_score = index, score
    return best


def _examples() -> str:
    shown = {"date": 1, "event": 2, "source": 2, "role": 1, "action": 2, "analysis": 3}
    parts = []
    for key, count in shown.items():
        others = " or ".join(f"'{w[0].upper()}{w[1:]}'" for w in SYNONYMS[key][1: 1 + count])
        parts.append(f"{BY_KEY[key].heading} (or {others})")
    return ", ".join(parts)


def guess_mapping(headers: list[str]) -> dict[str, int | None]:
    """Each of our column keys -> the index of the file's column that holds it, or None.

    Whole known headings win over headings that merely contain a known word, and earlier synonyms
    over later ones; each of the file's columns is given to one of ours at most."""
    candidates = []
    for index, heading in enumerate(headers):
        found = _match(heading) if heading else None
        if found:
            key, rank, strong = found
            candidates.append((not strong, rank, index, key))
    mapping: dict[str, int | None] = dict.fromkeys(COLUMN_KEYS)
    taken: set[int] = set()
    for _, _, index, key in sorted(candidates):
        if mapping[key] is None and index not in taken:
            mapping[key] = index
            taken.add(index)
    return mapping


def _column_name(headers: list[str], index: int) -> str:
    return headers[index] if index < len(headers) and headers[index] else f"Column {index + 1} (no heading)"


def describe_mapping(headers: list[str], mapping: dict[str, int | None]) -> list[tuple[str, str | None]]:
    """How each of our columns was understood: (our heading, the file's heading or None)."""
    return [
        (c.heading, None if mapping.get(c.key) is None else _column_name(headers, mapping[c.key]))
        for c in COLUMNS
    ]


def parse_columns_option(text: str, headers: list[str]) -> dict[str, int]:
    """Read "date=Date of contact,event=Details" into {key: column index}.

    The left of each '=' is one of our keys or headings, the right one of the file's headings, both
    compared without case or spacing. A heading may itself hold a comma ("action=Action, outcome"):
    a comma only starts a new pair when what follows it is one of ours and an '='.
    Raises ValueError naming what was not understood and listing what would be."""
    ours = {_norm(c.key): c.key for c in COLUMNS} | {_norm(c.heading): c.key for c in COLUMNS}
    valid = ", ".join(COLUMN_KEYS) + " (or our headings: " + ", ".join(c.heading for c in COLUMNS) + ")"
    pairs: list[list[str]] = []
    for piece in text.split(","):
        left, equals, right = piece.partition("=")
        if equals and _norm(left) in ours:
            pairs.append([left.strip(), right])
        elif pairs:
            pairs[-1][1] += "," + piece
        elif piece.strip():
            if equals:
                raise ValueError(f"'{left.strip()}' is not one of our columns. Use one of: {valid}.")
            raise ValueError(f"'{piece.strip()}' has no '='. Write each column as ours=theirs, for "
                             "example: date=Date of contact,event=Details.")
    theirs = ", ".join(f"'{h}'" for h in headers if h) or "(none)"
    result: dict[str, int] = {}
    for left, right in pairs:
        key = ours[_norm(left)]
        if key in result:
            raise ValueError(f"'{left}' is given twice. Give each of our columns once.")
        if not right.strip():
            raise ValueError(f"Say which of the file's headings holds '{left}' after the '=' "
                             f"(the file's headings are: {theirs}).")
        found = [i for i, h in enumerate(headers) if h and _norm(h) == _norm(right)]
        if not found:
            raise ValueError(f"'{right.strip()}' is not a heading in the file. Its headings are: {theirs}.")
        if len(found) > 1:
            columns = " and ".join(str(i + 1) for i in found)
            raise ValueError(f"'{right.strip()}' is the heading of columns {columns}. Give one of them a "
                             "different heading in the file and upload it again.")
        result[key] = found[0]
    return result


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


# -- reading a file ----------------------------------------------------------------------------


def read_table(data: bytes, filename: str, *, progress: Progress | None = None) -> SourceTable:
    """The file's header and data rows; raises FileRefused (and does nothing else) for a file we
    cannot or will not read. ``progress(done_rows, total_rows)`` is called now and then."""
    name = PurePath(filename).name or "the file"
    kind = _kind(name)
    if len(data) > MAX_BYTES:
        raise FileRefused(
            f"'{name}' is {len(data) / (1024 * 1024):.1f} MB, over the limit of "
            f"{MAX_BYTES // (1024 * 1024)} MB. "
            "A chronology is text and is rarely over 1 MB: remove pictures and any other sheets, or save "
            "it as .csv, and upload it again."
        )
    if not data:
        raise FileRefused(f"'{name}' is empty (0 bytes). Check you chose the right file and upload it again.")
    reader = {"xlsx": _read_xlsx, "csv": _read_csv, "docx": _read_docx}[kind]
    return reader(data, name, _Progress(progress))


OLD_FORMATS = {
    ".xls": "an Excel 97-2003 workbook (.xls). Open it in Excel, choose File > Save As > Excel Workbook "
            "(.xlsx)",
    ".doc": "a Word 97-2003 document (.doc). Open it in Word, choose File > Save As > Word Document (.docx)",
    ".xlsb": "an Excel binary workbook (.xlsb). Open it in Excel, choose File > Save As > Excel Workbook "
             "(.xlsx)",
    ".ods": "an OpenDocument spreadsheet (.ods). Save it as an Excel Workbook (.xlsx)",
    ".odt": "an OpenDocument text file (.odt). Save it as a Word Document (.docx)",
    ".rtf": "a Rich Text file (.rtf). Open it in Word and save it as a Word Document (.docx)",
    ".xltx": "an Excel template (.xltx). Open it in Excel and save it as an Excel Workbook (.xlsx)",
    ".dotx": "a Word template (.dotx). Open it in Word and save it as a Word Document (.docx)",
}
MACRO_FORMATS = {".xlsm": "xlsx", ".xltm": "xlsx", ".xlam": "xlsx", ".docm": "docx", ".dotm": "docx"}


def _kind(name: str) -> str:
    suffix = PurePath(name).suffix.lower()
    if suffix in (".xlsx", ".csv", ".docx"):
        return suffix[1:]
    if suffix in MACRO_FORMATS:
        raise _macros(name, MACRO_FORMATS[suffix])
    if suffix in OLD_FORMATS:
        raise FileRefused(f"'{name}' is {OLD_FORMATS[suffix]}, then upload the new file. "
                          f"We read {ACCEPTED} files.")
    what = f"a {suffix} file" if suffix else "a file with no type at the end of its name"
    raise FileRefused(f"'{name}' is {what}. We read only {ACCEPTED} files: save your chronology as one "
                      "of those, or copy it into our template, and upload it again.")


def _app(kind: str) -> tuple[str, str]:
    """The program and what to save as in it, for messages: ("Excel", "an Excel Workbook (.xlsx)")."""
    return ("Excel", "an Excel Workbook (.xlsx)") if kind == "xlsx" else ("Word", "a Word Document (.docx)")


def _macros(name: str, kind: str) -> FileRefused:
    app, save_as = _app(kind)
    return FileRefused(
        f"'{name}' is a macro-enabled {app} file. We do not take files that can run macros, to keep "
        f"everyone's computers safe. Open it in {app}, save it as a macro-free {save_as.split(' ', 1)[1]} "
        "and upload that."
    )


class _Progress:
    """Calls the caller's progress function, if any, never with done > total."""

    def __init__(self, callback: Progress | None):
        self.callback = callback

    def __call__(self, done: int, total: int) -> None:
        if self.callback is not None:
            self.callback(done, max(done, total))


# -- .xlsx and .docx packages ------------------------------------------------------------------

_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
PKG_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
OFFICE_DOCUMENT = "/officeDocument"
STRICT = "http://purl.oclc.org/ooxml/"


def _open_package(data: bytes, name: str, kind: str) -> zipfile.ZipFile:
    """The file's zip package, after every check that can be made without unpacking it."""
    app, save_as = _app(kind)
    if data.startswith(OLE_SIGNATURE):
        if ENCRYPTED_STREAM in data:
            raise FileRefused(
                f"'{name}' is password-protected, so we cannot read it. Open it in {app}, remove the "
                f"password (File > Info > Protect > Encrypt with Password, clear the box), save it and "
                "upload it again."
            )
        old = "an Excel 97-2003 (.xls)" if kind == "xlsx" else "a Word 97-2003 (.doc)"
        raise FileRefused(f"'{name}' is {old} file renamed to .{kind}. Open it in {app}, save it as "
                          f"{save_as} and upload the new file.")
    if not data.startswith(b"PK"):
        head = data[:512].lstrip().lower()
        if head.startswith((b"<html", b"<!doctype", b"<?xml", b"<table")):
            what = f"a web page (HTML or XML) with a .{kind} name, as some case-management systems export"
        elif kind == "xlsx" and b"\x00" not in head:
            what = "a text file (perhaps a CSV) with a .xlsx name"
        else:
            what = "damaged, or another kind of file renamed"
        raise FileRefused(f"'{name}' is not a real .{kind} file: it is {what}. Open it in {app}, save it as "
                          f"{save_as} and upload the new file.")
    try:
        archive = ooxml.open_package(data)
    except ooxml.PackageRefused as exc:
        match exc.problem:
            case ooxml.Problem.TOO_BIG:
                raise FileRefused(
                    f"'{name}' would unpack to far more than any chronology needs (over "
                    f"{MAX_UNPACKED_BYTES // (1024 * 1024)} MB, over {MAX_ENTRIES:,} parts, or packed "
                    "unusually tightly), so we did not open it. Copy your entries into a new file or our "
                    "template, save it and upload that.") from None
            case ooxml.Problem.PASSWORD:
                raise FileRefused(f"'{name}' is password-protected, so we cannot read it. Remove the "
                                  f"password in {app}, save it and upload it again.") from None
            case ooxml.Problem.MACROS:
                raise _macros(name, kind) from None
            case ooxml.Problem.ACTIVEX:
                raise FileRefused(
                    f"'{name}' holds ActiveX controls, small programs {app} runs when the file is opened. "
                    "We do not take files that can run programs, to keep everyone's computers safe. Copy "
                    "your entries into a new file or our template, save it and upload that.") from None
        raise _damaged(name, kind, exc.detail) from None
    names = {i.filename.lower(): i for i in archive.infolist()}
    own, other = ("xl/", "word/") if kind == "xlsx" else ("word/", "xl/")
    if not any(n.startswith(own) for n in names):
        if any(n.startswith(other) for n in names):
            wrong = "a Word document" if kind == "xlsx" else "an Excel workbook"
            right = "docx" if kind == "xlsx" else "xlsx"
            raise FileRefused(f"'{name}' is {wrong} with a .{kind} name. Rename it to end in .{right} "
                              "and upload it again.")
        what = "an Excel workbook" if kind == "xlsx" else "a Word document"
        raise FileRefused(f"'{name}' is a zip file but not {what}. Open it in {app}, save it as {save_as} "
                          "and upload the new file.")
    return archive


def _damaged(name: str, kind: str, why: str = "") -> FileRefused:
    app, save_as = _app(kind)
    because = f" ({why})" if why else ""
    return FileRefused(f"'{name}' is damaged and cannot be read{because}. Open it in {app} (which may offer "
                       f"to repair it), save it again as {save_as} and upload the new file.")


def _read_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, kind: str) -> bytes:
    try:
        return archive.read(info)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError, ValueError):
        raise _damaged(name, kind, f"its part {info.filename} is broken") from None


def _xml_part(archive: zipfile.ZipFile, part: str, name: str, kind: str) -> etree._Element | None:
    info = {i.filename.lower(): i for i in archive.infolist()}.get(part.lower())
    if info is None:
        return None
    try:
        return etree.fromstring(_read_part(archive, info, name, kind), _SAFE_XML)
    except etree.XMLSyntaxError as exc:
        raise _damaged(name, kind, f"its part {part} is not well-formed XML: {exc}") from None


def _rels(archive: zipfile.ZipFile, part: str, name: str, kind: str) -> dict[str, tuple[str, str]]:
    """A part's relationships: id -> (type, target part)."""
    folder, base = posixpath.split(part)
    root = _xml_part(archive, posixpath.join(folder, "_rels", f"{base}.rels"), name, kind)
    found = {}
    for rel in root.iter(PKG_RELS) if root is not None else ():
        target = rel.get("Target", "")
        target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        found[rel.get("Id", "")] = (rel.get("Type", ""), target)
    return found


def _main_part(archive: zipfile.ZipFile, name: str, kind: str, default: str) -> str:
    for rel_type, target in _rels(archive, "", name, kind).values():
        if rel_type.endswith(OFFICE_DOCUMENT):
            return target
    return default


# -- .xlsx -------------------------------------------------------------------------------------

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
    workbook = _main_part(archive, name, "xlsx", "xl/workbook.xml")
    root = _xml_part(archive, workbook, name, "xlsx")
    if root is None:
        return {}
    rels = _rels(archive, workbook, name, "xlsx")
    return {s.get("name", ""): rels.get(s.get(R_ID, ""), ("", ""))[1] for s in root.iter(f"{X}sheet")}


def _merges(archive: zipfile.ZipFile, part: str, name: str) -> list[tuple[int, int, int, int]]:
    """The sheet's merged ranges as (first row, first column, last row, last column), from 1."""
    info = {i.filename.lower(): i for i in archive.infolist()}.get(part.lower()) if part else None
    if info is None:
        return []
    xml = _read_part(archive, info, name, "xlsx")
    # <mergeCells> follows <sheetData>, so only the tail needs searching.
    tail = xml.rfind(b"sheetData")
    ranges = []
    for m in _MERGE_REF.finditer(xml, max(tail, 0)):
        first_col, first_row = _column_number(m[1]), int(m[2])
        last_col, last_row = (_column_number(m[3]), int(m[4])) if m[3] else (first_col, first_row)
        ranges.append((min(first_row, last_row), min(first_col, last_col),
                       max(first_row, last_row), max(first_col, last_col)))
    return ranges


def _clean(row: Iterable) -> list:
    """Cells as read, strings stripped and empty strings None, trailing empty cells dropped."""
    cells = [(v.strip() or None) if isinstance(v, str) else v for v in row]
    while cells and cells[-1] is None:
        cells.pop()
    return cells


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


def _read_xlsx(data: bytes, name: str, progress: _Progress) -> SourceTable:
    archive = _open_package(data, name, "xlsx")
    parts = _sheet_parts(archive, name)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except FileRefused:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a broken package; any of them means damaged
        raise _damaged(name, "xlsx", str(exc) or type(exc).__name__) from None
    try:
        return _read_workbook(workbook, archive, parts, name, progress)
    except FileRefused:
        raise
    except Exception as exc:  # a broken sheet part shows itself only while its rows are read
        raise _damaged(name, "xlsx", str(exc) or type(exc).__name__) from None
    finally:
        workbook.close()


def _read_workbook(workbook: openpyxl.Workbook, archive: zipfile.ZipFile, parts: dict[str, str], name: str,
                   progress: _Progress) -> SourceTable:
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
        head = [_clean(r) for r in itertools.islice(rows, HEADER_SEARCH_ROWS)]
        if not head:
            continue
        merges = _merges(archive, parts.get(sheet.title, ""), name)
        # A heading merged down over a two-row header belongs to the lower row too.
        filled = _fill_down(head, merges)
        index = _find_header(filled)
        if index is None:
            continue
        notes = [f"Sheet '{s.title}' was not read: the chronology is on sheet '{sheet.title}'."
                 for s in sheets if s is not sheet and s.sheet_state == "visible"]
        return _xlsx_table(name, sheet.title, head, filled[index], index, rows, merges, total, progress,
                           notes)
    checked = ", ".join(f"'{s.title}'" for s in ordered)
    raise _no_header(name, f"the first {HEADER_SEARCH_ROWS} rows of each sheet ({checked})")


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


def _xlsx_table(name: str, sheet: str, head: list[list], header_cells: list, index: int, rest: Iterator,
                merges: list, total: int, progress: _Progress, notes: list[str]) -> SourceTable:
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

    builder = _Builder(name, "xlsx", header_cells, labels, str(header_row), progress, total)
    active: list[tuple[int, int, object]] = []  # (last row, column, value) of merges being filled down
    rows = itertools.chain(((n, r) for n, r in enumerate(head[header_row:], header_row + 1)),
                           ((n, _clean(r)) for n, r in enumerate(rest, len(head) + 1)))
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


def _no_header(name: str, where: str) -> FileRefused:
    return FileRefused(
        f"'{name}' has no header row we recognise. We look in {where} for a row naming at least two of "
        f"our columns, such as {_examples()}. Put a header row like that above your entries, or copy "
        "them into our template, and upload it again."
    )


class _Builder:
    """Collects a table's data rows: drops repeated header rows, counts, reports progress."""

    def __init__(self, name: str, kind: str, header_cells: list, labels: dict[int, str], header_ref: str,
                 progress: _Progress, total: int):
        self.name, self.kind, self.header_ref = name, kind, header_ref
        self.header_cells = header_cells
        self.labels = labels
        self.header_norm = [_norm(c) if isinstance(c, str) else c for c in header_cells]
        self.first = next((i for i, c in enumerate(header_cells) if isinstance(c, str)), 0)
        self.rows: list[SourceRow] = []
        self.width = len(header_cells)
        self.progress, self.total = progress, total
        progress(0, total)

    def is_header(self, cells: list) -> bool:
        first = self.first
        if len(cells) != len(self.header_cells) or not isinstance(cells[first], str):
            return False
        if _norm(cells[first]) != self.header_norm[first]:
            return False
        return [_norm(c) if isinstance(c, str) else c for c in cells] == self.header_norm

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


# -- .csv --------------------------------------------------------------------------------------

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
            rows = [_clean(r) for r in itertools.islice(csv.reader(io.StringIO(sample), delimiter=delimiter),
                                                        HEADER_SEARCH_ROWS)]
        except csv.Error:
            continue
        index = _find_header(rows)
        found = _header_score(rows[index]) if index is not None else (0, 0)
        score = (*found, max(map(len, rows), default=0))
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(data: bytes, name: str, progress: _Progress) -> SourceTable:
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
        head = [_clean(r) for r in itertools.islice(records, HEADER_SEARCH_ROWS)]
        index = _find_header(head)
        if index is None:
            raise _no_header(name, f"the first {HEADER_SEARCH_ROWS} records")
        builder = _Builder(name, "csv", head[index], {}, str(index + 1), progress, text.count("\n"))
        rest = (_clean(r) for r in records)
        for number, cells in enumerate(itertools.chain(head[index + 1:], rest), index + 2):
            if cells:
                builder.add(str(number), f"Record {number}", cells)
    except csv.Error as exc:
        raise FileRefused(f"'{name}' could not be read as CSV at record {records.line_num} ({exc}). Check "
                          "that quotes are paired in that record, or save the file again from Excel as CSV "
                          "UTF-8, and upload it again.") from None
    return builder.table()


# -- .docx -------------------------------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W_BODY, W_TBL, W_TR, W_TC, W_P, W_T = f"{W}body", f"{W}tbl", f"{W}tr", f"{W}tc", f"{W}p", f"{W}t"
W_TAB, W_BR, W_CR, W_NBH = f"{W}tab", f"{W}br", f"{W}cr", f"{W}noBreakHyphen"
W_TCPR, W_TRPR, W_VMERGE, W_GRIDSPAN, W_GRIDBEFORE, W_VAL = (
    f"{W}tcPr", f"{W}trPr", f"{W}vMerge", f"{W}gridSpan", f"{W}gridBefore", f"{W}val")
W_SDT, W_SDT_CONTENT, W_CUSTOM_XML = f"{W}sdt", f"{W}sdtContent", f"{W}customXml"
# Text a reader of the page does not see: deleted tracked changes and the fallback copies of drawings.
HIDDEN = (f"{W}del", f"{W}moveFrom", "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback")
TEXT_TAGS = (W_P, W_T, W_TAB, W_BR, W_CR, W_NBH)
CHARACTERS = {W_TAB: "\t", W_BR: "\n", W_CR: "\n", W_NBH: "-"}


def _children(parent: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Children with this tag, looking through content controls and custom XML wrappers."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag == W_SDT:
            content = child.find(W_SDT_CONTENT)
            if content is not None:
                yield from _children(content, tag)
        elif child.tag == W_CUSTOM_XML:
            yield from _children(child, tag)


def _cell_text(tc: etree._Element) -> str | None:
    parts: list[str] = []
    paragraphs = 0
    for el in tc.iter(TEXT_TAGS):
        tag = el.tag
        if tag == W_T:
            if el.text:
                parts.append(el.text)
        elif tag == W_P:
            if paragraphs:
                parts.append("\n")  # each paragraph of a cell on its own line
            paragraphs += 1
        else:
            parts.append(CHARACTERS[tag])
    return "".join(parts).strip() or None


def _int(el: etree._Element | None, default: int) -> int:
    try:
        return max(int(el.get(W_VAL)), 1) if el is not None else default
    except (TypeError, ValueError):
        return default


@dataclasses.dataclass
class _WordRow:
    number: int  # within its table, from 1
    cells: list
    spans: list[tuple[int, int]]  # (grid column, span) of cells merged across columns
    own: bool  # whether the row has content of its own, not only cells merged down from above
    width: int  # grid columns the row covers, empty ones included


def _word_rows(table: etree._Element) -> Iterator[_WordRow]:
    above: dict[int, str | None] = {}  # grid column -> the text of the cell merged down from above
    for number, tr in enumerate(_children(table, W_TR), 1):
        tr_pr = tr.find(W_TRPR)
        col = _int(tr_pr.find(W_GRIDBEFORE), 0) if tr_pr is not None else 0
        cells: list = [None] * col
        spans = []
        own = False
        for tc in _children(tr, W_TC):
            tc_pr = tc.find(W_TCPR)
            span, merge = 1, None
            if tc_pr is not None:
                span = _int(tc_pr.find(W_GRIDSPAN), 1)
                merge = tc_pr.find(W_VMERGE)
            if merge is not None and merge.get(W_VAL, "continue") != "restart":
                text = above.get(col)
            else:
                text = _cell_text(tc)
                own = own or text is not None
                above[col] = text
            cells.append(text)
            if span > 1:
                cells.extend([None] * (span - 1))
                spans.append((col, span))
            col += span
        width = len(cells)
        while cells and cells[-1] is None:
            cells.pop()
        yield _WordRow(number, cells, spans, own, width)


def _span_labels(row: _WordRow) -> dict[int, str]:
    labels = {}
    for col, span in row.spans:
        if col < len(row.cells) and row.cells[col] is not None:
            for extra in range(1, span):
                labels[col + extra] = f"{row.cells[col]} ({extra + 1})"
    return labels


def _read_docx(data: bytes, name: str, progress: _Progress) -> SourceTable:
    archive = _open_package(data, name, "docx")
    main = _main_part(archive, name, "docx", "word/document.xml")
    root = _xml_part(archive, main, name, "docx")
    if root is None:
        raise _damaged(name, "docx", "it has no document part")
    if isinstance(root.tag, str) and root.tag.startswith("{" + STRICT):
        raise FileRefused(f"'{name}' is saved as a Strict Open XML Document, which we cannot read. In Word "
                          "choose File > Save As, pick 'Word Document (.docx)' and upload the new file.")
    body = root.find(W_BODY)
    if body is None:
        raise _damaged(name, "docx", "it has no body")
    for el in list(body.iter(HIDDEN)):
        el.getparent().remove(el)
    tables = list(_children(body, W_TBL))
    if not tables:
        raise FileRefused(f"'{name}' has no table. Put your chronology in a Word table with a header row "
                          f"({', '.join(c.heading for c in COLUMNS[:4])}, …), or copy it into our template, "
                          "and upload it again.")
    total = sum(1 for _ in body.iter(W_TR))
    notes: list[str] = []
    builder = mapping = None
    width = 0
    for number, table in enumerate(tables, 1):
        rows = _word_rows(table)
        head = list(itertools.islice(rows, HEADER_SEARCH_ROWS))
        if builder is None:
            index = _find_header([r.cells for r in head])
            if index is None:
                if any(r.own for r in head):
                    notes.append(f"Table {number} was not read: it has no header row we recognise.")
                continue
            header = head[index]
            labels = _span_labels(header)
            width = max(r.width for r in head)
            ref = f"{number}.{header.number}"
            builder = _Builder(name, "docx", header.cells, labels, ref, progress, total)
            mapping = guess_mapping(builder.headers())
            head = head[index + 1:]
        else:
            if not any(r.own for r in head):
                continue
            row_width = max(r.width for r in head)
            if row_width != width:
                notes.append(f"Table {number} was not read: it has {row_width} columns where the chronology "
                             f"table has {width}.")
                continue
            # A table continued after a page or section break, with its header repeated or not.
            while head and _find_header([head[0].cells]) == 0:
                if guess_mapping(_headers_of(head[0])) != mapping:
                    notes.append(f"Table {number} was not read: its headings differ from the chronology "
                                 "table's.")
                    head = None
                    break
                head = head[1:]
            if head is None:
                continue
        for row in itertools.chain(head, rows):
            if row.own:
                builder.add(f"{number}.{row.number}", f"Table {number}, row {row.number}", row.cells)
    if builder is None:
        raise _no_header(name, f"the first {HEADER_SEARCH_ROWS} rows of each table")
    table = builder.table()
    table.notes = notes
    return table


def _headers_of(row: _WordRow) -> list[str]:
    labels = _span_labels(row)
    return [labels.get(i) or ("" if c is None else str(c)) for i, c in enumerate(row.cells)]


# -- templates ---------------------------------------------------------------------------------

WIDTHS = {"date": 14, "time": 9, "sequence": 10, "source": 24, "role": 24, "event": 60, "action": 40,
          "analysis": 40}


def _long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _template_lines(reference: str, agency: str, period: tuple[dt.date, dt.date] | None,
                    due: dt.date | None) -> list[tuple[str, str]]:
    return [
        ("Review", reference),
        ("Agency", agency),
        ("Period under review", f"{_long_date(period[0])} to {_long_date(period[1])}" if period
         else "As set in the terms of reference"),
        ("Please return by", _long_date(due) if due else "As agreed with the business manager"),
    ]


INSTRUCTIONS = [
    "One row for each event or contact, oldest first. Include only what happened in the period under review.",
    "Write dates day first (22/05/2024). If you are not sure of a date put ? in front (?22/05/2024); if you "
    "know only the month or year, write that (May 2024, 2024).",
    "For several events on one day, number them 1, 2, 3 in the Sequence column.",
    "Give each practitioner's role, never their name. Refer to the child and family as in the terms of "
    "reference.",
    "Every row needs a date, a source of information and the event. Do not change the headings.",
]


def template_xlsx(*, reference: str, agency: str, period: tuple[dt.date, dt.date] | None,
                  due: dt.date | None) -> bytes:
    """A workbook to fill in: the review's details and instructions above our header row.

    Holds the review reference and agency name only, never a person's name."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Chronology"
    workbook.properties.creator = workbook.properties.lastModifiedBy = "Review Desk"
    workbook.properties.title = f"Chronology for review {reference}"
    last = get_column_letter(len(COLUMNS))
    sheet["A1"] = f"Chronology for review {reference}"
    sheet["A1"].font = Font(bold=True, size=14)
    row = 2
    for label, value in _template_lines(reference, agency, period, due)[1:]:
        sheet.cell(row, 1, label).font = Font(bold=True)
        sheet.cell(row, 2, value)
        sheet.merge_cells(f"B{row}:{last}{row}")
        row += 1
    sheet.cell(row, 1, "How to fill this in").font = Font(bold=True)
    sheet.cell(row, 2, "\n".join(INSTRUCTIONS)).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells(f"B{row}:{last}{row}")
    sheet.row_dimensions[row].height = 95
    header = row + 2
    fill = PatternFill("solid", fgColor="DDE4EE")
    for col, column in enumerate(COLUMNS, 1):
        cell = sheet.cell(header, col, column.heading)
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        note = Comment(("Must be filled in. " if column.required else "") + column.help, "Review Desk")
        note.width, note.height = 300, 120
        cell.comment = note
        letter = get_column_letter(col)
        sheet.column_dimensions[letter].width = WIDTHS.get(column.key, 20)
    # Typed dates and times stay as typed ('?22/05/2024', '22.05.24'): Excel would otherwise turn some
    # into numbers and refuse others. Our date reader reads the text, day first.
    for col, column in enumerate(COLUMNS, 1):
        # Column styles, not styled cells: Excel gives them to every cell typed into the column.
        dimension = sheet.column_dimensions[get_column_letter(col)]
        dimension.alignment = Alignment(wrap_text=True, vertical="top")
        if column.key in ("date", "time"):
            dimension.number_format = "@"
    sheet.freeze_panes = f"A{header + 1}"
    sheet.print_title_rows = f"{header}:{header}"
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0

    help_sheet = workbook.create_sheet("Help")
    help_sheet.append(["Column", "Must be filled in", "What to write"])
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        help_sheet.append([column.heading, "Yes" if column.required else "No", column.help])
    help_sheet.column_dimensions["A"].width = 24
    help_sheet.column_dimensions["B"].width = 18
    help_sheet.column_dimensions["C"].width = 100
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def template_docx(*, reference: str, agency: str, period: tuple[dt.date, dt.date] | None,
                  due: dt.date | None) -> bytes:
    """A Word document to fill in: the review's details, instructions and a table with our header row.

    Holds the review reference and agency name only, never a person's name."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document = docx.Document()
    props = document.core_properties
    props.author = props.last_modified_by = "Review Desk"
    props.title = f"Chronology for review {reference}"
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    document.add_heading(f"Chronology for review {reference}", level=1)
    for label, value in _template_lines(reference, agency, period, due)[1:]:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    document.add_heading("How to fill this in", level=2)
    for line in INSTRUCTIONS:
        document.add_paragraph(line, style="List Bullet")
    document.add_heading("What to write in each column", level=2)
    for column in COLUMNS:
        paragraph = document.add_paragraph(style="List Bullet")
        required = " (must be filled in)" if column.required else ""
        paragraph.add_run(f"{column.heading}{required}: ").bold = True
        paragraph.add_run(column.help)
    document.add_paragraph("Add rows to the table as you need them (Tab in the last cell adds a row).")

    table = document.add_table(rows=1 + 8, cols=len(COLUMNS))
    table.style = "Table Grid"
    header = table.rows[0]
    tr_pr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # the header row repeats at the top of every page
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    total = sum(WIDTHS.values())
    for cell, column in zip(header.cells, COLUMNS, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(column.heading)
        run.bold = True
        run.font.size = Pt(10)
    for index, column in enumerate(COLUMNS):
        width = Cm(26.7 * WIDTHS.get(column.key, 20) / total)
        for row in table.rows:
            row.cells[index].width = width
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
