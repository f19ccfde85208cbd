"""Read a Word .docx into a ``Document``: everything a reader of the published file could see or recover.

The package XML is read directly with zipfile and lxml, because python-docx's own API misses most of
what matters here (text boxes, notes, deleted text, alt text, link targets, custom properties).
There is one segment per paragraph, table row, note paragraph, comment, link target and property,
so the page can show each finding in its paragraph. Labels are built from counters and fixed words
only: they are shown to people who may not see identities.

Parts, in the order they appear in ``Document.text``: the body (paragraphs as "body", table rows as
"table", each followed by what hangs off it: text boxes, image alt text, hyperlink targets, chart
and SmartArt text, and deleted text), headers and footers of every section, footnotes, endnotes,
charts and diagrams no drawing shows, comments, comment authors, tracked-change authors and the
editors named in editing permissions, other external links, then document properties (settings,
core, app and custom properties, mail-merge query and connection, and the custom XML items where
SharePoint keeps its metadata and content controls keep their bound values).

Charts are read from their cached text (titles, series and category names; numbers identify
nobody); a SmartArt diagram from its data, and from Word's drawing of it only where that says
something else. Embedded files (OLE objects, a chart's workbook) and the glossary of building
blocks are not read: the corrected copy drops them whole.

Tracked changes: inserted text (w:ins, w:moveTo) is body text. It is what the page shows and
prints, and a name typed partly before and partly during tracking must still read as one word.
Deleted text (w:delText, w:moveFrom) is gone from the page but anyone can bring it back with
"All markup", so it is reported as its own "tracked_change" segment right after its paragraph.

The walk also records which XML node every stretch of text came from (``TextPiece``), so that
``reviewdesk.lib.scanner.correct`` can change exactly the characters a finding's offsets point at.
"""

import dataclasses
import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from urllib.parse import unquote

from lxml import etree

# The zip-level checks (limits, zip bombs, encryption, macros, ActiveX) are the chronology upload's too.
from reviewdesk.lib import ooxml
from reviewdesk.lib.ooxml import ENCRYPTED_STREAM, MAX_UNPACKED_BYTES, OLE_SIGNATURE
from reviewdesk.lib.scanner.documents import Document, DocumentBuilder, DocumentError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
V = "urn:schemas-microsoft-com:vml"
OFFICE = "urn:schemas-microsoft-com:office:office"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
STRICT = "http://purl.oclc.org/ooxml/"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
CX = "http://schemas.microsoft.com/office/drawing/2014/chartex"
DGM = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
DSP = "http://schemas.microsoft.com/office/drawing/2008/diagram"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def w(local: str) -> str:
    return f"{{{W}}}{local}"


W_P, W_R, W_T, W_TBL, W_TR, W_TC = w("p"), w("r"), w("t"), w("tbl"), w("tr"), w("tc")
W_BODY, W_DOCUMENT, W_PPR, W_RPR, W_SECTPR = w("body"), w("document"), w("pPr"), w("rPr"), w("sectPr")
W_INS, W_DEL, W_MOVE_FROM, W_MOVE_TO = w("ins"), w("del"), w("moveFrom"), w("moveTo")
W_DEL_TEXT, W_INSTR_TEXT = w("delText"), w("instrText")
W_FLD_CHAR, W_FLD_SIMPLE = w("fldChar"), w("fldSimple")
W_HYPERLINK, W_TXBX_CONTENT = w("hyperlink"), w("txbxContent")
W_DRAWING, W_PICT, W_OBJECT = w("drawing"), w("pict"), w("object")
W_FOOTNOTE_REF, W_ENDNOTE_REF = w("footnoteReference"), w("endnoteReference")
W_ID, W_TYPE, W_AUTHOR, W_INITIALS = w("id"), w("type"), w("author"), w("initials")
R_ID = f"{{{R}}}id"
MC_ALTERNATE, MC_CHOICE, MC_FALLBACK = f"{{{MC}}}AlternateContent", f"{{{MC}}}Choice", f"{{{MC}}}Fallback"
M_T = f"{{{M}}}t"
A_T = f"{{{A}}}t"
C_CHART, CX_CHART, DGM_REL_IDS = f"{{{C}}}chart", f"{{{CX}}}chart", f"{{{DGM}}}relIds"
R_DM = f"{{{R}}}dm"
DSP_DATA_MODEL_EXT = f"{{{DSP}}}dataModelExt"
# Chart elements holding text: DrawingML text, cached values, chartex data points.
CHART_TEXT = frozenset({A_T, f"{{{C}}}v", f"{{{CX}}}v", f"{{{CX}}}pt"})

# Elements that stand for one character of text.
CHARACTERS = {w("tab"): "\t", w("ptab"): "\t", w("br"): "\n", w("cr"): "\n", w("noBreakHyphen"): "-"}

# Inline elements with no text a reader sees; skipping them saves a recursive call each.
INLINE_SKIP = frozenset(w(t) for t in (
    "pPr", "rPr", "proofErr", "bookmarkStart", "bookmarkEnd", "commentRangeStart", "commentRangeEnd",
    "commentReference", "annotationRef", "footnoteRef", "endnoteRef", "separator",
    "continuationSeparator", "lastRenderedPageBreak", "softHyphen", "sym", "sdtPr", "sdtEndPr",
    "permStart", "permEnd", "delInstrText", "moveFromRangeStart", "moveFromRangeEnd",
    "moveToRangeStart", "moveToRangeEnd",
))
# Property elements that never hold paragraphs, rows or cells.
NO_BLOCKS = frozenset(w(t) for t in ("pPr", "rPr", "sectPr", "tblPr", "tblGrid", "trPr", "tcPr", "sdtPr"))

# Every element that records a tracked change, and so carries w:author.
CHANGE_MARKS = (W_INS, W_DEL, W_MOVE_FROM, W_MOVE_TO)
CHANGE_RECORDS = tuple(w(t) for t in (
    "rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "tblPrExChange", "trPrChange",
    "tcPrChange", "tblGridChange", "numberingChange", "cellIns", "cellDel", "cellMerge",
    "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd",
    "customXmlInsRangeStart", "customXmlInsRangeEnd", "customXmlDelRangeStart", "customXmlDelRangeEnd",
    "customXmlMoveFromRangeStart", "customXmlMoveFromRangeEnd", "customXmlMoveToRangeStart",
    "customXmlMoveToRangeEnd",
))

# Field codes whose instruction holds a link or a file path.
LINK_FIELDS = frozenset({"HYPERLINK", "INCLUDEPICTURE", "INCLUDETEXT", "LINK"})

# docProps/core.xml elements holding free text (dates and revision numbers identify nobody).
CORE_FIELDS = (
    "title", "subject", "creator", "keywords", "description", "lastModifiedBy", "category",
    "contentStatus", "identifier", "version",
)
# docProps/app.xml elements holding free text; Template can be a path with a user name in it.
APP_FIELDS = ("Company", "Manager", "HyperlinkBase", "Template")

# The relationship types (last part of the type URI) of parts that only hold comments and their people.
COMMENT_PARTS = ("comments", "commentsExtended", "commentsIds", "commentsExtensible", "people")

PAGE_ORDER = {"default": 0, "first": 1, "even": 2}
PAGES = {"first": ", first page", "even": ", even pages"}


@dataclasses.dataclass
class Relationship:
    id: str
    type: str  # the last part of the type URI: "header", "hyperlink", "core-properties"…
    target: str  # the Target attribute as written
    external: bool
    part: str  # the package part it points to ("" when external)
    element: etree._Element


@dataclasses.dataclass(slots=True)
class TextPiece:
    """Where one stretch of ``Document.text`` came from in the package XML."""

    start: int
    end: int
    node: etree._Element
    attr: str | None = None  # the text is this attribute of node; None: it is node.text
    char: bool = False  # node is a w:tab, w:br… standing for one character
    mirrors: tuple[tuple[etree._Element, str], ...] = ()  # other attributes holding the same value
    link: tuple[str, str] | None = None  # (part, relationship id) when this is a hyperlink target

    def value(self) -> str:
        return (self.node.get(self.attr) if self.attr else self.node.text) or ""


class DocxPackage:
    """The parts of a .docx, parsed when first asked for and kept, so a corrector can change and save them."""

    def __init__(self, data: bytes, filename: str = "document.docx"):
        self.filename = filename
        _check_signature(data, filename)
        try:
            self.zip = ooxml.open_package(data)
        except ooxml.PackageRefused as exc:
            match exc.problem:
                case ooxml.Problem.TOO_BIG:
                    raise DocumentError(
                        f"'{filename}' unpacks to more than {MAX_UNPACKED_BYTES // (1024 * 1024)} MB (or "
                        "is packed unusually tightly), far more than any report needs, so it was not "
                        "opened. Remove large embedded files and images, save it again and upload the new "
                        "file."
                    ) from None
                case ooxml.Problem.PASSWORD:
                    raise _password_protected(filename) from None
                case ooxml.Problem.MACROS:
                    raise DocumentError(
                        f"'{filename}' is a macro-enabled Word file. We do not take files that can run "
                        "macros, to keep everyone's computers safe. Open it in Word, save it as a "
                        "macro-free Word Document (.docx) and upload that."
                    ) from None
                case ooxml.Problem.ACTIVEX:
                    raise DocumentError(
                        f"'{filename}' holds ActiveX controls, small programs Word runs when the file is "
                        "opened. We do not take files that can run programs, to keep everyone's computers "
                        "safe. Open it in Word, delete the controls (Developer > Design Mode, then select "
                        "each one and delete it), save it and upload the new file."
                    ) from None
            raise self._not_word("it is damaged or not a zip package") from None
        infos = self.zip.infolist()
        # Part names in a package are case-insensitive.
        self._names = {i.filename.lower(): i.filename for i in infos}
        self._xml: dict[str, etree._Element] = {}
        self._rels: dict[str, list[Relationship]] = {}
        self.removed: set[str] = set()
        self.replaced: dict[str, bytes] = {}  # binary parts rewritten by the corrector (images)
        self._parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        self.main = self._main_part()

    def _not_word(self, why: str) -> DocumentError:
        return DocumentError(
            f"'{self.filename}' is not a Word .docx file ({why}). Open it in Word and save it as a "
            "Word Document (.docx), then upload the new file."
        )

    def _main_part(self) -> str:
        main = next((r.part for r in self.rels("") if r.type == "officeDocument" and not r.external), "")
        if not self.exists(main):
            main = "word/document.xml"
        if not self.exists(main):
            names = " ".join(self._names)
            kind = "an Excel workbook" if "xl/" in names else "a PowerPoint file" if "ppt/" in names else ""
            raise self._not_word(f"it is {kind}" if kind else "it is a zip file with no word/document.xml")
        root = self.xml(main)
        if root.tag != W_DOCUMENT:
            if root.tag.startswith("{" + STRICT):
                raise DocumentError(
                    f"'{self.filename}' is saved as a Strict Open XML Document, which the scanner cannot "
                    "read. In Word choose Save As, pick 'Word Document (.docx)' and upload the new file."
                )
            raise self._not_word("its main part is not a Word document")
        if root.find(W_BODY) is None:
            raise self._damaged(main, "it has no body")
        return main

    def _damaged(self, name: str, why: str) -> DocumentError:
        return DocumentError(
            f"'{self.filename}' is damaged: its part {name} cannot be read ({why}). Open it in Word, "
            "save it again as a Word Document (.docx) and upload the new file."
        )

    def exists(self, name: str) -> bool:
        return bool(name) and name.lower() in self._names and name not in self.removed

    def read(self, name: str) -> bytes:
        try:
            return self.zip.read(self._names[name.lower()])
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
            raise self._damaged(name, str(exc) or type(exc).__name__) from None

    def xml(self, name: str) -> etree._Element | None:
        """The parsed part, or None if the package has no such part."""
        if name not in self._xml:
            if not self.exists(name):
                return None
            try:
                self._xml[name] = etree.fromstring(self.read(name), self._parser)
            except etree.XMLSyntaxError as exc:
                raise self._damaged(name, str(exc)) from None
        return self._xml[name]

    def rels(self, part: str) -> list[Relationship]:
        """The relationships of a part ("" for the package itself)."""
        if part not in self._rels:
            folder, base = posixpath.split(part)
            root = self.xml(posixpath.join(folder, "_rels", f"{base}.rels"))
            found = []
            for el in root.iter(f"{{{PKG_RELS}}}Relationship") if root is not None else ():
                target = el.get("Target", "")
                external = el.get("TargetMode") == "External"
                if external:
                    name = ""
                elif target.startswith("/"):
                    name = unquote(target[1:])
                else:
                    name = posixpath.normpath(posixpath.join(folder, unquote(target)))
                kind = el.get("Type", "").rstrip("/").rsplit("/", 1)[-1]
                found.append(Relationship(el.get("Id", ""), kind, target, external, name, el))
            self._rels[part] = found
        return self._rels[part]

    def relationship(self, part: str, rid: str | None) -> Relationship | None:
        return next((r for r in self.rels(part) if r.id == rid), None) if rid else None

    def related(self, part: str, kind: str) -> list[str]:
        """The parts that ``part`` points to with relationships of this type, that exist."""
        return [r.part for r in self.rels(part) if r.type == kind and not r.external and self.exists(r.part)]

    def names_under(self, folder: str) -> list[str]:
        """Every part in a folder (and below it), as named in the package, in order of name."""
        prefix = folder.lower().strip("/")
        prefix += "/" if prefix else ""
        found = [name for key, name in self._names.items() if key.startswith(prefix)]
        return sorted((n for n in found if self.exists(n)), key=str.lower)

    # -- changing the package (used by the corrector) --------------------------------------------

    def remove_relationship(self, part: str, rel: Relationship) -> None:
        parent = rel.element.getparent()
        if parent is not None:
            parent.remove(rel.element)
        self._rels[part] = [r for r in self.rels(part) if r is not rel]

    def remove_part(self, name: str) -> None:
        """Drop a part, its own relationships and its content-type entry."""
        folder, base = posixpath.split(name)
        self.removed.update({name, posixpath.join(folder, "_rels", f"{base}.rels")})
        types = self.xml("[Content_Types].xml")
        for override in list(types.iter(f"{{{CONTENT_TYPES}}}Override")) if types is not None else ():
            if override.get("PartName", "").lstrip("/").lower() == name.lower():
                types.remove(override)

    def save(self) -> bytes:
        """A new package: parsed parts written back as changed, the rest copied, removed parts left out."""
        removed = {n.lower() for n in self.removed}
        written = {name.lower(): root for name, root in self._xml.items()}
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
            for info in self.zip.infolist():
                key = info.filename.lower()
                if key in removed:
                    continue
                if key in written:
                    data = etree.tostring(written[key], xml_declaration=True, encoding="UTF-8",
                                          standalone=True)
                elif key in self.replaced:
                    data = self.replaced[key]
                else:
                    data = self.read(info.filename)
                entry = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = info.external_attr
                package.writestr(entry, data)
        return out.getvalue()


def _password_protected(filename: str) -> DocumentError:
    return DocumentError(
        f"'{filename}' is password-protected, so the scanner cannot read it. Remove the password in Word "
        "(File > Info > Protect Document > Encrypt with Password, clear the box), save it and upload again."
    )


def _check_signature(data: bytes, filename: str) -> None:
    if data.startswith(OLE_SIGNATURE):
        if ENCRYPTED_STREAM in data:
            raise _password_protected(filename)
        raise DocumentError(
            f"'{filename}' is an older Word 97-2003 .doc file with a .docx name, not a Word .docx file. "
            "Open it in Word and save it as a Word Document (.docx), then upload the new file."
        )
    if data.lstrip()[:5] == b"%PDF-":
        raise DocumentError(
            f"'{filename}' is a PDF, not a Word .docx file. Upload it with a name ending in .pdf, or "
            "upload the Word document instead."
        )
    if not data.startswith(b"PK"):
        raise DocumentError(
            f"'{filename}' is not a Word .docx file (it is not the zip package a .docx always is; it may "
            "be a .doc, .rtf or web page renamed). Open it in Word and save it as a Word Document (.docx)."
        )


# -- walking the XML ---------------------------------------------------------------------------


class _Text:
    """The text of one segment being built, with the node each stretch came from."""

    __slots__ = ("chunks", "length", "pieces", "pending")

    def __init__(self) -> None:
        self.chunks: list[str] = []
        self.length = 0
        self.pieces: list[TextPiece] = []
        self.pending = ""

    def add(self, value: str | None, node: etree._Element, **where: object) -> None:
        if value:
            if self.pending:
                self.chunks.append(self.pending)
                self.length += len(self.pending)
                self.pending = ""
            self.pieces.append(TextPiece(self.length, self.length + len(value), node, **where))
            self.chunks.append(value)
            self.length += len(value)

    def separate(self, value: str) -> None:
        """Text with no node behind it (the tab between cells, the line between paragraphs of a cell),
        written only once more text follows, so empty cells leave no trailing tabs."""
        if self.length:
            self.pending += value

    def value(self) -> str:
        return "".join(self.chunks)


class _Paragraph:
    """What a paragraph walk collects: its text, and what to emit after it (text boxes, alt text…)."""

    __slots__ = ("text", "later", "deletion")

    def __init__(self) -> None:
        self.text = _Text()
        self.later: list[Callable[[], None]] = []
        self.deletion: _Text | None = None  # deleted text since the last visible text

    def visible(self, value: str | None, node: etree._Element, **where: object) -> None:
        self.text.add(value, node, **where)
        self.deletion = None


@dataclasses.dataclass
class _Story:
    """A run of block content (the body, a header, a note, a comment, a text box) and how to label it."""

    part: str
    prefix: str | None  # None for the body, whose paragraphs are numbered through
    single: bool = False  # one paragraph only: label it with the prefix alone
    paragraphs: int = 0
    tables: int = 0


def _blocks(parent: etree._Element, wanted: tuple[str, ...] = (W_P, W_TBL)) -> Iterator[etree._Element]:
    """Paragraphs and tables (or rows, or cells) in order, looking through content controls and the like."""
    for el in parent:
        tag = el.tag
        if tag in wanted:
            yield el
        elif tag == MC_ALTERNATE:
            branch = el.find(MC_CHOICE)
            if branch is None:
                branch = el.find(MC_FALLBACK)
            if branch is not None:
                yield from _blocks(branch, wanted)
        elif isinstance(tag, str) and tag not in NO_BLOCKS:
            yield from _blocks(el, wanted)


def _has_text(el: etree._Element) -> bool:
    return any((t.text or "").strip() for t in el.iter(W_T))


def _alt_values(el: etree._Element) -> set[str]:
    values = set()
    for node in el.iter():
        for attr in ("descr", "title", "alt", f"{{{OFFICE}}}title"):
            if node.get(attr):
                values.add(node.get(attr))
    return values


def _covered(fallback: etree._Element, choice: etree._Element) -> bool:
    """True when the fallback shows nothing the choice does not (Word writes the same text box twice)."""
    def text(el: etree._Element) -> str:
        return " ".join("".join(t.text or "" for t in el.iter(W_T)).split())

    return text(fallback) == text(choice) and _alt_values(fallback) <= _alt_values(choice)


class _Reader:
    def __init__(self, package: DocxPackage):
        self.pkg = package
        self.part = package.main  # the part whose relationships r:id attributes refer to
        self.builder = DocumentBuilder()
        self.pieces: list[TextPiece] = []
        self.counts: dict[str, int] = {}
        self.links_seen: set[tuple[str, str]] = set()
        self.note_refs: dict[str, list[str]] = {"footnote": [], "endnote": []}
        self.fields: list[list] = []  # open field codes: [instruction text, instruction finished]
        self.roots: list[etree._Element] = []  # every story part read, for tracked-change authors
        self.graphics_seen: set[str] = set()  # chart and diagram data parts already read

    def next(self, kind: str) -> int:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        return self.counts[kind]

    def emit(self, part: str, label: str, text: _Text) -> bool:
        value = text.value()
        if not value.strip():
            return False
        self.builder.add(value, part, label)
        base = self.builder.segments[-1].start
        for piece in text.pieces:
            piece.start += base
            piece.end += base
            self.pieces.append(piece)
        return True

    def emit_group(self, part: str, kind: str, items: list[tuple[str, _Text]]) -> None:
        """Emit several texts of one numbered thing ("Image 3: description", "Image 3: title")."""
        items = [(suffix, t) for suffix, t in items if t.value().strip()]
        if items:
            n = self.next(kind)
            for suffix, t in items:
                self.emit(part, f"{kind} {n}{suffix}", t)

    # -- stories ---------------------------------------------------------------------------------

    def part_story(self, name: str, part: str, prefix: str) -> None:
        root = self.pkg.xml(name)
        if root is None:
            return
        self.roots.append(root)
        self.part, previous = name, self.part
        self.story(root, part, prefix)
        self.part = previous

    def story(self, root: etree._Element, part: str, prefix: str | None) -> None:
        story = _Story(part, prefix)
        if prefix is not None:
            story.single = sum(1 for el in _blocks(root) if el.tag == W_P and _has_text(el)) == 1
        for el in _blocks(root):
            if el.tag == W_TBL:
                self.table(el, story)
                continue
            para = _Paragraph()
            self.inline(el, para)
            if para.text.value().strip():
                story.paragraphs += 1
                if prefix is None:
                    label = f"Paragraph {story.paragraphs}"
                else:
                    label = prefix if story.single else f"{prefix}, paragraph {story.paragraphs}"
                self.emit(part, label, para.text)
            self.run_later(para)

    def run_later(self, para: _Paragraph) -> None:
        for step in para.later:
            step()

    def table(self, tbl: etree._Element, story: _Story, parent: int | None = None) -> None:
        story.tables += 1
        number = story.tables
        name = f"table {number}" + (f" (inside table {parent})" if parent else "")
        # In the body a row is part "table"; elsewhere it stays in its part (a table in a header is header).
        if story.prefix is None:
            part, name = "table", name.capitalize()
        else:
            part, name = story.part, f"{story.prefix}, {name}"
        for row_number, row in enumerate(_blocks(tbl, (W_TR,)), 1):
            para = _Paragraph()
            for i, cell in enumerate(_blocks(row, (W_TC,))):
                if i:
                    para.text.separate("\t")
                first = True
                for el in _blocks(cell):
                    if el.tag == W_TBL:
                        para.later.append(lambda el=el: self.table(el, story, parent=number))
                        continue
                    if not first:
                        para.text.separate("\n")
                    first = False
                    para.deletion = None
                    self.inline(el, para)
            self.emit(part, f"{name}, row {row_number}", para.text)
            self.run_later(para)

    def text_box(self, content: etree._Element) -> None:
        self.story(content, "text_box", f"Text box {self.next('text box')}")

    # -- inside a paragraph ----------------------------------------------------------------------

    def inline(self, parent: etree._Element, para: _Paragraph) -> None:
        for el in parent:
            tag = el.tag
            if tag == W_R:
                self.inline(el, para)
            elif tag == W_T:
                para.visible(el.text, el)
            elif tag in INLINE_SKIP:
                continue
            elif tag in CHARACTERS:
                para.visible(CHARACTERS[tag], el, char=True)
            elif tag == W_INS or tag == W_MOVE_TO:
                self.inline(el, para)  # inserted text is body text: see the module docstring
            elif tag == W_DEL or tag == W_MOVE_FROM or tag == W_DEL_TEXT:
                self.deleted(el, para)
            elif tag == W_HYPERLINK:
                self.hyperlink(el, para)
                self.inline(el, para)
            elif tag == W_INSTR_TEXT:
                if self.fields and not self.fields[-1][1]:
                    self.fields[-1][0].add(el.text, el)
            elif tag == W_FLD_CHAR:
                self.field_char(el, para)
            elif tag == W_FLD_SIMPLE:
                instruction = _Text()
                instruction.add(el.get(w("instr")), el, attr=w("instr"))
                self.field_link(instruction, para)
                self.inline(el, para)
            elif tag == W_DRAWING or tag == W_PICT or tag == W_OBJECT:
                self.drawing(el, para)
            elif tag == W_TXBX_CONTENT:
                para.later.append(lambda el=el: self.text_box(el))
            elif tag == MC_ALTERNATE:
                self.alternate(el, para)
            elif tag == W_FOOTNOTE_REF:
                self.note_refs["footnote"].append(el.get(W_ID))
            elif tag == W_ENDNOTE_REF:
                self.note_refs["endnote"].append(el.get(W_ID))
            elif tag == M_T:
                para.visible(el.text, el)
            elif isinstance(tag, str):
                self.inline(el, para)  # smart tags, content controls, fields, math: look inside

    def deleted(self, el: etree._Element, para: _Paragraph) -> None:
        # Deletions next to each other (a name deleted run by run) make one segment.
        if para.deletion is None:
            text = para.deletion = _Text()
            para.later.append(
                lambda: self.emit("tracked_change", f"Deleted text {self.next('deletion')}", text))
        for node in el.iter(W_DEL_TEXT, W_T, *CHARACTERS):
            if node.tag in CHARACTERS:
                para.deletion.add(CHARACTERS[node.tag], node, char=True)
            else:
                para.deletion.add(node.text, node)

    def hyperlink(self, el: etree._Element, para: _Paragraph) -> None:
        items = []
        rel = self.pkg.relationship(self.part, el.get(R_ID))
        key = (self.part, rel.id) if rel else None
        if rel and rel.external and key not in self.links_seen:
            self.links_seen.add(key)
            target = _Text()
            target.add(rel.target, rel.element, attr="Target", link=key)
            items.append(("", target))
        if el.get(w("tooltip")):
            tip = _Text()
            tip.add(el.get(w("tooltip")), el, attr=w("tooltip"))
            items.append((": screen tip", tip))
        if items:
            para.later.append(lambda: self.emit_group("hyperlink", "Hyperlink", items))

    def field_char(self, el: etree._Element, para: _Paragraph) -> None:
        kind = el.get(w("fldCharType"))
        if kind == "begin":
            self.fields.append([_Text(), False])
        elif self.fields and kind in ("separate", "end"):
            field = self.fields[-1]
            if not field[1]:
                field[1] = True
                self.field_link(field[0], para)
            if kind == "end":
                self.fields.pop()

    def field_link(self, instruction: _Text, para: _Paragraph) -> None:
        words = instruction.value().split(None, 1)
        if words and words[0].upper() in LINK_FIELDS:
            items = [(" (field code)", instruction)]
            para.later.append(lambda: self.emit_group("hyperlink", "Hyperlink", items))

    def alternate(self, el: etree._Element, para: _Paragraph) -> None:
        """mc:AlternateContent: read the Choice, and the Fallback only if it shows more than the Choice."""
        choice, fallback = el.find(MC_CHOICE), el.find(MC_FALLBACK)
        primary = choice if choice is not None else fallback
        if primary is not None:
            self.inline(primary, para)
        if choice is not None and fallback is not None and not _covered(fallback, choice):
            self.inline(fallback, para)

    def drawing(self, el: etree._Element, para: _Paragraph) -> None:
        found: dict[tuple[str, str], list[tuple[etree._Element, str]]] = {}
        boxes: list[etree._Element] = []
        self.graphic(el, found, boxes)
        if found:
            para.later.append(lambda: self.emit_alt_text(found))
        for box in boxes:
            para.later.append(lambda box=box: self.text_box(box))
        host = self.part
        for ref in el.iter(C_CHART, CX_CHART, DGM_REL_IDS):
            rel = self.pkg.relationship(host, ref.get(R_DM if ref.tag == DGM_REL_IDS else R_ID))
            if rel is not None and not rel.external and self.pkg.exists(rel.part):
                if ref.tag == DGM_REL_IDS:
                    para.later.append(lambda name=rel.part: self.diagram(host, name))
                else:
                    para.later.append(lambda name=rel.part: self.chart(name))

    def graphic(self, el: etree._Element, found: dict, boxes: list) -> None:
        """Collect a drawing's alt text (DrawingML docPr/cNvPr, VML alt) and its text boxes."""
        for node in el:
            tag = node.tag
            if not isinstance(tag, str):
                continue
            if tag == W_TXBX_CONTENT:
                boxes.append(node)
                continue
            if tag == MC_ALTERNATE:
                choice, fallback = node.find(MC_CHOICE), node.find(MC_FALLBACK)
                if choice is not None:
                    self.graphic(choice, found, boxes)
                if fallback is not None and (choice is None or not _covered(fallback, choice)):
                    self.graphic(fallback, found, boxes)
                continue
            namespace, _, local = tag[1:].partition("}")
            if local in ("docPr", "cNvPr"):
                attrs = (("descr", "description"), ("title", "title"), ("name", "name"))
            elif namespace == V:
                attrs = (("alt", "description"), (f"{{{OFFICE}}}title", "title"))
            else:
                attrs = ()
            for attr, what in attrs:
                if node.get(attr):
                    found.setdefault((what, node.get(attr)), []).append((node, attr))
            self.graphic(node, found, boxes)

    def emit_alt_text(self, found: dict) -> None:
        seen: dict[str, int] = {}
        items = []
        for (what, value), places in found.items():
            seen[what] = seen.get(what, 0) + 1
            text = _Text()
            (node, attr), *mirrors = places
            text.add(value, node, attr=attr, mirrors=tuple(mirrors))
            items.append((f": {what}" + (f" ({seen[what]})" if seen[what] > 1 else ""), text))
        self.emit_group("alt_text", "Image", items)

    def chart(self, name: str) -> None:
        """A chart's titles, series and category names (and any shapes drawn on it), one segment."""
        if name in self.graphics_seen:
            return
        self.graphics_seen.add(name)
        text = _Text()
        for part in [name, *self.pkg.related(name, "chartUserShapes")]:
            for node in self.pkg.xml(part).iter(*CHART_TEXT):
                value = node.text or ""
                if value.strip() and not _is_number(value):
                    text.separate("\n")
                    text.add(value, node)
        if text.value().strip():
            self.emit("body", f"Chart {self.next('chart')}", text)

    def diagram(self, host: str, name: str) -> None:
        """A SmartArt diagram's text from its data; Word's drawing of it too where that differs."""
        if name in self.graphics_seen:
            return
        self.graphics_seen.add(name)
        data = self.pkg.xml(name)
        text = _a_text(data)
        drawings = []
        for ext in data.iter(DSP_DATA_MODEL_EXT):
            rel = self.pkg.relationship(host, ext.get("relId"))
            if rel is not None and not rel.external and self.pkg.exists(rel.part):
                drawings.append(_a_text(self.pkg.xml(rel.part)))
        items = [("", text)] + [(" (drawing)", d) for d in drawings
                                if " ".join(d.value().split()) != " ".join(text.value().split())]
        self.emit_group("body", "Diagram", items)

    # -- the rest of the package -----------------------------------------------------------------

    def other_graphics(self) -> None:
        """Charts and diagrams in the package that no drawing read so far shows."""
        hosts = [self.pkg.main]
        for kind in ("header", "footer", "footnotes", "endnotes"):
            hosts += self.pkg.related(self.pkg.main, kind)
        for host in hosts:
            for name in self.pkg.related(host, "chart") + self.pkg.related(host, "chartEx"):
                self.chart(name)
            for name in self.pkg.related(host, "diagramData"):
                self.diagram(host, name)

    def editors(self) -> None:
        """The people or groups an editing permission names (w:permStart w:ed: 'CORP\\jo.bloggs')."""
        editors: dict[str, list] = {}
        for root in self.roots:
            for el in root.iter(w("permStart")):
                if el.get(w("ed")):
                    editors.setdefault(el.get(w("ed")), []).append(el)
        for number, (editor, elements) in enumerate(editors.items(), 1):
            text = _Text()
            text.add(editor, elements[0], attr=w("ed"), mirrors=tuple((el, w("ed")) for el in elements[1:]))
            self.emit("properties", f"Editing permission: editor {number}", text)

    def headers_and_footers(self) -> None:
        body = self.pkg.xml(self.pkg.main).find(W_BODY)
        sections = [s for s in body.iter(W_SECTPR) if s.getparent().tag != w("sectPrChange")]
        seen: set[str] = set()
        for number, section in enumerate(sections, 1):
            for kind in ("header", "footer"):
                refs = sorted(section.findall(w(f"{kind}Reference")),
                              key=lambda ref: PAGE_ORDER.get(ref.get(W_TYPE, "default"), 3))
                for ref in refs:
                    rel = self.pkg.relationship(self.pkg.main, ref.get(R_ID))
                    if rel is None or rel.external or rel.part in seen:
                        continue
                    seen.add(rel.part)
                    where = PAGES.get(ref.get(W_TYPE, "default"), "")
                    self.part_story(rel.part, kind, f"{kind.capitalize()} (section {number}{where})")
        # A header no section uses is still in the file for anyone to open.
        for kind in ("header", "footer"):
            for name in self.pkg.related(self.pkg.main, kind):
                if name not in seen:
                    seen.add(name)
                    self.part_story(name, kind, f"{kind.capitalize()} (not used by any section)")

    def notes(self, kind: str) -> None:
        for name in self.pkg.related(self.pkg.main, f"{kind}s")[:1]:
            root = self.pkg.xml(name)
            self.roots.append(root)
            everything = root.findall(w(kind))
            notes = {n.get(W_ID): n for n in everything if n.get(W_TYPE, "normal") == "normal"}
            # Numbered as Word shows them: in the order the text refers to them, then any left over.
            referenced = [i for i in dict.fromkeys(self.note_refs[kind]) if i in notes]
            order = referenced + [i for i in notes if i not in referenced]
            self.part, previous = name, self.part
            for number, note_id in enumerate(order, 1):
                self.story(notes[note_id], kind, f"{kind.capitalize()} {number}")
            # The separator lines are Word's own and hold no text; the continuation notice is the
            # author's own words, printed where a note runs onto the next page.
            for notice in (n for n in everything if n.get(W_TYPE) == "continuationNotice"):
                self.story(notice, kind, f"{kind.capitalize()} continuation notice")
            self.part = previous

    def comments(self) -> None:
        # author -> {"name" | "initials" | "account": {value: [(node, attribute)…]}}
        authors: dict[str, dict[str, dict[str, list]]] = {}

        def note(author: str, what: str, value: str | None, node: etree._Element, attr: str) -> None:
            if value:
                places = authors.setdefault(author, {"name": {}, "initials": {}, "account": {}})
                places[what].setdefault(value, []).append((node, attr))

        for name in self.pkg.related(self.pkg.main, "comments")[:1]:
            root = self.pkg.xml(name)
            self.roots.append(root)
            self.part, previous = name, self.part
            for number, comment in enumerate(root.iter(w("comment")), 1):
                self.story(comment, "comment", f"Comment {number}")
                author = comment.get(W_AUTHOR) or ""
                note(author, "name", author, comment, W_AUTHOR)
                note(author, "initials", comment.get(W_INITIALS), comment, W_INITIALS)
            self.part = previous
        for name in self.pkg.related(self.pkg.main, "people")[:1]:
            for person in self.pkg.xml(name).iter(f"{{{W15}}}person"):
                author = person.get(f"{{{W15}}}author") or ""
                note(author, "name", author, person, f"{{{W15}}}author")
                for presence in person.iter(f"{{{W15}}}presenceInfo"):
                    note(author, "account", presence.get(f"{{{W15}}}userId"), presence, f"{{{W15}}}userId")
        for places in authors.values():
            items = []
            for what, suffix in (("name", ""), ("initials", ": initials"), ("account", ": account")):
                for value, nodes in places[what].items():
                    text = _Text()
                    (node, attr), *mirrors = nodes
                    text.add(value, node, attr=attr, mirrors=tuple(mirrors))
                    items.append((suffix, text))
            self.emit_group("comment_author", "Comment author", items)

    def change_authors(self) -> None:
        roots = list(self.roots)
        for kind in ("styles", "numbering"):
            roots += [self.pkg.xml(name) for name in self.pkg.related(self.pkg.main, kind)[:1]]
        authors: dict[str, list] = {}
        for root in roots:
            for el in root.iter(*CHANGE_MARKS, *CHANGE_RECORDS):
                if el.get(W_AUTHOR):
                    authors.setdefault(el.get(W_AUTHOR), []).append(el)
        for number, (author, elements) in enumerate(authors.items(), 1):
            text = _Text()
            text.add(author, elements[0], attr=W_AUTHOR, mirrors=tuple((el, W_AUTHOR) for el in elements[1:]))
            self.emit("tracked_change_author", f"Tracked change author {number}", text)

    def other_links(self) -> None:
        """External targets no hyperlink showed: unused links, the attached template's path, linked files."""
        parts = [self.pkg.main]
        for kind in ("header", "footer", "footnotes", "endnotes", "comments", "settings"):
            parts += self.pkg.related(self.pkg.main, kind)
        for part in parts:
            for rel in self.pkg.rels(part):
                if rel.external and rel.target and (part, rel.id) not in self.links_seen:
                    self.links_seen.add((part, rel.id))
                    text = _Text()
                    text.add(rel.target, rel.element, attr="Target",
                             link=(part, rel.id) if rel.type == "hyperlink" else None)
                    self.emit("hyperlink", f"External link {self.next('external link')}", text)

    def properties(self) -> None:
        for name in self.pkg.related(self.pkg.main, "settings")[:1]:
            for number, var in enumerate(self.pkg.xml(name).iter(w("docVar")), 1):
                self.emit("properties", f"Document variable {number}", _named(var, w("name"), var, w("val")))
            # A mail merge's query and connection name the data source: a path, a name in a filter.
            for tag, label in (("query", "Mail merge query"), ("connectString", "Mail merge connection")):
                for el in self.pkg.xml(name).iter(w(tag)):
                    text = _Text()
                    text.add(el.get(w("val")), el, attr=w("val"))
                    self.emit("properties", label, text)
        for name in self.pkg.related("", "core-properties")[:1]:
            for el in self.pkg.xml(name):
                local = etree.QName(el).localname if isinstance(el.tag, str) else ""
                if local in CORE_FIELDS:
                    text = _Text()
                    text.add(el.text, el)
                    self.emit("properties", f"Core property: {local}", text)
        for name in self.pkg.related("", "extended-properties")[:1]:
            for el in self.pkg.xml(name):
                local = etree.QName(el).localname if isinstance(el.tag, str) else ""
                text = _Text()
                if local in APP_FIELDS:
                    text.add(el.text, el)
                elif local == "TitlesOfParts":
                    for item in el.iter(f"{{{VT}}}lpstr"):
                        text.separate("\n")
                        text.add(item.text, item)
                self.emit("properties", f"App property: {local}", text)
        for name in self.pkg.related("", "custom-properties")[:1]:
            # The property's own name is the author's free text too, so it is in the text, not the label.
            for number, prop in enumerate(self.pkg.xml(name).iter("{*}property"), 1):
                value = next((child for child in prop if isinstance(child.tag, str)), None)
                self.emit("properties", f"Custom property {number}", _named(prop, "name", value, None))
        # Custom XML items: SharePoint's document metadata, the values content controls are bound
        # to, cover page fields, bibliography sources. Every element's text; their properties
        # parts (itemProps) hold only identifiers of schemas.
        items = [n for n in self.pkg.names_under("customXml")
                 if re.fullmatch(r"customxml/item\d*\.xml", n.lower())]
        for name in items:
            text = _Text()
            for el in self.pkg.xml(name).iter():
                if isinstance(el.tag, str) and el.text and el.text.strip():
                    text.separate("\n")
                    text.add(el.text, el)
            if text.value().strip():
                self.emit("properties", f"Custom XML item {self.next('custom xml')}", text)


def _is_number(value: str) -> bool:
    # Not float(): it takes 'Nan' and 'Infinity', and a nan is a grandmother.
    return bool(re.fullmatch(r"\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*", value))


def _a_text(root: etree._Element) -> _Text:
    """The DrawingML text (a:t) in a part, a line each."""
    text = _Text()
    for node in root.iter(A_T):
        if node.text and node.text.strip():
            text.separate("\n")
            text.add(node.text, node)
    return text


def _named(name_node: etree._Element, name_attr: str, value_node: etree._Element | None,
           value_attr: str | None) -> _Text:
    """'Name: value' for a named property, each half mapped to its own node."""
    text = _Text()
    text.add(name_node.get(name_attr), name_node, attr=name_attr)
    if value_node is not None:
        value = value_node.get(value_attr) if value_attr else value_node.text
        if value:
            text.separate(": ")
            text.add(value, value_node, attr=value_attr)
    return text


def extract(package: DocxPackage) -> tuple[Document, list[TextPiece]]:
    """The document's text and segments, and where in the package XML each stretch of text came from."""
    reader = _Reader(package)
    root = package.xml(package.main)
    reader.roots.append(root)
    reader.story(root.find(W_BODY), "body", None)
    reader.headers_and_footers()
    reader.notes("footnote")
    reader.notes("endnote")
    reader.other_graphics()
    reader.comments()
    reader.change_authors()
    reader.editors()
    reader.other_links()
    reader.properties()
    return reader.builder.build("docx"), reader.pieces


def read_docx(data: bytes, filename: str = "document.docx") -> Document:
    """Read a .docx; raises DocumentError, saying what to do, when it is not a readable Word document."""
    return extract(DocxPackage(data, filename))[0]
