"""The merged chronology as CSV, XLSX, DOCX and PDF, anonymised or personalised.

    rows = export_chronology(review, fmt="xlsx", anonymised=False, viewer=user, out=handle)

Who sees what: every text field (free text included, and the original file's name, which is
often the child's) goes through ``Anonymiser``. A viewer who may not personalise
(``anonymise.may_personalise``) only ever gets the anonymised export, whatever they ask for; the
audit row records what they actually got. ``viewer=None`` is the data team's command, run on the
server by people who already hold the whole database: it may choose the personalised export.

Choices, written down:

* ``duplicate_of`` is the original's **row number in this export** (1 = the first entry; in a
  spreadsheet it sits on line n + 1, under the header), not a database id: the reader of a file
  can find it. Empty when the entry is not linked, or its original is not in the export (an
  earlier, superseded version). DOCX and PDF number their rows, so the number is visible there.
* ``suggested_duplicate_of``: in the same form, the most likely original of an open suggestion
  (one not yet decided, as the possible duplicates page lists them), so a data team can review
  the suggestions offline. Empty for an entry with none. Suggestions are worked out in the
  background after each acceptance; for a large chronology accepted moments before, they may
  still be those found before it (the command says so).
* ``original_table`` / ``original_row``: a Word file's "2.4" is table 2, row 4; a spreadsheet's
  row or a CSV file's record number goes in ``original_row`` with ``original_table`` empty;
  entries typed in Review Desk have neither.
* Spreadsheet formula injection (OWASP "CSV injection"): in CSV and XLSX a cell starting with
  ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'``, so it is shown as
  text and never run. Dates and times are written as text that never starts with those.
* Size: CSV and XLSX stream (``.values().iterator()`` in chunks; CSV written row by row, XLSX
  as sheet XML written straight into the zip), so half a million entries stay in bounded memory.
  DOCX and PDF are built whole in memory (python-docx, WeasyPrint) and a document of tens of
  thousands of pages helps nobody: they are refused above ``MAX_ENTRIES`` with ``ExportTooLarge``, whose
  message suggests XLSX or CSV.
* Entries restricted by the advice in force (a police investigation, proceedings) are left out
  for anyone the advice does not name (``access.restricted_chronology_entries``), and for the
  command unless it is run for a permitted person (``restricted_for``).
* Every export writes one audit row (``chronology.exported``) with the format, whether it was
  anonymised, the number of rows and whether the command made it: never a name or a file name.
"""

import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from datetime import date, time
from functools import lru_cache
from operator import itemgetter
from typing import IO, Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.html import escape

from reviewdesk import access
from reviewdesk.access import Tier
from reviewdesk.accounts.models import User
from reviewdesk.audit.services import record
from reviewdesk.chronology.anonymise import Anonymiser
from reviewdesk.chronology.duplicates import duplicate_of, open_suggestions
from reviewdesk.chronology.merge import merged_entries
from reviewdesk.chronology.models import Entry, Submission
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.names import Names

EXPORT_FORMATS = {
    "csv": ("CSV (comma-separated values)", "text/csv; charset=utf-8"),
    "xlsx": ("Excel workbook", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "docx": ("Word document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pdf": ("PDF document", "application/pdf"),
}
COLUMNS = ["date", "precision", "uncertain", "time", "agency", "source", "practitioner", "event",
           "action", "analysis", "warnings", "duplicate_of", "suggested_duplicate_of",
           "original_file", "original_table", "original_row"]
# Documents (built whole in memory) above this many entries are refused: use XLSX or CSV.
MAX_ENTRIES = {"docx": 10_000, "pdf": 5_000}
CHUNK = 2_000
MARKING = "OFFICIAL-SENSITIVE"
# What makes a spreadsheet read a cell as a formula (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class ExportTooLarge(ValueError):
    """A DOCX or PDF of more entries than MAX_ENTRIES was asked for."""


# --- Who sees what ----------------------------------------------------------------------------

def data_team_names(review: Review) -> Names:
    """Names for the data team's command: they run it on the server with the database in hand,
    so they may see every identity (they still choose --anonymised for anything shared)."""
    names = Names(review, AnonymousUser())
    names.tier = Tier.ALL
    return names


def anonymiser_for(review: Review, *, anonymised: bool, viewer: User | None) -> Anonymiser:
    names = data_team_names(review) if viewer is None else Names(review, viewer)
    # Anonymiser personalises only for those who may (may_personalise): everyone else is
    # anonymised whatever they asked for.
    return Anonymiser(review, names, personalised=not anonymised)


# --- Rows -------------------------------------------------------------------------------------

_VALUES = ["pk", "date", "precision", "uncertain", "time", "agency__name", "source", "role",
           "event", "action", "analysis", "warnings", "submission__original_filename",
           "submission__kind", "row_ref"]
# The same, as chronology_rows reads them: the warnings as their JSON text.
_VALUES_LIST = [v if v != "warnings" else "warnings_json" for v in _VALUES]


def format_date(day: date, precision: str) -> str:
    if precision == Entry.Precision.YEAR:
        return f"{day:%Y}"
    if precision == Entry.Precision.MONTH:
        return f"{day:%Y-%m}"
    return day.isoformat()


def format_time(value: time | None) -> str:
    if value is None:
        return ""
    return value.strftime("%H:%M:%S" if value.second else "%H:%M")


def original_place(kind: str, row_ref: str) -> tuple[str, str]:
    """(table, row) as the author finds them in their file: Word "2.4" -> ("2", "4")."""
    if kind == Submission.Kind.DOCX and "." in row_ref:
        table, row = row_ref.split(".", 1)
        return table, row
    return "", row_ref


def _warnings_text(warnings: list[dict[str, Any]] | None) -> str:
    return "; ".join(f"{w.get('code', '')}: {w.get('message', '')}".strip(": ")
                     for w in warnings or [])


def _as_written(value: str | None) -> str:
    # Nothing to hide from this viewer (the data team's personalised export): no matching.
    return value or ""


def chronology_rows(review: Review, anonymiser: Anonymiser,
                    hidden: Q | None = None) -> Iterator[dict[str, str]]:
    """Every current entry in merged order as the export's columns (text as this view shows it),
    read in chunks so memory stays flat at any size; without the entries ``hidden`` from the
    reader (restricted by advice), whose numbers are then never a ``duplicate_of`` nor a
    ``suggested_duplicate_of``."""
    # merge.ORDERING: partial dates open their month or year
    entries = merged_entries(review, hidden=hidden)
    # Linked duplicates name the original at the head of their group (duplicates.duplicate_of).
    links = duplicate_of(review)
    # Open suggestions: each entry's most likely original, as the possible duplicates page
    # lists them (stored; those between entries hidden from the reader left out).
    suggested: dict[int, int] = {}
    for s in open_suggestions(review, hidden=hidden).suggestions:
        suggested.setdefault(s.entry_id, s.original_id)
    numbers: dict[int, int] = {}
    if links or suggested:
        # The originals' row numbers: one pass over the ids alone (ints, streamed).
        wanted = set(links.values()) | set(suggested.values())
        for number, pk in enumerate(entries.values_list("pk", flat=True).iterator(chunk_size=CHUNK * 5),
                                    start=1):
            if pk in wanted:
                numbers[pk] = number
    # Agencies, sources, roles, file names and much of the free text repeat across thousands of
    # rows: each distinct text is matched once (the cache is bounded, so memory stays flat).
    text = lru_cache(maxsize=8192)(anonymiser.text) if anonymiser.hidden else _as_written
    # Plain tuples, and the warnings as their JSON text, decoded only when there are any (most
    # entries have none): decoding every row's "[]" was a sixth of the export's time.
    rows = (entries.annotate(warnings_json=Cast("warnings", TextField()))
            .values_list(*_VALUES_LIST).iterator(chunk_size=CHUNK))
    for (pk, day, precision, uncertain, at, agency, source, role, event, action, analysis,
         warnings, filename, kind, row_ref) in rows:
        table, row_number = original_place(kind, row_ref)
        original = links.get(pk)
        yield {
            "date": format_date(day, precision),
            "precision": precision,
            "uncertain": "true" if uncertain else "false",
            "time": format_time(at),
            "agency": text(agency),
            "source": text(source),
            "practitioner": text(role),
            "event": text(event),
            "action": text(action),
            "analysis": text(analysis),
            "warnings": text(_warnings_text(json.loads(warnings))) if warnings and warnings != "[]"
                        else text(""),
            "duplicate_of": str(numbers[original]) if original in numbers else "",
            "suggested_duplicate_of": str(numbers[suggested[pk]]) if suggested.get(pk) in numbers
                                      else "",
            "original_file": text(filename),
            "original_table": table,
            "original_row": row_number,
        }


def neutralise(value: str) -> str:
    """A cell a spreadsheet would run as a formula, made plain text (OWASP CSV injection)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


# --- Formats ----------------------------------------------------------------------------------

def _write_csv(rows: Iterator[dict[str, str]], out: IO[bytes], **_: Any) -> int:
    # UTF-8 with a byte order mark, so Excel on Windows opens names with accents correctly.
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
    try:
        writer = csv.writer(text)
        writer.writerow(COLUMNS)
        count = 0
        # neutralise() inlined: a function call per cell was a sixth of a 500,000-row export.
        # (FORMULA_STARTS are single characters, so the first character is all there is to test.)
        columns, starts = itemgetter(*COLUMNS), frozenset(FORMULA_STARTS)
        for row in rows:
            writer.writerow([("'" + value) if value[:1] in starts else value
                             for value in columns(row)])
            count += 1
        text.flush()
    finally:
        text.detach()  # leave the caller's file open
    return count


# The workbook's fixed parts. The sheet is written straight as XML (inline strings, no shared
# string table): openpyxl's write-only mode managed ~4,600 rows/s, too slow for 500,000 entries.
_OOXML = "application/vnd.openxmlformats-officedocument."
_OD_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_PKG = "http://schemas.openxmlformats.org/package/2006/"
_XLSX_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_OOXML}spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    f'ContentType="{_OOXML}spreadsheetml.worksheet+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{_OOXML}spreadsheetml.styles+xml"/>'
    '<Override PartName="/docProps/core.xml" '
    'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    f'<Override PartName="/docProps/app.xml" ContentType="{_OOXML}extended-properties+xml"/>'
    '</Types>')
_XLSX_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_OD_RELS}officeDocument" Target="xl/workbook.xml"/>'
    f'<Relationship Id="rId2" Type="{_PKG}relationships/metadata/core-properties" '
    'Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_OD_RELS}extended-properties" Target="docProps/app.xml"/>'
    '</Relationships>')
_XLSX_APP = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    '<Application>Review Desk</Application></Properties>')
_XLSX_CORE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    '<dc:title>{title}</dc:title><dc:creator>Review Desk</dc:creator>'
    '<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
    '<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified>'
    '</cp:coreProperties>')
_XLSX_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<bookViews><workbookView/></bookViews>'
    '<sheets><sheet name="Chronology" sheetId="1" r:id="rId1"/></sheets></workbook>')
_XLSX_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_OD_RELS}worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_OD_RELS}styles" Target="styles.xml"/>'
    '</Relationships>')
_XLSX_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '</styleSheet>')
_XLSX_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheetViews><sheetView workbookViewId="0">'
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
    '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
    '<sheetFormatPr defaultRowHeight="15"/><sheetData>')
_XLSX_SHEET_TAIL = "</sheetData></worksheet>"
# Not allowed in XML 1.0 (so not in the file format): dropped, not refused (as openpyxl does).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_LETTERS = [chr(ord("A") + i) for i in range(len(COLUMNS))]  # 15 columns: A..O


def _xlsx_row(number: int, values: list[str]) -> str:
    n = str(number)
    # An empty cell is left out, as openpyxl does.
    cells = "".join([f'<c r="{letter}{n}" t="inlineStr"><is><t xml:space="preserve">{value}</t></is></c>'
                     for letter, value in zip(_LETTERS, values, strict=True) if value])
    return f'<row r="{n}">{cells}</row>'


def _xlsx_text(value: str) -> str:
    # Control characters are not allowed in the file format: dropped, not refused.
    value = neutralise(_XML_ILLEGAL.sub("", value))
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    if "\r" in value:
        value = value.replace("\r", "&#13;")
    return value


def _write_xlsx(rows: Iterator[dict[str, str]], out: IO[bytes], *, title: str, **_: Any) -> int:
    import zipfile
    from datetime import UTC, datetime

    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    core = _XLSX_CORE.format(title=_xlsx_text(title).replace('"', "&quot;"), now=now)
    # Agencies, sources, roles, file names and much free text repeat: each text escaped once (a
    # cache for this export only, so no text outlives it in a long-running process).
    text, count = lru_cache(maxsize=8192)(_xlsx_text), 0
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        book.writestr("[Content_Types].xml", _XLSX_CONTENT_TYPES)
        book.writestr("_rels/.rels", _XLSX_RELS)
        book.writestr("docProps/app.xml", _XLSX_APP)
        book.writestr("docProps/core.xml", core)
        book.writestr("xl/workbook.xml", _XLSX_WORKBOOK)
        book.writestr("xl/_rels/workbook.xml.rels", _XLSX_WORKBOOK_RELS)
        book.writestr("xl/styles.xml", _XLSX_STYLES)
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            buffer = [_XLSX_SHEET_HEAD, _xlsx_row(1, [_xlsx_text(c) for c in COLUMNS])]
            number = 1
            for row in rows:
                number += 1
                buffer.append(_xlsx_row(number, [text(row[c]) for c in COLUMNS]))
                if len(buffer) >= 1000:
                    sheet.write("".join(buffer).encode())
                    buffer.clear()
            count = number - 1
            buffer.append(_XLSX_SHEET_TAIL)
            sheet.write("".join(buffer).encode())
    return count


HEADINGS = ["#", "Date", "Agency and source", "Practitioner", "Event", "Action / outcome",
            "Analysis / comment", "Notes"]


def _document_cells(number: int, row: dict[str, str]) -> list[str]:
    when = row["date"] + (f" {row['time']}" if row["time"] else "")
    if row["precision"] != Entry.Precision.DAY:
        when += " (month)" if row["precision"] == Entry.Precision.MONTH else " (year)"
    if row["uncertain"] == "true":
        when += " (uncertain)"
    where = row["original_file"]
    if row["original_table"]:
        where += f", table {row['original_table']}, row {row['original_row']}"
    elif row["original_row"]:
        where += f", row {row['original_row']}"
    notes = [f"Duplicate of #{row['duplicate_of']}" if row["duplicate_of"] else "",
             f"Possible duplicate of #{row['suggested_duplicate_of']}"
             if row["suggested_duplicate_of"] else "",
             f"From {where}" if where else "",
             f"Warnings: {row['warnings']}" if row["warnings"] else ""]
    return [str(number), when, f"{row['agency']}: {row['source']}", row["practitioner"],
            row["event"], row["action"], row["analysis"], "\n".join(n for n in notes if n)]


def _write_docx(rows: Iterator[dict[str, str]], out: IO[bytes], *, title: str, lines: list[str],
                **_: Any) -> int:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Pt

    doc = Document()
    doc.styles["Normal"].font.name = "Arial"
    doc.styles["Normal"].font.size = Pt(9)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    section.header.paragraphs[0].text = MARKING
    section.footer.paragraphs[0].text = title
    doc.core_properties.title = title
    doc.add_heading(title, level=0)
    for line in lines:
        doc.add_paragraph(line)
    table = doc.add_table(rows=1, cols=len(HEADINGS))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, HEADINGS, strict=True):
        cell.text = heading
        cell.paragraphs[0].runs[0].bold = True
    count = 0
    for count, row in enumerate(rows, start=1):
        for cell, value in zip(table.add_row().cells, _document_cells(count, row), strict=True):
            cell.text = value
    doc.save(out)
    return count


def _write_pdf(rows: Iterator[dict[str, str]], out: IO[bytes], *, title: str, lines: list[str],
               **_: Any) -> int:
    from weasyprint import HTML

    body, count = [], 0
    for count, row in enumerate(rows, start=1):
        cells = "".join(f"<td>{escape(v)}</td>" for v in _document_cells(count, row))
        body.append(f"<tr>{cells}</tr>")
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in HEADINGS)
    intro = "".join(f"<p>{escape(line)}</p>" for line in lines)
    html = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{escape(title)}</title><style>
@page {{ size: A4 landscape; margin: 1.5cm 1cm;
  @top-center {{ content: "{MARKING}"; font: 8pt Arial, sans-serif; }}
  @bottom-right {{ content: "Page " counter(page) " of " counter(pages); font: 8pt Arial; }} }}
body {{ font: 8pt 'Liberation Sans', Arial, sans-serif; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 0.5pt solid #505a5f; padding: 2pt; vertical-align: top; text-align: left;
  white-space: pre-line; overflow-wrap: anywhere; }}
thead {{ display: table-header-group; }} tr {{ break-inside: avoid; }}
</style></head><body><h1>{escape(title)}</h1>{intro}
<table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></body></html>"""
    HTML(string=html).write_pdf(out)
    return count


WRITERS: dict[str, Callable[..., int]] = {"csv": _write_csv, "xlsx": _write_xlsx,
                                          "docx": _write_docx, "pdf": _write_pdf}


# --- The one entry point ----------------------------------------------------------------------

def filename_for(review: Review, fmt: str, anonymised: bool) -> str:
    """The review's reference, never a name: 'KV-2026-004-chronology-anonymised.xlsx'."""
    view = "anonymised" if anonymised else "personalised"
    return f"{review.reference}-chronology-{view}.{fmt}"


def export_chronology(review: Review, *, fmt: str, anonymised: bool, viewer: User | None = None,
                      out: IO[bytes], restricted_for: User | None = None) -> int:
    """Write the merged chronology to ``out`` (a binary file) and audit it; returns the rows.

    ``anonymised=False`` gives the personalised export only to a viewer who may personalise
    (and to the data team's command, ``viewer=None``); anyone else gets it anonymised, and the
    audit row says so. Raises ValueError for an unknown format and ExportTooLarge for a DOCX or
    PDF above MAX_ENTRIES (nothing written, nothing audited).

    Entries restricted by advice are left out unless the reader is one of the roles it names:
    ``viewer``, or for the command (``viewer=None``, which otherwise sees none of them)
    ``restricted_for``, the permitted person it was run for (``--include-restricted``)."""
    if fmt not in WRITERS:
        raise ValueError(f"Unknown format '{fmt}': use one of {', '.join(EXPORT_FORMATS)}.")
    # The command sees the restricted entries only for the permitted person it names.
    hidden = access.restricted_chronology_entries(
        viewer if viewer is not None else restricted_for, review)
    limit = MAX_ENTRIES.get(fmt)
    if limit is not None:
        total = merged_entries(review, hidden=hidden).count()
        if total > limit:
            raise ExportTooLarge(
                f"The chronology has {total:,} entries: a {fmt.upper()} is limited to {limit:,} "
                "(a document that long cannot be read or printed usefully). Export it as XLSX "
                "or CSV, which have no limit.")
    anonymiser = anonymiser_for(review, anonymised=anonymised, viewer=viewer)
    is_anonymised = not anonymiser.personalised
    view = "Anonymised" if is_anonymised else "Personalised"
    title = f"Merged chronology {review.reference} ({view.lower()})"
    lines = [f"Produced on {timezone.localdate():%-d %B %Y}. " + (
        "Names are replaced by pseudonyms and role labels." if is_anonymised else
        "Personalised: it holds real names. Keep it secure and do not share it.")]
    rows = WRITERS[fmt](chronology_rows(review, anonymiser, hidden), out, title=title,
                        lines=lines)
    audit_export(review, by=viewer, fmt=fmt, anonymised=is_anonymised, rows=rows,
                 restricted_for=restricted_for if viewer is None else None)
    return rows


def audit_export(review: Review, *, by: User | None, fmt: str, anonymised: bool, rows: int,
                 restricted_for: User | None = None) -> None:
    """The audit row of an export: format, view and counts, never a name or a file name; for
    the command run with ``--include-restricted``, whose permitted role it included them for."""
    view = "anonymised" if anonymised else "personalised"
    data: dict[str, Any] = {"format": fmt, "anonymised": anonymised, "rows": rows,
                            "by_command": by is None}
    if restricted_for is not None:
        data["restricted_included_for"] = restricted_for.pk
    record("chronology.exported", actor=by, review=review,
           summary=f"Exported the merged chronology ({view}, {fmt.upper()}, {rows} entries)"
                   + (" (export_chronology command)" if by is None else "")
                   + (", with the restricted entries a permitted role may see"
                      if restricted_for is not None else ""),
           data=data)
