"""What a new version of an agency's chronology changes in the accepted one: the entries added,
removed and changed, shown to whoever accepts it again after the chronology was reopened.

Entries are matched on their date (as precise as written) and event text, within the one agency
(whitespace and capitals ignored): a matched pair whose other columns differ is "changed". A
version typed in Review Desk after reopening starts as a copy, each entry knowing the accepted
entry it came from, so an entry whose date or event was edited is "changed" too, not removed and
added. An uploaded file has no such link: its rows are matched on date and event alone.
"""

import dataclasses
from collections import defaultdict
from collections.abc import Callable
from datetime import date, time
from typing import Any

from reviewdesk.chronology import checking, storage
from reviewdesk.chronology.models import Entry, Submission
from reviewdesk.lib.chronology_files.columns import BY_KEY

# Whether a row dated on a day from an agency is hidden from the reader (restricted by advice).
type Hidden = Callable[[date, int], bool]
# The columns compared, besides the date and the event that match entries up.
OTHER = ["time", "sequence", "source", "role", "action", "analysis"]


@dataclasses.dataclass
class Row:
    date: date
    precision: str
    uncertain: bool
    time: time | None
    sequence: int | None
    source: str
    role: str
    event: str
    action: str
    analysis: str
    pk: int | None = None
    carried_from: int | None = None

    @property
    def when(self) -> str:
        shown = {"day": f"{self.date:%-d %B %Y}", "month": f"{self.date:%B %Y}"}.get(
            self.precision, str(self.date.year))
        return f"{shown} (uncertain)" if self.uncertain else shown

    @property
    def key(self) -> tuple:
        return (self.date, self.precision, " ".join(self.event.split()).casefold())


@dataclasses.dataclass
class Change:
    kind: str  # "added", "removed" or "changed"
    row: Row  # the new entry (the old one, when removed)
    fields: list[tuple[str, str, str]] = dataclasses.field(default_factory=list)  # heading, was, now


@dataclasses.dataclass
class Comparison:
    old: Submission
    new: Submission
    added: list[Change]
    removed: list[Change]
    changed: list[Change]
    unchanged: int

    @property
    def any(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def _shown(name: str, value: Any) -> str:
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value)


def _entry_row(e: Entry) -> Row:
    return Row(e.date, e.precision, e.uncertain, e.time, e.sequence, e.source, e.role, e.event,
               e.action, e.analysis, e.pk, e.carried_from_id)


def rows_of(submission: Submission, hidden: Hidden | None = None) -> list[Row]:
    """The entries a version holds, or (a file not yet accepted) would hold once accepted: its
    rows without errors, read again with the version's mapping. Without those ``hidden`` from
    the reader (restricted by advice: ``access.chronology_entry_hidden``)."""
    if submission.kind == Submission.Kind.BROWSER or submission.status in {
            Submission.Status.ACCEPTED, Submission.Status.SUPERSEDED}:
        rows = [_entry_row(e) for e in Entry.objects.filter(submission=submission)
                .order_by("date", "position", "pk")]
    else:
        result = checking.check_file(submission.review, storage.stored_bytes(submission),
                                     submission.original_filename, mapping=submission.mapping,
                                     default_source=submission.default_source,
                                     agency_name=submission.agency.name)
        rows = [Row(r.date.date, r.date.precision, r.date.uncertain, r.time, r.sequence,
                    r.source, r.role, r.event, r.action, r.analysis) for r in result.clean_rows]
    if hidden is None:
        return rows
    return [r for r in rows if not hidden(r.date, submission.agency_id)]


def _differences(was: Row, now: Row, *, everything: bool = False) -> list[tuple[str, str, str]]:
    names = (["date", "event"] if everything else []) + OTHER
    out = []
    for name in names:
        before, after = getattr(was, name), getattr(now, name)
        if name == "date":
            before, after = was.when, now.when
        if before != after:
            heading = "Date" if name == "date" else BY_KEY[name].heading
            out.append((heading, _shown(name, before), _shown(name, after)))
    return out


def compare(old: Submission, new: Submission, hidden: Hidden | None = None) -> Comparison:
    """The changes ``new`` makes to ``old`` (the accepted version), each list in date order,
    leaving out rows ``hidden`` from the reader."""
    old_rows, new_rows = rows_of(old, hidden), rows_of(new, hidden)
    waiting: dict[tuple, list[Row]] = defaultdict(list)
    for row in old_rows:
        waiting[row.key].append(row)
    matched: set[int] = set()
    changed: list[Change] = []
    unmatched_new: list[Row] = []
    unchanged = 0
    for row in new_rows:
        candidates = waiting.get(row.key)
        if not candidates:
            unmatched_new.append(row)
            continue
        # The copy of this very entry if there is one, else the first with the same key.
        was = next((c for c in candidates if c.pk == row.carried_from), candidates[0])
        candidates.remove(was)
        matched.add(id(was))
        fields = _differences(was, row)
        if fields:
            changed.append(Change("changed", row, fields))
        else:
            unchanged += 1
    by_pk = {r.pk: r for r in old_rows if id(r) not in matched and r.pk is not None}
    added = []
    for row in unmatched_new:
        was = by_pk.pop(row.carried_from, None) if row.carried_from else None
        if was is not None:
            matched.add(id(was))
            changed.append(Change("changed", row, _differences(was, row, everything=True)))
        else:
            added.append(Change("added", row))
    removed = [Change("removed", r) for r in old_rows if id(r) not in matched]
    order = lambda c: (c.row.date, c.row.event)  # noqa: E731
    return Comparison(old, new, sorted(added, key=order), sorted(removed, key=order),
                      sorted(changed, key=order), unchanged)


def comparison_for(submission: Submission, hidden: Hidden | None = None) -> Comparison | None:
    """The comparison to show when accepting ``submission``: with the accepted version it would
    replace (after reopening), or None when there is none. Rows ``hidden`` from the reader
    (restricted by advice) are left out of every list and count."""
    old = (Submission.objects.filter(review=submission.review, agency=submission.agency,
                                     status=Submission.Status.ACCEPTED)
           .exclude(pk=submission.pk).first())
    if old is None:
        return None
    old.review, old.agency = submission.review, submission.agency
    return compare(old, submission, hidden)
