"""The calendar file (.ics) of one person's invitation (RFC 5545 and iTIP, RFC 5546), built with
the ``icalendar`` package. The choices, and why, are in docs/decisions/0050-calendar-invitations.md:

* one file per recipient, naming only them: ATTENDEE is the recipient alone; ORGANIZER is the
  partnership's business unit; the description names nobody (role labels and pseudonyms only,
  every free text through the anonymised redactor), so nobody learns from it who else is
  involved;
* times in UTC (``DTSTART:20261210T093000Z``): every calendar (Outlook included) shows them in
  the reader's own zone, with no VTIMEZONE to misread; the description repeats them in UK time;
* METHOD:REQUEST for an invitation and each update (same UID, the meeting's SEQUENCE), METHOD:CANCEL
  with STATUS:CANCELLED for a cancellation or a withdrawn invitation;
* RSVP=FALSE and CLASS:PRIVATE: answers are given in Review Desk, not by e-mail to a shared
  mailbox; a calendar others can see shows the meeting as private.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from reviewdesk.reviews.names import Names
from reviewdesk.staff.models import Invitation, Meeting

PRODID = "-//Review Desk//Staff meetings//EN"
REQUEST, CANCEL = "REQUEST", "CANCEL"
# The notices' attachments give a content type of the form maintype/subtype only (Django splits
# it there); the method is in the file itself, where every calendar reads it.
CONTENT_TYPE = "text/calendar"


@dataclass(frozen=True)
class CalendarFile:
    filename: str
    content: str
    content_type: str = CONTENT_TYPE

    def attachment(self) -> dict[str, str]:
        return {"filename": self.filename, "content_type": self.content_type,
                "content": self.content}


def uk_time(meeting: Meeting) -> str:
    """'Thursday 10 December 2026, 9:30am to 12:30pm (UK time)'."""
    start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)

    def clock(moment: datetime) -> str:
        hour = moment.hour % 12 or 12
        minutes = f":{moment.minute:02d}" if moment.minute else ""
        return f"{hour}{minutes}{'am' if moment.hour < 12 else 'pm'}"

    day = f"{start:%A %-d %B %Y}"
    if start.date() == end.date():
        return f"{day}, {clock(start)} to {clock(end)} (UK time)"
    return f"{day}, {clock(start)} to {end:%A %-d %B %Y}, {clock(end)} (UK time)"


def organizer_address(meeting: Meeting) -> str:
    partnership = meeting.review.partnership
    return partnership.business_unit_email or settings.DEFAULT_FROM_EMAIL.split("<")[-1].rstrip(">")


def recipient_address(invitation: Invitation) -> str:
    if invitation.practitioner_id and invitation.practitioner:
        return invitation.practitioner.email or invitation.person.email
    return invitation.person.email


def answer_url(invitation: Invitation) -> str:
    return settings.SITE_URL + reverse("meetings:invitation",
                                       args=[invitation.meeting.review.uuid, invitation.pk])


def description(meeting: Meeting, invitation: Invitation, public: Names, *, role_label: str,
                topics: list[str], cancelled: bool) -> str:
    """What the calendar entry says: no names, only role labels and pseudonyms."""
    lines = [f"{meeting.get_kind_display()} for review {meeting.review.reference}.",
             f"When: {uk_time(meeting)}.", f"Where: {public.redact(meeting.place)}."]
    if cancelled:
        reason = "This meeting is cancelled." if meeting.cancelled_at else (
            "You are no longer invited to this meeting.")
        lines.insert(0, reason)
    else:
        lines.append(f"You are invited as {role_label}." if role_label else "You are invited.")
        if meeting.agenda:
            lines += ["", "Agenda:", public.redact(meeting.agenda)]
        if topics:
            lines += ["", "The advice in force says these are not to be discussed:",
                      *[f"- {topic}" for topic in topics]]
        lines += ["", f"Say whether you can come, or ask to rearrange, in Review Desk: "
                       f"{answer_url(invitation)}"]
    return "\n".join(lines)


def build(meeting: Meeting, invitation: Invitation, method: str, *, sequence: int,
          public: Names, role_label: str = "", topics: list[str] | None = None,
          stamp: datetime | None = None) -> CalendarFile:
    """The calendar file for one invitation. ``public`` is the review's names as anyone may see
    them (``reviews.names.anonymised``): every free text goes through its redactor."""
    cancelled = method == CANCEL
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    event = icalendar.Event()
    event.add("uid", str(meeting.uid))
    event.add("sequence", sequence)
    event.add("dtstamp", (stamp or timezone.now()).astimezone(UTC))
    event.add("dtstart", meeting.starts_at.astimezone(UTC))
    event.add("dtend", meeting.ends_at.astimezone(UTC))
    event.add("summary", public.redact(meeting.title))
    event.add("location", public.redact(meeting.place))
    event.add("description", description(meeting, invitation, public, role_label=role_label,
                                         topics=topics or [], cancelled=cancelled))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("class", "PRIVATE")
    event.add("transp", "OPAQUE")
    organizer = icalendar.vCalAddress(f"mailto:{organizer_address(meeting)}")
    organizer.params["CN"] = icalendar.vText(f"{meeting.review.partnership.name} business unit")
    event.add("organizer", organizer)
    attendee = icalendar.vCalAddress(f"mailto:{recipient_address(invitation)}")
    attendee.params["ROLE"] = icalendar.vText("REQ-PARTICIPANT")
    attendee.params["PARTSTAT"] = icalendar.vText("NEEDS-ACTION")
    attendee.params["RSVP"] = icalendar.vText("FALSE")
    event.add("attendee", attendee)
    calendar.add_component(event)
    name = "cancellation.ics" if cancelled else "invitation.ics"
    return CalendarFile(name, calendar.to_ical().decode())
