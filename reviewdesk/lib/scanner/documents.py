"""A draft report as one text with its parts marked, so every finding can say where it is.

``reading.read_document(data, filename)`` returns a ``Document``: ``text`` is everything a
reader of the published file could see or recover, part after part, and ``segments`` say which
part (body, table, header, comment…) each stretch of that text came from. Offsets are Python string indices
into ``text``; for a .txt file ``text`` is the file decoded as UTF-8, unchanged.
"""

import bisect
import dataclasses
import re

# The parts of a document, as findings and the JSON output name them.
PARTS = {
    "body": "Body text",
    "table": "Table",
    "header": "Header",
    "footer": "Footer",
    "footnote": "Footnote",
    "endnote": "Endnote",
    "text_box": "Text box",
    "alt_text": "Image alt text",
    "hyperlink": "Hyperlink target",
    "comment": "Comment",
    "comment_author": "Comment author",
    "tracked_change": "Tracked change",
    "tracked_change_author": "Tracked change author",
    "properties": "Document properties",
}

SUPPORTED = (".docx", ".pdf", ".txt")
MAX_BYTES = 20 * 1024 * 1024


class DocumentError(ValueError):
    """The file cannot be read; the message says what is wrong and what to do."""


@dataclasses.dataclass(frozen=True)
class Segment:
    part: str  # a key of PARTS
    start: int
    end: int
    label: str = ""  # where in the part, e.g. "Paragraph 12", "Comment 3", "Core property: author"


@dataclasses.dataclass
class Document:
    text: str
    segments: list[Segment]
    kind: str = "txt"  # txt, docx or pdf

    def __post_init__(self) -> None:
        self._starts = [s.start for s in self.segments]

    @property
    def words(self) -> int:
        return len(self.text.split())

    def segment_at(self, offset: int) -> Segment | None:
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and self.segments[i].start <= offset < max(self.segments[i].end, offset + 1):
            return self.segments[i]
        return None

    def part_at(self, offset: int) -> str:
        seg = self.segment_at(offset)
        return seg.part if seg else "body"


class DocumentBuilder:
    """Adds text part by part, keeping the segments in order; parts are separated by a blank line."""

    def __init__(self) -> None:
        self._chunks: list[str] = []
        self._length = 0
        self.segments: list[Segment] = []

    def add(self, text: str, part: str, label: str = "") -> None:
        if not text or not text.strip():
            return
        if self._chunks:
            self._chunks.append("\n\n")
            self._length += 2
        start = self._length
        self._chunks.append(text)
        self._length += len(text)
        self.segments.append(Segment(part, start, self._length, label))

    def build(self, kind: str) -> Document:
        return Document("".join(self._chunks), self.segments, kind)


def _paragraph_segments(text: str, part: str = "body") -> list[Segment]:
    segments, n = [], 0
    for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*", text):
        if m.group(0).strip():
            n += 1
            # A trailing newline belongs to no paragraph.
            end = m.start() + len(m.group(0).rstrip())
            segments.append(Segment(part, m.start(), end, f"Paragraph {n}"))
    return segments


def read_text(data: bytes) -> Document:
    try:
        text = data.decode("utf-8")  # offsets are into exactly this text
    except UnicodeDecodeError as exc:
        raise DocumentError(
            f"The text file is not UTF-8 (byte {exc.start} cannot be read). Save it as UTF-8 text, "
            "or upload the .docx or .pdf instead."
        ) from None
    if "\x00" in text:
        # Offsets must point into the file's own text, so NULs are refused rather than dropped
        # (the database cannot store them). A "Unicode" (UTF-16) save is full of them.
        raise DocumentError(
            f"The text file contains a NUL character (character {text.index(chr(0))}), so it is not "
            "plain text: it may have been saved as 'Unicode' (UTF-16). Save the file as UTF-8 text, "
            "or upload the .docx or .pdf instead."
        )
    return Document(text, _paragraph_segments(text), "txt")
