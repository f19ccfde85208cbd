"""Reads across reviews: the dashboard (its page and its spreadsheet) and search.

Every list here starts from a queryset in ``reviewdesk.access`` and shows people through
``Names``, so what a reader finds is what they may see, in a fixed number of queries however many
reviews there are.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from reviewdesk import access
from reviewdesk.access import Tier
from reviewdesk.accounts.models import User
from reviewdesk.reviews.clocks import ClockStatus, clock_status, next_open_clock
from reviewdesk.reviews.models import Clock, ClockKind, IdentityEntry, Review, Stage
from reviewdesk.reviews.names import Names

STATE_ORDER = {"overdue": 0, "due_soon": 1, "on_track": 2, "met": 3}
# The chart's and the spreadsheet's states, in the order they are shown.
STATES = [("overdue", "Overdue"), ("due_soon", "Due within 2 working days"),
          ("on_track", "On track"), ("met", "Met")]


def _children() -> Prefetch:
    return Prefetch("identities", queryset=IdentityEntry.objects.filter(
        kind=IdentityEntry.Kind.CHILD), to_attr="child_entries")


# --- The dashboard ------------------------------------------------------------------------------

@dataclass
class DashboardRow:
    review: Review
    names: Names
    clock: Clock | None  # the next open deadline
    status: ClockStatus | None
    overdue_tasks: int

    @property
    def who_must_act(self) -> str:
        """Who owes the next deadline, as the partnership's clock rule names them."""
        return self.clock.owed_by if self.clock else ""


@dataclass
class Dashboard:
    rows: list[DashboardRow]
    chart_rows: list[dict]
    today: date
    chart_max: int = 1
    overdue: int = 0  # reviews whose next deadline has passed
    due_soon: int = 0  # reviews whose next deadline is within two working days
    next_deadline: DashboardRow | None = None  # the soonest deadline still to come
    filters: dict = field(default_factory=dict)


def dashboard(user: User, *, stage: str = "", kind: str = "", show_closed: bool = False,
              today: date | None = None) -> Dashboard:
    """Every review the person may see, overdue first, with its next deadline and who owes it;
    the deadlines counted by state for the chart. Closed reviews only when asked for (or when
    the closed stage is chosen)."""
    today = today or timezone.localdate()
    overdue_tasks = Count("tasks", filter=Q(tasks__done_on__isnull=True, tasks__due_on__lt=today))
    reviews: QuerySet[Review] = access.reviews_visible_to(user).select_related(
        "partnership").annotate(overdue_tasks=overdue_tasks).prefetch_related("clocks", _children())
    if stage:
        reviews = reviews.filter(stage=stage)
    if kind:
        reviews = reviews.filter(kind=kind)
    if not show_closed and not stage:
        reviews = reviews.exclude(stage=Stage.CLOSED)
    found = list(reviews)
    access.prime_roles(user, found)
    rows = []
    chart: dict[ClockKind, Counter] = {k: Counter() for k in ClockKind}
    for review in found:
        clocks = list(review.clocks.all())
        nxt = next_open_clock(clocks)
        for clock in clocks:
            chart[ClockKind(clock.kind)][clock_status(clock, today).state] += 1
        children: list[IdentityEntry] = review.child_entries  # type: ignore[attr-defined]
        overdue: int = review.overdue_tasks  # type: ignore[attr-defined]
        rows.append(DashboardRow(review, Names(review, user, entries=children), nxt,
                                 clock_status(nxt, today) if nxt else None, overdue))
    rows.sort(key=lambda r: (STATE_ORDER[r.status.state] if r.status else 9,
                             r.status.due_on if r.status else today, r.review.reference))
    chart_rows = [{"kind": k, "counts": counts, "total": sum(counts.values())}
                  for k, counts in chart.items()]
    coming = [r for r in rows if r.status and r.status.state != "overdue"]
    return Dashboard(
        rows=rows, chart_rows=chart_rows, today=today,
        chart_max=max([sum(counts.values()) for counts in chart.values()] + [1]),
        overdue=sum(1 for r in rows if r.status and r.status.state == "overdue"),
        due_soon=sum(1 for r in rows if r.status and r.status.state == "due_soon"),
        next_deadline=min(coming, key=lambda r: (r.status.due_on, r.review.reference),  # type: ignore[union-attr]
                          default=None),
        filters={"stage": stage, "kind": kind, "show_closed": show_closed})


# --- Home ---------------------------------------------------------------------------------------

def group_reviews(user: User) -> list[dict]:
    """The executive group's and the L&D subgroup's reviews at their stages (not as members)."""
    reviews = list(access.reviews_at_group_stages(user).prefetch_related(_children())
                   .order_by("reference"))
    access.prime_roles(user, reviews)
    return [{"review": r, "names": Names(r, user, entries=r.child_entries)}  # type: ignore[attr-defined]
            for r in reviews]


def deadline_counts(user: User, today: date) -> dict[str, int]:
    """Open reviews counted by the state of their next deadline, as the dashboard counts them,
    without reading any review's names (the business manager's home)."""
    clocks = Clock.objects.filter(review__in=access.reviews_visible_to(user).exclude(
        stage=Stage.CLOSED), met_on__isnull=True)
    by_review: dict[int, list[Clock]] = {}
    for clock in clocks:
        by_review.setdefault(clock.review_id, []).append(clock)
    states = Counter(clock_status(nxt, today).state for found in by_review.values()
                     if (nxt := next_open_clock(found)) is not None)
    return {"overdue": states["overdue"], "due_soon": states["due_soon"]}


# --- Search -------------------------------------------------------------------------------------

# Fewer letters than this find too much to be of use (and every review's "Child A").
MIN_QUERY = 2
MAX_QUERY = 100
MAX_RESULTS = 50
# "Z.Q.", "Z Q", "ZQ": initials, read as the first letters of a name's first and last words.
INITIALS = re.compile(r"^([A-Za-z])\.?\s*([A-Za-z])\.?$")


def clean_query(query: str) -> str:
    return " ".join((query or "").split())[:MAX_QUERY]


def _initials_pattern(query: str) -> str | None:
    match = INITIALS.match(query)
    # Two plain lower-case letters are a fragment of a word, not initials.
    if not match or (query.islower() and "." not in query and " " not in query):
        return None
    first, last = match.groups()
    return rf"^{first}\S*(\s+\S+)*\s+{last}\S*$"


def _names_matching(query: str, *fields: str) -> Q:
    """A name field holds the words typed, or the initials typed are its first and last."""
    found = Q()
    for name in fields:
        found |= Q(**{f"{name}__icontains": query})
    if (pattern := _initials_pattern(query)) is not None:
        for name in fields:
            found |= Q(**{f"{name}__iregex": pattern})
    return found


@dataclass
class ReviewResult:
    review: Review
    names: Names
    found_by: str  # "reference", "pseudonym" or "name": what the reader typed matched


@dataclass
class SearchResults:
    query: str
    reviews: list[ReviewResult] = field(default_factory=list)
    people: list[User] = field(default_factory=list)
    more: bool = False  # more than MAX_RESULTS of either

    @property
    def count(self) -> int:
        return len(self.reviews) + len(self.people)


def search(user: User, query: str) -> SearchResults:
    """Reviews the person may see found by their reference, the child's pseudonym, or the
    child's name (and nicknames) where the person may see it; people the person may see by name.

    A name is compared only on reviews where its reader may see it (``access.reviews_at_tier``):
    a hidden name finds nothing, so no count or order says anything about it."""
    query = clean_query(query)
    results = SearchResults(query)
    if len(query) < MIN_QUERY:
        return results
    visible = access.reviews_visible_to(user)
    children = IdentityEntry.objects.filter(kind=IdentityEntry.Kind.CHILD)
    by_reference = Q(reference__icontains=query)
    by_pseudonym = Q(pk__in=children.filter(pseudonym__icontains=query).values("review_id"))
    named = children.filter(_names_matching(query, "real_name", "aliases"))
    by_name = Q(pk__in=named.filter(
        Q(review__in=access.reviews_at_tier(user, Tier.FAMILY)) | Q(is_public=True)
    ).values("review_id"))
    found = list(visible.filter(by_reference | by_pseudonym | by_name).select_related(
        "partnership").prefetch_related(_children()).order_by("reference")[:MAX_RESULTS + 1])
    access.prime_roles(user, found)
    for review in found[:MAX_RESULTS]:
        names = Names(review, user, entries=review.child_entries)  # type: ignore[attr-defined]
        results.reviews.append(ReviewResult(review, names, _found_by(review, names, query)))
    people = list(access.people_visible_to(user).filter(_names_matching(query, "full_name"))
                  .select_related("agency").order_by("full_name", "pk")[:MAX_RESULTS + 1])
    results.people = people[:MAX_RESULTS]
    results.more = len(found) > MAX_RESULTS or len(people) > MAX_RESULTS
    return results


def _found_by(review: Review, names: Names, query: str) -> str:
    """Why the review was found, in the reader's own terms (never a name they may not see)."""
    if query.lower() in review.reference.lower():
        return "reference"
    if any(query.lower() in e.pseudonym.lower() for e in names.children):
        return "pseudonym"
    return "name"
