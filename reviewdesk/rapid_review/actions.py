"""Every change to a rapid review goes through a function here: one transaction, a timeline entry
where the review's history should show it, and an audit event with a stable code and no names
(people are ids in its data). Notices are queued to go once the change is committed.

``by`` is the signed-in person typing; ``on_behalf_of`` the named person whose act it is.
"""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import Agency, PartnerFor, User
from reviewdesk.audit.services import record
from reviewdesk.notices.actions import queue_from_template
from reviewdesk.notices.models import Notice
from reviewdesk.rapid_review import chasers
from reviewdesk.rapid_review.models import (
    CRITERIA,
    Answer,
    Meeting,
    Notification,
    RapidReviewRecord,
    SignOff,
    SummaryRequest,
)
from reviewdesk.rapid_review.selectors import (
    OPEN_STAGES,
    PLAN_KEYS,
    SIGN_OFF,
    first_aware,
    plan_dates,
    plan_tasks,
    record_gaps,
    sign_off_state,
)
from reviewdesk.reviews import actions as review_actions
from reviewdesk.reviews import transitions
from reviewdesk.reviews.actions import check_effective_date
from reviewdesk.reviews.history import Step, record_step
from reviewdesk.reviews.models import (
    ClockKind,
    IdentityEntry,
    Incident,
    Review,
    ReviewRole,
    Stage,
    Task,
)
from reviewdesk.reviews.names import Names, anonymised
from reviewdesk.versioning import UNCHECKED, claim

# Words for sentences: "the local authority's sign-off", "the police's sign-off".
PARTNER_WORDS = {
    PartnerFor.LOCAL_AUTHORITY: "local authority",
    PartnerFor.HEALTH: "health partner (ICB)",
    PartnerFor.POLICE: "police",
}


def _date_problem(value: date, *, aware: date, what: str) -> str | None:
    if value > timezone.localdate():
        return f"{what} cannot be in the future: enter today's date or an earlier one."
    if value < aware:
        return (f"{what} cannot be before {aware:%-d %B %Y}, when the local authority became "
                "aware of the incident.")
    return None


def _identity_of(review: Review, person: User) -> IdentityEntry | None:
    return review.identities.filter(person=person).first()


def _complete_step(review: Review, key: str, *, by: User, done_on: date,
                   on_behalf_of: User | None = None) -> Task | None:
    """Tick off a step of the rapid review plan when the thing it stands for is recorded."""
    task = review.tasks.filter(key=key, done_on__isnull=True).first()
    if task is None:
        return None
    return review_actions.complete_task(task, by=by, done_on=min(done_on, timezone.localdate()),
                                        on_behalf_of=on_behalf_of)


# --- Notification ------------------------------------------------------------------------------

# (field, what it is in a message, what the timeline says)
NOTIFICATION_DATES = [
    ("panel_notified_on", "The date the Panel was notified", "National Panel notified"),
    ("partners_told_on", "The date the local partners were told", "Local partners told"),
    ("ofsted_notified_on", "The date Ofsted was notified", "Ofsted notified"),
    ("secretary_of_state_notified_on", "The date the Secretary of State was notified",
     "Secretary of State notified"),
]
PANEL_FIELDS = {"panel_notified_on", "panel_reference", "partners_told_on"}


@transaction.atomic
def record_notification(incident: Incident, *, by: User, on_behalf_of: User | None = None,
                        version: int | None = UNCHECKED,
                        **values: Any) -> Notification:
    """Record the notifications an incident needs (any of them, as they happen).

    Once the Panel notification (with its reference) and the date the local partners were told
    are both recorded, the incident's Panel notification deadline is met on the later date, and
    those three answers are fixed. From the ``version`` its page showed (0: nothing recorded
    yet), else refused (``StaleEdit``, decision 0023).
    """
    review = incident.review
    if not access.can(by, review, Permission.RECORD_NOTIFICATION):
        raise PermissionDenied("Only the local authority's safeguarding partner, or the business "
                               "manager on their behalf, records the notification.")
    if on_behalf_of is not None and on_behalf_of.pk == by.pk:
        on_behalf_of = None
    if on_behalf_of is not None and not access.is_business_manager_of(by, review):
        raise ValidationError({"on_behalf_of": "You are recording the local authority's own "
                               "notification: leave 'on behalf of' empty."})
    notification = (Notification.objects.select_for_update().filter(incident=incident).first()
                    or Notification(incident=incident, review=review, updated_by=by))
    if notification.pk is not None:
        claim(notification, version, thing="this incident's notifications", by=by,
              name_of=Names(review, by).user)
    locked = bool(notification.pk and notification.panel_and_partners_done)
    errors: dict[str, str] = {}
    changed: list[str] = []
    for name, what, _title in NOTIFICATION_DATES:
        if name not in values:
            continue
        new, old = values[name], getattr(notification, name)
        if new == old:
            continue
        if new is None:
            errors[name] = (f"{what} was recorded as {old:%-d %B %Y}: enter the correct date "
                            "rather than removing it.")
        elif locked and name in PANEL_FIELDS:
            errors[name] = ("The Panel notification and the date the local partners were told "
                            "are recorded and the deadline is met: they cannot be changed.")
        elif problem := _date_problem(new, aware=incident.la_aware_on, what=what):
            errors[name] = problem
        else:
            changed.append(name)
    reference = (values.get("panel_reference") or "").strip() if "panel_reference" in values \
        else notification.panel_reference
    if reference != notification.panel_reference:
        if locked:
            errors["panel_reference"] = "The Panel notification is recorded: its reference is fixed."
        elif notification.panel_reference and not reference:
            errors["panel_reference"] = ("Enter the reference the national notification system "
                                         "gave; it cannot be removed once recorded.")
        else:
            changed.append("panel_reference")
    panel_on = values.get("panel_notified_on", notification.panel_notified_on)
    if panel_on and not reference and "panel_reference" not in errors:
        errors["panel_reference"] = ("Enter the reference the national notification system gave "
                                     "the Panel notification.")
    if reference and not panel_on and "panel_notified_on" not in errors:
        errors["panel_notified_on"] = "Enter the date the Panel was notified."
    if errors:
        raise ValidationError(errors)
    if not changed:
        raise ValidationError("Nothing to record: enter a date that has not been recorded yet, or "
                              "correct one that is wrong.")
    corrections = {name for name in changed if getattr(notification, name)}
    for name in changed:
        setattr(notification, name, reference if name == "panel_reference" else values[name])
    notification.updated_by = by
    notification.save()
    today = timezone.localdate()
    steps = [Step(title + (" (date corrected)" if name in corrections else ""), values[name],
                  detail=f"Reference {reference}." if name == "panel_notified_on" else "")
             for name, _what, title in NOTIFICATION_DATES if name in changed]
    if changed == ["panel_reference"]:
        steps.append(Step("Panel notification reference corrected", today,
                          detail=f"Reference {reference}."))
    record_step("rapid_review.notification_recorded", review=review, by=by,
                on_behalf_of=on_behalf_of, step=steps,
                summary="Recorded an incident's statutory notifications",
                data={"incident": incident.pk, "notification": notification.pk, "fields": changed})
    if notification.panel_and_partners_done:
        clock = review.clocks.filter(incident=incident, kind=ClockKind.PANEL_NOTIFICATION,
                                     met_on__isnull=True).first()
        if clock is not None:
            review_actions.mark_clock_met(
                clock, by=by, on_behalf_of=on_behalf_of,
                met_on=max(notification.panel_notified_on, notification.partners_told_on))
    return notification


# --- Starting the rapid review and its plan ------------------------------------------------------


@transitions.takes("start_rapid_review")
@transaction.atomic
def start_rapid_review(review: Review, *, by: User, effective_on: date, reason: str = "",
                       on_behalf_of: User | None = None, owner: User | None = None,
                       imported: bool = False) -> Review:
    """The 'Start the rapid review' step, and the plan made in the same transaction.
    ``imported``: started before Review Desk (``import_review``), see transitions."""
    review = transitions.move(review, "start_rapid_review", by=by, effective_on=effective_on,
                              reason=reason, on_behalf_of=on_behalf_of, imported=imported)
    create_plan(review, by=by, owner=owner or by)
    return review


@transaction.atomic
def complete_plan_before_review_desk(review: Review, *, by: User, done_on: date, note: str) -> list[Task]:
    """A review imported past its rapid review (``import_review``): the plan's open steps were
    done before Review Desk, by ``done_on`` (the file gives no day for each); ``note`` says so on
    the timeline. None is left open, reminded or overdue."""
    if review.stage in OPEN_STAGES:
        raise ValidationError("The rapid review is still under way: tick its steps off as they "
                              "are done.")
    tasks = list(review.tasks.filter(key__in=PLAN_KEYS, done_on__isnull=True))
    return [review_actions.complete_task(task, by=by, done_on=done_on, note=note) for task in tasks]


@transaction.atomic
def create_plan(review: Review, *, by: User, owner: User, started_on: date | None = None) -> list[Task]:
    """The rapid review's steps as review tasks, due on the working-day calendar counted from the
    day the local authority became aware. Made once: a second call returns the existing plan.
    ``started_on``: the day the rapid review started (by default, when its stage began)."""
    if review.tasks.filter(key__in=PLAN_KEYS).exists():
        return plan_tasks(review)
    if owner.partnership_id != review.partnership_id or not owner.is_active:
        raise ValidationError({"owner": "Choose someone in the partnership who can sign in."})
    # The agencies' summaries and the partners' sign-off are theirs to do, not the owner's (the
    # summaries are chased through their requests, the sign-off on the rapid review page).
    tasks = [review_actions.add_task(review, by=by, title=step.title, due_on=due,
                                     owner=None if step.owed_by else owner,
                                     owner_label=step.owed_by, key=step.key, position=n)
             for n, (step, due) in enumerate(plan_dates(review), start=1)]
    # What was already done before the plan existed is ticked off, not reminded and overdue.
    for key, done_on in _steps_already_done(review).items():
        _complete_step(review, key, by=by, done_on=done_on)
    record_step("rapid_review.plan_created", review=review, by=by,
                step=Step("Rapid review plan made", started_on or review.stage_since,
                          detail=f"{len(tasks)} steps; the last, sending a copy to the Panel, is due "
                          f"{tasks[-1].due_on:%-d %B %Y}."),
                summary="Made the rapid review plan",
                data={"tasks": [t.pk for t in tasks], "owner": owner.pk})
    return tasks


def _name_the_agencies_asked(review: Review) -> None:
    """The plan's 'Agencies send their summaries' step names the agencies asked so far."""
    names = list(review.summary_requests.order_by("pk").values_list("agency__name", flat=True))
    label = "Each agency's contact: " + ", ".join(names)
    if len(label) > (Task._meta.get_field("owner_label").max_length or 200):
        label = f"Each agency's contact ({len(names)} agencies asked)"
    review.tasks.filter(key="rapid-review-agencies-reply", owner__isnull=True).update(
        owner_label=label)


def _steps_already_done(review: Review) -> dict[str, date]:
    done: dict[str, date] = {}
    requests = list(review.summary_requests.all())
    if requests:
        done["rapid-review-request-summaries"] = min(r.requested_on for r in requests)
        if all(r.state == SummaryRequest.State.ACCEPTED for r in requests):
            done["rapid-review-agencies-reply"] = max(
                r.checked_on or (timezone.localtime(r.checked_at).date() if r.checked_at
                                 else r.requested_on) for r in requests)
    meeting = review.rapid_review_meetings.order_by("held_on").first()
    if meeting is not None:
        done["rapid-review-meeting"] = meeting.held_on
    record_ = RapidReviewRecord.objects.filter(review=review).first()
    if record_ is not None and record_.panel_copy_sent_on:
        done["rapid-review-copy-to-panel"] = record_.panel_copy_sent_on
    return done


# --- Agency summaries ----------------------------------------------------------------------------


def _must_be_open(review: Review, what: str) -> None:
    """Refuse once the rapid review is complete. The review row is locked, so the stage cannot
    move on while this change is being made."""
    stage = Review.objects.select_for_update().filter(pk=review.pk).values_list(
        "stage", flat=True).get()
    if stage not in OPEN_STAGES:
        raise ValidationError(f"The rapid review is complete: {what}.")


@transaction.atomic
def request_summaries(review: Review, *, by: User, contacts: list[tuple[Agency, User]],
                      due_on: date, requested_on: date) -> list[SummaryRequest]:
    """Ask each agency's named contact for the agency's summary. A contact who is not yet an
    agency author on the review becomes one, so they can see the review and their request."""
    _must_be_open(review, "agency summaries can no longer be requested")
    if not contacts:
        raise ValidationError({"agencies": "Choose at least one agency to ask for a summary."})
    errors: dict[str, Any] = {}
    try:
        check_effective_date(requested_on, what="The date requested")
    except ValidationError as exc:
        errors["requested_on"] = exc.messages
    if due_on < requested_on:
        errors["due_on"] = "The due date must be on or after the date requested."
    asked = set(review.summary_requests.values_list("agency_id", flat=True))
    for agency, contact in contacts:
        field = f"contact_{agency.pk}"
        if agency.partnership_id != review.partnership_id:
            errors["agencies"] = "Choose agencies in this partnership."
        elif agency.pk in asked:
            errors[field] = f"{agency.name} has already been asked for a summary on this review."
        elif (contact.agency_id != agency.pk or contact.partnership_id != review.partnership_id
              or not contact.is_active):
            errors[field] = f"Choose someone who works for {agency.name} and can sign in."
    if errors:
        raise ValidationError(errors)
    made = []
    for agency, contact in contacts:
        item = SummaryRequest.objects.create(
            review=review, agency=agency, contact=contact, due_on=due_on,
            requested_on=requested_on, requested_by=by)
        if not review.memberships.filter(person=contact, role=ReviewRole.AGENCY_AUTHOR,
                                         ended_at__isnull=True).exists():
            review_actions.add_member(review, contact, ReviewRole.AGENCY_AUTHOR, by=by,
                                      started_on=requested_on, agency=agency)
        queue_from_template(review, chasers.REQUEST,
                            dedupe_key=f"{chasers.KEY_PREFIX}{item.pk}:requested",
                            recipient_label=anonymised(review).user(contact), recipients=[contact.email],
                            by=by, extra=chasers.request_extra(item))
        record_step("rapid_review.summary_requested", review=review, by=by,
                    step=Step(f"Agency summary requested from {agency.name}", requested_on,
                              subject=_identity_of(review, contact), detail=f"Due {due_on:%-d %B %Y}."),
                    summary="Requested an agency summary for the rapid review",
                    data={"request": item.pk, "agency": agency.pk, "contact": contact.pk,
                          "due_on": due_on.isoformat()})
        made.append(item)
    _name_the_agencies_asked(review)
    _complete_step(review, "rapid-review-request-summaries", by=by, done_on=requested_on)
    return made


def _locked(item: SummaryRequest) -> SummaryRequest:
    return SummaryRequest.objects.select_for_update().select_related(
        "review__partnership", "agency", "contact").get(pk=item.pk)


SUMMARY_FIELDS = {
    "what_known": "Say what your agency knew about the child and family, and what it did.",
    "immediate_actions": "Say what has been done to keep children safe, or write 'None needed' "
                         "and why.",
    "early_learning": "Say what your agency has learned so far, or write 'None identified yet'.",
}


@transaction.atomic
def submit_summary(item: SummaryRequest, *, by: User, what_known: str, immediate_actions: str,
                   early_learning: str, received_on: date | None = None) -> SummaryRequest:
    """The agency's named contact sends the summary (received today), or the business manager
    records one the agency sent another way, on the date it was received (``received_on``,
    today by default). Lateness is measured from the date received."""
    item = _locked(item)
    review = item.review
    _must_be_open(review, "the summary can no longer be sent")
    if by.pk != item.contact_id and not access.is_business_manager_of(by, review):
        raise ValidationError("Only the agency's named contact or the business manager may send "
                              "this summary.")
    if not item.is_open:
        raise ValidationError(f"This summary has already been sent: it is "
                              f"{item.get_state_display().lower()}.")
    answers = {"what_known": what_known, "immediate_actions": immediate_actions,
               "early_learning": early_learning}
    errors: dict[str, Any] = {name: message for name, message in SUMMARY_FIELDS.items()
                              if not answers[name].strip()}
    today = timezone.localdate()
    if by.pk == item.contact_id or received_on is None:
        received_on = today  # sent here, now
    else:
        # A summary returned for more work comes back after the day it was returned.
        after, since = ((item.checked_on, "when it was returned for more work")
                        if item.state == SummaryRequest.State.RETURNED and item.checked_on
                        else (item.requested_on, "when it was requested"))
        try:
            check_effective_date(received_on, not_before=after, what="The date received",
                                 since=since, field="received_on")
        except ValidationError as exc:
            exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    for name, value in answers.items():
        setattr(item, name, value.strip())
    item.state = SummaryRequest.State.SUBMITTED
    item.submitted_on, item.submitted_at, item.submitted_by = received_on, timezone.now(), by
    item.save()
    on_behalf_of = item.contact if by.pk != item.contact_id else None
    record_step("rapid_review.summary_submitted", review=review, by=by, on_behalf_of=on_behalf_of,
                step=Step(f"Agency summary received from {item.agency.name}", item.submitted_on),
                summary="Sent an agency summary for the rapid review",
                data={"request": item.pk, "agency": item.agency_id, "times_returned":
                      item.times_returned, "received_on": received_on.isoformat(),
                      "late_by_working_days": item.received_late_by})
    return item


def _check_date(item: SummaryRequest, on: date | None, what: str, field: str) -> date:
    """The date an accept or return took effect: today by default, never in the future, never
    before the summary was received."""
    on = on or timezone.localdate()
    check_effective_date(on, not_before=item.submitted_on, what=what,
                         since="when the summary was received", field=field)
    return on


@transaction.atomic
def accept_summary(item: SummaryRequest, *, by: User, accepted_on: date | None = None) -> SummaryRequest:
    """Accept a summary, on the day that took effect (today by default). When every agency's
    summary is accepted, the plan's step is done on the latest of those days."""
    item = _locked(item)
    review = item.review
    _must_be_open(review, "summaries can no longer be accepted or returned")
    if item.state != SummaryRequest.State.SUBMITTED:
        raise ValidationError(f"Only a summary that has been sent can be accepted; this one is "
                              f"{item.get_state_display().lower()}.")
    accepted_on = _check_date(item, accepted_on, "The date accepted", "accepted_on")
    item.state = SummaryRequest.State.ACCEPTED
    item.checked_on, item.checked_at, item.checked_by = accepted_on, timezone.now(), by
    item.save(update_fields=["state", "checked_on", "checked_at", "checked_by"])
    record_step("rapid_review.summary_accepted", review=review, by=by,
                step=Step(f"Agency summary accepted: {item.agency.name}", accepted_on),
                summary="Accepted an agency summary",
                data={"request": item.pk,
                      "agency": item.agency_id,
                      "accepted_on": accepted_on.isoformat()})
    states = dict(review.summary_requests.values_list("pk", "state"))
    if set(states.values()) == {SummaryRequest.State.ACCEPTED}:
        last = max(d for d in review.summary_requests.values_list("checked_on", flat=True) if d)
        _complete_step(review, "rapid-review-agencies-reply", by=by, done_on=last)
    return item


@transaction.atomic
def return_summary(item: SummaryRequest, *, by: User, reason: str, due_on: date,
                   returned_on: date | None = None) -> SummaryRequest:
    """Send a summary back to the agency for more work, saying why and by when."""
    item = _locked(item)
    review = item.review
    _must_be_open(review, "summaries can no longer be accepted or returned")
    if item.state != SummaryRequest.State.SUBMITTED:
        raise ValidationError(f"Only a summary that has been sent can be returned; this one is "
                              f"{item.get_state_display().lower()}.")
    errors: dict[str, Any] = {}
    if not reason.strip():
        errors["reason"] = "Say what the agency needs to add or change."
    if due_on < timezone.localdate():
        errors["due_on"] = "The new due date cannot be in the past."
    try:
        returned_on = _check_date(item, returned_on, "The date returned", "returned_on")
    except ValidationError as exc:
        exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    item.state = SummaryRequest.State.RETURNED
    item.return_reason, item.due_on = reason.strip(), due_on
    item.times_returned += 1
    item.checked_on, item.checked_at, item.checked_by = returned_on, timezone.now(), by
    item.save()
    queue_from_template(
        review, chasers.RETURNED,
        dedupe_key=f"{chasers.KEY_PREFIX}{item.pk}:returned:{item.times_returned}",
        recipient_label=anonymised(review).user(item.contact), recipients=[item.contact.email], by=by,
        extra=chasers.request_extra(item, reason=anonymised(review).redact(item.return_reason)))
    # The reason is for the agency's contact and the rapid review's readers: the timeline, which
    # every member of the review reads, only says where to find it.
    record_step("rapid_review.summary_returned", review=review, by=by,
                step=Step(f"Agency summary returned to {item.agency.name}", returned_on,
                          detail="The reason is on the agency's summary request."),
                summary="Returned an agency summary for more work",
                data={"request": item.pk, "agency": item.agency_id, "due_on": due_on.isoformat()})
    return item


@transaction.atomic
def chase_summary(item: SummaryRequest, *, by: User) -> Notice:
    """'Chase now': remind the named contact straight away, at most once a day."""
    item = _locked(item)
    review = item.review
    _must_be_open(review, "summaries are no longer chased")
    if not item.is_open:
        raise ValidationError(f"There is nothing to chase: the summary is "
                              f"{item.get_state_display().lower()}.")
    today = timezone.localdate()
    when = ("is due today" if today == item.due_on else
            "is overdue" if today > item.due_on else "has not been sent yet")
    notice = queue_from_template(
        review, chasers.CHASE, dedupe_key=f"{chasers.KEY_PREFIX}{item.pk}:chase-now:{today}",
        recipient_label=anonymised(review).user(item.contact), recipients=[item.contact.email], by=by,
        extra=chasers.request_extra(item, when=when))
    if notice is None:
        raise ValidationError(f"{item.agency.name} was already chased today: you can chase again "
                              "tomorrow.")
    record("rapid_review.summary_chased", actor=by, review=review,
           summary="Chased an agency summary", data={"request": item.pk, "notice": notice.pk})
    return notice


# --- Meetings -----------------------------------------------------------------------------------


@transaction.atomic
def record_meeting(review: Review, *, by: User, held_on: date, attendees: list[User],
                   other_attendees: str = "", notes: str = "", immediate_actions: str = "",
                   meeting: Meeting | None = None,
                   version: int | None = UNCHECKED) -> Meeting:
    """Record a meeting, or change one from the ``version`` its page showed (else refused:
    ``StaleEdit``, decision 0023)."""
    _must_be_open(review, "its meetings can no longer be changed")
    if problem := _date_problem(held_on, aware=first_aware(review), what="The date of the meeting"):
        raise ValidationError({"held_on": problem})
    if any(p.partnership_id != review.partnership_id for p in attendees):
        raise ValidationError({"attendees": "Choose attendees from this partnership."})
    creating = meeting is None
    if creating:
        meeting = Meeting(review=review, recorded_by=by)
    else:
        claim(meeting, version, thing="this meeting's record", by=by,
              name_of=Names(review, by).user)
    meeting.held_on = held_on
    meeting.other_attendees = other_attendees.strip()
    meeting.notes = notes.strip()
    meeting.immediate_actions = immediate_actions.strip()
    meeting.save()
    meeting.attendees.set(attendees)
    # The timeline shows the meeting once, when it is first recorded; a change is audited only.
    held = Step("Rapid review meeting held", held_on,
                detail=f"{len(attendees) + len(meeting.other_attendee_list)} attended.")
    record_step("rapid_review.meeting_recorded" if creating else "rapid_review.meeting_changed",
                review=review, by=by, step=[held] if creating else [],
                summary="Recorded a rapid review meeting" if creating
                        else "Changed a rapid review meeting's record",
                data={"meeting": meeting.pk, "held_on": held_on.isoformat(),
                      "attendees": sorted(p.pk for p in attendees)})
    if creating:
        _complete_step(review, "rapid-review-meeting", by=by, done_on=held_on)
    return meeting


# --- The record ---------------------------------------------------------------------------------

RECORD_FIELDS = [
    "facts_established", "immediate_actions", "practice_strengths", "learning_local",
    "learning_national",
    *[f"{part}_{key}" for key, _s, _t in CRITERIA for part in ("criterion", "evidence")],
    "national_review_view", "national_review_reasons",
]


@transaction.atomic
def save_record(review: Review, *, by: User,
                version: int | None = UNCHECKED, **values: Any) -> RapidReviewRecord:
    """Save the rapid review record (a draft until the rapid review is complete), from the
    ``version`` its page showed (0: no record yet), else refused (``StaleEdit``, decision
    0023)."""
    _must_be_open(review, "its record can no longer be changed")
    record_row = (RapidReviewRecord.objects.select_for_update().filter(review=review).first()
                  or RapidReviewRecord(review=review))
    if record_row.pk is not None:
        claim(record_row, version, thing="the rapid review record", by=by,
              name_of=Names(review, by).user)
    values = {name: (values[name] or "").strip() for name in RECORD_FIELDS if name in values}
    errors = {}
    for key, _short, _text in CRITERIA:
        answer = values.get(f"criterion_{key}", getattr(record_row, f"criterion_{key}"))
        evidence = values.get(f"evidence_{key}", getattr(record_row, f"evidence_{key}"))
        if answer == Answer.MET and not evidence:
            errors[f"evidence_{key}"] = f"Give the evidence that criterion ({key}) is met."
    view = values.get("national_review_view", record_row.national_review_view)
    if view and not values.get("national_review_reasons", record_row.national_review_reasons):
        errors["national_review_reasons"] = "Give the reasons for the view on a national review."
    if errors:
        raise ValidationError(errors)
    changed = [name for name, value in values.items() if getattr(record_row, name) != value]
    if changed and record_row.panel_copy_sent_on:
        # The Panel has this record: a change now would make ours differ from theirs.
        raise ValidationError(f"The record was sent to the Panel on "
                              f"{record_row.panel_copy_sent_on:%-d %B %Y} and can no longer "
                              "change. Record anything learnt since in a meeting's notes.")
    if changed:
        _withdraw_sign_offs(review, by=by)
    was_complete = record_row.pk is not None and not record_gaps(record_row)
    for name, value in values.items():
        setattr(record_row, name, value)
    record_row.updated_by = by
    record_row.save()
    record("rapid_review.record_saved", actor=by, review=review,
           summary="Saved the rapid review record",
           data={"record": record_row.pk, "fields": changed})
    if not was_complete and not record_gaps(record_row):
        _complete_step(review, "rapid-review-draft", by=by, done_on=timezone.localdate())
    return record_row


def _withdraw_sign_offs(review: Review, *, by: User) -> None:
    """The partners sign off the record as it is sent: a change after some of them have signed
    withdraws their sign-offs (they sign the changed record again); after all three, the record
    no longer changes."""
    active = list(SignOff.objects.select_for_update().filter(review=review,
                                                             withdrawn_at__isnull=True))
    if not active:
        return
    if len(active) == len(PartnerFor):
        raise ValidationError("The three safeguarding partners have signed off the rapid review "
                              "record: it can no longer be changed.")
    SignOff.objects.filter(pk__in=[s.pk for s in active]).update(withdrawn_at=timezone.now())
    who = " and ".join(f"the {PARTNER_WORDS[PartnerFor(s.partner_for)]}" for s in active)
    record_step("rapid_review.sign_offs_withdrawn", review=review, by=by,
                step=Step("Partners' sign-offs withdrawn: the rapid review record changed",
                          timezone.localdate(),
                          detail=f"Signed off before the change by {who}: they sign off the changed record "
                          "again."),
                summary="A change to the rapid review record withdrew the partners' sign-offs",
                data={"sign_offs": [s.pk for s in active]})


@transaction.atomic
def record_sign_off(review: Review, *, by: User, partner_for: str, signed_on: date,
                    on_behalf_of: User | None = None) -> SignOff:
    """A safeguarding partner signs off the (complete) rapid review record, or the business
    manager records it on their behalf. With all three signed off, the plan's sign-off step is
    done on the date of the last of them."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    if not access.can(by, review, Permission.SIGN_OFF_RAPID_REVIEW):
        raise PermissionDenied("Only the safeguarding partners (or the business manager for "
                               "them) sign off the rapid review.")
    if partner_for not in PartnerFor.values:
        raise ValidationError({"partner_for": "Choose the partner whose sign-off this is."})
    words = PARTNER_WORDS[PartnerFor(partner_for)]
    if on_behalf_of is not None and on_behalf_of.pk == by.pk:
        on_behalf_of = None
    if access.is_business_manager_of(by, review):
        if on_behalf_of is None:
            raise ValidationError({"on_behalf_of": f"Choose the person who signed it off: "
                                                   f"someone who represents the {words}."})
        if not access.is_partner_for(on_behalf_of, partner_for, review):
            raise ValidationError({"on_behalf_of": f"Choose someone who represents the {words}: "
                                                   "the record shows whose sign-off it is."})
        signed_by = on_behalf_of
    else:
        if by.partner_for != partner_for:
            own = PARTNER_WORDS.get(by.partner_for, "no partner")
            raise ValidationError(f"You represent the {own}: you may sign off only for the "
                                  f"{own}, not for the {words}.")
        if on_behalf_of is not None:
            raise ValidationError({"on_behalf_of": "You are signing off for yourself: leave "
                                                   "'on behalf of' empty."})
        signed_by = by
    if review.stage == Stage.NOTIFICATION:
        raise ValidationError("Start the rapid review first: the partners sign off its record.")
    missing = record_gaps(RapidReviewRecord.objects.filter(review=review).first())
    if missing:
        raise ValidationError(["The rapid review record is not finished: the partners sign off "
                               "a complete record."] + missing)
    existing = review.rapid_review_sign_offs.filter(partner_for=partner_for,
                                                   withdrawn_at__isnull=True).first()
    if existing is not None:
        raise ValidationError(f"The {words}'s sign-off is already recorded (signed off on "
                              f"{existing.signed_on:%-d %B %Y}).")
    aware = first_aware(review)
    check_effective_date(signed_on, not_before=aware, what="The date signed off",
                         since="when the local authority became aware of the incident",
                         field="signed_on")
    sign_off = SignOff.objects.create(review=review, partner_for=partner_for, signed_by=signed_by,
                                      signed_on=signed_on, recorded_by=by)
    behalf = signed_by if signed_by.pk != by.pk else None
    record_step("rapid_review.signed_off", review=review, by=by, on_behalf_of=behalf,
                step=Step(f"Rapid review signed off: {PartnerFor(partner_for).label}", signed_on),
                summary=f"Recorded the {words}'s sign-off of the rapid review",
                data={"sign_off": sign_off.pk, "partner_for": partner_for,
                      "signed_on": signed_on.isoformat()})
    active = list(review.rapid_review_sign_offs.filter(withdrawn_at__isnull=True))
    if {s.partner_for for s in active} == set(PartnerFor.values):
        _complete_step(review, SIGN_OFF, by=by, done_on=max(s.signed_on for s in active))
    return sign_off


@transaction.atomic
def record_panel_copy(review: Review, *, by: User, sent_on: date,
                      on_behalf_of: User | None = None) -> RapidReviewRecord:
    """The date a copy of the rapid review went to the National Panel."""
    if review.stage == Stage.NOTIFICATION:
        raise ValidationError("Start the rapid review first: the Panel gets a copy of its record.")
    record_row = RapidReviewRecord.objects.select_for_update().filter(review=review).first()
    missing = record_gaps(record_row)
    if missing:
        raise ValidationError(["Finish the rapid review record before sending it to the Panel."]
                              + missing)
    if record_row.panel_copy_sent_on:
        raise ValidationError(f"The copy was already recorded as sent on "
                              f"{record_row.panel_copy_sent_on:%-d %B %Y}.")
    if problem := _date_problem(sent_on, aware=first_aware(review),
                                what="The date the copy was sent"):
        raise ValidationError({"sent_on": problem})
    last_sign_off = sign_off_state(review)["last"]
    if last_sign_off and sent_on < last_sign_off:
        raise ValidationError({"sent_on": (
            f"The copy cannot have been sent before the partners' last sign-off of the record, on "
            f"{last_sign_off:%-d %B %Y}: enter that date or a later one.")})
    record_row.panel_copy_sent_on, record_row.panel_copy_recorded_by = sent_on, by
    record_row.save(update_fields=["panel_copy_sent_on", "panel_copy_recorded_by", "updated_at"])
    record_step("rapid_review.panel_copy_sent", review=review, by=by, on_behalf_of=on_behalf_of,
                step=Step("Copy of the rapid review sent to the National Panel", sent_on),
                summary="Recorded the copy of the rapid review sent to the Panel",
                data={"record": record_row.pk, "sent_on": sent_on.isoformat()})
    _complete_step(review, "rapid-review-copy-to-panel", by=by, done_on=sent_on,
                   on_behalf_of=on_behalf_of)
    # The rapid review deadline ("complete, copy to the Panel") is met the day the copy went,
    # whenever that is recorded and whenever the rapid review is marked complete.
    for clock in review.clocks.filter(kind=ClockKind.RAPID_REVIEW, met_on__isnull=True):
        review_actions.mark_clock_met(clock, by=by, met_on=max(sent_on, clock.started_on),
                                      on_behalf_of=on_behalf_of)
    return record_row


def record_export(review: Review, *, by: User, fmt: str) -> None:
    """Every export of the rapid review is audited (it leaves Review Desk)."""
    record("rapid_review.exported", actor=by, review=review,
           summary=f"Exported the rapid review for the Panel ({fmt.upper()})",
           data={"format": fmt})
