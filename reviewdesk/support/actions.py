"""Every change to the support for staff: one function each, in one transaction with its audit
event.

Support records are confidential (``access.STAFF_CONFIDENTIAL``): none of this goes on the
review's timeline, in its notice log or in any export; the audit trail keeps ids, never what was
asked or answered; e-mails say only that there is something to read and where. Every date is the
day it happened (today or earlier), except a follow-up date, which is usually to come.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import Agency, Partnership, User
from reviewdesk.audit import context as audit_context
from reviewdesk.audit.services import record
from reviewdesk.notices.actions import queue_notice, template_for
from reviewdesk.notices.templating import render_text
from reviewdesk.reviews.actions import add_task, check_effective_date
from reviewdesk.reviews.models import Review, ReviewRole, Task
from reviewdesk.staff.models import (
    Practitioner,
    StaffUpdate,
    SupportEscalationContact,
    SupportOffer,
    SupportRequest,
    SupportService,
    TeamSupportSession,
)
from reviewdesk.support import notices
from reviewdesk.support.selectors import answer_due_on, business_managers, escalation_contact
from reviewdesk.versioning import UNCHECKED, claim

# "One short form": enough for a few sentences, not a statement.
REQUEST_MAX_CHARACTERS = 2000
# The task the business manager owes: its words say nothing of who or what (the review's task
# list is read by everyone on the review), its key sends them to the support page.
TASK_KEY = "support-request"
TASK_TITLE = "Reply to a confidential request from a member of staff"


def _on_behalf_of(given: User | None = None) -> User | None:
    if given is not None:
        return given
    context = audit_context.current()
    return context.on_behalf_of if context is not None else None


def _required(values: dict[str, str], messages: dict[str, str]) -> dict[str, str]:
    """The values tidied, or a ValidationError naming each empty one."""
    tidy = {k: v.strip() for k, v in values.items()}
    errors = {k: messages[k] for k, v in tidy.items() if k in messages and not v}
    if errors:
        raise ValidationError(errors)
    return tidy


def _date_error(errors: dict[str, str], name: str, day: date | None, *, what: str,
                not_before: date | None = None, since: str = "") -> None:
    if day is None:
        errors[name] = f"Enter {what[0].lower() + what[1:]}."
        return
    try:
        check_effective_date(day, what=what, not_before=not_before, since=since, field=name)
    except ValidationError as exc:
        errors[name] = exc.message_dict[name][0]


def _link(name: str, *args: object) -> str:
    return settings.SITE_URL + reverse(name, args=list(args))


# --- The partnership's settings ---------------------------------------------------------------

@transaction.atomic
def set_support_service(agency: Agency, *, by: User, name: str, how_to_reach: str
                        ) -> SupportService:
    """The agency's counselling or employee-assistance service, as its staff are shown it."""
    if not access.may_manage_agencies(by) or by.partnership_id != agency.partnership_id:
        raise ValidationError("Only the partnership's business manager may set an agency's "
                              "support service.")
    values = _required({"name": name, "how_to_reach": how_to_reach}, {
        "name": "Enter the service's name, for example Employee Assistance Programme.",
        "how_to_reach": "Say how staff reach it: a phone number, an e-mail or web address, "
                        "opening hours."})
    if len(values["name"]) > 200:
        raise ValidationError({"name": "The service's name must be 200 characters or fewer."})
    service, created = SupportService.objects.update_or_create(
        agency=agency, defaults={**values, "changed_by": by})
    record("support.service_set", actor=by, partnership_id=agency.partnership_id,
           summary="Set an agency's support service for staff",
           data={"agency": agency.pk, "service": service.pk, "new": created})
    return service


@transaction.atomic
def set_escalation_contact(partnership: Partnership, *, by: User, person: User | None
                           ) -> SupportEscalationContact:
    """The senior person an unanswered request for support goes to, once."""
    if not access.may_manage_agencies(by) or by.partnership_id != partnership.pk:
        raise ValidationError("Only the partnership's business manager may set the senior "
                              "contact.")
    if person is None or not person.is_active or person.partnership_id != partnership.pk:
        raise ValidationError({"person": "Choose an active person of the partnership."})
    if person.pk == by.pk or access.is_business_manager(person):
        raise ValidationError({"person": "Choose someone other than a business manager: the "
                                         "request goes to them because the business manager "
                                         "has not answered it."})
    contact, _ = SupportEscalationContact.objects.update_or_create(
        partnership=partnership, defaults={"person": person, "changed_by": by})
    record("support.escalation_contact_set", actor=by, partnership_id=partnership.pk,
           summary="Set the partnership's senior contact for support",
           data={"person": person.pk})
    return contact


# --- Offers -------------------------------------------------------------------------------------

def _check_offer_dates(errors: dict[str, str], offered_on: date | None, status_on: date | None,
                       follow_up_on: date | None) -> None:
    _date_error(errors, "offered_on", offered_on, what="The date it was offered")
    if status_on is not None:
        _date_error(errors, "status_on", status_on, what="The date of this answer",
                    not_before=offered_on, since="when it was offered")
    if follow_up_on is not None and offered_on is not None and follow_up_on < offered_on:
        errors["follow_up_on"] = (f"The follow-up date cannot be before "
                                  f"{offered_on:%-d %B %Y}, when it was offered.")


@transaction.atomic
def offer_support(practitioner: Practitioner, *, by: User, source: str, offered_on: date | None,
                  follow_up_on: date | None = None, note: str = "",
                  on_behalf_of: User | None = None) -> SupportOffer:
    """Support offered to a practitioner: by their line manager, their agency's service, or the
    partnership through the business manager. The follow-up date may be to come."""
    review = practitioner.review
    access.require(by, review, Permission.MANAGE_SUPPORT)
    errors: dict[str, str] = {}
    if source not in SupportOffer.Source.values:
        errors["source"] = ("Choose who offered it: their line manager, their agency's service "
                            "or the partnership.")
    _check_offer_dates(errors, offered_on, None, follow_up_on)
    if errors:
        raise ValidationError(errors)
    assert offered_on is not None
    offer = SupportOffer.objects.create(
        review=review, practitioner=practitioner, source=source, offered_on=offered_on,
        status_on=offered_on, follow_up_on=follow_up_on, note=note.strip(), recorded_by=by,
        on_behalf_of=_on_behalf_of(on_behalf_of), changed_by=by)
    record("support.offer_recorded", actor=by, review=review,
           on_behalf_of=_on_behalf_of(on_behalf_of),
           summary="Recorded support offered to a member of staff",
           data={"offer": offer.pk, "practitioner": practitioner.pk, "source": source,
                 "effective_on": offered_on.isoformat(),
                 "follow_up_on": follow_up_on.isoformat() if follow_up_on else None})
    return offer


@transaction.atomic
def record_offer_outcome(offer: SupportOffer, *, by: User, status: str, status_on: date | None,
                         follow_up_on: date | None = None, note: str = "",
                         version: int | None = UNCHECKED,
                         on_behalf_of: User | None = None) -> SupportOffer:
    """What became of an offer: still offered, taken up or declined, on a day; and the next
    follow-up date (empty when none is planned)."""
    access.require(by, offer.review, Permission.MANAGE_SUPPORT)
    errors: dict[str, str] = {}
    if status not in SupportOffer.Status.values:
        errors["status"] = "Choose offered, taken up or declined."
    _date_error(errors, "status_on", status_on, what="The date of this answer",
                not_before=offer.offered_on, since="when it was offered")
    if follow_up_on is not None and follow_up_on < offer.offered_on:
        errors["follow_up_on"] = (f"The follow-up date cannot be before "
                                  f"{offer.offered_on:%-d %B %Y}, when it was offered.")
    if errors:
        raise ValidationError(errors)
    assert status_on is not None
    claim(offer, version, thing="this offer of support", by=by)
    was = offer.status
    offer.status, offer.status_on, offer.follow_up_on = status, status_on, follow_up_on
    offer.note = note.strip()
    offer.save(update_fields=["status", "status_on", "follow_up_on", "note"])
    record("support.offer_changed", actor=by, review=offer.review,
           on_behalf_of=_on_behalf_of(on_behalf_of),
           summary="Recorded what became of support offered to a member of staff",
           data={"offer": offer.pk, "was": was, "status": status,
                 "effective_on": status_on.isoformat(),
                 "follow_up_on": follow_up_on.isoformat() if follow_up_on else None})
    return offer


# --- "I can't get the support I need" --------------------------------------------------------

@transaction.atomic
def ask_for_support(practitioner: Practitioner, *, by: User, text: str) -> SupportRequest:
    """The practitioner's own request, today. The business manager is told at once (an e-mail
    saying only that there is a request to read) and owes an answer in 2 working days (a task)."""
    review = practitioner.review
    if not access.owns_practitioner_record(by, practitioner):
        raise ValidationError("Only the practitioner may ask for support in their own name.")
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Say what support you need, or what is getting in the "
                                       "way: a sentence or two is enough."})
    if len(text) > REQUEST_MAX_CHARACTERS:
        raise ValidationError({"text": f"Keep it to {REQUEST_MAX_CHARACTERS} characters or "
                                       f"fewer (it has {len(text)}): the business manager will "
                                       f"talk to you about the detail."})
    today = timezone.localdate()
    managers = business_managers(review.partnership_id)
    task = add_task(review, by=by, title=TASK_TITLE, due_on=answer_due_on(today),
                    owner=managers[0] if managers else None,
                    owner_label="" if managers else "The business manager", key=TASK_KEY)
    asked = SupportRequest.objects.create(review=review, practitioner=practitioner, text=text,
                                          asked_on=today, task=task, recorded_by=by)
    record("support.requested", actor=by, review=review,
           summary="Said they cannot get the support they need",
           data={"request": asked.pk, "practitioner": practitioner.pk, "task": task.pk,
                 "effective_on": today.isoformat()})
    recipients = [m.email for m in managers] or [review.partnership.business_unit_email]
    _notify(review, notices.REQUEST_ALERT, f"support:request:{asked.pk}:alert",
            "The business manager", recipients, by=by, extra={
                "due_on": f"{task.due_on:%-d %B %Y}",
                "link": _link("support:request", review.uuid, asked.pk)})
    return asked


def _notify(review: Review, key: str, dedupe_key: str, label: str, recipients: list[str], *,
            by: User | None, extra: dict[str, str]) -> None:
    """A support notice: from the partnership's editable template, kept with no review (so it is
    not in the review's notice log, which the partnership's officers read) and holding no name
    and nothing of what was asked or answered."""
    template = template_for(review.partnership_id, key)
    context = {"partnership": review.partnership.name, "review_reference": review.reference,
               "recipient": label, "site_url": settings.SITE_URL, **extra}
    queue_notice(partnership_id=review.partnership_id, review=None, purpose=key,
                 dedupe_key=dedupe_key, recipient_label=label,
                 recipients=[r for r in recipients if r],
                 subject=render_text(template.subject, context),
                 body=render_text(template.body, context), by=by)


@transaction.atomic
def answer_support_request(asked: SupportRequest, *, by: User, action_taken: str, answer: str,
                           answered_on: date | None = None,
                           on_behalf_of: User | None = None) -> SupportRequest:
    """The business manager records what was done and the answer the practitioner reads; their
    task is done (off the timeline: the request is confidential)."""
    review = asked.review
    access.require(by, review, Permission.MANAGE_SUPPORT)
    if asked.answered_on is not None:
        raise ValidationError(f"This request was answered on {asked.answered_on:%-d %B %Y}: "
                              f"talk to the practitioner, and record any further support as an "
                              f"offer.")
    errors: dict[str, str] = {}
    if not action_taken.strip():
        errors["action_taken"] = "Say what was done, for example who you spoke to."
    if not answer.strip():
        errors["answer"] = "Write the answer the practitioner will read on their page."
    answered_on = answered_on or timezone.localdate()
    _date_error(errors, "answered_on", answered_on, what="The date of the answer",
                not_before=asked.asked_on, since="when the practitioner asked")
    if errors:
        raise ValidationError(errors)
    asked.action_taken, asked.answer = action_taken.strip(), answer.strip()
    asked.answered_on, asked.answered_by = answered_on, by
    asked.save(update_fields=["action_taken", "answer", "answered_on", "answered_by"])
    if asked.task_id:
        Task.objects.filter(pk=asked.task_id, done_on__isnull=True).update(
            done_on=answered_on, done_by=by)
    record("support.request_answered", actor=by, review=review,
           on_behalf_of=_on_behalf_of(on_behalf_of), summary="Answered a request for support",
           data={"request": asked.pk, "task": asked.task_id,
                 "effective_on": answered_on.isoformat()})
    practitioner = asked.practitioner
    key = f"support-request-{asked.pk}-answered"
    _notify(review, notices.ANSWERED, f"support:request:{asked.pk}:answered", "You",
            [practitioner.email or practitioner.person.email], by=by,
            extra={"link": _link("reviews:review", review.uuid)})
    StaffUpdate.objects.get_or_create(
        review=review, person=practitioner.person, kind=StaffUpdate.Kind.SUPPORT, key=key,
        defaults={"practitioner": practitioner, "sent_on": timezone.localdate(),
                  "recorded_by": by})
    return asked


@transaction.atomic
def escalate_support_request(asked: SupportRequest, *, today: date) -> SupportRequest | None:
    """An answer overdue: the request goes once to the partnership's senior contact, who gets a
    notice and a page of that request only. None when there is nothing to do (answered,
    already escalated, not yet overdue, or no senior contact configured)."""
    asked = SupportRequest.objects.select_for_update().select_related(
        "review__partnership").get(pk=asked.pk)
    if asked.answered_on or asked.escalated_on or today <= answer_due_on(asked.asked_on):
        return None
    contact = escalation_contact(asked.review.partnership_id)
    if contact is None:
        return None
    asked.escalated_on, asked.escalated_to = today, contact
    asked.save(update_fields=["escalated_on", "escalated_to"])
    record("support.request_escalated", review=asked.review,
           summary="Sent an unanswered request for support to the senior contact",
           data={"request": asked.pk, "to": contact.pk, "effective_on": today.isoformat()})
    _notify(asked.review, notices.ESCALATED, f"support:request:{asked.pk}:escalated",
            contact.display_name, [contact.email], by=None, extra={
                "asked_on": f"{asked.asked_on:%-d %B %Y}",
                "link": _link("support:escalated", asked.pk)})
    return asked


@transaction.atomic
def record_escalation_note(asked: SupportRequest, *, by: User, note: str,
                           noted_on: date | None = None) -> SupportRequest:
    """The senior contact's note of what they did (they see that request only)."""
    if not access.may_see_support_request(by, asked):
        raise ValidationError("Only the senior contact this request went to may record what "
                              "they did about it.")
    errors: dict[str, str] = {}
    if not note.strip():
        errors["note"] = "Say what you did, for example who you spoke to and what was agreed."
    noted_on = noted_on or timezone.localdate()
    _date_error(errors, "noted_on", noted_on, what="The date", not_before=asked.escalated_on,
                since="when the request came to you")
    if errors:
        raise ValidationError(errors)
    asked.escalation_note, asked.escalation_noted_on = note.strip(), noted_on
    asked.save(update_fields=["escalation_note", "escalation_noted_on"])
    record("support.escalation_noted", actor=by, review=asked.review,
           summary="Recorded what they did about a request for support",
           data={"request": asked.pk, "effective_on": noted_on.isoformat()})
    return asked


# --- Managers -----------------------------------------------------------------------------------

@transaction.atomic
def record_team_session(review: Review, *, by: User, held_on: date | None,
                        on_behalf_of: User | None = None) -> TeamSupportSession:
    """That a manager's team support session took place, and when: never what was said."""
    if ReviewRole.MANAGER not in access.review_roles(by, review):
        raise ValidationError("Only a practitioner's manager on this review may record a team "
                              "support session.")
    errors: dict[str, str] = {}
    _date_error(errors, "held_on", held_on, what="The date it took place")
    if errors:
        raise ValidationError(errors)
    assert held_on is not None
    if TeamSupportSession.objects.filter(review=review, manager=by, held_on=held_on).exists():
        raise ValidationError({"held_on": f"A session on {held_on:%-d %B %Y} is already "
                                          f"recorded."})
    session = TeamSupportSession.objects.create(review=review, manager=by, held_on=held_on,
                                                recorded_by=by,
                                                on_behalf_of=_on_behalf_of(on_behalf_of))
    record("support.team_session_recorded", actor=by, review=review,
           on_behalf_of=_on_behalf_of(on_behalf_of), summary="Recorded a team support session",
           data={"session": session.pk, "effective_on": held_on.isoformat()})
    return session
