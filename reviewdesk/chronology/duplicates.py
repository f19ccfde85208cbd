"""Likely duplicates across agencies. The reviewer's decisions on them (link, dismiss) are
written by ``actions.link_duplicate`` and ``actions.dismiss_duplicate``; the suggestions
themselves are worked out once for each set of accepted chronologies and stored (``refresh``,
in the background after an acceptance), and pages and exports read them (``open_suggestions``).

The same strategy meeting is recorded by the police and by children's social care in their own
words, on the same day or, when one wrote it up the next morning, a day apart. Review Desk
suggests such pairs with the reason; the reviewer links them (the later-listed entry is shown as a
duplicate of the earlier) or dismisses the suggestion, which is then not made again. Nothing is
deleted: both entries always stay.

How a pair is scored (``score``, 0 to 1):

* Only entries dated to the day (a month- or year-only entry cannot be placed on a day), from
  different agencies, on the same day or one day apart, and not already decided either way; or
  one agency's entry pasted twice (the same day, nearly word for word: ``SAME_AGENCY``).
* An e-mail, call or report about a meeting is not the meeting; both sides of one phone call at
  the same time are strong evidence (issue 20, on files written outside the project).
* The kind of event, from keywords (``EVENT_TYPES``: strategy meeting, child protection
  conference, core group, home visit, MASH referral, section 47, hospital attendance, arrest…):
  the same kind counts for the pair; two different kinds and none in common (a health visitor's
  home visit and a school's call home) count heavily against it.
* The wording: rapidfuzz's token-set ratio on the event and action, lower-cased, with
  abbreviations spelled out (A&E, s47, PPN…) and common words removed.
* A day apart, or recorded at times more than two hours apart, lowers the score a little. A day
  apart is possible only for one notice sent at night and logged next morning, one meeting
  neither entry is only about, or nearly the same words (``_may_cross_midnight``): an incident
  and next day's visit or call about it are two events.
* Two messages (e-mail, call, referral, notice) on one day, each naming the other's agency, are
  one exchange recorded on both sides (``_naming``).
* Each entry keeps at most one suggestion from each other agency, its best (``_one_each``):
  one event is one entry in each agency's chronology (decision 0065).

Cost: one query for the entries, one for the decisions. Entries are grouped by date; each day's
entries are compared only with those of the same and the next day from other agencies, in one
``rapidfuzz.process.cdist`` call per day. With N entries and at most k on any two adjacent days
that is O(N·k) comparisons, not O(N²): a 5,000-entry chronology over 18 months has k of a few
dozen.
"""

import dataclasses
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

import numpy
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from rapidfuzz import fuzz, process

from reviewdesk.accounts.models import Agency
from reviewdesk.chronology.merge import current_entries, sort_key
from reviewdesk.chronology.models import (
    DuplicateDecision,
    DuplicateScan,
    DuplicateSuggestion,
    Entry,
    Submission,
)
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
    # The police officer, the social worker and the paediatrician each record the one examination,
    # near the start; one named at the end of an entry is usually still to come ("...admitted,
    # CP medical to follow").
    ("a child protection medical", r"^(\S+ ){0,10}child protection medical\b"),
    ("a MASH referral", r"\bmash\b|\bmulti agency safeguarding hub\b"),
    ("a referral", r"\breferr(al|ed)\b"),
    ("a joint visit", r"\bjoint (home )?visit\b|\bjointly\b|\bjoint health visitor\b"),
    ("a home visit", r"\bhome visit\b|\bvisited (the )?(family )?home\b"),
    ("a hospital attendance",
     r"\bemergency department\b|\bhospital\b|\bpaediatric (ward|assessment)\b|\badmitted\b"),
    ("an arrest", r"\barrest(ed)?\b|\bin custody\b"),
    # Not "excluded" alone: a doctor's "inflicted injury cannot be excluded" is no exclusion.
    ("a school exclusion", r"\bexclusion\b|\bexcluded (\w+ ){0,2}(school|days?|class|lessons?|\d+)\b"
     r"|\b(fixed term|permanently) excluded\b"),
    # Not a public protection notice on its own: the police send one for any child at risk.
    ("a domestic abuse incident", r"\bdomestic (abuse|incident|violence)\b|\bdash\b"),
    ("a missed appointment", r"\b(did not attend|not brought|missed appointment|dna)\b"),
    ("a GP appointment", r"\bgp (appointment|consultation|review)\b|\bsurgery\b"),
    ("a telephone call", r"\b(tele)?phone(d| call)?\b|\bcalled\b|\brang\b|^(\S+ )?call\b"),
    ("a welfare check", r"\bwelfare check\b"),
    ("a legal planning meeting", r"\blegal (planning )?meeting\b|\bpublic law outline\b|\bplo\b"),
    # Issue 20: the multi-agency meetings and notices every agency records in its own words.
    # 'in' is a common word, gone before the patterns are matched.
    ("a child in need meeting", r"\bchild (in )?need (meeting|review|planning)\b"),
    ("a MARAC", r"\bmulti agency risk assessment conference\b"),
    ("a professionals meeting", r"\bprofessionals (meeting|mtg)\b"),
    ("a police notification", r"\bpublic protection notice\b|\bencompass\b"
     r"|\bpolice (\w+ ){0,3}notification\b|\bnotification (\w+ ){0,2}police\b"),
    ("a hospital notification",
     r"\b(notification|letter)\b( \w+){0,4} (emergency department|hospital)\b"
     r"|\b(emergency department|hospital)( \w+){0,3} (notification|letter)\b"
     r"|\bpaediatric liaison\b"),
    ("an out of hours call", r"\bemergency duty team\b"),
    # Exploitation cases: the missing episode, the interview on return, the NRM's decision.
    ("a missing episode", r"\breported missing\b|\bmissing (person|episode|from home|report)\b"
     r"|\bmisper\b"),
    ("a return home interview", r"\breturn home interview\b"),
    ("a National Referral Mechanism decision", r"\b(reasonable|conclusive) grounds\b"),
    ("a video-recorded interview", r"\bachieving best evidence\b|\bvideo (recorded )?interview\b"),
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
    (r"\bcin\b", "child in need"),
    (r"\bmarac\b", "multi agency risk assessment conference"),
    (r"\bicpc\b", "initial child protection conference"),
    (r"\brcpc\b", "review child protection conference"),
    (r"\bdsl\b", "designated safeguarding lead"),
    (r"\bidva\b", "independent domestic violence advisor"),
    (r"\bsenco\b", "special educational needs coordinator"),
    (r"\bedt\b", "emergency duty team"),
    (r"\babe\b", "achieving best evidence"),
    (r"\bpln\b", "paediatric liaison nurse"),
    (r"\bop encompass\b|\boperation encompass\b", "encompass"),
    (r"\bprofs\b", "professionals"),
    (r"\brecieved\b", "received"),
    (r"\bmarf\b", "multi agency referral form mash"),
    (r"\brhi\b", "return home interview"),
    (r"\bjdp\b", "joint decision panel"),
]
_SPELL_OUT_RE = [(re.compile(p), r) for p, r in _SPELL_OUT]
# Meetings every agency attends: an e-mail, call, report or discussion about one is not the
# meeting itself ("Email from SW: RCPC outcome" and "RCPC attended" are two events).
_MEETINGS = frozenset({"a strategy meeting", "a child protection conference",
                       "a core group meeting", "a child in need meeting", "a MARAC",
                       "a professionals meeting", "a legal planning meeting"})
_ABOUT = re.compile(r"^(?:(?:social worker|health visitor|designated safeguarding lead|police|gp|"
                    r"school|sw|hv) )?(?:e ?mail(?:ed)?|letter|text(?:ed)?|call(?:ed)?|tel|"
                    r"phone(?:d)?|rang|telephone|discussed|report|invit(?:e|ation)|minutes|pre|"
                    r"outcome|feedback|information|info|request(?:ed)?)\b"
                    r"(?! (?:strategy|child protection|core group|child in need|multi agency|"
                    r"professionals|meeting|conference))")
# An entry that says someone attended is the meeting, whatever it starts with ("Police report
# provided; DC dialled in to the RCPC").
_ATTENDED = re.compile(r"\b(?:attended|dialled|dialed|joined|chaired)\b")
# What an entry can be about without being it: the meetings, and the section 47 enquiry (a
# request for information for one is not the social worker's visit in it).
_ABOUT_WHAT = _MEETINGS | {"a section 47 enquiry"}
# Notices that cross midnight: the police send one late at night, social care, the school or
# health log it next morning.
_NOTICES = frozenset({"a police notification", "a hospital notification", "a MASH referral",
                      "an out of hours call"})
_MESSAGES = frozenset({"a telephone call", "a referral", "a MASH referral"}) | _NOTICES
_MESSAGE_WORDS = re.compile(r"\b(?:e ?mail(?:ed|s)?|letter|sent|received|repl(?:y|ied)|response|"
                            r"phoned|rang|called|text(?:ed)?|fax(?:ed)?)\b")
NEAR_VERBATIM = 0.85  # a day apart, any kind: the same record misdated by a day
# How other agencies' records name an agency, by what its name says it is ("Email to SW",
# "MARF received from Brookfield Primary"): (pattern on its normalised name, words that name it).
_NAMED_AS: list[tuple[str, str]] = [
    # Not "PC" or "DS": a hospital's presenting complaint, a discharge summary.
    (r"\bpolice\b|\bconstabulary\b", r"police|dc|officers?|constabulary"),
    (r"\bsocial care\b|\bchildren ?s? services\b|\bsocial services\b|\bmash\b",
     r"social workers?|social care|mash|emergency duty team|children ?s? services|duty team"),
    (r"\bschool\b|\bprimary\b|\bacademy\b|\bcollege\b|\bnursery\b|\beducation\b",
     r"school|designated safeguarding lead|special educational needs coordinator|head ?teacher"
     r"|class teacher|nursery"),
    (r"\bgp\b|\bmedical centre\b|\bsurgery\b|\bpractice\b|\bhealth centre\b", r"gp|surgery"),
    (r"\bhealth visit|\b0 19\b|\bcommunity health\b", r"health visitors?|0 19|school nurse"),
    (r"\bhospitals?\b|\bnhs (ft|foundation|trust)\b",
     r"hospital|emergency department|ward|paediatric liaison nurse|safeguarding midwife"),
    (r"\bhousing\b|\bhomes\b", r"housing|housing officer"),
    (r"\bdomestic (abuse|violence) service\b|\bindependent domestic violence\b|\brefuge\b",
     r"independent domestic violence advisor|refuge"),
    (r"\bprobation\b", r"probation|probation officer"),
    (r"\bambulance\b", r"ambulance|paramedics?|crew"),
]
_GENERIC_NAME_WORDS = frozenset("""council county city district borough nhs ft foundation trust
service services team centre partnership children childrens health community""".split())


def _naming(names: dict[int, str]) -> dict[int, re.Pattern[str]]:
    """For each agency (id -> its name and kind), a pattern for the ways another agency's record names it:
    what its kind is called ("SW", "the school", "DC") and the words of its name no other
    agency's name has ("Brookfield", "Millbridge")."""
    words = {pk: set(normalise(name).split()) - _GENERIC_NAME_WORDS for pk, name in names.items()}
    patterns = {}
    for pk, name in names.items():
        plain = normalise(name)
        others = set().union(*(w for other, w in words.items() if other != pk))
        own = sorted(w for w in words[pk] - others if len(w) > 2 and not w.isdigit())
        said = [as_said for kind, as_said in _NAMED_AS if re.search(kind, plain)] + own
        patterns[pk] = re.compile(rf"\b(?:{'|'.join(said)})\b") if said else re.compile(r"(?!)")
    return patterns


SAME_AGENCY = 0.93  # the wording of one agency's two entries on a day: an entry pasted twice
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
    event: str = ""  # the event alone, normalised
    about: bool = False  # an e-mail, call or report about something, by its first words
    notices: frozenset[str] = frozenset()  # notices it sends or receives, from event or action
    message: bool = False  # something one agency sends another (``_message``)
    from_action: bool = False  # its kinds of event were read from the action column

    def __post_init__(self) -> None:
        # Worked out once per entry, not for each of the many pairs it is compared in.
        self.message = _message(self)


def normalise(text: str) -> str:
    """Lower-case words with abbreviations spelled out and common words dropped."""
    text = text.lower().replace("’", "'").replace("'s ", "s ")
    text = re.sub(r"[^a-z0-9&]+", " ", text)
    for pattern, replacement in _SPELL_OUT_RE:
        text = pattern.sub(replacement, text)
    return " ".join(w for w in text.split() if w not in _STOPWORDS)


def event_types(text: str) -> frozenset[str]:
    """The kinds of event normalised text describes (labels of ``EVENT_TYPES``), and any other
    meeting by its name (``named_meetings``)."""
    return (frozenset(label for label, pattern in _TYPES if pattern.search(text))
            | named_meetings(text))


# Meetings with no kind of their own are known by the words before "meeting" ("discharge
# planning meeting", "attendance meeting"), less the words that name no meeting.
_NAMED_MEETING = re.compile(r"\b(?:(\w+) )?(\w+) (?:meeting|panel)\b")
_NOT_A_NAME = frozenset("""attended attend attending held hold today yesterday planning multi agency
teams virtual online team joint next first follow weekly monthly review booked arranged called
invited meeting panel""".split())
NAMED_MEETING = "=meeting "  # the prefix of a named meeting's kind; never shown (``_reason``)


def named_meetings(text: str) -> frozenset[str]:
    """Meetings named in normalised text, as kinds: one for each naming word before "meeting"."""
    return frozenset(NAMED_MEETING + word for match in _NAMED_MEETING.finditer(text)
                     for word in match.groups()
                     if word and word not in _NOT_A_NAME and not word.isdigit())


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


def _across(a: _Item, b: _Item, similarity: float, days_apart: int,
            minutes: int | None, naming: dict[int, re.Pattern[str]]) -> float:
    """Two agencies' entries: the score, with the evidence real exports give (issue 20)."""
    # Kinds read from an action column (the next step: "SW informed, welfare check requested")
    # say what was done after the event, often by someone else: no evidence of the same event.
    value = _combine(similarity, frozenset() if a.from_action else a.types,
                     frozenset() if b.from_action else b.types, days_apart, minutes)
    shared = a.types & b.types
    if (a.types | b.types) & _ABOUT_WHAT and a.about != b.about:
        # An e-mail or call about a meeting or an enquiry (or asking for information for one),
        # and the meeting or a visit in the enquiry: two events.
        value *= 0.6
    if days_apart and not _may_cross_midnight(a, b, shared, similarity):
        # A day apart is an overnight notice (sent late, logged next morning) or a meeting
        # written up next day. A referral and the next day's acknowledgement, an incident and
        # the next day's visit or call about it, share words but are different events.
        return 0.0
    if (value < THRESHOLD and not days_apart and a.message == b.message
            and (a.message or minutes is None or minutes <= 120)
            and not (a.types | b.types) & _MEETINGS and naming[b.agency_id].search(a.text)
            and naming[a.agency_id].search(b.text)):
        # Two messages, each naming the other's agency ("Request for information emailed to the
        # GP", "Request received from CSC"): one exchange, recorded on both sides. So are two
        # records of a visit or meeting, each naming the other agency ("SW visited Lacey in
        # school", "Saw Lacey at Brackenford Primary"), unless their times are hours apart.
        value = max(value, TYPE_WEIGHT + (1 - TYPE_WEIGHT) * similarity)
    if "a telephone call" in shared and minutes is not None and minutes <= 5:
        # Both sides of one call, at the same time: strong evidence.
        value = max(value, TYPE_WEIGHT + (1 - TYPE_WEIGHT) * similarity)
    return value


def _message(item: _Item) -> bool:
    """An e-mail, call, letter, referral or notice: something one agency sends another, by its
    kind or by the first words of the event ("GP response received", "Reply to CSC sent")."""
    return (item.about or bool(item.types & _MESSAGES) or bool(item.notices)
            or bool(_MESSAGE_WORDS.search(" ".join(item.event.split()[:6]))))


def _may_cross_midnight(a: _Item, b: _Item, shared: frozenset[str], similarity: float) -> bool:
    """Whether two entries a day apart can be one event: nearly the same words, or the same
    notice or meeting where neither is only about it (an e-mail, a call, a report for it)."""
    if similarity >= NEAR_VERBATIM:
        return True
    if a.notices & b.notices:
        return True
    return bool(shared & _MEETINGS) and not (a.about or b.about)


def _reason(days_apart: int, shared: frozenset[str], similarity: float) -> str:
    """The reason in our words only: never a word of the entries (names, the family's story)."""
    parts = ["Same day" if days_apart == 0 else "A day apart"]
    # A named meeting's kind holds a word of the entries: said in our words.
    strong = sorted({"a meeting of the same name" if kind.startswith(NAMED_MEETING) else kind
                     for kind in shared - _WEAK_TYPES}) or sorted(shared)
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


def worked_out(review: Review, *, hidden: Q | None = None) -> list[Suggestion]:
    """Every likely duplicate among the review's current entries, best first (then in
    chronology order), whatever has been decided about it: what ``refresh`` stores. Entries
    ``hidden`` are left out. ``original`` is the entry listed earlier in the merged chronology."""
    rows = (current_entries(review, hidden=hidden).filter(precision=Entry.Precision.DAY)
            .values("id", "agency_id", "date", "precision", "sequence", "time", "position", "event",
                    "action", "agency__name"))
    naming = _naming({pk: f"{name} {Agency.Kind(kind).label}" for pk, name, kind in
                      review.partnership.agencies.values_list("pk", "name", "kind")})
    by_date: dict[date, list[_Item]] = defaultdict(list)
    for row in rows.iterator(chunk_size=5000):
        event, action = normalise(row["event"]), normalise(row["action"])
        # The kind of event is what the event column says happened; the action (often the next
        # step: "core group to meet") only when the event names no kind.
        own = event_types(event)
        types = own or event_types(action)
        key = sort_key(row | {"agency_name": row["agency__name"]})
        # A notice sent is often the action of the incident's entry ("PPN submitted").
        notices = (types | event_types(action)) & _NOTICES
        by_date[row["date"]].append(_Item(row["id"], row["agency_id"], row["date"], row["time"],
                                          key, f"{event} {action}", types, event,
                                          bool(_ABOUT.match(event)) and not _ATTENDED.search(event),
                                          notices,
                                          from_action=bool(types) and not own))
    found: list[tuple[float, tuple, Suggestion]] = []
    agency_of: dict[int, int] = {}
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
                if (days_apart == 0 and b_index <= a_index) or (
                        a.agency_id == b.agency_id and days_apart):
                    continue
                similarity = float(matrix[a_index, b_index]) / 100
                if a.agency_id == b.agency_id:
                    # One agency's entry pasted twice: nearly word for word, not merely sharing
                    # words (a short entry is inside a longer one's words).
                    same = fuzz.ratio(a.text, b.text) / 100
                    if same < SAME_AGENCY:
                        continue
                    value, reason = same, (f"Same day; the same agency's entry twice "
                                           f"({round(same * 100)}% the same)")
                else:
                    minutes = (abs(_minutes(a.time) - _minutes(b.time))  # type: ignore[operator]
                               if days_apart == 0 and a.time and b.time else None)
                    value = _across(a, b, similarity, days_apart, minutes, naming)
                    if value < THRESHOLD:
                        continue
                    reason = _reason(days_apart, a.types & b.types, similarity)
                original, later = (a, b) if a.key < b.key else (b, a)
                found.append((value, original.key, Suggestion(
                    later.id, original.id, round(value, 3), reason)))
                agency_of[a.id], agency_of[b.id] = a.agency_id, b.agency_id
    found.sort(key=lambda f: (-f[0], f[1]))
    return _one_each(found, agency_of)


def _one_each(found: list[tuple[float, tuple, Suggestion]],
              agency_of: dict[int, int]) -> list[Suggestion]:
    """At most one suggestion for each entry from each other agency: the best. One event is
    one entry in each agency's chronology; the others that agency recorded that day (a call
    about it, a letter after it) are its neighbours, not its copies. Best first, so each entry
    keeps its strongest match and a weaker one from the same agency is dropped."""
    kept, taken = [], set()
    for _value, _key, s in found:
        a, b = agency_of[s.entry_id], agency_of[s.original_id]
        if a != b and ((s.entry_id, b) in taken or (s.original_id, a) in taken):
            continue
        taken.update({(s.entry_id, b), (s.original_id, a)})
        kept.append(s)
    return kept


def _undecided(review: Review, suggestions: Iterable[Suggestion]) -> list[Suggestion]:
    """The suggestions not decided either way and not already in one linked group."""
    decided = {frozenset(pair) for pair in DuplicateDecision.objects.filter(review=review)
               .values_list("entry_id", "original_id")}
    links = dict(DuplicateDecision.objects.filter(review=review, decision=DuplicateDecision.Decision.LINKED)
                 .values_list("entry_id", "original_id"))
    groups = _groups(links)
    groups.update({o: groups.get(o, o) for o in links.values()})
    return [s for s in suggestions
            if frozenset((s.entry_id, s.original_id)) not in decided
            and not (s.entry_id in groups and groups[s.entry_id] == groups.get(s.original_id))]


def suggest_duplicates(review: Review, *, limit: int | None = None,
                       hidden: Q | None = None) -> list[Suggestion]:
    """Likely duplicates, worked out now, best first (then in chronology order).

    Pairs already decided (linked or dismissed, in either direction) and pairs already in the
    same linked group are left out. Entries ``hidden`` from the reader (restricted by advice)
    are never suggested, nor counted among the suggestions. Pages and exports read the stored
    suggestions instead (``open_suggestions``)."""
    suggestions = _undecided(review, worked_out(review, hidden=hidden))
    return suggestions[:limit] if limit is not None else suggestions


# --- Worked out once, stored, read many times ----------------------------------------------------

# Up to this many current entries a page that finds the stored suggestions out of date works them
# out again itself (well under a second); above it the background worker does, and the page says
# they are being updated.
INLINE_ENTRIES = 3000


@dataclasses.dataclass
class OpenSuggestions:
    suggestions: list[Suggestion]
    # True while the stored suggestions are for other chronologies than those accepted now
    # (a refresh is queued): those shown are the stored pairs between entries still current.
    updating: bool = False


def fingerprint(review: Review) -> str:
    """The accepted chronologies the suggestions are worked out for: a new acceptance, a new
    version, a withdrawal or a reopening changes it. An accepted version's entries never change
    (a correction is a new version), so they are not read: one small query, not a pass over
    every entry."""
    accepted = (Submission.objects.filter(review=review, status=Submission.Status.ACCEPTED)
                .order_by("pk").values_list("pk", "accepted_at"))
    return hashlib.sha256(repr(list(accepted)).encode()).hexdigest()


def refresh(review_id: int) -> int:
    """Work out the review's suggestions again and store them, replacing the last; the number
    stored. Run by the background worker after an acceptance (tasks.refresh_duplicates), or by
    a page for a small chronology. Running it twice stores the same pairs."""
    review = Review.objects.get(pk=review_id)
    mark = fingerprint(review)
    suggestions = worked_out(review)
    with transaction.atomic():
        # One refresh at a time per review: the row is locked while its pairs are replaced.
        DuplicateScan.objects.get_or_create(review=review)
        DuplicateScan.objects.select_for_update().get(pk=review.pk)
        DuplicateSuggestion.objects.filter(review=review).delete()
        DuplicateSuggestion.objects.bulk_create(
            [DuplicateSuggestion(review=review, entry_id=s.entry_id, original_id=s.original_id,
                                 score=s.score, reason=s.reason, rank=rank)
             for rank, s in enumerate(suggestions, 1)], batch_size=2000)
        DuplicateScan.objects.filter(pk=review.pk).update(
            fingerprint=mark, built_at=timezone.now(), queued_at=None)
    return len(suggestions)


def out_of_date(review: Review) -> bool:
    """Whether the stored suggestions were worked out for other chronologies than those accepted
    now (or never worked out)."""
    stored = DuplicateScan.objects.filter(pk=review.pk).values_list("fingerprint", flat=True).first()
    return stored != fingerprint(review)


def bring_up_to_date(review: Review, *, inline_up_to: int | None = None) -> bool:
    """Stored suggestions out of date are worked out again now for a chronology of at most
    ``inline_up_to`` current entries (``INLINE_ENTRIES`` unless given), else queued for the
    background worker. True while they are still out of date (queued)."""
    from reviewdesk.chronology.tasks import request_duplicates_refresh

    if not out_of_date(review):
        return False
    limit = INLINE_ENTRIES if inline_up_to is None else inline_up_to
    if current_entries(review).count() <= limit:
        refresh(review.pk)
        return False
    request_duplicates_refresh(review.pk)
    return True


def open_suggestions(review: Review, *, hidden: Q | None = None) -> OpenSuggestions:
    """The stored suggestions still open for this reader, best first: not decided since, no
    entry hidden from them, both entries still current (``bring_up_to_date`` first)."""
    updating = bring_up_to_date(review)
    current = current_entries(review, hidden=hidden)
    # Looked up for each stored pair (EXISTS), not "IN (every current entry)": SQLite builds
    # that list first, which cost an export of 500,000 entries seconds with no pair stored.
    stored = (DuplicateSuggestion.objects.filter(review=review)
              .filter(Exists(current.filter(pk=OuterRef("entry_id"))),
                      Exists(current.filter(pk=OuterRef("original_id"))))
              .order_by("rank").values_list("entry_id", "original_id", "score", "reason"))
    return OpenSuggestions(_undecided(review, (Suggestion(*row) for row in stored)), updating)


def duplicate_of(review: Review) -> dict[int, int]:
    """Linked duplicates: entry id -> the id of the original at the head of its group (so an
    export's ``duplicate_of`` always names an entry that is not itself a duplicate)."""
    links = dict(DuplicateDecision.objects.filter(review=review, decision=DuplicateDecision.Decision.LINKED)
                 .values_list("entry_id", "original_id"))
    return _groups(links)
