"""Make a corrected copy of a .docx: replace what the scan found, then strip identifying history.

``correct_docx(data, replacements)`` takes (start, end, new_text) offsets into
``read_docx(data).text`` and changes exactly those characters in the package XML, wherever the
reader found them: body, tables, headers, footers, notes, text boxes, image alt text, field codes.

Names Word split over several runs ("Kay" bold + "den" italic, a proofing mark between them): the
new text goes into the first run's text and the replaced characters are taken out of the runs that
follow, so each run keeps its formatting. A replacement that spans two paragraphs or two table cells
leaves the paragraph or cell break where it was.

Hyperlink targets: when a replacement touches a hyperlink's target (a URL or mailto: address
holding a name), the link is removed and its visible text kept. Editing the URL instead would
leave a link that goes nowhere, or somewhere else entirely; the visible text is corrected by its
own replacements. Field-code links (HYPERLINK fields) have their instruction text corrected.

Whatever the replacements, the copy loses what identifies the people who wrote and reviewed it:
comments and their authors (people.xml), tracked changes (insertions accepted, deletions dropped,
formatting changes kept as they now look), document variables, the attached template's path, the
thumbnail picture of the first page, custom properties, and the free-text core and app properties
(author, last modified by, title, company, manager…). Text-box fallbacks (the older VML copy Word
keeps of every text box) are dropped, so no uncorrected copy is left behind, and content controls
lose their data binding so Word does not refill them from the package's stored data.

It also loses the parts a reader never looks at but anyone can open: custom XML items (SharePoint
metadata, the values content controls were bound to), the glossary of building blocks, embedded
files (OLE objects with their preview pictures, ActiveX controls, a chart's workbook: the chart
keeps the values it shows), Word's cached drawing of each SmartArt diagram (Word draws it again
from the diagram's corrected data), the mail merge settings (data source path and query), the
names in editing permissions (w:permStart w:ed), and the metadata in pictures (a JPEG's EXIF and
XMP, where a camera or phone records who took it and where; a PNG's text chunks). Pictures are
rewritten without those blocks, never re-encoded.

``strip_docx(data)`` makes the same clean copy without replacing any text, for the report as it
will be published (reviewdesk.final_report), and also drops hidden text (w:vanish, directly or
through a character style: a reader of the file can unhide it) and links to files outside the
document (a linked picture or object: LibreOffice would fetch it while making the PDF, and it
points at someone's own folders). It says how many of each kind of thing it removed.
"""

import bisect
import itertools
import posixpath
import re
from collections import Counter

from lxml import etree

from reviewdesk.lib.scanner.docx_reader import (
    APP_FIELDS,
    CHANGE_MARKS,
    CHANGE_RECORDS,
    COMMENT_PARTS,
    CORE_FIELDS,
    DSP_DATA_MODEL_EXT,
    MC_ALTERNATE,
    MC_CHOICE,
    MC_FALLBACK,
    R_ID,
    VT,
    W_DEL,
    W_DEL_TEXT,
    W_HYPERLINK,
    W_INS,
    W_INSTR_TEXT,
    W_MOVE_FROM,
    W_MOVE_TO,
    W_P,
    W_PPR,
    W_R,
    W_RPR,
    W_SECTPR,
    W_T,
    W_TBL,
    XML_SPACE,
    DocxPackage,
    R,
    Relationship,
    TextPiece,
    extract,
    w,
)

# Characters an XML document cannot hold.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# Parts whose text the corrector changes and cleans (the comments part is removed outright).
STORY_PARTS = ("header", "footer", "footnotes", "endnotes")
# Relationship types of embedded files and controls, from a story or a chart.
EMBEDDED = frozenset({"oleObject", "package", "control", "activeXControlBinary"})
# Folders that hold nothing but embedded files and controls.
EMBEDDED_FOLDERS = ("word/embeddings", "word/activeX")
# Relationship types in the mail merge settings: the data source and its header, the recipients.
MAIL_MERGE = frozenset({"mailMergeSource", "mailMergeHeaderSource", "recipientData"})
# JPEG segments that hold metadata, not the picture: APP1 (EXIF, XMP), APP13 (IPTC), comments.
JPEG_METADATA = frozenset({0xE1, 0xED, 0xFE})
PNG_METADATA = frozenset({b"tEXt", b"zTXt", b"iTXt", b"eXIf"})


class TextChanged(ValueError):
    """The file reads to a different text from the one the replacements' offsets point into."""


def correct_docx(data: bytes, replacements: list[tuple[int, int, str]], *,
                 filename: str = "document.docx", expected_text: str | None = None) -> bytes:
    """A corrected copy of ``data`` (a .docx); ``data`` itself is never changed.

    ``expected_text`` is the text the offsets were taken from (``read_docx(data).text`` when the
    draft was scanned): if the file now reads differently (the reader has changed since), the
    offsets would land on other characters, so TextChanged is raised instead.

    Raises DocumentError (naming ``filename``) when the file cannot be read, and ValueError for a
    replacement that is not (start, end, new_text) within the document text, or that overlaps another.
    """
    package = DocxPackage(data, filename)
    document, pieces = extract(package)
    if expected_text is not None and document.text != expected_text:
        raise TextChanged("The document's text is not the text the replacements were made for.")
    links = _replace(pieces, _checked(replacements, len(document.text)))
    _drop_links(package, links)
    _clean(package, Counter())
    return package.save()


def strip_docx(data: bytes, *, filename: str = "document.docx") -> tuple[bytes, dict[str, int]]:
    """A copy of ``data`` (a .docx) fit to publish as it stands: everything correct_docx removes,
    with hidden text and links to outside files too, and no text replaced. Returns the copy and
    how many of each kind of thing were removed (only kinds with some: "comments", "people",
    "insertions_accepted", "deletions_dropped", "formatting_changes", "properties",
    "document_variables", "custom_xml", "hidden_text", "linked_files"…).

    Raises DocumentError (naming ``filename``) when the file cannot be read."""
    package = DocxPackage(data, filename)
    counts: Counter[str] = Counter()
    _clean(package, counts, publish=True)
    return package.save(), {kind: n for kind, n in sorted(counts.items()) if n}


def _clean(package: DocxPackage, counts: Counter[str], *, publish: bool = False) -> None:
    """Strip what identifies the document's authors and reviewers (the module docstring), counting
    what goes; ``publish`` also drops hidden text and links to outside files."""
    main = package.main
    stories = [main] + [name for kind in STORY_PARTS for name in package.related(main, kind)]
    hidden_styles = _hidden_styles(package) if publish else set()
    for name in stories:
        root = package.xml(name)
        if publish:
            _drop_hidden_text(root, hidden_styles, counts)
        _remove_comment_marks(root)
        _accept_tracked_changes(root, counts)
        _drop_fallbacks(root)
        for el in list(root.iter(w("dataBinding"), w("permStart"), w("permEnd"), w("object"))):
            _remove(el)  # bound data, editors' names, embedded files: see the module docstring
    _drop_embedded(package, stories)
    _drop_diagram_drawings(package, stories)
    _drop_custom_xml(package, counts)
    _drop_glossary(package)
    _strip_picture_metadata(package)
    for kind in ("styles", "numbering"):
        for name in package.related(main, kind):
            _accept_tracked_changes(package.xml(name), counts)
    for rel in list(package.rels(main)):
        if rel.type in COMMENT_PARTS:
            if not rel.external and package.exists(rel.part):
                _count_comments(package.xml(rel.part), rel.type, counts)
            package.remove_relationship(main, rel)
            if not rel.external:
                package.remove_part(rel.part)
    _clear_settings(package, counts)
    _clear_properties(package, counts)
    if publish:
        _drop_linked_files(package, counts)


def _count_comments(root: etree._Element | None, kind: str, counts: Counter[str]) -> None:
    if root is None:
        return
    if kind == "comments":
        counts["comments"] += sum(1 for _ in root.iter(w("comment")))
    elif kind == "people":
        counts["people"] += sum(1 for _ in root.iter("{*}person"))


# w:vanish and w:val switched off: hidden text made visible again.
OFF = {"0", "false", "off"}


def _vanishes(rpr: etree._Element | None) -> bool:
    mark = rpr.find(w("vanish")) if rpr is not None else None
    return mark is not None and mark.get(w("val"), "true").lower() not in OFF


def _hidden_styles(package: DocxPackage) -> set[str]:
    """Character and paragraph styles that hide their text."""
    hidden: set[str] = set()
    for name in package.related(package.main, "styles"):
        for style in package.xml(name).iter(w("style")):
            if _vanishes(style.find(W_RPR)) and style.get(w("styleId")):
                hidden.add(style.get(w("styleId"), ""))
    return hidden


def _drop_hidden_text(root: etree._Element, hidden_styles: set[str],
                      counts: Counter[str]) -> None:
    """Runs formatted as hidden (directly, or by their character style). A run that carries a
    field's start, separator or end keeps it (the field stays whole) and loses its text."""
    for run in list(root.iter(W_R)):
        rpr = run.find(W_RPR)
        style = rpr.find(w("rStyle")) if rpr is not None else None
        styled = style is not None and style.get(w("val")) in hidden_styles
        if not (_vanishes(rpr) or styled):
            continue
        if not any(True for _ in run.iter(w("t"), W_DEL_TEXT, W_INSTR_TEXT, w("tab"), w("br"))):
            continue  # nothing to read in it
        counts["hidden_text"] += 1
        if run.find(f".//{w('fldChar')}") is not None:
            for child in [c for c in run if c.tag != W_RPR and c.tag != w("fldChar")]:
                _remove(child)
        else:
            _remove(run)


def _drop_linked_files(package: DocxPackage, counts: Counter[str]) -> None:
    """Relationships to files outside the package, but for hyperlinks (a reader follows those,
    nothing fetches them), and the attributes that used them."""
    for source in _sources(package):
        rels = [r for r in package.rels(source) if r.external and r.type != "hyperlink"]
        if not rels:
            continue
        ids = {r.id for r in rels}
        root = package.xml(source) if source else None
        for el in root.iter() if root is not None else ():
            for attr, value in list(el.attrib.items()):
                if attr.startswith(f"{{{R}}}") and value in ids:
                    del el.attrib[attr]
        for rel in rels:
            package.remove_relationship(source, rel)
            counts["linked_files"] += 1


def _sources(package: DocxPackage) -> list[str]:
    """Every part that has relationships ("" for the package itself)."""
    found = []
    for rels in package.names_under(""):
        folder, base = posixpath.split(rels)
        if posixpath.basename(folder) == "_rels" and base.endswith(".rels"):
            found.append(posixpath.join(posixpath.dirname(folder), base[: -len(".rels")]))
    return found


def _checked(replacements: list[tuple[int, int, str]], length: int) -> list[tuple[int, int, str]]:
    rows = []
    for item in replacements:
        if not isinstance(item, tuple | list) or len(item) != 3:
            raise ValueError(f"Each replacement must be a (start, end, new_text) tuple; got {item!r}.")
        start, end, new_text = item
        if not all(isinstance(n, int) and not isinstance(n, bool) for n in (start, end)):
            raise ValueError(f"Replacement {item!r} needs whole-number start and end offsets.")
        if not isinstance(new_text, str):
            raise ValueError(f"Replacement ({start}, {end}) needs its new text as a string, "
                             f"not {new_text!r}.")
        if not 0 <= start < end <= length:
            raise ValueError(
                f"Replacement ({start}, {end}) is not a stretch of the document text, which runs from 0 "
                f"to {length}: start must come before end, and both must come from read_docx of this file."
            )
        bad = NOT_XML.search(new_text)
        if bad:
            raise ValueError(
                f"The new text for ({start}, {end}) contains the control character U+{ord(bad.group()):04X}, "
                "which a Word document cannot hold; remove it."
            )
        rows.append((start, end, new_text))
    rows.sort()
    for (s1, e1, _), (s2, e2, _) in itertools.pairwise(rows):
        if s2 < e1:
            raise ValueError(
                f"Replacements ({s1}, {e1}) and ({s2}, {e2}) overlap. Merge them into one replacement, "
                "or keep only one."
            )
    return rows


def _replace(pieces: list[TextPiece], replacements: list[tuple[int, int, str]]) -> set[tuple[str, str]]:
    """Change the text behind each replacement; returns the hyperlinks whose target was touched."""
    starts = [p.start for p in pieces]
    links = set()
    # From the end backwards: text before a change keeps its offsets within each node.
    for start, end, new_text in reversed(replacements):
        i = max(bisect.bisect_right(starts, start) - 1, 0)
        hit = []
        while i < len(pieces) and pieces[i].start < end:
            if pieces[i].end > start:
                hit.append(pieces[i])
            i += 1
        if not hit:
            raise ValueError(
                f"Replacement ({start}, {end}) covers only the break between two parts of the document, "
                "not any of its text; check the offsets."
            )
        carrier = next((p for p in hit if not p.char), None)
        for piece in hit:
            if piece.link:
                links.add(piece.link)
            if piece.char:
                if carrier is None and piece is hit[0]:
                    # Only tabs or breaks were replaced: the first becomes a text node holding the new text.
                    piece.node.attrib.clear()
                    piece.node.tag = W_T
                    piece.node.text = new_text
                    piece.node.set(XML_SPACE, "preserve")
                else:
                    _remove(piece.node)
                continue
            value = piece.value()
            a, b = max(start, piece.start) - piece.start, min(end, piece.end) - piece.start
            _set(piece, value[:a] + (new_text if piece is carrier else "") + value[b:])
    for piece in pieces:
        for node, attr in piece.mirrors:
            node.set(attr, piece.value())
    return links


def _set(piece: TextPiece, value: str) -> None:
    if piece.attr:
        piece.node.set(piece.attr, value)
    else:
        piece.node.text = value
        if piece.node.tag in (W_T, W_DEL_TEXT, W_INSTR_TEXT):
            piece.node.set(XML_SPACE, "preserve")  # keep spaces at either end of the run


def _remove(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _unwrap(el: etree._Element) -> None:
    """Replace an element by its children."""
    parent = el.getparent()
    if parent is None:
        return
    index = parent.index(el)
    for child in list(el):
        parent.insert(index, child)
        index += 1
    _remove(el)


def _drop_links(package: DocxPackage, links: set[tuple[str, str]]) -> None:
    for part, rid in links:
        root = package.xml(part)
        for link in list(root.iter(W_HYPERLINK)) if root is not None else ():
            if link.get(R_ID) == rid:
                for style in link.iter(w("rStyle")):
                    if style.get(w("val")) == "Hyperlink":
                        _remove(style)  # no longer a link, so no longer blue and underlined
                _unwrap(link)
        rel = package.relationship(part, rid)
        if rel is not None:
            package.remove_relationship(part, rel)


def _remove_comment_marks(root: etree._Element) -> None:
    for mark in list(root.iter(w("commentRangeStart"), w("commentRangeEnd"), w("commentReference"))):
        run = mark.getparent()
        _remove(mark)
        if run is not None and run.tag == W_R and all(child.tag == W_RPR for child in run):
            _remove(run)


def _accept_tracked_changes(root: etree._Element, counts: Counter[str] | None = None) -> None:
    counts = Counter() if counts is None else counts
    merge: list[etree._Element] = []
    rows: list[etree._Element] = []
    # Marks inside property elements (a paragraph mark, a table row) record a change to that element.
    for mark in list(root.iter(*CHANGE_MARKS)):
        parent = mark.getparent()
        if parent is None or not parent.tag.endswith("Pr"):
            continue
        deleted = mark.tag in (W_DEL, W_MOVE_FROM)
        holder = parent.getparent()
        if deleted and parent.tag == W_RPR and holder is not None and holder.tag == W_PPR:
            merge.append(holder.getparent())
        elif deleted and parent.tag == w("trPr"):
            rows.append(parent.getparent())
        _remove(mark)
    for row in rows:
        _remove(row)
    for deletion in list(root.iter(W_DEL, W_MOVE_FROM)):
        counts["deletions_dropped"] += 1
        _remove(deletion)
    for insertion in list(root.iter(W_INS, W_MOVE_TO)):
        counts["insertions_accepted"] += 1
        _unwrap(insertion)
    for record in list(root.iter(*CHANGE_RECORDS)):
        counts["formatting_changes"] += 1
        _remove(record)
    # A deleted paragraph mark joins the paragraph to the next; the next one's mark (and formatting) stays.
    for paragraph in reversed(merge):
        _merge_with_next(paragraph)


def _merge_with_next(paragraph: etree._Element) -> None:
    following = paragraph.getnext()
    while following is not None and following.tag not in (W_P, W_TBL):
        following = following.getnext()
    if following is None or following.tag != W_P or paragraph.find(f"{W_PPR}/{W_SECTPR}") is not None:
        return
    properties = following.find(W_PPR)
    index = 0 if properties is None else following.index(properties) + 1
    for child in [c for c in paragraph if c.tag != W_PPR]:
        following.insert(index, child)
        index += 1
    _remove(paragraph)


def _drop_fallbacks(root: etree._Element) -> None:
    for fallback in list(root.iter(MC_FALLBACK)):
        parent = fallback.getparent()
        if parent is not None and parent.tag == MC_ALTERNATE and parent.find(MC_CHOICE) is not None:
            _remove(fallback)


def _drop_part_and_rel(package: DocxPackage, part: str, rel: Relationship) -> None:
    package.remove_relationship(part, rel)
    if not rel.external and rel.part:
        package.remove_part(rel.part)


def _drop_embedded(package: DocxPackage, stories: list[str]) -> None:
    """Embedded files, controls and a chart's workbook, and the preview pictures only they used."""
    charts = [c for story in stories for kind in ("chart", "chartEx") for c in package.related(story, kind)]
    for chart in charts:
        for data in list(package.xml(chart).iter("{*}externalData")):  # the chart's workbook
            _remove(data)
    for part in stories + charts:
        for rel in list(package.rels(part)):
            if rel.type in EMBEDDED:
                _drop_part_and_rel(package, part, rel)
        _drop_unused_pictures(package, part)
    for folder in EMBEDDED_FOLDERS:
        for name in package.names_under(folder):
            package.remove_part(name)


def _drop_unused_pictures(package: DocxPackage, part: str) -> None:
    """Picture relationships nothing in the part refers to any more (the preview of a removed
    embedded file), and the pictures no other part uses."""
    used = {value for el in package.xml(part).iter() for value in el.attrib.values()}
    for rel in list(package.rels(part)):
        if rel.type == "image" and rel.id not in used:
            package.remove_relationship(part, rel)
            if not rel.external and not _still_used(package, rel.part):
                package.remove_part(rel.part)


def _still_used(package: DocxPackage, name: str) -> bool:
    """Whether any relationship left in the package points to this part."""
    return any(r.part == name for source in _sources(package) for r in package.rels(source)
               if not r.external)


def _drop_diagram_drawings(package: DocxPackage, stories: list[str]) -> None:
    """Word's cached drawing of each SmartArt diagram holds a second copy of its text, which the
    replacements (made in the diagram's data) do not reach; without it Word draws the diagram
    again from the data."""
    for part in stories:
        for name in package.related(part, "diagramData"):
            for ext in list(package.xml(name).iter(DSP_DATA_MODEL_EXT)):
                holder = ext.getparent()  # the a:ext holding the reference
                _remove(holder if holder is not None and len(holder) == 1 else ext)
        for rel in list(package.rels(part)):
            if rel.type == "diagramDrawing":
                _drop_part_and_rel(package, part, rel)


def _drop_custom_xml(package: DocxPackage, counts: Counter[str]) -> None:
    for rel in list(package.rels(package.main)):
        if rel.type == "customXml":
            package.remove_relationship(package.main, rel)
    for name in package.names_under("customXml"):
        if re.fullmatch(r"customxml/item\d+\.xml", name.lower()):
            counts["custom_xml"] += 1
        package.remove_part(name)


def _drop_glossary(package: DocxPackage) -> None:
    """The glossary document (building blocks, AutoText) and the parts only it uses."""
    for rel in list(package.rels(package.main)):
        if rel.type != "glossaryDocument":
            continue
        package.remove_relationship(package.main, rel)
        if rel.external:
            continue
        folder = posixpath.dirname(rel.part)
        for own in package.rels(rel.part):
            if not own.external and posixpath.dirname(own.part) == folder:
                package.remove_part(own.part)
        package.remove_part(rel.part)


def _strip_picture_metadata(package: DocxPackage) -> None:
    for name in package.names_under("word/media"):
        lower = name.lower()
        if lower.endswith((".jpg", ".jpeg", ".jpe", ".jfif")):
            cleaned = strip_jpeg_metadata(package.read(name))
        elif lower.endswith(".png"):
            cleaned = strip_png_metadata(package.read(name))
        else:
            continue
        package.replaced[lower] = cleaned


def strip_jpeg_metadata(data: bytes) -> bytes:
    """The JPEG without its EXIF, XMP, IPTC and comment segments; unchanged if it cannot be
    parsed (the picture is kept, never broken)."""
    if not data.startswith(b"\xff\xd8"):
        return data
    out, i = bytearray(data[:2]), 2
    while i < len(data):
        if data[i] != 0xFF:
            return data
        while i < len(data) and data[i] == 0xFF:  # fill bytes before a marker
            i += 1
        if i >= len(data):
            return data
        marker = data[i]
        i += 1
        if marker == 0xD9 or 0xD0 <= marker <= 0xD7 or marker == 0x01:
            out += bytes((0xFF, marker))
            continue
        if i + 2 > len(data):
            return data
        length = int.from_bytes(data[i:i + 2], "big")
        if length < 2 or i + length > len(data):
            return data
        if marker == 0xDA:  # start of scan: the picture itself, to the end
            out += b"\xff\xda" + data[i:]
            return bytes(out)
        if marker not in JPEG_METADATA:
            out += bytes((0xFF, marker)) + data[i:i + length]
        i += length
    return bytes(out)


def strip_png_metadata(data: bytes) -> bytes:
    """The PNG without its text and EXIF chunks; unchanged if it cannot be parsed."""
    signature = b"\x89PNG\r\n\x1a\n"
    if not data.startswith(signature):
        return data
    out, i = bytearray(signature), len(signature)
    while i < len(data):
        if i + 8 > len(data):
            return data
        length = int.from_bytes(data[i:i + 4], "big")
        kind = data[i + 4:i + 8]
        end = i + 12 + length
        if end > len(data):
            return data
        if kind not in PNG_METADATA:
            out += data[i:end]
        i = end
    return bytes(out)


def _clear_settings(package: DocxPackage, counts: Counter[str]) -> None:
    for name in package.related(package.main, "settings"):
        root = package.xml(name)
        for variables in list(root.iter(w("docVars"))):
            counts["document_variables"] += sum(1 for _ in variables.iter(w("docVar")))
            _remove(variables)
        for merge in list(root.iter(w("mailMerge"))):
            ids = {v for el in merge.iter() for k, v in el.attrib.items() if k.startswith(f"{{{R}}}")}
            for rel in list(package.rels(name)):
                if rel.type in MAIL_MERGE or rel.id in ids:
                    _drop_part_and_rel(package, name, rel)
            counts["mail_merge"] += 1
            _remove(merge)
        for template in list(root.iter(w("attachedTemplate"))):
            rel = package.relationship(name, template.get(R_ID))
            if rel is not None:
                package.remove_relationship(name, rel)
            _remove(template)


def _clear_properties(package: DocxPackage, counts: Counter[str]) -> None:
    for name in package.related("", "core-properties"):
        for el in package.xml(name):
            if isinstance(el.tag, str) and etree.QName(el).localname in CORE_FIELDS:
                counts["properties"] += bool((el.text or "").strip())
                el.text = None
    for name in package.related("", "extended-properties"):
        for el in package.xml(name):
            local = etree.QName(el).localname if isinstance(el.tag, str) else ""
            if local in APP_FIELDS:
                counts["properties"] += bool((el.text or "").strip())
                el.text = None
            elif local == "TitlesOfParts":
                for item in el.iter(f"{{{VT}}}lpstr"):
                    item.text = None
    for rel in list(package.rels("")):
        if rel.type in ("custom-properties", "thumbnail"):
            if rel.type == "custom-properties" and not rel.external and package.exists(rel.part):
                counts["custom_properties"] += len(list(
                    package.xml(rel.part).iter("{*}property")))
            package.remove_relationship("", rel)
            if not rel.external:
                package.remove_part(rel.part)
