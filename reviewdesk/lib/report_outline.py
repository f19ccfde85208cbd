"""A report's outline: its body as blocks in order (headings, paragraphs, tables), each with the
number the document itself gives it, so a comment can be anchored to "3.2" and two versions can be
compared paragraph by paragraph.

Reports number their paragraphs in two ways: typed ("3.2 The health visitor…") or Word's own list
numbering (numbering.xml, on the paragraph or through its style). Both are read; Word's numbering
is worked out for decimal, letter and roman formats, which is what reports use. A block with no
number of its own is labelled by its place ("Paragraph 14"), under its section's heading.

No Django here; ``read_outline`` takes the .docx bytes (already checked by the publication check's
reader, which refuses damaged, encrypted and macro-enabled packages).
"""

import dataclasses
import re
from collections.abc import Iterator

from lxml import etree

from reviewdesk.lib.ooxml import open_package

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w(local: str) -> str:
    return f"{{{W}}}{local}"


# A typed number at the start of a paragraph: "3.", "3.2", "3.2.1", "(a)" is not a section number.
TYPED_NUMBER = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,3}){0,4})(?:[.):]|\s)\s*")
HEADING_STYLE = re.compile(r"^heading\s*(\d)$", re.I)


@dataclasses.dataclass(frozen=True)
class Block:
    index: int  # its place in the outline, from 0
    kind: str  # "heading", "paragraph" or "table"
    level: int  # a heading's level (1, 2…); 0 for everything else
    number: str  # the document's own number ("3.2"), or "" where it gives none
    label: str  # how a person points at it: "3.2", "Paragraph 14", "Table 2"
    section: str  # the heading it sits under ("" before the first)
    text: str

    def as_dict(self) -> dict[str, object]:
        return dataclasses.asdict(self)


def _roman(n: int) -> str:
    pairs = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
             (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
    out = ""
    for value, letters in pairs:
        while n >= value:
            out += letters
            n -= value
    return out


def _format(value: int, fmt: str) -> str:
    if fmt in {"lowerLetter", "upperLetter"}:
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in {"lowerRoman", "upperRoman"}:
        roman = _roman(value)
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt in {"bullet", "none"}:
        return ""
    return str(value)


@dataclasses.dataclass
class _Level:
    fmt: str = "decimal"
    text: str = ""
    start: int = 1


class _Numbering:
    """Word's list numbering: counters per list, worked out as the paragraphs come."""

    def __init__(self, root: etree._Element | None) -> None:
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.nums: dict[str, str] = {}
        self.counters: dict[str, dict[int, int]] = {}
        if root is None:
            return
        for abstract in root.iter(w("abstractNum")):
            levels: dict[int, _Level] = {}
            for lvl in abstract.iter(w("lvl")):
                level = _Level()
                for child, attr in ((lvl.find(w("numFmt")), "fmt"), (lvl.find(w("lvlText")), "text")):
                    if child is not None:
                        setattr(level, attr, child.get(w("val"), ""))
                start = lvl.find(w("start"))
                if start is not None and (start.get(w("val")) or "").isdigit():
                    level.start = int(start.get(w("val")) or 1)
                levels[int(lvl.get(w("ilvl"), "0"))] = level
            self.abstract[abstract.get(w("abstractNumId"), "")] = levels
        for num in root.iter(w("num")):
            ref = num.find(w("abstractNumId"))
            if ref is not None:
                self.nums[num.get(w("numId"), "")] = ref.get(w("val"), "")

    def next(self, num_id: str, ilvl: int) -> str:
        levels = self.abstract.get(self.nums.get(num_id, ""), {})
        if num_id == "0" or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(self.nums[num_id], {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        level = levels[ilvl]
        if level.fmt in {"bullet", "none"}:
            return ""

        def value(match: re.Match[str]) -> str:
            i = int(match.group(1)) - 1
            held = levels.get(i)
            return _format(counters.get(i, held.start if held else 1), held.fmt if held else "decimal")

        return re.sub(r"%(\d)", value, level.text).strip().rstrip(".)")


class _Styles:
    def __init__(self, root: etree._Element | None) -> None:
        self.heading: dict[str, int] = {}
        self.numbering: dict[str, tuple[str, int]] = {}
        if root is None:
            return
        for style in root.iter(w("style")):
            style_id = style.get(w("styleId"), "")
            name_el = style.find(w("name"))
            name = name_el.get(w("val"), "") if name_el is not None else ""
            ppr = style.find(w("pPr"))
            outline = ppr.find(w("outlineLvl")) if ppr is not None else None
            found = HEADING_STYLE.match(name) or HEADING_STYLE.match(style_id)
            if found:
                self.heading[style_id] = int(found.group(1))
            elif name.lower() == "title":
                self.heading[style_id] = 1
            elif outline is not None and (outline.get(w("val")) or "").isdigit():
                level = int(outline.get(w("val")) or 0) + 1
                if level <= 6:
                    self.heading[style_id] = level
            num_pr = ppr.find(w("numPr")) if ppr is not None else None
            if num_pr is not None:
                num_id = num_pr.find(w("numId"))
                ilvl = num_pr.find(w("ilvl"))
                if num_id is not None:
                    self.numbering[style_id] = (
                        num_id.get(w("val"), ""),
                        int(ilvl.get(w("val"), "0")) if ilvl is not None else 0)


def _text(el: etree._Element) -> str:
    """A paragraph's visible text (deleted text left out), tabs and breaks as spaces."""
    parts: list[str] = []
    for node in el.iter(w("t"), w("tab"), w("br")):
        if any(a.tag == w("del") for a in node.iterancestors()):
            continue
        parts.append(node.text or "" if node.tag == w("t") else " ")
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _body_blocks(body: etree._Element) -> Iterator[etree._Element]:
    """Paragraphs and tables in order, looking through content controls and the like."""
    for child in body:
        if child.tag in {w("p"), w("tbl")}:
            yield child
        elif child.tag in {w("sdt"), w("sdtContent"), w("customXml")}:
            yield from _body_blocks(child)


def _xml(archive: object, name: str) -> etree._Element | None:
    try:
        data = archive.read(name)  # type: ignore[attr-defined]
    except KeyError:
        return None
    return etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True,
                                                         huge_tree=True))


def read_outline(data: bytes) -> list[Block]:
    archive = open_package(data)
    document = _xml(archive, "word/document.xml")
    if document is None:
        return []
    styles = _Styles(_xml(archive, "word/styles.xml"))
    numbering = _Numbering(_xml(archive, "word/numbering.xml"))
    body = document.find(w("body"))
    blocks: list[Block] = []
    section = ""
    paragraphs = tables = 0
    for el in _body_blocks(body if body is not None else document):
        if el.tag == w("tbl"):
            rows = [" | ".join(_text(cell) for cell in row.iter(w("tc")))
                    for row in el.iter(w("tr"))]
            text = "\n".join(r for r in rows if r.strip(" |"))
            if not text:
                continue
            tables += 1
            blocks.append(Block(len(blocks), "table", 0, "", f"Table {tables}", section, text))
            continue
        text = _text(el)
        if not text:
            continue
        ppr = el.find(w("pPr"))
        style_el = ppr.find(w("pStyle")) if ppr is not None else None
        style = style_el.get(w("val"), "") if style_el is not None else ""
        level = styles.heading.get(style, 0)
        num_pr = ppr.find(w("numPr")) if ppr is not None else None
        number = ""
        if num_pr is not None and num_pr.find(w("numId")) is not None:
            ilvl_el = num_pr.find(w("ilvl"))
            number = numbering.next(num_pr.find(w("numId")).get(w("val"), ""),  # type: ignore[union-attr]
                                    int(ilvl_el.get(w("val"), "0")) if ilvl_el is not None else 0)
        elif style in styles.numbering:
            number = numbering.next(*styles.numbering[style])
        if not number and (typed := TYPED_NUMBER.match(text)) and len(text) > len(typed.group(0)):
            number = typed.group(1)
        if level:
            label = number or text[:80]
            blocks.append(Block(len(blocks), "heading", level, number, label, section, text))
            section = f"{number} {text}".strip() if number and not text.startswith(number) else text
            continue
        paragraphs += 1
        blocks.append(Block(len(blocks), "paragraph", 0, number,
                            number or f"Paragraph {paragraphs}", section, text))
    return blocks
