"""Read-only rules of the rapid review: the plan's steps and dates, what a notification still
needs and what the record still lacks."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import PartnerFor, PartnershipRole, User
from reviewdesk.lib.workingdays import add_working_days, working_days_between
from reviewdesk.notices.models import Notice
from reviewdesk.rapid_review.models import CRITERIA, RapidReviewRecord, SignOff, SummaryRequest
from reviewdesk.reviews.models import Clock, ClockKind, Incident, Review, Stage, Task
from reviewdesk.reviews.needs import DUE_SOON, OVERDUE, WAITING, Need, state_for
from reviewdesk.reviews.transitions import Blocker

# The record, the summary requests and the meetings can change until the rapid review is complete.
OPEN_STAGES = {Stage.NOTIFICATION, Stage.RAPID_REVIEW}


def is_open(review: Review) -> bool:
    return review.stage in OPEN_STAGES


@dataclass(frozen=True)
class PlanStep:
    key: str
    title: str
    working_day: int  # counted from the day the local authority became aware (day 0)
    # Who must act, when it is not the plan's owner (the business manager, or whom they chose):
    # the task names them instead of one person.
    owed_by: str = ""


AGENCIES_OWE = "Each agency asked for a summary (its named contact)"
PARTNERS_OWE = "The three safeguarding partners, each for their own partner"

# The last step is due on the rapid review clock's due date (15 working days by default).
PLAN = [
    PlanStep("rapid-review-request-summaries", "Request a summary from each agency involved", 1),
    PlanStep("rapid-review-agencies-reply", "Agencies send their summaries", 5, AGENCIES_OWE),
    PlanStep("rapid-review-meeting", "Hold the rapid review meeting", 8),
    PlanStep("rapid-review-draft", "Draft the rapid review summary and outcome", 11),
    PlanStep("rapid-review-sign-off", "Safeguarding partners sign off the rapid review", 13,
             PARTNERS_OWE),
    PlanStep("rapid-review-copy-to-panel", "Send a copy of the rapid review to the Panel", 15),
]
PLAN_KEYS = {step.key: step for step in PLAN}
SIGN_OFF = "rapid-review-sign-off"


def first_aware(review: Review) -> date:
    """The day the local authority became aware of the review's (first) incident."""
    return min(review.incidents.values_list("la_aware_on", flat=True))


def rapid_review_clock(review: Review) -> Clock | None:
    return review.clocks.filter(kind=ClockKind.RAPID_REVIEW).order_by("started_on", "pk").first()


def plan_dates(review: Review) -> list[tuple[PlanStep, date]]:
    """Each step's due date on the working-day calendar from the day the local authority became
    aware; the last step falls on the rapid review clock's due date."""
    clock = rapid_review_clock(review)
    if clock is not None:
        start, last = clock.started_on, clock.effective_due_on
    else:  # a review opened before clocks existed: count from its first incident
        start = first_aware(review)
        last = add_working_days(start, PLAN[-1].working_day)
    dates = []
    for step in PLAN:
        due = last if step is PLAN[-1] else min(add_working_days(start, step.working_day), last)
        dates.append((step, due))
    return dates


def plan_tasks(review: Review) -> list[Task]:
    return list(review.tasks.filter(key__in=PLAN_KEYS).select_related("owner", "done_by"))


def is_looked_after_death(incident: Incident, children: list[Any] | None = None) -> bool:
    """A looked-after child died: Ofsted and the Secretary of State must be told, whether or not
    abuse or neglect is known or suspected."""
    if incident.what_happened != Incident.WhatHappened.DEATH:
        return False
    children = list(incident.children.all()) if children is None else children
    return any(child.looked_after for child in children)


@dataclass(frozen=True)
class ChecklistItem:
    label: str
    done_on: date | None
    detail: str = ""


def notification_checklist(incident: Incident, notification: Any,
                           looked_after_death: bool) -> list[ChecklistItem]:
    n = notification
    items = [
        ChecklistItem("National Panel notified", n.panel_notified_on if n else None,
                      f"reference {n.panel_reference}" if n and n.panel_reference else ""),
        ChecklistItem("Local partners told", n.partners_told_on if n else None),
    ]
    if looked_after_death:
        items += [ChecklistItem("Ofsted notified", n.ofsted_notified_on if n else None),
                  ChecklistItem("Secretary of State notified",
                                n.secretary_of_state_notified_on if n else None)]
    return items


def notification_missing(items: list[ChecklistItem]) -> list[str]:
    return [item.label for item in items if item.done_on is None]


def record_gaps(record: Any) -> list[str]:
    """What the rapid review record still lacks before the rapid review can be complete, in words
    the business manager can act on (``record`` may be None: nothing recorded yet)."""
    problems = []
    if record is None or not record.facts_established.strip():
        problems.append("Record the facts established on the rapid review record.")
    for key, short, _text in CRITERIA:
        if record is None or not getattr(record, f"criterion_{key}"):
            problems.append(f"Answer criterion ({key}), {short}, on the rapid review record: met, "
                            "not met or unclear.")
    return problems


def sign_off_state(review: Review) -> dict[str, Any]:
    """Each of the three partners with their sign-off (or None), in the order they are shown,
    and whether all three have signed off."""
    signed = {s.partner_for: s for s in SignOff.objects.filter(
        review=review, withdrawn_at__isnull=True).select_related("signed_by", "recorded_by")}
    rows = [{"partner_for": p.value, "label": p.label, "sign_off": signed.get(p.value)}
            for p in PartnerFor]
    waiting = [row["label"] for row in rows if row["sign_off"] is None]
    return {"rows": rows, "waiting": waiting, "complete": not waiting,
            "last": max((s.signed_on for s in signed.values()), default=None)}


def missing_from_record(review: Review) -> list[str]:
    return record_gaps(RapidReviewRecord.objects.filter(review=review).first())


def record_requirement(review: Review) -> list[str]:
    """The requirement on 'Mark the rapid review complete'."""
    problems = missing_from_record(review)
    if problems:
        return ["The rapid review record is not finished."] + problems
    return []


def age_at(born: date | None, on: date) -> str:
    """An age in words (never the date of birth): '7 years', '1 year 3 months', '4 months'."""
    if born is None:
        return "age not recorded"
    months = (on.year - born.year) * 12 + on.month - born.month - (on.day < born.day)
    months = max(months, 0)
    years, months = divmod(months, 12)

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    if years >= 5:
        return plural(years, "year")
    if years == 0:
        return plural(months, "month") if months else "under 1 month"
    return plural(years, "year") + (f" {plural(months, 'month')}" if months else "")


def needs(viewer: User, today: date) -> list[Need]:
    """Home items: a named contact's summaries to send (or send again), and for the business
    manager every summary overdue or due soon, and every summary sent and waiting to be checked."""
    open_requests = SummaryRequest.objects.filter(review__stage__in=OPEN_STAGES)
    mine = open_requests.filter(contact=viewer, state__in=SummaryRequest.OPEN_STATES)
    partnership_id = viewer.partnership_id
    bm = access.is_business_manager(viewer) and partnership_id is not None
    if bm and partnership_id is not None:
        mine = mine | open_requests.filter(review__partnership_id=partnership_id)
    items = _sign_off_needs(viewer, today)
    for item in mine.select_related("review", "agency", "contact").distinct():
        url = reverse("rapid_review:request", args=[item.review.uuid, item.uuid])
        state = state_for(item.due_on, today)
        if item.contact_id == viewer.pk and item.is_open:
            returned = item.state == SummaryRequest.State.RETURNED
            what = (f"Send {item.agency.name}'s summary again: it was returned for more work"
                    if returned else f"Send {item.agency.name}'s summary for the rapid review")
            items.append(Need(item.review, what, url, state, due_on=item.due_on,
                              detail=item.return_reason if returned else
                              _escalated(item.due_on, today, item.agency.name)))
        elif bm and item.state == SummaryRequest.State.SUBMITTED:
            items.append(Need(item.review, f"Check {item.agency.name}'s summary: accept it or "
                              "return it", url, WAITING, since=item.submitted_on,
                              who="The business unit"))
        elif bm and item.is_open and state in {OVERDUE, DUE_SOON}:
            items.append(Need(item.review, f"{item.agency.name}'s summary for the rapid review: "
                              "chase it if need be", url, state, due_on=item.due_on,
                              who=f"{item.agency.name}'s named contact"))
    return items


def _sign_off_needs(viewer: User, today: date) -> list[Need]:
    """A safeguarding partner's sign-off, once the record is finished and until they give it."""
    if not (viewer.role == PartnershipRole.SAFEGUARDING_PARTNER and viewer.partner_for
            and viewer.partnership_id is not None):
        return []
    finished = RapidReviewRecord.objects.filter(review=OuterRef("pk")).exclude(
        facts_established="").exclude(
        Q(criterion_a="") | Q(criterion_b="") | Q(criterion_c="") | Q(criterion_d=""))
    signed = SignOff.objects.filter(review=OuterRef("pk"), partner_for=viewer.partner_for,
                                    withdrawn_at__isnull=True)
    due = Task.objects.filter(review=OuterRef("pk"), key=SIGN_OFF).values("due_on")[:1]
    reviews = (Review.objects.filter(partnership_id=viewer.partnership_id,
                                     stage=Stage.RAPID_REVIEW)
               .filter(Exists(finished), ~Exists(signed)).annotate(sign_off_due=Subquery(due)))
    return [Need(review, "Sign off the rapid review record",
                 reverse("rapid_review:sign_off", args=[review.uuid]),
                 state_for(review.sign_off_due, today), due_on=review.sign_off_due)
            for review in reviews]


def _escalated(due_on: date, today: date, agency: str) -> str:
    # The chasers import this module: their rule is read when asked.
    from reviewdesk.rapid_review.chasers import ESCALATE_AFTER_WORKING_DAYS

    if today > due_on and working_days_between(due_on, today) >= ESCALATE_AFTER_WORKING_DAYS:
        return (f"Escalated: the business manager and {agency}'s representative on the CSPR "
                "subgroup have been told it is late.")
    return ""


def summaries_waiting(review: Review, names: Any) -> list[Blocker]:
    """Each agency's summary not yet returned or not yet checked, with its due date, how late it
    is and whether it was escalated. An agency's named contact sees their own requests only.
    Two queries, however many agencies."""
    from reviewdesk.rapid_review.chasers import KEY_PREFIX  # chasers reads this module

    viewer = names.viewer
    open_requests = review.summary_requests.exclude(
        state=SummaryRequest.State.ACCEPTED).select_related("agency", "contact")
    if not access.can(viewer, review, Permission.VIEW_RAPID_REVIEW):
        open_requests = open_requests.filter(contact=viewer)
    requests = list(open_requests.order_by("due_on", "agency__name"))
    escalated = set(Notice.objects.filter(review=review, dedupe_key__in=[
        f"{KEY_PREFIX}{r.pk}:{r.due_on.isoformat()}:escalated" for r in requests])
        .values_list("dedupe_key", flat=True)) if requests else set()
    today = timezone.localdate()
    blockers = []
    for item in requests:
        url = reverse("rapid_review:request", args=[review.uuid, item.uuid])
        agency = item.agency.name
        if item.state == SummaryRequest.State.SUBMITTED:
            blockers.append(Blocker(f"{agency}'s summary: received {item.submitted_on:%-d %B %Y}"
                                    ", waiting to be checked", "The business manager", url))
            continue
        words = [f"due {item.due_on:%-d %B %Y}"]
        late = working_days_between(item.due_on, today) if today > item.due_on else 0
        if late:
            words.append(f"{late} working day{'' if late == 1 else 's'} late")
        if f"{KEY_PREFIX}{item.pk}:{item.due_on.isoformat()}:escalated" in escalated:
            words.append("escalated")
        if item.state == SummaryRequest.State.RETURNED:
            words.append("returned for more work")
        blockers.append(Blocker(f"Waiting for {agency}'s summary ({', '.join(words)})",
                                f"{names.user(item.contact)}, {agency}'s named contact", url))
    return blockers
