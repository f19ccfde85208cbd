"""Read a PDF into a ``Document``: each page's text split into paragraphs, its annotations, its metadata.

Text comes from pypdf in content-stream order (the order the producer wrote it, which for Word and
WeasyPrint exports is reading order). pypdf gives lines, not paragraphs, so a paragraph break is
taken where the gap to the next line is clearly larger than the page's usual line spacing.
Segments are labelled "Page 3, paragraph 2". Annotations (sticky-note comments, their authors and
link targets) and metadata (the document information dictionary and XMP) are reported too: a
reader of the file can see them all.
"""

import io
import re
import statistics
from typing import TYPE_CHECKING

from reviewdesk.lib.scanner.documents import Document, DocumentBuilder, DocumentError

if TYPE_CHECKING:
    import pypdf

# A gap this many times the page's usual line spacing starts a new paragraph.
PARAGRAPH_GAP = 1.3

STANDARD_METADATA = {
    "/Title": "Title", "/Author": "Author", "/Subject": "Subject", "/Keywords": "Keywords",
    "/Creator": "Creator", "/Producer": "Producer",
}
NOT_IDENTIFYING = {"/CreationDate", "/ModDate", "/Trapped"}
XMP_FIELDS = {
    "dc_creator": "creator", "dc_title": "title", "dc_description": "description", "dc_subject": "subject",
    "dc_rights": "rights", "dc_publisher": "publisher", "dc_contributor": "contributor",
    "pdf_keywords": "keywords", "pdf_producer": "producer", "xmp_creator_tool": "creator tool",
}


def read_pdf(data: bytes, filename: str = "document.pdf") -> Document:
    """Read a PDF; raises DocumentError, saying what to do, when it cannot be read."""
    if b"%PDF-" not in data[:1024]:
        raise DocumentError(
            f"'{filename}' is not a PDF file. Save the report as PDF from Word (File > Save As > PDF), "
            "or upload the Word .docx instead."
        )
    import pypdf  # here, not at import: commands that never read a PDF start faster

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            _decrypt(reader, filename)
        return _read(reader, filename)
    except DocumentError:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many unrelated types on damaged files
        raise DocumentError(
            f"'{filename}' is damaged and cannot be read as a PDF ({type(exc).__name__}). Save it again "
            "as PDF from the original document and upload the new file."
        ) from None


def _decrypt(reader: "pypdf.PdfReader", filename: str) -> None:
    from pypdf import PasswordType
    from pypdf.errors import DependencyError

    # Many PDFs are encrypted only to restrict printing or copying, with an empty password to open them.
    try:
        opened = reader.decrypt("")
    except (DependencyError, NotImplementedError):
        opened = PasswordType.NOT_DECRYPTED
    if opened == PasswordType.NOT_DECRYPTED:
        raise DocumentError(
            f"'{filename}' is password-protected or encrypted, so the scanner cannot read it. Save a copy "
            "without security (in Acrobat: File > Properties > Security > No Security), or upload the "
            "Word .docx instead."
        )


class _PdfBuilder(DocumentBuilder):
    """A PDF's strings can hold NUL characters, which the database cannot store: each becomes a
    space, so every offset stays where it was."""

    def add(self, text: str, part: str, label: str = "") -> None:
        super().add(text.replace("\x00", " ") if text else text, part, label)


def _read(reader: "pypdf.PdfReader", filename: str) -> Document:
    builder = _PdfBuilder()
    any_text = False
    for number, page in enumerate(reader.pages, 1):
        for k, paragraph in enumerate(_paragraphs(page), 1):
            builder.add(paragraph, "body", f"Page {number}, paragraph {k}")
            any_text = True
        _annotations(page, number, builder)
    if not any_text:
        # Saying "nothing found" about a scanned report would be worse than refusing it.
        raise DocumentError(
            f"'{filename}' has no text the scanner can read: it may be a scan or pictures of pages. "
            "Upload the Word .docx, or a PDF saved from it."
        )
    _metadata(reader, builder)
    return builder.build("pdf")


def _paragraphs(page: "pypdf.PageObject") -> list[str]:
    lines: list[list[str]] = [[]]
    heights: list[float | None] = [None]  # where each line starts on the page, from the bottom

    def visit(text: str, cm: list, tm: list, font: object, size: float) -> None:
        if not text:
            return
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        for i, piece in enumerate(text.split("\n")):
            if i:
                lines.append([])
                heights.append(None)
            if piece:
                if heights[-1] is None:
                    heights[-1] = y
                lines[-1].append(piece)

    plain = page.extract_text(visitor_text=visit)
    texts = ["".join(parts) for parts in lines]
    if "\n".join(texts).split() != plain.split():
        return [plain] if plain.strip() else []  # the visitor missed something: keep the page whole
    gaps = [a - b for a, b, t in zip(heights, heights[1:], texts[1:], strict=False)
            if a is not None and b is not None and t.strip() and a - b > 0]
    # The usual line spacing: the smallest gap, leaving out the small steps of sub- and superscripts.
    usual = min(g for g in gaps if g >= statistics.median(gaps) / 2) if gaps else 0
    paragraphs: list[list[str]] = []
    current: list[str] = []
    previous: float | None = None
    for text, y in zip(texts, heights, strict=True):
        if not text.strip():
            previous = None
            if current:
                paragraphs.append(current)
                current = []
            continue
        if current and previous is not None and y is not None and usual:
            gap = previous - y
            if gap > usual * PARAGRAPH_GAP or gap < -usual:  # a wide gap, or back up the page (a new column)
                paragraphs.append(current)
                current = []
        current.append(text)
        previous = y
    if current:
        paragraphs.append(current)
    return ["\n".join(p) for p in paragraphs]


def _get(dictionary: object, key: str) -> object:
    """A PDF dictionary's value with indirect references followed (dict.get would not follow them)."""
    return dictionary[key] if isinstance(dictionary, dict) and key in dictionary else None


def _text(value: object) -> str:
    if hasattr(value, "get_object"):
        value = value.get_object()
    return str(value) if value is not None else ""


def _annotations(page: "pypdf.PageObject", number: int, builder: DocumentBuilder) -> None:
    comments = links = 0
    for ref in _get(page, "/Annots") or []:
        annotation = ref.get_object()
        if _get(annotation, "/Subtype") == "/Link":
            uri = _text(_get(_get(annotation, "/A"), "/URI"))
            if uri.strip():
                links += 1
                builder.add(uri, "hyperlink", f"Page {number}, link {links}")
        contents, author = _text(_get(annotation, "/Contents")), _text(_get(annotation, "/T"))
        if contents.strip() or author.strip():
            comments += 1
            builder.add(contents, "comment", f"Page {number}, comment {comments}")
            builder.add(author, "comment_author", f"Page {number}, comment {comments}: author")


def _metadata(reader: "pypdf.PdfReader", builder: DocumentBuilder) -> None:
    seen: set[str] = set()

    def add(value: str, label: str) -> None:
        if value.strip() and value not in seen:
            seen.add(value)
            builder.add(value, "properties", label)

    custom = 0
    for key, value in (reader.metadata or {}).items():
        if key in NOT_IDENTIFYING:
            continue
        if key in STANDARD_METADATA:
            add(_text(value), f"Metadata: {STANDARD_METADATA[key]}")
        else:
            # The key is the author's own text, so it goes in the text, never the label.
            custom += 1
            add(f"{key.lstrip('/')}: {_text(value)}", f"Custom metadata {custom}")
    for label, value in _xmp(reader):
        add(value, label)


def _xmp(reader: "pypdf.PdfReader") -> list[tuple[str, str]]:
    """The XMP packet's fields; if pypdf cannot parse it, its raw text, so nothing in it goes unread."""
    try:
        xmp = reader.xmp_metadata
    except Exception:  # noqa: BLE001 - any damage to the packet; read it as plain text instead
        packet = _get(_get(reader.trailer, "/Root"), "/Metadata")
        if packet is None:
            return []
        text = re.sub(r"<[^>]*>", " ", packet.get_data().decode("utf-8", "replace"))
        return [("XMP metadata", " ".join(text.split()))]
    if xmp is None:
        return []
    found = []
    for field, name in XMP_FIELDS.items():
        value = getattr(xmp, field, None)
        values = value.values() if isinstance(value, dict) else value if isinstance(value, list) else [value]
        found += [(f"XMP metadata: {name}", str(item)) for item in values if item]
    for number, (key, value) in enumerate((xmp.custom_properties or {}).items(), 1):
        found.append((f"XMP custom metadata {number}", f"{key}: {value}"))
    return found
