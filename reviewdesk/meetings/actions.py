"""Every change to a meeting with staff: one function each, in one transaction with its audit
event. Other apps call these (the conversations app books a reviewer's conversation with
``schedule_meeting(kind=Meeting.Kind.CONVERSATION, invitees=[practitioner, lead_reviewer])``).

Each invitee gets their own calendar invitation (``calendar.build``: it names only them), sent
as a notice with an ``.ics`` attachment:

* scheduling sends METHOD:REQUEST at the meeting's SEQUENCE (0) to every invitee;
* a change to what the invitation says (title, time, place, agenda) is an update: the SEQUENCE
  goes up by one and each current invitee gets the REQUEST once (``send_updates``, which any
  caller may run again safely: what went is recorded on the invitation, and each notice's
  dedupe key is its invitation, SEQUENCE and METHOD, so nothing is ever sent twice);
* cancelling the meeting sends METHOD:CANCEL to every current invitee; withdrawing one
  invitation sends that invitee alone a CANCEL. Both take the SEQUENCE on by one, so a later
  REQUEST (re-inviting them) is newer than the cancellation in their calendar;
* a notice the advice in force forbids (no contact with the recipient) refuses the whole change,
  saying why; nothing is kept or sent.

Answers (attending, not attending, asked to rearrange) are the invitee's own; attendance is
recorded on the day of the meeting or later, never before. Audit summaries and data hold ids,
never names or what was typed.
"""

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from reviewdesk.accounts.models import User
from reviewdesk.audit import context as audit_context
from reviewdesk.audit.services import record
from reviewdesk.meetings import calendar
from reviewdesk.meetings.calendar import CANCEL, REQUEST
from reviewdesk.notices.actions import queue_notice, template_for
from reviewdesk.notices.templating import render_text, review_context
from reviewdesk.parallel.restrictions import topics_as_seen
from reviewdesk.reviews.actions import check_effective_date
from reviewdesk.reviews.models import Review, ReviewMembership, Stage
from reviewdesk.reviews.names import Names, anonymised
from reviewdesk.staff.models import Invitation, Meeting, Practitioner, StaffUpdate
from reviewdesk.versioning import UNCHECKED, claim

Invitee = Practitioner | User
# What an invitation carries: a change to any of these is an update sent to every invitee.
MEETING_FIELDS = ["title", "starts_at", "ends_at", "place", "agenda"]
# The notice templates (registered in apps.py, editable on the partnership's Notice templates).
TEMPLATE_FOR = {"invitation": "meeting_invitation", "update": "meeting_update",
                "cancellation": "meeting_cancellation", "withdrawn": "meeting_withdrawn"}


def _on_behalf_of(given: User | None = None) -> User | None:
    if given is not None:
        return given
    context = audit_context.current()
    return context.on_behalf_of if context is not None else None


def _check(review: Review, values: dict[str, Any], *, kind: str | None = None,
           is_new: bool) -> dict[str, Any]:
    """The meeting's details, tidied, or every reason they cannot be saved (by field)."""
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}
    errors: dict[str, str] = {}
    if kind is not None and kind not in Meeting.Kind.values:
        errors["kind"] = "Choose a learning event, a briefing or a conversation."
    if not values.get("title"):
        errors["title"] = "Enter a title, for example Practitioner learning event."
    elif len(values["title"]) > 200:
        errors["title"] = "The title must be 200 characters or fewer."
    if not values.get("place"):
        errors["place"] = "Enter where it is: a room, an address or a video link."
    elif len(values["place"]) > 300:
        errors["place"] = "The place must be 300 characters or fewer."
    starts, ends = values.get("starts_at"), values.get("ends_at")
    if not isinstance(starts, datetime) or not isinstance(ends, datetime):
        errors["starts_at"] = "Enter the date and the start and end times."
    elif ends <= starts:
        errors["ends_at"] = "The end time must be after the start time."
    elif is_new and starts <= timezone.now():
        errors["starts_at"] = "The meeting must start in the future: enter a later date or time."
    if errors:
        raise ValidationError(errors)
    values["agenda"] = values.get("agenda") or ""
    return values


def _role_label(invitation: Invitation) -> str:
    if invitation.practitioner_id and invitation.practitioner:
        return invitation.practitioner.identity.pseudonym
    return ""


def _notice_text(meeting: Meeting, invitation: Invitation, what: str, public: Names
                 ) -> tuple[str, str]:
    template = template_for(meeting.review.partnership_id, TEMPLATE_FOR[what])
    context = review_context(meeting.review) | {
        "recipient": _role_label(invitation) or "colleague",
        "meeting_kind": meeting.get_kind_display().lower(),
        "meeting_title": public.redact(meeting.title),
        "meeting_when": calendar.uk_time(meeting),
        "meeting_place": public.redact(meeting.place),
        "answer_url": calendar.answer_url(invitation),
    }
    return render_text(template.subject, context), render_text(template.body, context)


def calendar_file(invitation: Invitation, *, public: Names | None = None,
                  topics: list[str] | None = None) -> calendar.CalendarFile:
    """The invitation's calendar file as it stands: the latest REQUEST, or the CANCEL once the
    meeting is cancelled or the invitation withdrawn (the download on the invitee's page)."""
    meeting = invitation.meeting
    public = public or anonymised(meeting.review)
    cancelled = meeting.cancelled_at is not None or invitation.withdrawn_at is not None
    if topics is None:
        topics = topics_as_seen(meeting.review, public)
    return calendar.build(meeting, invitation, CANCEL if cancelled else REQUEST,
                          sequence=meeting.sequence, public=public,
                          role_label=_role_label(invitation), topics=topics)


def _send(invitation: Invitation, what: str, *, by: User | None, public: Names,
          topics: list[str]) -> bool:
    """Send one invitation's notice at the meeting's SEQUENCE; False if it went already."""
    meeting = invitation.meeting
    method = CANCEL if what in ("cancellation", "withdrawn") else REQUEST
    ics = calendar.build(meeting, invitation, method, sequence=meeting.sequence, public=public,
                         role_label=_role_label(invitation), topics=topics)
    subject, body = _notice_text(meeting, invitation, what, public)
    key = f"meeting-invitation-{invitation.pk}-{method.lower()}-{meeting.sequence}"
    notice = queue_notice(
        partnership_id=meeting.review.partnership_id, review=meeting.review,
        purpose=f"meeting_{what}", dedupe_key=key,
        recipient_label=_role_label(invitation) or "Invitee",
        recipients=[calendar.recipient_address(invitation)], subject=subject, body=body, by=by,
        attachments=[ics.attachment()])
    if method == REQUEST:
        invitation.sequence_sent = meeting.sequence
        invitation.save(update_fields=["sequence_sent"])
    else:
        invitation.cancellation_sent = True
        invitation.save(update_fields=["cancellation_sent"])
    if notice is None:
        return False
    StaffUpdate.objects.get_or_create(
        review=meeting.review, person=invitation.person, kind=StaffUpdate.Kind.MEETING, key=key,
        defaults={"practitioner": invitation.practitioner, "notice": notice,
                  "sent_on": timezone.localdate(), "recorded_by": by or meeting.recorded_by})
    return True


def _current(meeting: Meeting) -> list[Invitation]:
    return list(meeting.invitations.filter(withdrawn_at__isnull=True).select_related(
        "person", "practitioner__identity").order_by("pk"))


def send_updates(meeting: Meeting, *, by: User | None = None) -> int:
    """Send the meeting as it stands to each current invitee who has not had this SEQUENCE yet
    (or, for a cancelled meeting, the cancellation to each who has not had it). Safe to run
    again: it sends nothing twice. Returns how many notices went."""
    public = anonymised(meeting.review)
    topics = topics_as_seen(meeting.review, public)
    sent = 0
    for invitation in _current(meeting):
        invitation.meeting = meeting
        if meeting.cancelled_at is not None:
            if not invitation.cancellation_sent:
                sent += _send(invitation, "cancellation", by=by, public=public, topics=topics)
        elif invitation.sequence_sent is None or invitation.sequence_sent < meeting.sequence:
            what = "invitation" if invitation.sequence_sent is None else "update"
            sent += _send(invitation, what, by=by, public=public, topics=topics)
    return sent


def _person_of(invitee: Invitee) -> tuple[User, Practitioner | None]:
    if isinstance(invitee, Practitioner):
        return invitee.person, invitee
    return invitee, None


def _check_invitees(review: Review, invitees: Sequence[Invitee]) -> list[tuple[User,
                                                                              Practitioner | None]]:
    """Each invitee is a practitioner on this review, or someone on its team."""
    found: list[tuple[User, Practitioner | None]] = []
    on_team = set(ReviewMembership.objects.filter(review=review, ended_at__isnull=True)
                  .values_list("person_id", flat=True))
    for invitee in invitees:
        person, practitioner = _person_of(invitee)
        if practitioner is not None and (practitioner.review_id != review.pk
                                         or practitioner.person_id not in on_team):
            raise ValidationError({"invitees": "Choose practitioners on this review's list, "
                                               "still on the review."})
        if practitioner is None and person.pk not in on_team:
            raise ValidationError({"invitees": "Invite only people on this review's team."})
        if practitioner is None:
            # Someone on the review's list is invited as the practitioner they are on it.
            practitioner = Practitioner.objects.filter(review=review, person=person).first()
        if all(p.pk != person.pk for p, _ in found):
            found.append((person, practitioner))
    return found


def _invite(meeting: Meeting, invitees: Sequence[Invitee]) -> list[Invitation]:
    """Make (or renew) the invitations; return those that are new or renewed."""
    made: list[Invitation] = []
    renewed = False
    for person, practitioner in _check_invitees(meeting.review, invitees):
        invitation = Invitation.objects.filter(meeting=meeting, person=person).first()
        if invitation is None:
            made.append(Invitation.objects.create(meeting=meeting, person=person,
                                                  practitioner=practitioner))
        elif invitation.withdrawn_at is not None:
            # Invited again after a cancellation was sent: a fresh answer, and a newer SEQUENCE
            # than that cancellation (below) so their calendar takes the invitation.
            invitation.withdrawn_at = None
            invitation.cancellation_sent = False
            invitation.sequence_sent = None
            invitation.response, invitation.response_note, invitation.responded_at = "", "", None
            invitation.save()
            made.append(invitation)
            renewed = True
    if renewed:
        meeting.sequence += 1
        meeting.save(update_fields=["sequence"])
    return made


@transaction.atomic
def schedule_meeting(review: Review, *, kind: str, title: str, starts_at: datetime,
                     ends_at: datetime, place: str, agenda: str = "",
                     invitees: Sequence[Invitee] = (), by: User,
                     on_behalf_of: User | None = None) -> Meeting:
    """Diarise a meeting and send each invitee their calendar invitation."""
    values = _check(review, {"title": title, "starts_at": starts_at, "ends_at": ends_at,
                             "place": place, "agenda": agenda}, kind=kind, is_new=True)
    if review.stage == Stage.CLOSED:
        raise ValidationError("The review is closed: no more meetings can be diarised on it.")
    meeting = Meeting.objects.create(review=review, kind=kind, recorded_by=by,
                                     on_behalf_of=_on_behalf_of(on_behalf_of), changed_by=by,
                                     changed_at=timezone.now(), **values)
    invited = _invite(meeting, invitees)
    sent = send_updates(meeting, by=by)
    record("meetings.scheduled", actor=by, review=review, on_behalf_of=_on_behalf_of(on_behalf_of),
           summary=f"Diarised a meeting ({meeting.get_kind_display().lower()})",
           data={"meeting": meeting.pk, "kind": kind, "invited": [i.pk for i in invited],
                 "notices": sent})
    return meeting


@transaction.atomic
def change_meeting(meeting: Meeting, *, by: User, version: int | None = UNCHECKED,
                   on_behalf_of: User | None = None, **values: Any) -> Meeting:
    """Change a meeting's title, time, place or agenda. Any change is an update: the SEQUENCE
    goes up by one and each current invitee is sent it once. The same details again change
    nothing and send nothing."""
    unknown = set(values) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"Not a meeting's detail: {sorted(unknown)}")
    if meeting.cancelled_at is not None:
        raise ValidationError("This meeting is cancelled: diarise a new one instead.")
    merged = _check(meeting.review, {**{f: getattr(meeting, f) for f in MEETING_FIELDS},
                                     **values}, is_new=False)
    if "starts_at" in values and merged["starts_at"] != meeting.starts_at and (
            merged["starts_at"] <= timezone.now()):
        raise ValidationError({"starts_at": "Move the meeting to a time in the future."})
    stored = Meeting.objects.get(pk=meeting.pk)
    changed = [f for f in MEETING_FIELDS if getattr(stored, f) != merged[f]]
    if not changed:
        return meeting
    claim(meeting, version, thing="this meeting", by=by,
          name_of=Names(meeting.review, by).user)
    for name in MEETING_FIELDS:
        setattr(meeting, name, merged[name])
    meeting.sequence = stored.sequence + 1
    meeting.save(update_fields=[*MEETING_FIELDS, "sequence"])
    sent = send_updates(meeting, by=by)
    record("meetings.changed", actor=by, review=meeting.review,
           on_behalf_of=_on_behalf_of(on_behalf_of), summary="Changed a meeting: update sent",
           data={"meeting": meeting.pk, "fields": changed, "sequence": meeting.sequence,
                 "notices": sent})
    return meeting


@transaction.atomic
def cancel_meeting(meeting: Meeting, *, by: User, reason: str = "",
                   on_behalf_of: User | None = None) -> Meeting:
    """Cancel the meeting: every current invitee is sent METHOD:CANCEL, once."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.cancelled_at is not None:
        raise ValidationError("This meeting is already cancelled.")
    meeting.cancelled_at = timezone.now()
    meeting.cancelled_reason = reason.strip()
    meeting.sequence += 1
    meeting.save(update_fields=["cancelled_at", "cancelled_reason", "sequence"])
    sent = send_updates(meeting, by=by)
    record("meetings.cancelled", actor=by, review=meeting.review,
           on_behalf_of=_on_behalf_of(on_behalf_of), summary="Cancelled a meeting",
           data={"meeting": meeting.pk, "sequence": meeting.sequence, "notices": sent})
    return meeting


@transaction.atomic
def invite(meeting: Meeting, invitees: Sequence[Invitee], *, by: User,
           on_behalf_of: User | None = None) -> list[Invitation]:
    """Invite more people; each new invitee is sent the invitation as it stands."""
    if meeting.cancelled_at is not None:
        raise ValidationError("This meeting is cancelled: nobody more can be invited.")
    if not invitees:
        raise ValidationError({"invitees": "Choose at least one practitioner to invite."})
    made = _invite(meeting, invitees)
    if not made:
        raise ValidationError({"invitees": "They are invited already."})
    public = anonymised(meeting.review)
    topics = topics_as_seen(meeting.review, public)
    for invitation in made:
        invitation.meeting = meeting
        _send(invitation, "invitation", by=by, public=public, topics=topics)
    record("meetings.invited", actor=by, review=meeting.review,
           on_behalf_of=_on_behalf_of(on_behalf_of), summary="Invited people to a meeting",
           data={"meeting": meeting.pk, "invitations": [i.pk for i in made]})
    return made


@transaction.atomic
def uninvite(invitation: Invitation, *, by: User, on_behalf_of: User | None = None
             ) -> Invitation:
    """Withdraw one invitation: that invitee alone is sent a cancellation."""
    invitation = Invitation.objects.select_for_update(of=("self",)).select_related(
        "meeting__review__partnership", "person", "practitioner__identity").get(pk=invitation.pk)
    meeting = invitation.meeting
    if invitation.withdrawn_at is not None:
        raise ValidationError("This invitation is already withdrawn.")
    if meeting.cancelled_at is not None:
        raise ValidationError("The meeting is cancelled: every invitee has been told.")
    invitation.withdrawn_at = timezone.now()
    invitation.save(update_fields=["withdrawn_at"])
    meeting.sequence += 1
    meeting.save(update_fields=["sequence"])
    public = anonymised(meeting.review)
    _send(invitation, "withdrawn", by=by, public=public, topics=[])
    record("meetings.uninvited", actor=by, review=meeting.review,
           on_behalf_of=_on_behalf_of(on_behalf_of),
           summary="Withdrew an invitation to a meeting",
           data={"meeting": meeting.pk, "invitation": invitation.pk})
    return invitation


@transaction.atomic
def respond(invitation: Invitation, response: str, note: str = "", *, by: User) -> Invitation:
    """The invitee's own answer: attending, not attending, or asked to rearrange (with a note
    saying what would suit them). Answered again, the latest answer stands."""
    invitation = Invitation.objects.select_for_update(of=("self",)).select_related("meeting__review").get(
        pk=invitation.pk)
    note = note.strip()
    if invitation.person_id != by.pk:
        raise ValidationError("Only the person invited can answer their invitation.")
    if invitation.withdrawn_at is not None or invitation.meeting.cancelled_at is not None:
        raise ValidationError("This invitation no longer stands: the meeting was cancelled or "
                              "the invitation withdrawn.")
    if invitation.meeting.ends_at <= timezone.now():
        raise ValidationError("This meeting has taken place: it can no longer be answered.")
    if response not in {c for c in Invitation.Response.values if c}:
        raise ValidationError({"response": "Say whether you are attending, not attending, or "
                                           "asking to rearrange."})
    if response == Invitation.Response.REARRANGE and not note:
        raise ValidationError({"note": "Say what would suit you better, for example another "
                                       "day or time."})
    invitation.response, invitation.response_note = response, note
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["response", "response_note", "responded_at"])
    record("meetings.answered", actor=by, review=invitation.meeting.review,
           summary="Answered an invitation to a meeting",
           data={"meeting": invitation.meeting_id, "invitation": invitation.pk,
                 "response": response})
    return invitation


@transaction.atomic
def record_attendance(meeting: Meeting, attended_ids: Iterable[int], *, by: User,
                      on: date | None = None, on_behalf_of: User | None = None) -> Meeting:
    """Who came, on the day of the meeting or later (never before it, never in the future):
    the current invitations named in ``attended_ids`` came, every other current one did not."""
    on = on or timezone.localdate()
    day = timezone.localtime(meeting.starts_at).date()
    check_effective_date(on, not_before=day, what="The date attendance is recorded",
                         since="the day of the meeting", field="on")
    if meeting.cancelled_at is not None:
        raise ValidationError("This meeting was cancelled: there is no attendance to record.")
    invitations = _current(meeting)
    wanted = set(attended_ids)
    unknown = wanted - {i.pk for i in invitations}
    if unknown:
        raise ValidationError({"attended": "Choose only people invited to this meeting."})
    for invitation in invitations:
        invitation.attended = invitation.pk in wanted
        invitation.attendance_recorded_by = by
    Invitation.objects.bulk_update(invitations, ["attended", "attendance_recorded_by"])
    record("meetings.attendance_recorded", actor=by, review=meeting.review,
           on_behalf_of=_on_behalf_of(on_behalf_of), summary="Recorded who came to a meeting",
           data={"meeting": meeting.pk, "attended": sorted(wanted),
                 "effective_on": on.isoformat()})
    return meeting

