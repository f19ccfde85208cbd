"""Reading a Word document (.docx): the first table with a header row we recognise, tables
continued after a page break, and "table.row" as each row's reference. Read straight from the XML
with lxml; deleted tracked changes and drawings' fallback copies are left out."""

import dataclasses
import itertools
from collections.abc import Iterator

from lxml import etree

from reviewdesk.lib.chronology_files.columns import COLUMNS
from reviewdesk.lib.chronology_files.headings import HEADER_SEARCH_ROWS, find_header, guess_mapping
from reviewdesk.lib.chronology_files.package import STRICT, damaged, main_part, open_package, xml_part
from reviewdesk.lib.chronology_files.table import (
    FileRefused,
    ProgressReporter,
    SourceTable,
    TableBuilder,
    no_header,
)

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


def read_docx(data: bytes, name: str, progress: ProgressReporter) -> SourceTable:
    archive = open_package(data, name, "docx")
    main = main_part(archive, name, "docx", "word/document.xml")
    root = xml_part(archive, main, name, "docx")
    if root is None:
        raise damaged(name, "docx", "it has no document part")
    if isinstance(root.tag, str) and root.tag.startswith("{" + STRICT):
        raise FileRefused(f"'{name}' is saved as a Strict Open XML Document, which we cannot read. In Word "
                          "choose File > Save As, pick 'Word Document (.docx)' and upload the new file.")
    body = root.find(W_BODY)
    if body is None:
        raise damaged(name, "docx", "it has no body")
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
            index = find_header([r.cells for r in head])
            if index is None:
                if any(r.own for r in head):
                    notes.append(f"Table {number} was not read: it has no header row we recognise.")
                continue
            header = head[index]
            labels = _span_labels(header)
            width = max(r.width for r in head)
            ref = f"{number}.{header.number}"
            builder = TableBuilder(name, "docx", header.cells, labels, ref, progress, total)
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
            while head and find_header([head[0].cells]) == 0:
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
        raise no_header(name, f"the first {HEADER_SEARCH_ROWS} rows of each table")
    table = builder.table()
    table.notes = notes
    return table


def _headers_of(row: _WordRow) -> list[str]:
    labels = _span_labels(row)
    return [labels.get(i) or ("" if c is None else str(c)) for i, c in enumerate(row.cells)]
