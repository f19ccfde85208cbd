"""Whether a PDF says what the final Word document says, and the PDF's own hidden content.

The comparison is of words, in order: both texts are cut into words (letters and digits; a hyphen
or apostrophe inside a word is dropped, case is ignored), so layout, fonts, punctuation, bullets
and line breaks never count as differences. From the PDF, before comparing:
- words split at the end of a line with a hyphen are joined again ("recom-" "mendation");
- lines that repeat at the top or bottom of most pages (headers and footers, their page numbers
  masked), the document's own header, footer and footnote texts where they stand at a page's top
  or bottom, and page numbers there ("7", "Page 7 of 20") are left out;
- a passage found only in the PDF that is one of the document's footnotes, endnotes or text boxes,
  or a lone number of up to three digits (a footnote mark), is not a difference.
Every other difference is reported with the Word document's paragraph label ("3.2", "Paragraph
14") and the PDF's page, up to ``MAX_DIFFERENCES``.

No Django here. The texts hold the case's real names: callers show them through the viewer's
redactor and never put them in an audit summary.
"""

import dataclasses
import difflib
import io
import re
import unicodedata
from collections import Counter
from typing import TYPE_CHECKING

from reviewdesk.lib.report_outline import read_outline
from reviewdesk.lib.scanner.docx_reader import read_docx

if TYPE_CHECKING:
    import pypdf

MAX_DIFFERENCES = 20
MAX_WORDS_SHOWN = 40
# Parts of the Word document that are not in the body's flow.
EXTRA_PARTS = {"header", "footer", "footnote", "endnote", "text_box"}
WORD = re.compile(r"[^\W_]+(?:[-\u2010\u2011'\u2019][^\W_]+)*")
PAGE_NUMBER = re.compile(r"^\s*(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\s*$", re.I)
LINE_END_HYPHEN = re.compile(r"(?<=[^\W\d_])[-\u2010\u00ad]\s*\n\s*(?=[^\W\d_])")
# A line repeated on at least this share of the pages, at their top or bottom, is a header or
# footer (from three pages on).
REPEATED_SHARE = 0.5
EDGE_LINES = 3


@dataclasses.dataclass(frozen=True)
class Difference:
    label: str  # where in the Word document ("3.2", "Paragraph 14")
    page: int | None  # where in the PDF
    in_word: str  # the Word document's words here ("" where the PDF adds words)
    in_pdf: str  # the PDF's words here ("" where the PDF leaves words out)


@dataclasses.dataclass(frozen=True)
class TextCheck:
    words_in_word: int
    words_in_pdf: int
    differences: list[Difference]
    more: int  # differences beyond those listed

    @property
    def matches(self) -> bool:
        return not self.differences

    def as_dict(self) -> dict[str, object]:
        return {"matches": self.matches, "words_in_word": self.words_in_word,
                "words_in_pdf": self.words_in_pdf, "more": self.more,
                "differences": [dataclasses.asdict(d) for d in self.differences]}


def _words(text: str) -> list[tuple[str, str]]:
    """(key, as written) for each word: the key drops case, hyphens and apostrophes."""
    text = unicodedata.normalize("NFKC", text.replace("\u00ad", ""))
    return [(re.sub(r"[-\u2010\u2011'\u2019]", "", m.group()).casefold(), m.group())
            for m in WORD.finditer(text)]


def word_text(docx: bytes) -> tuple[list[tuple[str, str, str]], list[list[str]]]:
    """The Word document's body as (key, word, paragraph label), and the keys of each text outside
    the body's flow (headers, footers, notes, text boxes)."""
    body: list[tuple[str, str, str]] = []
    for block in read_outline(docx):
        text = block.text
        if block.number and not text.lstrip().startswith(block.number):
            text = f"{block.number} {text}"  # Word's own numbering is printed, not typed
        body += [(key, word, block.label) for key, word in _words(text)]
    document = read_docx(docx)
    extras = [[key for key, _ in _words(document.text[s.start:s.end])]
              for s in document.segments if s.part in EXTRA_PARTS]
    return body, [e for e in extras if e]


def _mask(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split())).casefold()


def _open(pdf: bytes) -> "pypdf.PdfReader":
    import pypdf  # here, not at import: every command imports this module at start-up

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    if reader.is_encrypted:
        reader.decrypt("")
    return reader


def pdf_pages(pdf: bytes) -> list[str]:
    """Each page's text, line by line, as pypdf reads it."""
    reader = _open(pdf)
    return [page.extract_text() or "" for page in reader.pages]


def _running_lines(lines: list[list[str]], body: str) -> set[tuple[int, str]]:
    """Headers and footers the PDF's maker added: a line in the same place (counted from the
    top, or from the bottom as a negative number) on most pages, page numbers masked, that the
    body does not itself say."""
    if len(lines) < 3:
        return set()
    places: Counter[tuple[int, str]] = Counter()
    for page in lines:
        for i in range(min(EDGE_LINES, len(page))):
            places[(i, _mask(page[i]))] += 1
            places[(-1 - i, _mask(page[-1 - i]))] += 1
    return {(i, m) for (i, m), n in places.items()
            if n >= REPEATED_SHARE * len(lines) and f" {_keys(m)} " not in body}


def _keys(text: str) -> str:
    return " ".join(key for key, _ in _words(text))


def _page_words(pages: list[str], body: str,
                extras: list[list[str]]) -> list[tuple[str, str, int]]:
    """The PDF's words (key, as written, page number) without headers, footers and page numbers."""
    lines = [[line for line in page.splitlines() if line.strip()] for page in pages]
    running = _running_lines(lines, body)
    out: list[tuple[str, str, int]] = []
    for number, page in enumerate(lines, 1):
        top, bottom = 0, len(page)
        while top < min(EDGE_LINES, bottom) and (
                (top, _mask(page[top])) in running or PAGE_NUMBER.match(page[top])):
            top += 1
        while bottom > max(top, len(page) - EDGE_LINES) and (
                (bottom - 1 - len(page), _mask(page[bottom - 1])) in running
                or PAGE_NUMBER.match(page[bottom - 1])):
            bottom -= 1
        words = _words(LINE_END_HYPHEN.sub("", "\n".join(page[top:bottom])))
        keys = [key for key, _ in words]
        start, end = 0, len(words)
        trimmed = True
        while trimmed:  # the document's own header, footer and notes at the page's edges
            trimmed = False
            for extra in extras:
                if len(extra) <= end - start and keys[start:start + len(extra)] == extra:
                    start, trimmed = start + len(extra), True
                if len(extra) <= end - start and keys[end - len(extra):end] == extra:
                    end, trimmed = end - len(extra), True
        out += [(key, word, number) for key, word in words[start:end]]
    return out


def _mark(key: str) -> bool:
    """A footnote or endnote mark: a short number or roman numeral."""
    return len(key) <= 3 and (key.isdigit() or set(key) <= set("ivx"))


def _shown(words: list[str]) -> str:
    text = " ".join(words[:MAX_WORDS_SHOWN])
    return text + (" …" if len(words) > MAX_WORDS_SHOWN else "")


def compare(docx: bytes, pdf: bytes) -> TextCheck:
    """Whether the PDF's words are the Word document's, in the same order (see the module
    docstring for what is left out of both)."""
    body, extras = word_text(docx)
    a = [key for key, _, _ in body]
    printed = _page_words(pdf_pages(pdf), f" {' '.join(a)} ", extras)
    b = [key for key, _, _ in printed]
    joined_extras = [f" {' '.join(e)} " for e in extras]
    differences: list[Difference] = []
    more = 0
    matcher = difflib.SequenceMatcher(None, a, b)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag == "insert":
            added = b[j1:j2]
            if all(_mark(k) for k in added):
                continue  # footnote marks
            if any(f" {' '.join(added)} " in extra for extra in joined_extras):
                continue  # a footnote or text box printed where the PDF put it
        if len(differences) >= MAX_DIFFERENCES:
            more += 1
            continue
        at = min(i1, len(body) - 1)
        differences.append(Difference(
            label=body[at][2] if body else "",
            page=printed[min(j1, len(printed) - 1)][2] if printed else None,
            in_word=_shown([w for _, w, _ in body[i1:i2]]),
            in_pdf=_shown([w for _, w, _ in printed[j1:j2]])))
    return TextCheck(words_in_word=len(a), words_in_pdf=len(b), differences=differences,
                     more=more)


# --- The PDF's own hidden content ------------------------------------------------------------

def annotations(pdf: bytes) -> int:
    """Annotations a reader can open that carry text or a person's name (sticky notes, comments,
    highlights with a note): not links, not form widgets without text."""
    reader = _open(pdf)
    found = 0
    for page in reader.pages:
        for ref in page.get("/Annots") or []:
            annotation = ref.get_object()
            if annotation.get("/Subtype") == "/Link":
                continue
            if str(annotation.get("/Contents") or "").strip() or str(
                    annotation.get("/T") or "").strip():
                found += 1
    return found


def strip_metadata(pdf: bytes) -> tuple[bytes, int]:
    """The PDF without its document information (author, title, subject, keywords, the program
    that made it) and XMP metadata; and how many fields were filled in."""
    reader = _open(pdf)
    filled = sum(1 for value in (reader.metadata or {}).values() if str(value).strip())
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=reader)
    writer.metadata = None
    root = writer._root_object
    if "/Metadata" in root:
        filled += 1
        del root["/Metadata"]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), filled
