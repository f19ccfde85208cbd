"""Recognising a file's headings as our columns (``columns.COLUMNS``): the header row among the
first rows, the mapping guessed from the headings, and the data team's ``--columns`` option."""

import functools
import re

from reviewdesk.lib.chronology_files.columns import BY_KEY, COLUMN_KEYS, COLUMNS
from reviewdesk.lib.chronology_files.dates import DateProblem, parse_date

HEADER_SEARCH_ROWS = 15


# Other words agencies use for our columns, best first: when two of a file's columns could be ours
# (a 'Contact' type and 'Details'), the earlier word here wins.
SYNONYMS: dict[str, list[str]] = {
    "date": [
        "date", "date of contact", "date of event", "date and time", "date/time", "date time",
        "contact date", "event date", "date of entry", "entry date", "date of incident", "incident date",
        "date seen", "date recorded", "date of involvement", "when",
    ],
    "time": ["time", "time of contact", "time of event", "contact time", "event time", "approx time"],
    "sequence": [
        "sequence", "seq", "seq no", "sequence no", "sequence number", "seq number", "order",
        "order in day", "no.", "no", "number", "#", "entry no", "entry number", "item", "item no",
        "event no",
    ],
    "source": [
        "source of information", "source", "information source", "source of info", "info source",
        "source of the information", "source record", "source document", "record source", "data source",
        "where recorded", "recorded in", "recorded on", "record type", "system", "records",
    ],
    "role": [
        "practitioner role", "role", "role of practitioner", "professional role", "practitioner",
        "professional", "practitioner involved", "professional involved", "worker role", "job title",
        "designation", "staff role", "worker", "staff", "staff member", "by whom", "who",
    ],
    "event": [
        "event / contact", "event", "details", "event details", "details of contact", "details of event",
        "contact/event", "event description", "description of event", "description", "summary",
        "summary of contact", "summary of event", "what happened", "key event", "key events",
        "nature of contact", "narrative", "incident", "incident details", "contact", "episode", "entry",
        # Case-recording systems' own words for the narrative (issue 20).
        "notes", "note", "case note", "case notes", "case note text", "contact notes",
        "contact details", "details of involvement", "record", "recording", "case recording",
        "entry text", "entry details", "free text", "narrative text", "note text",
        "summary of involvement", "description of contact", "notes of contact", "body",
    ],
    "action": [
        "action / outcome", "action and outcome", "outcome", "action taken", "action", "actions",
        "actions taken", "outcome/action", "outcome and action", "outcome of contact", "outcomes",
        "actions agreed", "result", "decision", "next steps", "response",
    ],
    "analysis": [
        "analysis / comment", "analysis", "analysis and comment", "comment", "comments",
        "agency analysis", "agency comment", "agency comments", "commentary", "reflection",
        "reflections", "practice comment", "comment on practice", "analysis of practice",
        "significance", "learning", "observations", "remarks", "author comment", "authors comment",
    ],
}
# Single words that mark a heading as ours when the whole heading is not a synonym
# ("Date seen by GP", "Name of worker"). Only short headings are read this way.
KEYWORDS: dict[str, str] = {
    word: key
    for key, words in {
        "date": ("date", "dated", "dates", "when"),
        "time": ("time",),
        "sequence": ("seq", "sequence"),
        "source": ("source", "sources"),
        "role": ("role", "worker", "practitioner", "professional", "staff", "designation"),
        "event": ("event", "events", "contact", "contacts", "details", "summary", "description",
                  "narrative", "incident", "notes", "note", "recording"),
        "action": ("action", "actions", "outcome", "outcomes", "result", "decision"),
        "analysis": ("analysis", "comment", "comments", "commentary", "reflection", "reflections",
                     "significance"),
    }.items()
    for word in words
}
MAX_KEYWORD_WORDS = 6
# A heading naming a reference ('Incident No', 'Contact ID', 'Event ref') is not the column its
# other word names: its cells are numbers, kept with each entry under their heading.
_REFERENCE = frozenset({"no", "number", "ref", "reference", "id", "urn"})

_NOT_WORD = re.compile(r"[^a-z0-9]+")
_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def normalise(text: str) -> str:
    """Lower case, words only: 'Event / Contact:' and 'event contact' compare equal."""
    text = text.lower().replace("&", " and ").replace("#", " no ").replace("'", "").replace("\u2019", "")
    return _NOT_WORD.sub(" ", text).strip()


# How a sub-heading under a group heading is named (xlsx._under_groups): 'Contact / Date'.
GROUPED = " / "

_STRONG: dict[str, tuple[str, int]] = {}
for _key, _words in SYNONYMS.items():
    for _rank, _word in enumerate(_words):
        _STRONG.setdefault(normalise(_word), (_key, _rank))


@functools.lru_cache(maxsize=4096)
def _match(text: str) -> tuple[str, int, bool] | None:
    """(our column key, rank, whether the whole heading is a known synonym), or None."""
    # 'Date (dd/mm/yyyy)' is 'Date'; under a group heading ('Practitioner / Designation', as a
    # two-row header is read) the sub-heading is known before the words of the two together.
    sub = text.rsplit(GROUPED, 1)[1] if GROUPED in text else None
    for candidate in (text, _BRACKETED.sub(" ", text), *((sub, _BRACKETED.sub(" ", sub))
                                                          if sub else ())):
        found = _STRONG.get(normalise(candidate))
        if found:
            return found[0], found[1], True
    words = normalise(_BRACKETED.sub(" ", text)).split()
    if not words or len(words) > MAX_KEYWORD_WORDS or _REFERENCE & set(words):
        return None
    # The head of the heading decides: 'Outcome of contact' is an outcome, 'Contact outcome' too.
    head = words[: words.index("of")] if "of" in words[1:] else words
    for part in (head, words):
        keys = [KEYWORDS[w] for w in part if w in KEYWORDS]
        if keys:
            # A heading naming the date is the date column even if it names the time or contact too.
            return ("date" if "date" in keys else keys[-1]), 1000, False
    return None


def header_score(cells: list) -> tuple[int, int]:
    """(how many of our columns the row names, how many of them by a whole known heading)."""
    keys: set[str] = set()
    strong: set[str] = set()
    for cell in cells:
        if isinstance(cell, str) and len(cell) <= 80:
            found = _match(cell)
            if found:
                keys.add(found[0])
                if found[2]:
                    strong.add(found[0])
    return len(keys), len(strong)


def find_header(rows: list[list]) -> int | None:
    """Index of the header among the first rows: the row naming most of our columns (at least two,
    one by a whole heading). On a tie with the row just above, the lower row wins: under a grouping row
    ('Contact' merged over 'Type' and 'Details') it names the columns more exactly. A tie further down
    is a header repeated after data, which must not push the data above it out."""
    best, best_score = None, (2, 1)
    for index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        score = header_score(cells)
        if score[0] >= 2 and score[1] >= 1 and (
            score > best_score or (score == best_score and (best is None or index == best + 1))
        ):
            best, best_score = index, score
    return best if best is not None else _header_by_contents(rows[:HEADER_SEARCH_ROWS])


def _header_by_contents(rows: list[list]) -> int | None:
    """Headings we do not know ('Occurred', 'Blurb'): the first row of two or more short
    labels, none of them a date, with rows under it that have a column of dates. The columns
    are then read from their cells (``contents.refine_mapping``)."""
    def is_date(value: object) -> bool:
        if not isinstance(value, str):
            return value is not None and not isinstance(value, (int, float, bool))
        try:
            return len(value) <= 40 and parse_date(value).precision == "day"
        except DateProblem:
            return False

    for index, cells in enumerate(rows):
        labels = [c for c in cells if c is not None]
        if len(labels) < 2 or not all(isinstance(c, str) and len(c) <= 40 and not is_date(c)
                                      for c in labels):
            continue
        below = rows[index + 1:index + 11]
        width = max((len(r) for r in below), default=0)
        for column in range(width):
            filled = [r[column] for r in below if column < len(r) and r[column] is not None]
            if len(filled) >= 1 and sum(map(is_date, filled)) >= 0.6 * len(filled):
                return index
        return None  # the first row of labels has no dates under it: not a chronology's header
    return None


def examples() -> str:
    shown = {"date": 1, "event": 2, "source": 2, "role": 1, "action": 2, "analysis": 3}
    parts = []
    for key, count in shown.items():
        others = " or ".join(f"'{w[0].upper()}{w[1:]}'" for w in SYNONYMS[key][1: 1 + count])
        parts.append(f"{BY_KEY[key].heading} (or {others})")
    return ", ".join(parts)


def guess_mapping(headers: list[str]) -> dict[str, int | None]:
    """Each of our column keys -> the index of the file's column that holds it, or None.

    Whole known headings win over headings that merely contain a known word, and earlier synonyms
    over later ones; each of the file's columns is given to one of ours at most."""
    candidates = []
    for index, heading in enumerate(headers):
        found = _match(heading) if heading else None
        if found:
            key, rank, strong = found
            candidates.append((not strong, rank, index, key))
    mapping: dict[str, int | None] = dict.fromkeys(COLUMN_KEYS)
    taken: set[int] = set()
    for _, _, index, key in sorted(candidates):
        if mapping[key] is None and index not in taken:
            mapping[key] = index
            taken.add(index)
    return mapping


def column_name(headers: list[str], index: int) -> str:
    return headers[index] if index < len(headers) and headers[index] else f"Column {index + 1} (no heading)"


def describe_mapping(headers: list[str], mapping: dict[str, int | None]) -> list[tuple[str, str | None]]:
    """How each of our columns was understood: (our heading, the file's heading or None)."""
    return [
        (c.heading, None if mapping.get(c.key) is None else column_name(headers, mapping[c.key]))
        for c in COLUMNS
    ]


def parse_columns_option(text: str, headers: list[str]) -> dict[str, int]:
    """Read "date=Date of contact,event=Details" into {key: column index}.

    The left of each '=' is one of our keys or headings, the right one of the file's headings, both
    compared without case or spacing. A heading may itself hold a comma ("action=Action, outcome"):
    a comma only starts a new pair when what follows it is one of ours and an '='.
    Raises ValueError naming what was not understood and listing what would be."""
    ours = {normalise(c.key): c.key for c in COLUMNS} | {normalise(c.heading): c.key for c in COLUMNS}
    valid = ", ".join(COLUMN_KEYS) + " (or our headings: " + ", ".join(c.heading for c in COLUMNS) + ")"
    pairs: list[list[str]] = []
    for piece in text.split(","):
        left, equals, right = piece.partition("=")
        if equals and normalise(left) in ours:
            pairs.append([left.strip(), right])
        elif pairs:
            pairs[-1][1] += "," + piece
        elif piece.strip():
            if equals:
                raise ValueError(f"'{left.strip()}' is not one of our columns. Use one of: {valid}.")
            raise ValueError(f"'{piece.strip()}' has no '='. Write each column as ours=theirs, for "
                             "example: date=Date of contact,event=Details.")
    theirs = ", ".join(f"'{h}'" for h in headers if h) or "(none)"
    result: dict[str, int] = {}
    for left, right in pairs:
        key = ours[normalise(left)]
        if key in result:
            raise ValueError(f"'{left}' is given twice. Give each of our columns once.")
        if not right.strip():
            raise ValueError(f"Say which of the file's headings holds '{left}' after the '=' "
                             f"(the file's headings are: {theirs}).")
        found = [i for i, h in enumerate(headers) if h and normalise(h) == normalise(right)]
        if not found:
            raise ValueError(f"'{right.strip()}' is not a heading in the file. Its headings are: {theirs}.")
        if len(found) > 1:
            columns = " and ".join(str(i + 1) for i in found)
            raise ValueError(f"'{right.strip()}' is the heading of columns {columns}. Give one of them a "
                             "different heading in the file and upload it again.")
        result[key] = found[0]
    return result
