"""Two versions of a report compared paragraph by paragraph, and word by word within a changed
paragraph (docs/decisions/0055).

The inputs are two outlines (``reviewdesk.lib.report_outline.Block`` as dicts, as
``ReportVersion.outline`` keeps them). The blocks are aligned in three passes:

1. difflib's SequenceMatcher on each block's text made comparable (spaces collapsed, case folded,
   a typed number such as "3.2" taken off the front), so unchanged paragraphs pair up in order
   even where the headings were renumbered;
2. the blocks left over are paired by how many words they share (Dice's coefficient on their sets
   of words, through an index of the words so a long report is not compared all against all), so
   an edited paragraph pairs with its old self instead of showing as removed and added;
3. of all the pairs, the longest run that keeps both documents' order stays in place; a pair
   outside it is a paragraph that moved. A paragraph split in two (or two merged) is recognised
   where the old paragraph reads much like the two new ones together.

Within a changed paragraph the words are compared with SequenceMatcher on words, punctuation marks
and spaces as separate tokens, so a changed comma shows as a changed comma.

No Django here: the page redacts each version's text for its viewer before comparing, so the
comparison is of what that viewer may read.
"""

import bisect
import dataclasses
import re
from collections.abc import Mapping, Sequence
from difflib import SequenceMatcher
from typing import Any

Block = Mapping[str, Any]

# Paired in the second pass: at least this share of words in common (Dice's coefficient).
SIMILAR = 0.5
# A split or merge: the old paragraph reads this much like the new two together (and better
# than like either alone).
SPLIT = 0.8
# Words this common in the report are left out of the index used to find candidate pairs (they
# pair everything with everything); the scores still count them.
COMMON_SHARE = 0.2
# A typed number at the front ("3.2 ", "4. "), left out when lining paragraphs up, so a renumbered
# paragraph still lines up with its old self (the word comparison then shows the new number).
LEADING_NUMBER = re.compile(r"^\s*\(?\d{1,3}(?:\.\d{1,3}){0,4}[.):]?\s+")
WORD = re.compile(r"\w+", re.UNICODE)
# Words (with their apostrophes and hyphens), single punctuation marks, runs of spaces, line
# breaks (a table's rows) on their own.
TOKEN = re.compile(r"\w+(?:['’\-]\w+)*|\n|[^\S\n]+|[^\w\s]", re.UNICODE)
# Where two paragraphs of a split or merge meet, in the word comparison.
PARAGRAPH_BREAK = "\n\n"

SAME, CHANGED, ADDED, REMOVED = "same", "changed", "added", "removed"
EQUAL, INSERT, DELETE = "equal", "insert", "delete"


@dataclasses.dataclass(frozen=True)
class WordOp:
    op: str  # "equal", "insert" or "delete"
    text: str


@dataclasses.dataclass
class Row:
    """One row of the comparison: a block in both versions (same or changed), or in one only."""

    kind: str  # "same", "changed", "added" or "removed"
    old: Block | None
    new: Block | None
    # For a changed row: the text as runs of equal, inserted and deleted words, in order.
    words: list[WordOp] = dataclasses.field(default_factory=list)
    # Found at another place in the new version (shown where it now is).
    moved: bool = False
    # A paragraph split in two ("split": ``more`` holds the new version's second block) or two
    # merged ("merged": ``more`` holds the old version's second block); "" otherwise.
    joined: str = ""
    more: Block | None = None

    @property
    def label(self) -> str:
        """The document's own number for the row: the new version's, else the old one's."""
        block = self.new if self.new is not None else self.old
        return str(block["label"]) if block is not None else ""

    @property
    def old_label(self) -> str:
        """The old version's number where it differs from the new (a renumbered paragraph)."""
        if self.old is None or self.new is None or self.old["label"] == self.new["label"]:
            return ""
        return str(self.old["label"])


def _spaces(text: str) -> str:
    return " ".join(text.split())


def _key(block: Block) -> str:
    """The text as it is lined up: spaces collapsed, case folded, no typed number in front."""
    text = _spaces(str(block.get("text", "")))
    return f"{block.get('kind', '')}:{LEADING_NUMBER.sub('', text).casefold()}"


def _words(text: str) -> frozenset[str]:
    return frozenset(w.casefold() for w in WORD.findall(text))


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return 2 * len(a & b) / (len(a) + len(b))


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text)


def word_ops(old: str, new: str) -> list[WordOp]:
    """``old`` turned into ``new`` as runs of equal, deleted and inserted text. A lone space
    between two changes is folded into them, so "the quick" → "a slow" reads as one change."""
    a, b = tokens(old), tokens(new)
    raw: list[tuple[str, str, str]] = []  # (op, old text, new text)
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            raw.append((EQUAL, "".join(a[i1:i2]), "".join(b[j1:j2])))
        else:
            raw.append(("change", "".join(a[i1:i2]), "".join(b[j1:j2])))
    merged: list[tuple[str, str, str]] = []
    for n, (op, x, y) in enumerate(raw):
        between = 0 < n < len(raw) - 1
        if op == EQUAL and between and not x.strip() and "\n" not in x:
            op = "change"  # only spaces between two changes
        if merged and merged[-1][0] == op == "change":
            merged[-1] = ("change", merged[-1][1] + x, merged[-1][2] + y)
        else:
            merged.append((op, x, y))
    out: list[WordOp] = []
    for op, x, y in merged:
        if op == EQUAL:
            out.append(WordOp(EQUAL, y))
            continue
        if x:
            out.append(WordOp(DELETE, x))
        if y:
            out.append(WordOp(INSERT, y))
    return out


def _same_text(old: Block, new: Block) -> bool:
    return _spaces(str(old.get("text", ""))) == _spaces(str(new.get("text", "")))


def _row(old: Block, new: Block, *, moved: bool = False) -> Row:
    if _same_text(old, new):
        return Row(SAME, old, new, moved=moved)
    return Row(CHANGED, old, new, word_ops(str(old["text"]), str(new["text"])), moved=moved)


def _longest_in_order(pairs: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The longest chain of pairs increasing in both documents (pairs sorted by old index, each
    old and new index used once): patience sorting, O(n log n)."""
    tails: list[int] = []  # the smallest new index ending a chain of each length
    tail_at: list[int] = []  # which pair ends it
    back: list[int] = [-1] * len(pairs)
    for n, (_i, j) in enumerate(pairs):
        at = bisect.bisect_left(tails, j)
        if at == len(tails):
            tails.append(j)
            tail_at.append(n)
        else:
            tails[at] = j
            tail_at[at] = n
        back[n] = tail_at[at - 1] if at else -1
    chain: set[tuple[int, int]] = set()
    n = tail_at[-1] if tail_at else -1
    while n >= 0:
        chain.add(pairs[n])
        n = back[n]
    return chain


def _similar_pairs(old: Sequence[Block], new: Sequence[Block], left_old: list[int],
                   left_new: list[int]) -> list[tuple[int, int]]:
    """Pairs of blocks left over by the first pass that share enough words, best first, each
    block used once. Candidates come from an index of the less common words."""
    if not left_old or not left_new:
        return []
    words_old = {i: _words(str(old[i]["text"])) for i in left_old}
    words_new = {j: _words(str(new[j]["text"])) for j in left_new}
    index: dict[str, list[int]] = {}
    for j, words in words_new.items():
        for word in words:
            index.setdefault(word, []).append(j)
    common = max(3, int(len(left_new) * COMMON_SHARE))
    scored: list[tuple[float, int, int, int]] = []
    n_old, n_new = max(len(old), 1), max(len(new), 1)
    for i, words in words_old.items():
        candidates: set[int] = set()
        for word in words:
            holders = index.get(word, ())
            if len(holders) <= common:
                candidates.update(holders)
        if not candidates:  # every word common: a short heading or a row of a table
            candidates = {j for word in words for j in index.get(word, ())}
        kind = old[i].get("kind")
        for j in candidates:
            if new[j].get("kind") != kind:
                continue
            score = _dice(words, words_new[j])
            if score >= SIMILAR:
                # Nearer places first among equal scores (the same sentence in two sections).
                distance = abs(int(i * n_new / n_old) - j)
                scored.append((-score, distance, i, j))
    scored.sort()
    used_old: set[int] = set()
    used_new: set[int] = set()
    pairs = []
    for _score, _distance, i, j in scored:
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            pairs.append((i, j))
    return pairs


def _joined_text(a: Block, b: Block) -> str:
    return f"{a['text']}{PARAGRAPH_BREAK}{b['text']}"


def _joined(row: Row, other: Row, other_first: bool) -> Row | None:
    """``row`` (in both versions) and ``other`` beside it (added or removed) as one split or
    merged paragraph, where the old text reads like the new read together."""
    assert row.old is not None and row.new is not None
    alone = _dice(_words(str(row.old["text"])), _words(str(row.new["text"])))
    if other.kind == ADDED and other.new is not None:
        parts = (other.new, row.new) if other_first else (row.new, other.new)
        together = _joined_text(*parts)
        score = _dice(_words(str(row.old["text"])), _words(together))
        if score >= SPLIT and score > alone:
            return Row(CHANGED, row.old, parts[0], word_ops(str(row.old["text"]), together),
                       joined="split", more=parts[1])
    if other.kind == REMOVED and other.old is not None:
        parts = (other.old, row.old) if other_first else (row.old, other.old)
        together = _joined_text(*parts)
        score = _dice(_words(together), _words(str(row.new["text"])))
        if score >= SPLIT and score > alone:
            return Row(CHANGED, parts[0], row.new, word_ops(together, str(row.new["text"])),
                       joined="merged", more=parts[1])
    return None


def _split_or_merge(rows: list[Row]) -> list[Row]:
    """A row in both versions beside an added row that, read together with it, is the old
    paragraph: a split. Likewise beside a removed row: a merge."""
    out: list[Row] = []
    n = 0
    while n < len(rows):
        if n + 1 < len(rows):
            a, b = rows[n], rows[n + 1]
            joined = None
            if a.kind in {CHANGED, SAME} and not a.moved and b.kind in {ADDED, REMOVED}:
                joined = _joined(a, b, other_first=False)
            elif b.kind in {CHANGED, SAME} and not b.moved and a.kind in {ADDED, REMOVED}:
                joined = _joined(b, a, other_first=True)
            if joined is not None:
                out.append(joined)
                n += 2
                continue
        out.append(rows[n])
        n += 1
    return out


def compare(old: Sequence[Block], new: Sequence[Block]) -> list[Row]:
    """The rows of the comparison in the new version's order, each removed block where it was
    (before the new blocks that took its place)."""
    keys_old = [_key(b) for b in old]
    keys_new = [_key(b) for b in new]
    pairs: list[tuple[int, int]] = []
    matcher = SequenceMatcher(None, keys_old, keys_new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs.extend(zip(range(i1, i2), range(j1, j2), strict=True))
    paired_old = {i for i, _ in pairs}
    paired_new = {j for _, j in pairs}
    left_old = [i for i in range(len(old)) if i not in paired_old]
    left_new = [j for j in range(len(new)) if j not in paired_new]
    # Moved paragraphs unchanged first (the same text elsewhere), then the similar ones.
    by_key: dict[str, list[int]] = {}
    for j in left_new:
        by_key.setdefault(keys_new[j], []).append(j)
    for i in left_old:
        if by_key.get(keys_old[i]):
            pairs.append((i, by_key[keys_old[i]].pop(0)))
    paired_old = {i for i, _ in pairs}
    paired_new = {j for _, j in pairs}
    pairs += _similar_pairs(old, new, [i for i in left_old if i not in paired_old],
                            [j for j in left_new if j not in paired_new])
    pairs.sort()
    in_order = _longest_in_order(pairs)
    moved_to = {j: i for i, j in pairs if (i, j) not in in_order}
    chain = sorted(in_order)
    rows: list[Row] = []
    paired_old = {i for i, _ in pairs}
    last_i = last_j = -1
    for i, j in [*chain, (len(old), len(new))]:
        for gap_i in range(last_i + 1, i):
            if gap_i not in paired_old:
                rows.append(Row(REMOVED, old[gap_i], None))
        for gap_j in range(last_j + 1, j):
            if gap_j in moved_to:
                rows.append(_row(old[moved_to[gap_j]], new[gap_j], moved=True))
            else:
                rows.append(Row(ADDED, None, new[gap_j]))
        if i < len(old) and j < len(new):
            rows.append(_row(old[i], new[j]))
        last_i, last_j = i, j
    return _split_or_merge(rows)


@dataclasses.dataclass(frozen=True)
class Summary:
    same: int
    changed: int
    added: int
    removed: int
    moved: int


def summary(rows: Sequence[Row]) -> Summary:
    count = {SAME: 0, CHANGED: 0, ADDED: 0, REMOVED: 0}
    for row in rows:
        count[row.kind] += 1
    return Summary(count[SAME], count[CHANGED], count[ADDED], count[REMOVED],
                   sum(1 for row in rows if row.moved))
