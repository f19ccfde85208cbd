"""Every change to the reviewer's conversations with staff and the areas staff raise: one function
each, in one transaction with its audit event.

* The lead reviewer(s) (``Permission.MANAGE_CONVERSATIONS``) ask to speak with a practitioner,
  offer new dates, record the conversation as held with its note (shared with the business
  manager or not), answer the areas raised, and may record the practitioner's consent for them.
* The practitioner (``Permission.ACT_AS_PRACTITIONER``), on their own record only, accepts a date
  or asks for another, raises an area, and records or changes their own consent.

The review is separate from any disciplinary process: no audit summary or data holds a note's,
an area's, a reply's or the areas to explore's words, and the timeline says only that a
conversation with a practitioner was held (never with whom, or what was said). Every date is the
day it happened (never in the future); every date offered is still to come.
"""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import User
from reviewdesk.audit import context as audit_context
from reviewdesk.audit.services import record
from reviewdesk.conversations import booking
from reviewdesk.reviews.actions import check_effective_date
from reviewdesk.reviews.history import Step, record_step
from reviewdesk.reviews.models import TimelineEntry
from reviewdesk.reviews.names import Names
from reviewdesk.staff.models import AreaRaised, Consent, Conversation, Practitioner
from reviewdesk.versioning import UNCHECKED, claim

Status = Conversation.Status
# Still to be held: a practitioner has at most one of these at a time.
OPEN = (Status.REQUESTED, Status.OTHER_DATE_ASKED, Status.BOOKED)
MAX_OFFERS = 3
MAX_TEXT = 5000
# The lead reviewer's marks on an area raised (a reply with each).
AREA_MARKS = (AreaRaised.Status.CONSIDERED, AreaRaised.Status.IN_TERMS_OF_REFERENCE,
              AreaRaised.Status.ANSWERED)
HELD_ON_TIMELINE = "A conversation with a practitioner was held"


def _on_behalf_of(given: User | None = None) -> User | None:
    if given is not None:
        return given
    context = audit_context.current()
    return context.on_behalf_of if context is not None else None


def _lead_reviewer(by: User, review: Any) -> None:
    if not access.can(by, review, Permission.MANAGE_CONVERSATIONS):
        raise PermissionDenied("Only the review's lead reviewer runs conversations with staff.")


def _the_practitioner(by: User, practitioner: Practitioner) -> None:
    """The practitioner themself, still on the review."""
    if practitioner.person_id != by.pk or not access.can(
            by, practitioner.review, Permission.ACT_AS_PRACTITIONER):
        raise PermissionDenied("Only the practitioner may do this, on their own page.")


def _locked(conversation: Conversation) -> Conversation:
    """The conversation as it is now, locked for this change (two answers at once: one wins)."""
    fresh = Conversation.objects.select_for_update().get(pk=conversation.pk)
    conversation.status = fresh.status
    conversation.proposed_dates = fresh.proposed_dates
    conversation.meeting_id = fresh.meeting_id
    return conversation


def offered_times(conversation: Conversation) -> list[datetime]:
    """The dates and times offered now, in order."""
    return [datetime.fromisoformat(o["starts_at"]) for o in conversation.proposed_dates]


def offered_place(conversation: Conversation) -> str:
    return str(conversation.proposed_dates[0].get("place", "")) if conversation.proposed_dates \
        else ""


def _check_text(text: str, *, field: str, missing: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: missing})
    if len(text) > MAX_TEXT:
        raise ValidationError({field: f"Keep it to {MAX_TEXT} characters: it has {len(text)}."})
    return text


def _check_offers(offers: list[datetime], place: str) -> list[dict[str, str]]:
    """The dates offered, each still to come and none twice, with where the conversation is."""
    errors: dict[str, str] = {}
    if not offers:
        errors["offers"] = "Offer at least one date and time for the conversation."
    elif len(offers) > MAX_OFFERS:
        errors["offers"] = f"Offer at most {MAX_OFFERS} dates and times at once."
    elif any(at <= timezone.now() for at in offers):
        errors["offers"] = ("Every date and time offered must still be to come: change any that "
                            "has passed.")
    elif len(set(offers)) != len(offers):
        errors["offers"] = "The same date and time is offered twice: change or remove one."
    place = (place or "").strip()
    if not place:
        errors["place"] = ("Say where the conversation will be: a room, an address or a video "
                           "link.")
    if errors:
        raise ValidationError(errors)
    return [{"starts_at": at.isoformat(), "place": place} for at in sorted(offers)]


@transaction.atomic
def ask_for_conversation(practitioner: Practitioner, *, by: User, areas: str,
                         offers: list[datetime], place: str, asked_on: date | None = None,
                         on_behalf_of: User | None = None) -> Conversation:
    """The lead reviewer asks to speak with a practitioner: what they want to explore, and the
    dates and times they offer."""
    review = practitioner.review
    _lead_reviewer(by, review)
    asked_on = asked_on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    try:
        check_effective_date(asked_on, what="The date asked", field="asked_on")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if practitioner.membership.ended_at is not None:
        errors.setdefault("__all__", []).append(
            "This practitioner has left the review: they can no longer be asked to speak.")
    elif Conversation.objects.filter(practitioner=practitioner, status__in=OPEN).exists():
        errors.setdefault("__all__", []).append(
            "A conversation with this practitioner is already asked for or booked: offer new "
            "dates on it instead.")
    try:
        areas = _check_text(areas, field="areas", missing="Say what you want to explore with "
                                                          "them.")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        proposed = _check_offers(offers, place)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    conversation = Conversation.objects.create(
        review=review, practitioner=practitioner, requested_on=asked_on, areas=areas,
        proposed_dates=proposed, recorded_by=by, on_behalf_of=_on_behalf_of(on_behalf_of))
    record("conversations.asked", actor=by, review=review,
           on_behalf_of=_on_behalf_of(on_behalf_of),
           summary="Asked to speak with a practitioner",
           data={"conversation": conversation.pk, "practitioner": practitioner.pk,
                 "dates_offered": len(proposed), "effective_on": asked_on.isoformat()})
    return conversation


@transaction.atomic
def accept_date(conversation: Conversation, *, by: User, starts_at: datetime) -> Conversation:
    """The practitioner accepts one of the dates offered: the meeting is booked."""
    _the_practitioner(by, conversation.practitioner)
    _locked(conversation)
    if conversation.status not in (Status.REQUESTED, Status.OTHER_DATE_ASKED):
        raise ValidationError("This conversation is no longer waiting for you to choose a date.")
    if starts_at not in offered_times(conversation):
        raise ValidationError({"choice": "Choose one of the dates offered, or ask for another."})
    if starts_at <= timezone.now():
        raise ValidationError({"choice": "That date has passed: choose another, or ask for "
                                         "another date."})
    conversation.meeting = booking.book(conversation, starts_at=starts_at,
                                        place=offered_place(conversation), by=by)
    conversation.status = Status.BOOKED
    claim(conversation, UNCHECKED, thing="this conversation", by=by)
    conversation.save(update_fields=["meeting", "status"])
    record("conversations.date_accepted", actor=by, review=conversation.review,
           summary="Accepted a date to speak with the lead reviewer",
           data={"conversation": conversation.pk, "meeting": conversation.meeting.pk,
                 "effective_on": timezone.localdate().isoformat()})
    return conversation


@transaction.atomic
def ask_for_another_date(conversation: Conversation, *, by: User, note: str) -> Conversation:
    """The practitioner can make none of the dates offered, and says when they could."""
    _the_practitioner(by, conversation.practitioner)
    _locked(conversation)
    if conversation.status != Status.REQUESTED:
        raise ValidationError("This conversation is not waiting for you to choose a date.")
    conversation.practitioner_reply = _check_text(
        note, field="note", missing="Say when you could speak with the reviewer, or why none of "
                                    "the dates suits you.")
    conversation.status = Status.OTHER_DATE_ASKED
    claim(conversation, UNCHECKED, thing="this conversation", by=by)
    conversation.save(update_fields=["practitioner_reply", "status"])
    record("conversations.other_date_asked", actor=by, review=conversation.review,
           summary="Asked for another date to speak with the lead reviewer",
           data={"conversation": conversation.pk,
                 "effective_on": timezone.localdate().isoformat()})
    return conversation


@transaction.atomic
def offer_new_dates(conversation: Conversation, *, by: User, offers: list[datetime], place: str,
                    on_behalf_of: User | None = None) -> Conversation:
    """The lead reviewer offers new dates (the practitioner asked, or the reviewer must move a
    booked one: its meeting is cancelled)."""
    _lead_reviewer(by, conversation.review)
    _locked(conversation)
    if conversation.status not in OPEN:
        raise ValidationError("This conversation has been held or withdrawn: ask for a new one "
                              "instead.")
    proposed = _check_offers(offers, place)
    cancelled = None
    if conversation.status == Status.BOOKED and conversation.meeting is not None:
        cancelled = conversation.meeting.pk
        booking.cancel(conversation.meeting, by=by, reason="New dates were offered.")
        conversation.meeting = None
    conversation.proposed_dates = proposed
    conversation.status = Status.REQUESTED
    claim(conversation, UNCHECKED, thing="this conversation", by=by)
    conversation.save(update_fields=["proposed_dates", "status", "meeting"])
    record("conversations.dates_offered", actor=by, review=conversation.review,
           on_behalf_of=_on_behalf_of(on_behalf_of),
           summary="Offered a practitioner new dates for a conversation",
           data={"conversation": conversation.pk, "dates_offered": len(proposed),
                 "meeting_cancelled": cancelled,
                 "effective_on": timezone.localdate().isoformat()})
    return conversation


@transaction.atomic
def record_held(conversation: Conversation, *, by: User, held_on: date, note: str = "",
                on_behalf_of: User | None = None) -> Conversation:
    """The conversation took place: on the day of its meeting or later, never in the future."""
    _lead_reviewer(by, conversation.review)
    _locked(conversation)
    if conversation.status != Status.BOOKED or conversation.meeting is None:
        raise ValidationError("Only a booked conversation can be recorded as held: the "
                              "practitioner accepts a date first.")
    booked_on = timezone.localtime(conversation.meeting.starts_at).date()
    check_effective_date(held_on, not_before=booked_on, what="The date it was held",
                         since="the day it was booked for", field="held_on")
    note = (note or "").strip()
    if len(note) > MAX_TEXT * 4:
        raise ValidationError({"note": f"Keep the note to {MAX_TEXT * 4} characters."})
    conversation.status = Status.HELD
    conversation.held_on = held_on
    conversation.note = note
    claim(conversation, UNCHECKED, thing="this conversation", by=by)
    conversation.save(update_fields=["status", "held_on", "note"])
    on_behalf_of = _on_behalf_of(on_behalf_of)
    # On the timeline that it happened, never with whom or what was said.
    record_step("conversations.held", review=conversation.review, by=by,
                on_behalf_of=on_behalf_of,
                step=Step(HELD_ON_TIMELINE, held_on, kind=TimelineEntry.Kind.NOTE),
                summary="Recorded a conversation with a practitioner as held",
                data={"conversation": conversation.pk, "with_note": bool(note),
                      "effective_on": held_on.isoformat()})
    return conversation


@transaction.atomic
def save_note(conversation: Conversation, *, by: User, note: str, shared: bool,
              version: int | None = UNCHECKED, on_behalf_of: User | None = None
              ) -> Conversation:
    """The lead reviewer's note of a held conversation, and whether the business manager may read
    it (from the ``version`` the page showed)."""
    _lead_reviewer(by, conversation.review)
    if conversation.status != Status.HELD:
        raise ValidationError("Record the conversation as held before writing its note.")
    note = (note or "").strip()
    if shared and not note:
        raise ValidationError({"note": "Write the note before sharing it with the business "
                                       "manager."})
    if len(note) > MAX_TEXT * 4:
        raise ValidationError({"note": f"Keep the note to {MAX_TEXT * 4} characters."})
    was_shared = Conversation.objects.get(pk=conversation.pk).note_shared_with_business_manager
    claim(conversation, version, thing="this conversation's note", by=by,
          name_of=Names(conversation.review, by).user)
    conversation.note = note
    conversation.note_shared_with_business_manager = shared
    conversation.save(update_fields=["note", "note_shared_with_business_manager"])
    record("conversations.note_saved", actor=by, review=conversation.review,
           on_behalf_of=_on_behalf_of(on_behalf_of),
           summary="Saved the note of a conversation with a practitioner",
           data={"conversation": conversation.pk, "shared": shared,
                 "sharing_changed": shared != was_shared,
                 "effective_on": timezone.localdate().isoformat()})
    return conversation


@transaction.atomic
def record_consent(conversation: Conversation, *, by: User, consent: str,
                   given_on: date | None = None) -> Conversation:
    """How the practitioner's contribution may be used: recorded by the practitioner themself,
    or by the lead reviewer on their behalf as they gave it in the conversation (decision 0051).
    Recorded again, the latest stands; the audit trail keeps each."""
    practitioner = conversation.practitioner
    review = conversation.review
    on_behalf_of = None
    if by.pk == practitioner.person_id:
        _the_practitioner(by, practitioner)
    else:
        _lead_reviewer(by, review)
        on_behalf_of = practitioner.person  # the consent is theirs, typed by the reviewer
    if conversation.status != Status.HELD or conversation.held_on is None:
        raise ValidationError("Consent is recorded once the conversation has been held.")
    given_on = given_on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if consent not in Consent.values:
        errors["consent"] = ["Choose how the contribution may be used: quoted anonymously, "
                             "paraphrased only, or not used."]
    try:
        check_effective_date(given_on, not_before=conversation.held_on, what="The date given",
                             since="the day the conversation was held", field="given_on")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    conversation.consent = consent
    conversation.consent_recorded_on = given_on
    claim(conversation, UNCHECKED, thing="this conversation", by=by)
    conversation.save(update_fields=["consent", "consent_recorded_on"])
    record("conversations.consent_recorded", actor=by, review=review, on_behalf_of=on_behalf_of,
           summary="Recorded a practitioner's consent to the use of their contribution",
           data={"conversation": conversation.pk, "consent": consent,
                 "effective_on": given_on.isoformat()})
    return conversation


@transaction.atomic
def raise_area(practitioner: Practitioner, *, by: User, text: str) -> AreaRaised:
    """From their own page, a practitioner tells the reviewer what they think matters."""
    _the_practitioner(by, practitioner)
    text = _check_text(text, field="text", missing="Write what you want the reviewer to "
                                                   "consider.")
    area = AreaRaised.objects.create(review=practitioner.review, practitioner=practitioner,
                                     text=text, raised_on=timezone.localdate(), recorded_by=by)
    record("conversations.area_raised", actor=by, review=practitioner.review,
           summary="Raised an area for the reviewer to consider",
           data={"area": area.pk, "practitioner": practitioner.pk,
                 "effective_on": area.raised_on.isoformat()})
    return area


@transaction.atomic
def answer_area(area: AreaRaised, *, by: User, status: str, reply: str,
                replied_on: date | None = None, on_behalf_of: User | None = None) -> AreaRaised:
    """The lead reviewer marks an area considered, taken into the terms of reference or answered,
    with a reply the practitioner reads on their page. Answered again, the latest stands."""
    _lead_reviewer(by, area.review)
    replied_on = replied_on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if status not in AREA_MARKS:
        errors["status"] = ["Choose considered, taken into the terms of reference, or "
                            "answered."]
    try:
        reply = _check_text(reply, field="reply", missing="Write a reply: the practitioner reads "
                                                          "it on their page.")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        check_effective_date(replied_on, not_before=area.raised_on, what="The date of the reply",
                             since="the day the area was raised", field="replied_on")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    area.status, area.reply, area.replied_on, area.replied_by = status, reply, replied_on, by
    area.save(update_fields=["status", "reply", "replied_on", "replied_by"])
    record("conversations.area_answered", actor=by, review=area.review,
           on_behalf_of=_on_behalf_of(on_behalf_of),
           summary="Answered an area a practitioner raised",
           data={"area": area.pk, "status": status, "effective_on": replied_on.isoformat()})
    return area
