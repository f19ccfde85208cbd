"""What needs each person now: the items on their home page, most urgent first.

Each stage app says what it asks of people in a provider in its own ``selectors.py``, listed in
``PROVIDERS`` below by dotted path (resolved when first asked, so ``reviews`` imports no later
app; nothing is registered at start-up: docs/decisions/0026). A provider takes the viewer and
today's date and returns ``Need`` items across every review they take part in or oversee, with a
fixed number of queries whatever the number of reviews. ``needs_for`` gathers them, keeps only
those on reviews the viewer may see (``access.reviews_visible_to``), shows each review and its
words as the viewer may see them (``Names``) and sorts them.
"""

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any, Protocol

from django.urls import reverse
from django.utils.module_loading import import_string

from reviewdesk import access
from reviewdesk.accounts.models import User
from reviewdesk.lib.workingdays import working_days_between
from reviewdesk.reviews.clocks import DUE_SOON_WORKING_DAYS, clock_status
from reviewdesk.reviews.models import Clock, ClockKind, IdentityEntry, Review, Task
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.sections import TASK_PAGES

# Every stage's provider, in the order of a review. A new stage adds its line here.
PROVIDERS: tuple[str, ...] = (
    "reviewdesk.rapid_review.selectors.needs",
    "reviewdesk.decisions.selectors.needs",
    "reviewdesk.commissioning.selectors.needs",
    "reviewdesk.staff.selectors.needs",
    "reviewdesk.chronology.selectors.needs",
    "reviewdesk.family.selectors.needs",
    "reviewdesk.conversations.selectors.needs",
    "reviewdesk.parallel.selectors.needs",
    "reviewdesk.support.selectors.needs",
    "reviewdesk.meetings.selectors.needs",
    "reviewdesk.informing.selectors.needs",
    "reviewdesk.reports.selectors.needs",
    "reviewdesk.comments.selectors.needs",
    "reviewdesk.signoff.selectors.needs",
    "reviewdesk.publication.selectors.needs",
    "reviewdesk.holds.selectors.needs",
    "reviewdesk.on_request.selectors.needs",
    "reviewdesk.copies.selectors.needs",
    "reviewdesk.progress.selectors.needs",
    "reviewdesk.briefings.selectors.needs",
    "reviewdesk.action_plan.selectors.needs",
    "reviewdesk.reviews.needs.task_needs",
    "reviewdesk.reviews.needs.clock_needs",
)

# The state of an item, most urgent first.
OVERDUE, ESCALATED, DUE_SOON, WAITING = "overdue", "escalated", "due_soon", "waiting"
STATE_ORDER = {OVERDUE: 0, ESCALATED: 1, DUE_SOON: 2, WAITING: 3}
STATE_LABELS = {OVERDUE: "Overdue", ESCALATED: "Escalated", DUE_SOON: "Due soon",
                WAITING: "Waiting"}
STATE_COLOURS = {OVERDUE: "red", ESCALATED: "orange", DUE_SOON: "yellow", WAITING: "grey"}


@dataclass(frozen=True)
class Need:
    """One thing a person must do on one review.

    ``what`` and ``who`` are plain words as typed (they may hold a name from the review): the
    home page shows them through the viewer's redactor, never as they are."""

    review: Review
    what: str  # what to do, in words: "Send Eastvale Police's chronology"
    url: str  # the one page where it is done
    state: str  # OVERDUE, ESCALATED, DUE_SOON or WAITING
    due_on: date | None = None
    who: str = "You"  # who it is for: "You", "The Police partner", "The business unit"
    since: date | None = None  # when it started waiting (an escalation: how long it has waited)
    detail: str = ""


class Provider(Protocol):
    def __call__(self, viewer: User, today: date) -> list[Need]: ...


@dataclass
class ShownNeed:
    """A need as the viewer sees it: the review's title and the words through their names."""

    need: Need
    title: str
    what: str
    who: str
    detail: str
    today: date
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def state(self) -> str:
        return self.need.state

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.need.state]

    @property
    def state_colour(self) -> str:
        return STATE_COLOURS[self.need.state]

    @property
    def when(self) -> str:
        """The due date and how late, or how long it has waited, in words."""
        need, today = self.need, self.today
        parts = []
        if need.due_on:
            parts.append(f"Due {need.due_on:%-d %B %Y}")
            if today > need.due_on:
                late = working_days_between(need.due_on, today)
                if late:
                    parts.append(f"{late} working day{'' if late == 1 else 's'} late")
        if need.since:
            waited = working_days_between(need.since, today)
            parts.append(f"waiting {waited} working day{'' if waited == 1 else 's'} since "
                         f"{need.since:%-d %B %Y}")
        return ", ".join(parts) or "No date set"


def state_for(due_on: date | None, today: date) -> str:
    """Overdue after the due date, due soon within the working days before it, else waiting."""
    if due_on is None:
        return WAITING
    if today > due_on:
        return OVERDUE
    if working_days_between(today, due_on) <= DUE_SOON_WORKING_DAYS:
        return DUE_SOON
    return WAITING


@cache
def providers() -> tuple[Provider, ...]:
    return tuple(import_string(path) for path in PROVIDERS)


def needs_for(viewer: User, today: date) -> list[ShownNeed]:
    """Everything that needs this person now, most urgent first, as they may see it."""
    viewer.__dict__.pop("_roles_ever_held", None)  # asked afresh each time (access.roles_ever_held)
    found = [need for provider in providers() for need in provider(viewer, today)]
    if not found:
        return []
    # Belt and braces: a provider's slip never shows a review the viewer may not know exists.
    visible = set(access.reviews_visible_to(viewer).filter(
        pk__in={n.review.pk for n in found}).values_list("pk", flat=True))
    found = [n for n in found if n.review.pk in visible]
    reviews = {n.review.pk: n.review for n in found}
    access.prime_roles(viewer, list(reviews.values()))
    entries: dict[int, list[IdentityEntry]] = {pk: [] for pk in reviews}
    for entry in IdentityEntry.objects.filter(review__in=list(reviews)):
        entries[entry.review_id].append(entry)
    names = {pk: Names(review, viewer, entries=entries[pk]) for pk, review in reviews.items()}
    shown = [ShownNeed(n, names[n.review.pk].title, names[n.review.pk].redact(n.what),
                       names[n.review.pk].redact(n.who), names[n.review.pk].redact(n.detail),
                       today) for n in found]
    far = date.max
    return sorted(shown, key=lambda s: (STATE_ORDER[s.state], s.need.due_on or far,
                                        s.need.since or far, s.need.review.reference, s.what))


def counts(needs: list[ShownNeed]) -> dict[str, int]:
    return {state: sum(1 for n in needs if n.state == state) for state in STATE_ORDER}


# --- The review's own items: tasks and clocks ---------------------------------------------------

def task_needs(viewer: User, today: date) -> list[Need]:
    """Open tasks on the review's plan that the viewer owns."""
    tasks = (Task.objects.filter(owner=viewer, done_on__isnull=True,
                                 review__stage__in=Task.OPEN_STAGES)
             .select_related("review"))
    bm = access.is_business_manager(viewer)
    items = []
    for task in tasks:
        page = TASK_PAGES.get(task.key)
        if page is not None:
            url = reverse(page.url_name, args=[task.review.uuid])
        elif bm:
            url = reverse("reviews:task_done", args=[task.review.uuid, task.pk])
        else:
            url = reverse("reviews:review", args=[task.review.uuid])
        items.append(Need(task.review, task.title, url, state_for(task.due_on, today),
                          due_on=task.due_on))
    return items


def clock_needs(viewer: User, today: date) -> list[Need]:
    """For the business manager: every clock in the partnership that is due soon or overdue."""
    if not access.is_business_manager(viewer) or viewer.partnership_id is None:
        return []
    clocks = (Clock.objects.filter(review__partnership_id=viewer.partnership_id,
                                   met_on__isnull=True)
              .exclude(review__stage="closed")
              # The escalation's own item says how long the scrutineer's decision has waited.
              .exclude(kind=ClockKind.DECISION_ESCALATION).select_related("review"))
    items = []
    for clock in clocks:
        status = clock_status(clock, today)
        if status.state not in {"overdue", "due_soon"}:
            continue
        items.append(Need(clock.review, f"Deadline: {clock.get_kind_display()}",
                          reverse("reviews:review", args=[clock.review.uuid]),
                          OVERDUE if status.state == "overdue" else DUE_SOON,
                          due_on=status.due_on, who=clock.owed_by))
    return items
