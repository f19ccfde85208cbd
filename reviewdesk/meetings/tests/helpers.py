"""Helpers for the meetings tests: practitioners on the review's list (made directly until the
staff app's practitioner list lands), a learning event diarised, its calendar files read back."""

from datetime import date, datetime, timedelta

import icalendar
from django.utils import timezone

from reviewdesk.accounts.models import User
from reviewdesk.meetings import actions
from reviewdesk.notices.models import Notice
from reviewdesk.reviews import actions as review_actions
from reviewdesk.reviews.models import Review, ReviewRole
from reviewdesk.staff.models import Meeting, Practitioner


def practitioner_on(review: Review, person: User, by: User, *, job: str = "Health Visitor"
                    ) -> Practitioner:
    """``person`` on the review's practitioner list (a practitioner membership made if needed,
    which gives them a role label in the identity register)."""
    membership = review.memberships.filter(person=person, role=ReviewRole.PRACTITIONER,
                                           ended_at__isnull=True).first()
    if membership is None:
        membership = review_actions.add_member(review, person, ReviewRole.PRACTITIONER, by=by,
                                               started_on=date(2026, 3, 3))
    agency = membership.agency or person.agency
    assert membership.identity is not None and agency is not None
    return Practitioner.objects.create(
        review=review, person=person, membership=membership, identity=membership.identity,
        agency=agency, job_title=job, email=person.email,
        added_on=date(2026, 3, 3), recorded_by=by)


def next_week_at(hour: int, minute: int = 0, days: int = 7) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


def learning_event(review: Review, by: User, invitees: list[Practitioner], **values: object
                   ) -> Meeting:
    details: dict = {"kind": Meeting.Kind.LEARNING_EVENT, "title": "Practitioner learning event",
                     "starts_at": next_week_at(9, 30), "ends_at": next_week_at(12, 30),
                     "place": "Room 4, Civic Centre", "agenda": "Welcome\n\nWhat we learned"}
    details.update(values)
    return actions.schedule_meeting(review, by=by, invitees=invitees, **details)


def calendars_to(address: str) -> list[icalendar.Calendar]:
    """Every calendar file kept to send to ``address`` (its notices), in the order queued."""
    found = []
    for notice in Notice.objects.order_by("pk"):
        if address not in notice.recipients:
            continue
        assert notice.recipients == [address]  # one recipient a notice: it names only them
        for attached in notice.attachments:
            assert attached["content_type"] == "text/calendar"
            assert attached["filename"].endswith(".ics")
            found.append(icalendar.Calendar.from_ical(attached["content"]))
    return found


def event_of(calendar: icalendar.Calendar) -> icalendar.Event:
    events = calendar.walk("VEVENT")
    assert len(events) == 1 and isinstance(events[0], icalendar.Event)
    return events[0]


def sequence_of(calendar: icalendar.Calendar) -> int:
    return int(str(event_of(calendar)["SEQUENCE"]))


def attendees(event: icalendar.Event) -> list[str]:
    found = event.get("ATTENDEE")
    found = found if isinstance(found, list) else [found]
    return [str(a).removeprefix("mailto:") for a in found if a is not None]
