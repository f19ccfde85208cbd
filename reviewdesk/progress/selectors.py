"""Reads with rules: an owner's own actions, one action's history, the subgroup's monitoring view
(every open action across the reviews the viewer may see, filtered), and the owner's home items.

Lists fetch their actions, reviews, identity registers and histories in a fixed number of queries
whatever the number of reviews or actions; each action's words are shown through its own
review's redactor for the viewer."""

import hashlib
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse

from reviewdesk import access
from reviewdesk.accounts.models import Agency, User
from reviewdesk.action_plan import rules
from reviewdesk.action_plan.models import (
    Action,
    ActionUpdate,
    DueDateRevision,
    EvidenceFile,
    PlanMeeting,
    Theme,
)
from reviewdesk.reviews.models import IdentityEntry, Review
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.needs import DUE_SOON, OVERDUE, Need

# The monitoring view's status filter: "" is every action not yet concluded.
NOT_CONCLUDED = (Action.Status.NOT_STARTED, Action.Status.IN_PROGRESS, Action.Status.COMPLETED)
ALL = "all"
PAGE_SIZE = 50


@dataclass(frozen=True)
class HistoryEntry:
    on: date
    title: str
    text: str  # as the viewer may read it
    by: str
    files: list[EvidenceFile] = field(default_factory=list)
    recorded_at: Any = None


def _by(names: Names, record: Any, owner_name: str = "") -> str:
    who = names.user(record.recorded_by)
    if record.on_behalf_of_id:
        who += f" on behalf of {names.user(record.on_behalf_of)}"
    elif owner_name and record.recorded_by_id is not None:
        who += f" for {owner_name}"
    return who


def history_of(action: Action, names: Names, *, updates: list[ActionUpdate] | None = None,
               revisions: list[DueDateRevision] | None = None) -> list[HistoryEntry]:
    """Everything that happened to the action, newest first: updates with their files, changes
    of status and revised due dates."""
    if updates is None:
        updates = list(action.updates.select_related("recorded_by", "on_behalf_of")
                       .prefetch_related("files"))
    if revisions is None:
        revisions = list(action.due_date_revisions.select_related("recorded_by", "on_behalf_of"))
    owner_without_sign_in = names.redact(action.owner_name) if action.owner_id is None else ""
    entries = []
    for update in updates:
        title = update.get_kind_display()
        if update.status_to and update.kind == ActionUpdate.Kind.PROGRESS:
            title += f" (now {Action.Status(update.status_to).label.lower()})"
        by_owner = owner_without_sign_in if update.kind in {
            ActionUpdate.Kind.PROGRESS, ActionUpdate.Kind.COMPLETED,
            ActionUpdate.Kind.IMPACT} else ""
        entries.append(HistoryEntry(update.written_on, title, names.redact(update.text),
                                    _by(names, update, by_owner), list(update.files.all()),
                                    update.recorded_at))
    for revision in revisions:
        entries.append(HistoryEntry(
            revision.decided_on,
            f"Due date revised from {revision.previous_due_on:%-d %B %Y} to "
            f"{revision.new_due_on:%-d %B %Y}", names.redact(revision.reason),
            _by(names, revision), [], revision.recorded_at))
    return sorted(entries, key=lambda e: (e.on, e.recorded_at), reverse=True)


def owner_label(action: Action, names: Names, person: User | None = None) -> str:
    """The named owner as this viewer may read them: a person in the review's identity register
    (a practitioner) as the register shows them to the viewer; anyone else (an agency's
    safeguarding lead) by name; an owner without a sign-in by the name typed, redacted."""
    person = person or action.owner
    if person is None:
        return names.redact(action.owner_name)
    entry = names._by_person.get(person.pk)
    return names.entry(entry) if entry is not None else person.display_name


def action_query() -> QuerySet[Action]:
    return Action.objects.select_related("review__partnership", "agency", "owner")


def my_actions(user: User) -> list[Action]:
    """The actions this person owns, across reviews: open first, by due date."""
    if not (user.is_authenticated and user.is_active):
        return []
    found = [a for a in action_query().filter(owner=user) if access.owns_action(user, a)]
    return sorted(found, key=lambda a: (not a.is_open, a.due_on, a.review.reference, a.number))


def names_for(viewer: User, reviews: list[Review]) -> dict[int, Names]:
    """Each review's names for the viewer, its register fetched once for all of them."""
    by_pk = {r.pk: r for r in reviews}
    access.prime_roles(viewer, list(by_pk.values()))
    entries: dict[int, list[IdentityEntry]] = {pk: [] for pk in by_pk}
    for entry in IdentityEntry.objects.filter(review__in=list(by_pk)):
        entries[entry.review_id].append(entry)
    return {pk: Names(review, viewer, entries=entries[pk]) for pk, review in by_pk.items()}


def _attach_recorders(chosen: list[Action]) -> None:
    """Who recorded each update and revision, read once per person: a page's few people, not
    two joined user rows per update."""
    records = [r for action in chosen for r in (*action.updates.all(),
                                                *action.due_date_revisions.all())]
    people = User.objects.in_bulk({pk for r in records
                                   for pk in (r.recorded_by_id, r.on_behalf_of_id) if pk})
    for r in records:
        r.recorded_by = people[r.recorded_by_id]  # never null: PROTECT, not SET_NULL
        r.on_behalf_of = people.get(r.on_behalf_of_id)


def name_key(owner_name: str) -> str:
    """The owner filter's value for an owner without a sign-in: never the name itself, which
    the page's source would show to a reader who sees only its pseudonym."""
    return "n" + hashlib.sha256(owner_name.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Filters:
    review: str = ""  # a review's uuid
    agency: int | None = None
    owner: str = ""  # "u<pk>" for a person with a sign-in, name_key() for one without
    theme: int | None = None
    status: str = ""  # "" (not concluded), a status, or ALL
    overdue: bool = False

    @property
    def any(self) -> bool:
        return bool(self.review or self.agency or self.owner or self.theme or self.status
                    or self.overdue)


@dataclass
class Row:
    action: Action
    names: Names
    rating: rules.Rating
    description: str
    owner: str
    recommendations: str
    history: list[HistoryEntry]


@dataclass
class Monitoring:
    today: date
    rows: list[Row]
    matching: int  # actions the filters match (rows is one page of them)
    page: int
    pages: int
    total: int
    overdue: int
    by_status: dict[str, int]
    reviews: list[tuple[str, str]]  # (uuid, title) of reviews with actions, for the filter
    agencies: list[Agency]
    owners: list[tuple[str, str]]
    themes: list[Theme]


def monitored_actions(viewer: User) -> QuerySet[Action]:
    """Every action on the reviews of the viewer's partnership that they may see."""
    if not access.may_monitor_actions(viewer) or viewer.partnership_id is None:
        return Action.objects.none()
    visible = access.reviews_visible_to(viewer).filter(partnership_id=viewer.partnership_id)
    return Action.objects.filter(review__in=visible.values("pk"))


def whole_number(value: str) -> int | None:
    """A key or a page number typed in the address, or None: isdigit() takes "²" and "٣", which
    int() refuses or reads, and no key has more than 18 digits (nor does int() take 5,000)."""
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else None


def _filtered(actions: QuerySet[Action], filters: Filters, today: date) -> QuerySet[Action]:
    if filters.review:
        try:
            actions = actions.filter(review__uuid=uuid.UUID(filters.review))
        except ValueError:  # not a review's uuid: no review's actions (not a server error)
            return actions.none()
    if filters.agency:
        actions = actions.filter(agency_id=filters.agency)
    if filters.owner.startswith("u") and (owner := whole_number(filters.owner[1:])) is not None:
        actions = actions.filter(owner_id=owner)
    elif filters.owner.startswith("n"):
        typed = [name for name in actions.filter(owner__isnull=True).values_list(
            "owner_name", flat=True).distinct() if name_key(name) == filters.owner]
        actions = actions.filter(owner__isnull=True, owner_name__in=typed)
    if filters.theme:
        # The theme of a recommendation the action answers, or of the review as a whole.
        actions = actions.filter(
            Q(pk__in=Action.objects.filter(recommendations__themes=filters.theme).values("pk"))
            | Q(review__in=Review.objects.filter(theme_tags__theme=filters.theme).values("pk")))
    if filters.status == ALL:
        pass
    elif filters.status in Action.Status.values:
        actions = actions.filter(status=filters.status)
    else:
        actions = actions.filter(status__in=NOT_CONCLUDED)
    if filters.overdue:
        actions = actions.filter(rules.overdue_q(today))
    return actions


def monitoring(viewer: User, filters: Filters, today: date, *, page: int = 1,
               page_size: int | None = PAGE_SIZE) -> Monitoring:
    """The monitoring view: one page of the filtered actions (all of them without
    ``page_size``: the download) with their ratings and histories, and the choices for the
    filters, in a fixed number of queries."""
    base = monitored_actions(viewer)
    filtered = _filtered(base, filters, today)
    matching = filtered.count()
    pages = max(1, -(-matching // page_size)) if page_size else 1
    page = min(max(page, 1), pages)
    # By due date, then review and number: the order of an index, so a page is read without
    # sorting every action; the page's rows are then fetched whole by their keys.
    ordered = filtered.order_by("due_on", "review_id", "number").values_list("pk", flat=True)
    if page_size:
        ordered = ordered[(page - 1) * page_size:page * page_size]
    keys = list(ordered)
    chosen = sorted(Action.objects.filter(pk__in=keys).select_related(
        "agency", "owner").prefetch_related(
        Prefetch("updates", queryset=ActionUpdate.objects.prefetch_related("files")),
        "due_date_revisions"), key=lambda a: (a.due_on, a.review_id, a.number))
    _attach_recorders(chosen)
    numbers: dict[int, list[int]] = defaultdict(list)  # the recommendations each answers
    for action_pk, number in Action.recommendations.through.objects.filter(
            action_id__in=keys).order_by("recommendation__number").values_list(
            "action_id", "recommendation__number"):
        numbers[action_pk].append(number)
    # The filters' choices come from every action the viewer may monitor, not only those shown,
    # each read as a few distinct values: never a row per action.
    every = base.order_by()
    review_pks = set(every.values_list("review_id", flat=True).distinct())
    agency_pks = set(every.values_list("agency_id", flat=True).distinct())
    owner_pks = set(every.filter(owner__isnull=False).values_list("owner_id", flat=True)
                    .distinct())
    typed = list(every.filter(owner__isnull=True).values_list("review_id", "owner_name")
                 .distinct())
    by_status: dict[str, int] = defaultdict(int)
    overdue = 0
    for status, count, late in base.order_by().values_list("status").annotate(
            n=Count("pk"), late=Count("pk", filter=rules.overdue_q(today))):
        by_status[status] = count
        overdue += late
    reviews = list(Review.objects.filter(pk__in=review_pks).select_related("partnership"))
    by_pk = {r.pk: r for r in reviews}
    for action in chosen:  # the same review objects, so each review's names are made once
        action.review = by_pk[action.review_id]
    names = names_for(viewer, reviews)
    rows = []
    for action in chosen:
        n = names[action.review_id]
        rows.append(Row(
            action, n, rules.rating(action, today), n.redact(action.description),
            owner_label(action, n),
            ", ".join(str(number) for number in numbers.get(action.pk, [])),
            history_of(action, n, updates=list(action.updates.all()),
                       revisions=list(action.due_date_revisions.all()))))
    # Each owner named as the most careful of the monitored reviews names them: a member of
    # staff registered in a review is their pseudonym to someone who may not see staff there.
    owners: dict[str, str] = {}
    registered: dict[int, set[str]] = defaultdict(set)
    for n in names.values():
        for person_pk, entry in n._by_person.items():
            if person_pk in owner_pks:
                registered[person_pk].add(n.entry(entry))
    for person in User.objects.filter(pk__in=owner_pks):
        careful = sorted(label for label in registered[person.pk] if label != person.full_name)
        owners[f"u{person.pk}"] = careful[0] if careful else person.display_name
    for review_pk, owner_name in typed:
        key = name_key(owner_name)
        if key in owners and owners[key] != owner_name:
            continue  # already its pseudonym somewhere: no need to redact it again
        owners[key] = names[review_pk].redact(owner_name)
    review_choices = sorted({(str(r.uuid), names[r.pk].title) for r in reviews},
                            key=lambda c: c[1])
    return Monitoring(
        today=today, rows=rows, matching=matching, page=page, pages=pages,
        total=sum(by_status.values()),
        overdue=overdue, by_status=dict(by_status),
        reviews=review_choices,
        agencies=list(Agency.objects.filter(pk__in=agency_pks).order_by("name")),
        owners=sorted(owners.items(), key=lambda o: o[1].lower()),
        themes=list(Theme.objects.filter(partnership_id=viewer.partnership_id or 0)
                    .order_by("name")))


def monitoring_meetings(partnership_id: int) -> list[PlanMeeting]:
    return list(PlanMeeting.objects.filter(partnership_id=partnership_id,
                                           kind=PlanMeeting.Kind.MONITORING)
                .order_by("-held_on", "-pk"))


# --- Home items --------------------------------------------------------------------------------

def needs(viewer: User, today: date) -> list[Need]:
    """An owner's own open actions that are overdue or due within the amber window."""
    if not (viewer.is_authenticated and viewer.is_active):
        return []
    items = []
    for action in Action.objects.filter(owner=viewer, status__in=rules.OPEN).select_related(
            "review"):
        rating = rules.rating(action, today)
        if rating.overdue:
            state = OVERDUE
        elif rules.due_soon(action, today):
            state = DUE_SOON
        else:
            continue
        items.append(Need(action.review, f"Update action {action.number}: "
                                         f"{_short(action.description)}",
                          reverse("progress:action", args=[action.uuid]), state,
                          due_on=action.due_on))
    return items


def _short(text: str, length: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[:length - 1].rstrip() + "…"
