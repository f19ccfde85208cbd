"""The publication scan: the review's register first, then unregistered identifiers.

``scan(document, entries)`` returns ``ScanFinding``s sorted by position, each saying which part of
the document it is in. The register matcher knows the case's real identities in every form; the
unregistered layer (``reviewdesk.lib.scanner.unregistered``) looks for people, addresses and numbers
the register does not hold (``source`` 'pattern' or 'model'). A finding of the register wins over
an overlapping one from the unregistered layer.

The unregistered layer needs a spaCy model, loaded once per process on first use (a second or
two); a background worker calls ``warm_up()`` at start so that no upload waits for it.
"""

import dataclasses
import re
from collections.abc import Callable, Iterator

from reviewdesk.lib.scanner import unregistered as unregistered_layer
from reviewdesk.lib.scanner.documents import Document
from reviewdesk.lib.scanner.matcher import RegisterMatcher

# How many characters are scanned between two progress reports.
CHUNK = 20_000


@dataclasses.dataclass(frozen=True)
class ScanFinding:
    start: int
    end: int
    text: str
    part: str
    category: str
    reason: str
    suggestion: str
    entry_name: str = ""  # the register entry's real name; empty for unregistered identifiers
    source: str = "register"  # register, pattern or model
    entry_index: int = -1  # for register findings: the entry's position in the entries scanned

    def as_json(self) -> dict:
        return {
            "start": self.start, "end": self.end, "text": self.text, "part": self.part,
            "category": self.category, "reason": self.reason, "suggestion": self.suggestion,
        }


def _chunks(document: Document) -> Iterator[tuple[int, int]]:
    """Split at segment boundaries into pieces of about CHUNK characters (never inside a part)."""
    start = 0
    text = document.text
    for seg in document.segments:
        if seg.end - start >= CHUNK:
            yield start, seg.end
            start = seg.end
    if start < len(text):
        yield start, len(text)


def replacement(text: str, category: str, label: str) -> str:
    """What replaces a registered finding: the entry's pseudonym or label, possessive where the
    name was ("Kayden's" -> "Child A's"); a date of birth becomes a placeholder, since "born on
    Child A" would not read."""
    if category == "date_of_birth":
        return "[date of birth]"
    possessive = re.search(r"['\u2019]s$", text)
    if label and possessive and not re.search(r"['\u2019]s$", label):
        label += possessive.group(0)
    return label


def warm_up() -> None:
    """Load the named-entity model now (a second or two), so a worker's first scan is not slow."""
    unregistered_layer.load()
    unregistered_layer.first_names()


# Forms of a registered name that are one word, which an ordinary word can equal ('Hope',
# 'Will', 'Brook'): where capitals say nothing, the word's part of speech decides.
ONE_WORD_FORMS = frozenset({"first", "surname", "alias", "hyphen_part"})


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def scan(document: Document, entries: list[dict], *, unregistered: bool = True,
         progress: Callable[[int, int], None] | None = None) -> list[ScanFinding]:
    matcher = RegisterMatcher(entries)
    finder = unregistered_layer.UnregisteredFinder(entries) if unregistered else None
    findings: list[ScanFinding] = []
    total = len(document.text)
    words: list = []
    for lo, hi in _chunks(document):
        piece = document.text[lo:hi]
        # The matcher leaves its own findings inside a pseudonym or label out; the
        # unregistered layer's are left out here, from the same spans.
        labelled = matcher.labelled_spans(piece)
        registered = matcher.find(piece)
        if finder is not None:
            # The part-of-speech tagger comes with the model: 'Hope was expressed' opening a
            # sentence is a noun, not the aunt called Hope.
            lower_words = unregistered_layer.lower_case_words(piece)
            words = [f for f in registered if
                     f.form in ONE_WORD_FORMS and " " not in f.text.strip()
                     and unregistered_layer.capitalisation_is_no_evidence(piece, f.start)
                     and unregistered_layer.is_ordinary_word(piece, f.start, f.end, lower_words)]
            registered = [f for f in registered if f not in words]
        for f in registered:
            start, end = lo + f.start, lo + f.end
            findings.append(ScanFinding(
                start, end, f.text, document.part_at(start), f.category, f.reason,
                replacement(f.text, f.category, f.suggestion), f.entry_name, "register",
                f.entry_index))
        if finder is not None:
            # The register's findings are passed in so they win: a registered name is reported
            # with its pseudonym, never also as 'another person'.
            # An ordinary word the register's name equals is not the model's to call a name.
            for f in finder.find(piece, skip=[(r.start, r.end) for r in [*registered, *words]]):
                if _inside(labelled, f.start, f.end):
                    continue
                start, end = lo + f.start, lo + f.end
                findings.append(ScanFinding(start, end, f.text, document.part_at(start), f.category,
                                            f.reason, f.suggestion, "", f.source))
        if progress:
            progress(hi, total)
    return sorted(findings, key=lambda f: (f.start, f.end))
