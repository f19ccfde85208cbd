"""Reads across reviews: the dashboard (its page and its spreadsheet) and search; and one
review's overview for its page (below).

Every list here starts from a queryset in ``reviewdesk.access`` and shows people through
``Names``, so what a reader finds is what they may see, in a fixed number of queries however many
reviews there are.
"""

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from reviewdesk import access
from reviewdesk.access import Permission, Tier
from reviewdesk.accounts.models import User
from reviewdesk.reviews import transitions
from reviewdesk.reviews.clocks import ClockStatus, clock_status, next_open_clock
from reviewdesk.reviews.models import (
    STAGE_ORDER,
    Clock,
    ClockKind,
    IdentityEntry,
    Incident,
    Review,
    Stage,
    TimelineEntry,
)
from reviewdesk.reviews.names import Names, age_in_words
from reviewdesk.reviews.transitions import Blocker

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
    overdue_actions: int = 0  # the action plan's, by its one rule (action_plan.rules)

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
    overdue_actions: int = 0  # actions not completed by their due date, in these reviews


# The overdue actions of each review, as an annotation (the action plan is a later stage: named
# by its dotted path, resolved when the dashboard is first asked for).
OVERDUE_ACTIONS = "reviewdesk.action_plan.selectors.overdue_count"


def dashboard(user: User, *, stage: str = "", kind: str = "", show_closed: bool = False,
              today: date | None = None) -> Dashboard:
    """Every review the person may see, overdue first, with its next deadline and who owes it;
    the deadlines counted by state for the chart. Closed reviews only when asked for (or when
    the closed stage is chosen)."""
    today = today or timezone.localdate()
    overdue_tasks = Count("tasks", filter=Q(tasks__done_on__isnull=True, tasks__due_on__lt=today))
    reviews: QuerySet[Review] = access.reviews_visible_to(user).select_related(
        "partnership").annotate(overdue_tasks=overdue_tasks,
                                overdue_actions=import_string(OVERDUE_ACTIONS)(today)
                                ).prefetch_related("clocks", _children())
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
                                 clock_status(nxt, today) if nxt else None, overdue,
                                 review.overdue_actions))  # type: ignore[attr-defined]
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
        filters={"stage": stage, "kind": kind, "show_closed": show_closed},
        overdue_actions=sum(r.overdue_actions for r in rows))


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


# --- A review's page: the overview --------------------------------------------------------------
# The case in one line, the stages as a progress bar, the review's state against its deadlines,
# and what happens next: the real blockers of the current stage, with who must act and where.
# What stops a stage comes from the requirements that guard its transitions in ``FLOW``
# (``Transition.unmet``) and from the waits a stage's app knows of that are not requirements (an
# agency's chronology overdue, a summary not returned), named in ``WAITS`` by dotted path as
# ``FLOW`` names its requirements: this module never imports a stage app.

# Each returns what the stage is waiting for, as this viewer may see it (names.viewer).
Wait = Callable[[Review, Names], list[Blocker]]

# The waits of each stage that are not requirements of its transitions, by dotted path.
WAITS: dict[str, tuple[str, ...]] = {
    Stage.RAPID_REVIEW: ("reviewdesk.rapid_review.selectors.summaries_waiting",),
    Stage.DECISION: ("reviewdesk.decisions.selectors.decisions_waiting",),
    Stage.COMMISSIONING: ("reviewdesk.commissioning.selectors.case_files_waiting",),
    Stage.CHRONOLOGY: ("reviewdesk.chronology.selectors.chronologies_waiting",),
}

# Who takes a step, by what the flow asks of them.
WHO_TAKES: dict[Permission, str] = {
    Permission.CHANGE_STAGE: "The business manager",
    Permission.MANAGE_RAPID_REVIEW: "The business manager",
    Permission.RECORD_PARTNER_DECISION: "The three safeguarding partners (the business manager "
                                        "may record each decision for them)",
}


@cache
def _resolve(path: str) -> Wait:
    wait: Wait = import_string(path)
    return wait


# --- The case in one line ------------------------------------------------------------------------

@dataclass(frozen=True)
class CaseSummary:
    child: str  # the subject child as this viewer may see them
    age: str  # at the incident: "aged 6", never the date of birth
    kind: str
    what_happened: str
    other_cases: int


def case_summary(review: Review, names: Names, incidents: Sequence[Incident]) -> CaseSummary:
    """The case as this viewer may see it, from the incidents the page has already fetched."""
    first = incidents[0] if incidents else None
    entry = names.subject_entry
    born = entry.date_of_birth if entry else None
    happened = ""
    if first is not None:
        happened = (f"{first.get_what_happened_display()} on {first.incident_date:%-d %B %Y}; "
                    f"abuse or neglect {first.get_abuse_or_neglect_display().lower()}")
    return CaseSummary(
        child=names.subject,
        age=age_in_words(born, first.incident_date) + " at the incident" if born and first else "",
        kind=review.get_kind_display(),
        what_happened=happened,
        other_cases=max(len(incidents) - 1, 0),
    )


# --- The stages as a progress bar ----------------------------------------------------------------

DONE, CURRENT, TO_COME, NOT_HELD = "done", "current", "to come", "not held"


@dataclass(frozen=True)
class StageStep:
    stage: Stage
    state: str  # DONE, CURRENT, TO_COME or NOT_HELD
    started_on: date | None = None
    finished_on: date | None = None

    @property
    def label(self) -> str:
        return self.stage.label

    @property
    def dates(self) -> str:
        if self.state == CURRENT:
            return f"since {self.started_on:%-d %B %Y}" if self.started_on else ""
        if self.state == DONE and self.finished_on:
            return f"finished {self.finished_on:%-d %B %Y}"
        return ""


def progress(review: Review, timeline: Iterable[TimelineEntry]) -> list[StageStep]:
    """Every stage in order, done, current or to come, with its dates from the stage moves on
    the timeline. A stage the review passed without holding (a review the partners decided not
    to hold goes from the decision to closed) is 'not held'."""
    started: dict[str, date] = {}
    finished: dict[str, date] = {}
    moves = sorted((e for e in timeline if e.kind == TimelineEntry.Kind.STAGE_CHANGED),
                   key=lambda e: (e.effective_on, e.recorded_at, e.pk))
    for move in moves:
        if move.to_stage:
            started[move.to_stage] = move.effective_on
            finished.pop(move.to_stage, None)  # a move undone: the stage is open again
        if move.from_stage:
            finished[move.from_stage] = move.effective_on
    current = STAGE_ORDER.index(Stage(review.stage))
    steps = []
    for index, stage in enumerate(STAGE_ORDER):
        if index == current:
            steps.append(StageStep(stage, CURRENT, review.stage_since))
        elif index < current:
            held = stage in finished or stage == Stage.NOTIFICATION
            steps.append(StageStep(stage, DONE if held else NOT_HELD, started.get(stage),
                                   finished.get(stage)))
        else:
            steps.append(StageStep(stage, TO_COME))
    return steps


# --- The review's state --------------------------------------------------------------------------

@dataclass(frozen=True)
class ReviewState:
    state: str  # "closed", "overdue", "delayed", "due_soon", "on_track"
    label: str
    tag_colour: str
    detail: str  # which deadline, in words


def review_state(review: Review, clocks: Iterable[Clock], today: date | None = None) -> ReviewState:
    """On track, due soon, overdue or delayed (with the revised date), from the review's open
    deadlines: the most pressing one decides."""
    today = today or timezone.localdate()
    if not review.is_open:
        return ReviewState("closed", "Closed", "grey", f"Closed on {review.stage_since:%-d %B %Y}")
    open_clocks = sorted((c for c in clocks if not c.met_on),
                         key=lambda c: (c.effective_due_on, c.pk))
    statuses = [(c, clock_status(c, today)) for c in open_clocks]
    overdue = [(c, s) for c, s in statuses if s.state == "overdue"]
    if overdue:
        clock, status = overdue[0]
        return ReviewState("overdue", "Overdue", "red",
                           f"{clock.get_kind_display()}: due {clock.effective_due_on:%-d %B %Y}; "
                           f"{status.label.lower()}")
    delayed = [(c, s) for c, s in statuses if c.is_delayed]
    if delayed:
        clock, status = delayed[0]
        return ReviewState("delayed", "Delayed", "orange",
                           f"{clock.get_kind_display()}: revised date "
                           f"{clock.effective_due_on:%-d %B %Y} (was {clock.due_on:%-d %B %Y}, "
                           f"{clock.get_delay_reason_display().lower()}); "
                           f"{status.label.lower()}")
    if statuses:
        clock, status = statuses[0]
        due_soon = status.state == "due_soon"
        return ReviewState("due_soon" if due_soon else "on_track",
                           "Due soon" if due_soon else "On track",
                           "yellow" if due_soon else "green",
                           f"{clock.get_kind_display()}: due {clock.effective_due_on:%-d %B %Y}; "
                           f"{status.label.lower()}")
    return ReviewState("on_track", "On track", "green", "No deadline is open.")


# --- What happens next ---------------------------------------------------------------------------

@dataclass(frozen=True)
class ReadyStep:
    """A step nothing stops: what it is, who takes it and where."""

    label: str
    who: str
    url: str


@dataclass(frozen=True)
class WhatHappensNext:
    work: str  # the current stage's work, in the flow's words
    blockers: list[Blocker] = field(default_factory=list)
    ready: list[ReadyStep] = field(default_factory=list)  # when nothing blocks


def _who_takes(step: transitions.Transition) -> str:
    return WHO_TAKES.get(step.who_may, "The business manager")


def _step_url(review: Review, transition: transitions.Transition) -> str:
    if transition.page:
        return reverse(transition.page, args=[review.uuid])
    return reverse("reviews:change_stage", args=[review.uuid, transition.name])


def what_happens_next(review: Review, names: Names) -> WhatHappensNext:
    """What stops the review moving on, as this viewer may see it: first what the stage is
    waiting for (``WAITS``), then what the steps from the stage require; each says who must act
    and where. When nothing blocks, the steps open now and who takes them."""
    found: list[Blocker] = []
    for path in WAITS.get(review.stage, ()):
        found += _resolve(path)(review, names)
    # A requirement about what a wait already says (its page, or a page under it: one agency's
    # chronology, one line of the case-file checklist) is said once, by the wait.
    waited_on = tuple(b.url for b in found if b.url)
    steps = transitions.available(review)
    for step in steps:
        # A requirement that does not say who must act is for whoever takes the step.
        found += [b if b.who else Blocker(b.text, _who_takes(step), b.url, b.outstanding)
                  for b in step.unmet(review)
                  if not (b.url and b.url.startswith(waited_on))]
    blockers: list[Blocker] = []
    seen: set[str] = set()
    for blocker in found:
        if blocker.text not in seen:
            seen.add(blocker.text)
            blockers.append(Blocker(names.redact(blocker.text), names.redact(blocker.who),
                                    blocker.url, blocker.outstanding))
    ready = [] if blockers else [
        ReadyStep(step.label, _who_takes(step),
                  _step_url(review, step)) for step in steps]
    return WhatHappensNext(transitions.next_step(review), blockers, ready)
