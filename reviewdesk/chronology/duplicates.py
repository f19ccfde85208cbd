"""Likely duplicates across agencies: read-only. The reviewer's decisions on them (link, dismiss)
are written by ``actions.link_duplicate`` and ``actions.dismiss_duplicate``.

The same strategy meeting is recorded by the police and by children's social care in their own
words, on the same day or, when one wrote it up the next morning, a day apart. Review Desk
suggests such pairs with the reason; the reviewer links them (the later-listed entry is shown as a
duplicate of the earlier) or dismisses the suggestion, which is then not made again. Nothing is
deleted: both entries always stay.

How a pair is scored (``score``, 0 to 1):

* Only entries dated to the day (a month- or year-only entry cannot be placed on a day), from
  different agencies, on the same day or one day apart, and not already decided either way.
* The kind of event, from keywords (``EVENT_TYPES``: strategy meeting, child protection
  conference, core group, home visit, MASH referral, section 47, hospital attendance, arrest…):
  the same kind counts for the pair; two different kinds and none in common (a health visitor's
  home visit and a school's call home) count heavily against it.
* The wording: rapidfuzz's token-set ratio on the event and action, lower-cased, with
  abbreviations spelled out (A&E, s47, PPN…) and common words removed.
* A day apart, or recorded at times more than two hours apart, lowers the score a little.

Cost: one query for the entries, one for the decisions. Entries are grouped by date; each day's
entries are compared only with those of the same and the next day from other agencies, in one
``rapidfuzz.process.cdist`` call per day. With N entries and at most k on any two adjacent days
that is O(N·k) comparisons, not O(N²): a 5,000-entry chronology over 18 months has k of a few
dozen.
"""

import dataclasses
import re
from collections import defaultdict
from datetime import date, timedelta

import numpy
from django.db.models import Q
from rapidfuzz import fuzz, process

from reviewdesk.chronology.merge import current_entries, sort_key
from reviewdesk.chronology.models import DuplicateDecision, Entry
from reviewdesk.reviews.models import Review

# Suggested at or above this score (tuned on bench/chronology/duplicates.py's labelled set).
THRESHOLD = 0.62
ADJACENT_DAY = 0.92  # a day apart: the same event written up the next day, usually
TIMES_APART = 0.9  # both timed, more than two hours apart
TYPE_WEIGHT = 0.4  # the share of the score that the kind of event gives
# The least wording similarity that can reach THRESHOLD (with the same kind of event).
_FLOOR = (THRESHOLD - TYPE_WEIGHT) / (1 - TYPE_WEIGHT)

# (label for the reason, pattern on normalised text). The label is our own words, never theirs.
# Matched on normalised text: common words (with, the, of…) are already gone.
EVENT_TYPES: list[tuple[str, str]] = [
    ("a strategy meeting", r"\bstrategy (meeting|discussion|call)\b|\bstrat (meeting|disc)"),
    ("a child protection conference",
     r"\b(initial|review) child protection (case )?conference\b|\bicpc\b|\brcpc\b"
     r"|\bchild protection (case )?conference\b"),
    ("a core group meeting", r"\bcore group\b"),
    ("a section 47 enquiry", r"\bsection 47\b"),
    ("a MASH referral", r"\bmash\b|\bmulti agency safeguarding hub\b"),
    ("a referral", r"\breferr(al|ed)\b"),
    ("a joint visit", r"\bjoint (home )?visit\b|\bjointly\b"),
    ("a home visit", r"\bhome visit\b|\bvisited (the )?(family )?home\b"),
    ("a hospital attendance",
     r"\bemergency department\b|\bhospital\b|\bpaediatric (ward|assessment)\b|\badmitted\b"),
    ("an arrest", r"\barrest(ed)?\b|\bin custody\b"),
    ("a school exclusion", r"\bexclu(ded|sion)\b|\bsuspen(ded|sion)\b"),
    # Not a public protection notice on its own: the police send one for any child at risk.
    ("a domestic abuse incident", r"\bdomestic (abuse|incident|violence)\b|\bdash\b"),
    ("a missed appointment", r"\b(did not attend|not brought|missed appointment|dna)\b"),
    ("a GP appointment", r"\bgp (appointment|consultation|review)\b|\bsurgery\b"),
    ("a telephone call", r"\b(tele)?phone(d| call)?\b|\bcalled\b"),
    ("a welfare check", r"\bwelfare check\b"),
    ("a legal planning meeting", r"\blegal (planning )?meeting\b|\bpublic law outline\b|\bplo\b"),
]
_TYPES = [(label, re.compile(pattern)) for label, pattern in EVENT_TYPES]
# Kinds of contact so general that sharing them says little, and differing on them says nothing.
# A home visit is everyday work of several agencies on their own: on the same day, two agencies'
# home visits are as often two visits as one (a joint visit is its own kind).
_WEAK_TYPES = {"a telephone call", "a referral", "a home visit"}

# Abbreviations agencies use for the same thing, spelled out before comparing.
_SPELL_OUT = [
    (r"\ba\s*&\s*e\b|\baande\b", "emergency department"),
    (r"\bed\b(?= (attendance|department|visit))|\bed attendance\b", "emergency department"),
    (r"\bs\.?\s?47\b", "section 47"),
    (r"\bs\.?\s?17\b", "section 17"),
    (r"\bcsc\b|\bchildrens social care\b|\bchildren s social care\b", "social care"),
    (r"\bsw\b", "social worker"),
    (r"\bhv\b", "health visitor"),
    (r"\bcp\b", "child protection"),
    (r"\bhome visited\b", "home visit"),
    (r"\bstrat\b", "strategy"),
    (r"\bmtg\b", "meeting"),
    (r"\bdv\b", "domestic violence"),
    (r"\bppn\b", "public protection notice"),
    (r"\bcgm\b", "core group meeting"),
    (r"\bsuspension\b", "exclusion"),
    (r"\bsuspended\b", "excluded"),
]
_SPELL_OUT_RE = [(re.compile(p), r) for p, r in _SPELL_OUT]
_STOPWORDS = frozenset("""
a an the and or but of to in on at for from by with without as is was were be been being it its this
that these those he she they them his her their there here who whom which what when where then than
so not no nor had has have having did do does done into onto over under up out off about after
before during via per also any all some each other same again very more most can could would should
will may might must shall our we us i me my you your
""".split())


@dataclasses.dataclass(frozen=True)
class Suggestion:
    """A likely duplicate: ``entry`` (listed later) and ``original`` (listed earlier)."""

    entry_id: int
    original_id: int
    score: float
    reason: str


@dataclasses.dataclass
class _Item:
    id: int
    agency_id: int
    date: date
    time: object
    key: tuple
    text: str
    types: frozenset[str]


def normalise(text: str) -> str:
    """Lower-case words with abbreviations spelled out and common words dropped."""
    text = text.lower().replace("’", "'").replace("'s ", "s ")
    text = re.sub(r"[^a-z0-9&]+", " ", text)
    for pattern, replacement in _SPELL_OUT_RE:
        text = pattern.sub(replacement, text)
    return " ".join(w for w in text.split() if w not in _STOPWORDS)


def event_types(text: str) -> frozenset[str]:
    """The kinds of event normalised text describes (labels of ``EVENT_TYPES``)."""
    return frozenset(label for label, pattern in _TYPES if pattern.search(text))


def score(a_text: str, a_types: frozenset[str], b_text: str, b_types: frozenset[str],
          *, days_apart: int = 0, minutes_apart: int | None = None) -> tuple[float, float]:
    """(score, wording similarity) of two normalised entries; see the module's docstring."""
    similarity = fuzz.token_set_ratio(a_text, b_text) / 100
    return _combine(similarity, a_types, b_types, days_apart, minutes_apart), similarity


def _combine(similarity: float, a_types: frozenset[str], b_types: frozenset[str], days_apart: int,
             minutes_apart: int | None) -> float:
    shared = a_types & b_types
    strong_a, strong_b = a_types - _WEAK_TYPES, b_types - _WEAK_TYPES
    if shared - _WEAK_TYPES:
        value = TYPE_WEIGHT + (1 - TYPE_WEIGHT) * similarity
    elif strong_a and strong_b:
        # Two different kinds of event (a home visit and a hospital attendance): not the same
        # event however alike the words, unless they are nearly word for word.
        value = similarity * 0.5
    else:
        value = similarity * (1 - TYPE_WEIGHT / 2) + (0.05 if shared else 0)
    if days_apart:
        value *= ADJACENT_DAY
    if minutes_apart is not None and minutes_apart > 120:
        value *= TIMES_APART
    return value


def _reason(days_apart: int, shared: frozenset[str], similarity: float) -> str:
    """The reason in our words only: never a word of the entries (names, the family's story)."""
    parts = ["Same day" if days_apart == 0 else "A day apart"]
    strong = sorted(shared - _WEAK_TYPES) or sorted(shared)
    if strong:
        parts.append(f"both describe {strong[0]}")
    parts.append(f"{round(similarity * 100)}% of the wording shared")
    return "; ".join(parts)


def _minutes(value: object) -> int | None:
    return None if value is None else value.hour * 60 + value.minute  # type: ignore[attr-defined]


def _groups(links: dict[int, int]) -> dict[int, int]:
    """Each linked entry's group: the original at the end of its chain of links."""
    roots = {}
    for start in links:
        seen, node = {start}, start
        while node in links and links[node] not in seen:
            node = links[node]
            seen.add(node)
        roots[start] = node
    return roots


def suggest_duplicates(review: Review, *, limit: int | None = None,
                       hidden: Q | None = None) -> list[Suggestion]:
    """Likely duplicates across agencies, best first (then in chronology order).

    Pairs already decided (linked or dismissed, in either direction) and pairs already in the
    same linked group are left out; ``original`` is the entry listed earlier in the merged
    chronology. Entries ``hidden`` from the reader (restricted by advice) are never suggested,
    nor counted among the suggestions."""
    rows = (current_entries(review, hidden=hidden).filter(precision=Entry.Precision.DAY)
            .values("id", "agency_id", "date", "precision", "sequence", "time", "position", "event",
                    "action", "agency__name"))
    by_date: dict[date, list[_Item]] = defaultdict(list)
    for row in rows.iterator(chunk_size=5000):
        event, action = normalise(row["event"]), normalise(row["action"])
        # The kind of event is what the event column says happened; the action (often the next
        # step: "core group to meet") only when the event names no kind.
        types = event_types(event) or event_types(action)
        key = sort_key(row | {"agency_name": row["agency__name"]})
        by_date[row["date"]].append(_Item(row["id"], row["agency_id"], row["date"], row["time"],
                                          key, f"{event} {action}", types))
    decided = {frozenset(pair) for pair in DuplicateDecision.objects.filter(review=review)
               .values_list("entry_id", "original_id")}
    links = dict(DuplicateDecision.objects.filter(review=review, decision=DuplicateDecision.Decision.LINKED)
                 .values_list("entry_id", "original_id"))
    groups = _groups(links)
    groups.update({o: groups.get(o, o) for o in links.values()})

    found: list[tuple[float, tuple, Suggestion]] = []
    for day in sorted(by_date):
        here = by_date[day]
        for days_apart, there in ((0, here), (1, by_date.get(day + timedelta(days=1), []))):
            if not there:
                continue
            matrix = process.cdist([i.text for i in here], [i.text for i in there],
                                   scorer=fuzz.token_set_ratio, workers=1)
            # Only pairs whose wording could reach the threshold with the best kind-of-event
            # bonus are looked at one by one.
            for a_index, b_index in zip(*numpy.nonzero(matrix >= _FLOOR * 100), strict=True):
                a, b = here[a_index], there[b_index]
                if a.agency_id == b.agency_id or (days_apart == 0 and b_index <= a_index):
                    continue
                pair = frozenset((a.id, b.id))
                if pair in decided or (a.id in groups and groups[a.id] == groups.get(b.id)):
                    continue
                minutes = (abs(_minutes(a.time) - _minutes(b.time))  # type: ignore[operator]
                           if days_apart == 0 and a.time and b.time else None)
                similarity = float(matrix[a_index, b_index]) / 100
                value = _combine(similarity, a.types, b.types, days_apart, minutes)
                if value < THRESHOLD:
                    continue
                original, later = (a, b) if a.key < b.key else (b, a)
                found.append((value, original.key, Suggestion(
                    later.id, original.id, round(value, 3),
                    _reason(days_apart, a.types & b.types, similarity))))
    found.sort(key=lambda f: (-f[0], f[1]))
    suggestions = [s for _v, _k, s in found]
    return suggestions[:limit] if limit is not None else suggestions


def duplicate_of(review: Review) -> dict[int, int]:
    """Linked duplicates: entry id -> the id of the original at the head of its group (so an
    export's ``duplicate_of`` always names an entry that is not itself a duplicate)."""
    links = dict(DuplicateDecision.objects.filter(review=review, decision=DuplicateDecision.Decision.LINKED)
                 .values_list("entry_id", "original_id"))
    return _groups(links)
