"""The findings and recommendations a final report holds, read from its outline
(``reviewdesk.lib.report_outline``) for the person to check, edit or untick before anything is
saved. No Django here.

Recommendations are read exactly as the report checklist reads them
(``report_checklist.recommendations_of``: the paragraphs under a heading holding
"Recommendation", numbered by the document, typed "1.", "Recommendation 1", "R1", or a table with
the number in its first cell); only the number is taken off the front of each text here, and a
table row is split into its recommendation and whom it is addressed to.

Reports set out their findings in more ways, tried in this order:

1. items labelled with a number — "Finding 1", "Key finding 2", "Learning 3", "Lesson 4" — as
   headings (the heading's words, then the first paragraph under it) or at the start of
   paragraphs (anywhere outside the recommendations);
2. else the section under a heading holding "Findings" (then "Learning", "Lessons", "What we
   learned", then "Analysis"): its sub-headings, each with the first paragraph under it; or, with
   none, its numbered paragraphs (unnumbered ones after a numbered one belong to it); or, with
   none numbered, each paragraph.

Where the report gives no number, items are numbered in the order they appear (and say so).
"""

import dataclasses
import re
from collections.abc import Sequence
from typing import Any

from reviewdesk.lib import report_checklist as measures

LABELLED = re.compile(
    r"^\s*(?:key\s+)?(?:finding|learning(?:\s+point)?|lesson(?:\s+learned|\s+learnt)?)\s*"
    r"(\d{1,3})\b\s*[:.)\-\u2013\u2014]?\s*", re.I)
# Section headings for findings, most specific first: the first that finds anything is used.
FINDING_HEADINGS: tuple[tuple[str, ...], ...] = (
    ("finding",), ("learning", "lesson", "what we learned", "what we learnt"), ("analysis",))
RECOMMENDATION_PREFIX = re.compile(
    r"^\s*(?:recommendation|rec\.?|r)\s*\d{1,3}(?:\.\d{1,2})*\b\s*[:.)\-\u2013\u2014]?\s*", re.I)
TABLE_NUMBER = re.compile(r"(?:R|Rec\.?\s*|Recommendation\s*)?(\d{1,3})(?:\.\d{1,2})*\.?", re.I)

# What the refusal says was looked for, in the person's words.
LOOKED_FOR = (
    "Review Desk looked for recommendations under a heading holding \"Recommendations\" "
    "(numbered \"1.\", \"Recommendation 1\" or \"R1\", by Word's numbering, or as a table with "
    "the number in its first column), and for findings labelled \"Finding 1\", \"Key finding "
    "1\" or \"Learning 1\" (as headings or at the start of paragraphs), or under a heading "
    "holding \"Findings\", \"Learning\", \"Lessons\" or \"Analysis\".")


@dataclasses.dataclass
class Item:
    """One finding or recommendation as read: its number, its words, where it is in the report
    and, for a recommendation, whom it is addressed to."""

    number: int
    text: str
    label: str  # where it is: "7.2", "Paragraph 14", "Table 1"
    addressed_to: str = ""


@dataclasses.dataclass
class Reading:
    findings: list[Item]
    recommendations: list[Item]
    # The report gave no numbers of its own: numbered here in the order they appear.
    findings_numbered_in_order: bool = False
    recommendations_numbered_in_order: bool = False

    @property
    def empty(self) -> bool:
        return not self.findings and not self.recommendations


def _int(number: str) -> int | None:
    """The number of "3" or "R3"; of "4.2" (the second paragraph of section 4), 2."""
    found = re.findall(r"\d{1,3}", number or "")
    return int(found[-1]) if found else None


def _numbered(found: list[tuple[int | None, str, str, str]]) -> tuple[list[Item], bool]:
    """Items from (number or None, text, label, addressed to): in order, numbered by the report
    where it numbers every one of them with different numbers, else 1, 2, 3…"""
    numbers = [n for n, *_ in found]
    by_report = all(n is not None for n in numbers) and len(set(numbers)) == len(numbers)
    items = [Item(n if by_report and n is not None else i, text.strip(), label, to)
             for i, (n, text, label, to) in enumerate(found, start=1) if text.strip()]
    return items, bool(items) and not by_report


# --- Recommendations --------------------------------------------------------------------------

def _table_rows(rec: dict[str, Any], lists: measures.Lists | None
                ) -> tuple[int | None, str, str] | None:
    """A table row: (number, recommendation, addressed to), or None for a heading row."""
    cells = [c.strip() for c in rec["text"].split(" | ")]
    first = TABLE_NUMBER.fullmatch(cells[0]) if cells else None
    if first is None:
        return None
    text = cells[1] if len(cells) > 1 else ""
    rest = ", ".join(c for c in cells[2:] if c)
    return int(first.group(1)), text, rest or _addressed(text, lists)


def _addressed(text: str, lists: measures.Lists | None) -> str:
    return measures._addresses(text, lists) if lists is not None else ""


def _strip_number(text: str) -> str:
    text = RECOMMENDATION_PREFIX.sub("", text, count=1)
    return measures.prose(text)


def recommendations(outline: Sequence[dict[str, Any]], lists: measures.Lists | None = None
                    ) -> tuple[list[Item], bool]:
    _, recs, _ = measures.recommendations_of(outline)
    tables = {r["label"] for r in recs if r["label"].startswith("Table ")}
    found: list[tuple[int | None, str, str, str]] = []
    rows = {id(rec): _table_rows(rec, lists) for rec in recs if rec["label"] in tables}
    # Beside a table of numbered recommendations, an unnumbered paragraph introduces it.
    table_numbered = any(row is not None for row in rows.values())
    for rec in recs:
        if rec["label"] in tables:
            row = rows[id(rec)]
            if row is not None:
                found.append((row[0], row[1], rec["label"], row[2]))
            continue
        if table_numbered and not rec["number"]:
            continue
        text = _strip_number(rec["text"])
        found.append((_int(rec["number"]), text, rec["label"], _addressed(text, lists)))
    return _numbered(found)


# --- Findings ---------------------------------------------------------------------------------

def _first_paragraph_after(outline: Sequence[dict[str, Any]], index: int) -> str:
    """The paragraph straight after block ``index``, if no heading comes first."""
    heads = {h["index"] for h in measures.headings_of(outline)}
    for block in outline[index + 1:]:
        if block["index"] in heads or block["kind"] != "paragraph":
            return ""
        return str(block["text"])
    return ""


def _with_paragraph(title: str, outline: Sequence[dict[str, Any]], index: int) -> str:
    title = title.strip().rstrip(":")
    after = measures.prose(_first_paragraph_after(outline, index))
    if not after:
        return title
    joiner = " " if re.search(r"[.!?]$", title) else ". "
    return f"{title}{joiner}{after}" if title else after


def _labelled(outline: Sequence[dict[str, Any]], skip: set[int]
              ) -> list[tuple[int | None, str, str, str]]:
    heads = {h["index"] for h in measures.headings_of(outline)}
    found: list[tuple[int | None, str, str, str]] = []
    for block in outline:
        if block["index"] in skip or block["kind"] == "table":
            continue
        match = LABELLED.match(block["text"])
        if match is None:
            continue
        rest = block["text"][match.end():]
        if block["index"] in heads:
            text = _with_paragraph(rest, outline, block["index"])
        else:
            text = rest
        found.append((int(match.group(1)), text, block["label"], ""))
    return found


def _in_section(outline: Sequence[dict[str, Any]], phrases: tuple[str, ...], skip: set[int]
                ) -> list[tuple[int | None, str, str, str]]:
    section = [b for b in measures.blocks_under(outline, phrases) if b["index"] not in skip]
    heads = {h["index"] for h in measures.headings_of(outline)}
    subheads = [b for b in section if b["index"] in heads]
    if subheads:
        return [(None, _with_paragraph(measures.prose(h["text"]), outline, h["index"]),
                 h["label"], "") for h in subheads]
    paragraphs = [b for b in section if b["kind"] == "paragraph"]
    numbered = [b for b in paragraphs if b["number"]]
    if not numbered:
        return [(None, b["text"], b["label"], "") for b in paragraphs]
    found: list[tuple[int | None, str, str, str]] = []
    for block in paragraphs:
        if block["number"]:
            found.append((_int(block["number"]), measures.prose(block["text"]), block["label"],
                          ""))
        elif found:
            number, text, label, to = found[-1]
            found[-1] = (number, f"{text}\n{block['text']}", label, to)
    return found


def findings(outline: Sequence[dict[str, Any]]) -> tuple[list[Item], bool]:
    # Never the recommendations themselves, whatever they are labelled.
    skip = {b["index"] for b in measures.blocks_under(outline, measures.RECOMMENDATION_HEADINGS)}
    found = _labelled(outline, skip)
    if not found:
        for phrases in FINDING_HEADINGS:
            found = _in_section(outline, phrases, skip)
            if found:
                break
    return _numbered(found)


def read(outline: Sequence[dict[str, Any]], lists: measures.Lists | None = None) -> Reading:
    """Everything the report's outline holds of its findings and recommendations."""
    found, found_in_order = findings(outline)
    recs, recs_in_order = recommendations(outline, lists)
    return Reading(found, recs, found_in_order, recs_in_order)
