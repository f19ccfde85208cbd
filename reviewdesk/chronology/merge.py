"""The merged multi-agency chronology: every agency's current entries in one order.

An agency's current chronology is the entries of its accepted submission; superseded and
withdrawn versions are kept but never merged.

The order (``ORDERING``, every key ascending and never NULL, ending in the primary key, so the
order is total and keyset pagination can resume after any row):

1. ``date``: the day; a month-only or year-only entry is stored on the first day of its month or
   year.
2. ``precision_rank``: year-only (0), then month-only (1), then day (2). So a year-only entry
   opens its year, before that year's month-only entries and 1 January's entries, and a
   month-only entry opens its month, before the entries dated on the 1st. A partial date says
   "some time in", and a reader meets it where that period starts, marked as partial
   (``is_partial``).
3. ``sort_sequence``: the author's order within a day; an entry with no sequence comes after the
   day's sequenced entries.
4. ``sort_time``: the time; an entry with no time after the day's timed entries.
5. ``agency_name``, then ``position`` (the order in the agency's file), then ``id``.

Uncertain dates ("about 12 March") are placed where their date says and marked (``uncertain``):
moving them would claim a certainty about their place that no one has.

Performance (500,000 entries on PostgreSQL, about 450 a day): the index
``chron_entry_merged_order`` holds every column the order and the review's page query read
(review, date, precision, sequence, time, agency, position, id, submission). The page picks its
ids first, from that index alone (an index-only scan in date order, sorting each day's few
hundred keys by the rest of the order in memory), and then reads only those rows
(``merged_views.keyset_page``). The order cannot be read from an index whole: the agency's
name is in another table. A page resumes after its last row with
``after(qs, sort_key(last_row))``, never with OFFSET.
"""

import datetime
from collections.abc import Sequence
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    F,
    IntegerField,
    Q,
    QuerySet,
    TimeField,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from reviewdesk.chronology.models import Entry, Submission
from reviewdesk.reviews.models import Review

# Stand-ins for "no sequence" and "no time", after every real value (PositiveIntegerField's
# largest value; the last microsecond of the day). Ties are then broken by the keys that follow.
NO_SEQUENCE = 2_147_483_647
NO_TIME = datetime.time(23, 59, 59, 999_999)
PRECISION_RANK = {Entry.Precision.YEAR: 0, Entry.Precision.MONTH: 1, Entry.Precision.DAY: 2}

ORDERING: tuple[str, ...] = ("date", "precision_rank", "sort_sequence", "sort_time", "agency_name",
                             "position", "id")


def current_entries(review: Review, *, hidden: Q | None = None) -> QuerySet[Entry]:
    """Every entry of the review's accepted submissions, unordered and unannotated, without
    those ``hidden`` from the reader (``access.restricted_chronology_entries``: entries restricted
    by advice that they may not see)."""
    entries = Entry.objects.filter(review=review, submission__status=Submission.Status.ACCEPTED)
    return entries if hidden is None else entries.exclude(hidden)


def annotate_order(qs: QuerySet[Entry]) -> QuerySet[Entry]:
    """The sort keys of ``ORDERING`` (and ``is_partial``) as annotations, for any entry queryset."""
    return qs.annotate(
        precision_rank=Case(*[When(precision=p, then=Value(rank)) for p, rank in PRECISION_RANK.items()],
                            default=Value(PRECISION_RANK[Entry.Precision.DAY]),
                            output_field=IntegerField()),
        sort_sequence=Coalesce("sequence", Value(NO_SEQUENCE), output_field=IntegerField()),
        sort_time=Coalesce("time", Value(NO_TIME), output_field=TimeField()),
        agency_name=F("agency__name"),
        is_partial=Case(When(~Q(precision=Entry.Precision.DAY), then=Value(True)),
                        default=Value(False), output_field=BooleanField()),
    )


def merged_entries(review: Review, *, hidden: Q | None = None) -> QuerySet[Entry]:
    """The merged chronology: every current entry of the review, in ``ORDERING``.

    Each entry comes with its agency and submission (the original file's name, its version)
    in the same query; the submission's stored list of problems, which can be long, is left
    unloaded. Annotated with the sort keys and ``is_partial`` (month- or year-only date);
    ``uncertain`` is the entry's own field. Without the entries ``hidden`` from the reader
    (``current_entries``)."""
    return (annotate_order(current_entries(review, hidden=hidden))
            .select_related("agency", "submission")
            .defer("submission__problems", "submission__headings", "submission__mapping")
            .order_by(*ORDERING))


def sort_key(entry: Any) -> tuple:
    """An entry's place in ``ORDERING``, computed in Python from its fields.

    Works on an Entry (its agency loaded) or on a dict of values with ``agency_name``; equal to
    the annotations ``merged_entries`` gives, so a page can resume with ``after``."""
    get = entry.get if isinstance(entry, dict) else lambda name: getattr(entry, name)
    agency_name = get("agency_name") if isinstance(entry, dict) else (
        getattr(entry, "agency_name", None) or entry.agency.name)
    sequence, time = get("sequence"), get("time")
    return (get("date"), PRECISION_RANK.get(get("precision"), PRECISION_RANK[Entry.Precision.DAY]),
            NO_SEQUENCE if sequence is None else sequence, NO_TIME if time is None else time,
            agency_name, get("position"), get("id"))


def after(qs: QuerySet[Entry], key: Sequence) -> QuerySet[Entry]:
    """The entries of an ``annotate_order``-ed queryset that come after ``key`` in ``ORDERING``
    (keyset pagination). The leading ``date >= …`` lets the database start from the index."""
    if len(key) != len(ORDERING):
        raise ValueError(f"A sort key has {len(ORDERING)} values, in the order of ORDERING.")
    later = Q()
    for index, name in enumerate(ORDERING):
        step = Q(**{f"{name}__gt": key[index]})
        for before in range(index):
            step &= Q(**{ORDERING[before]: key[before]})
        later |= step
    return qs.filter(date__gte=key[0]).filter(later)
