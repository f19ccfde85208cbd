"""Helpers for the conversations tests: a practitioner on the review's list (until the staff
app's ``practitioners_of`` lands, made directly), and a conversation asked for, booked, held."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from reviewdesk.accounts.models import User
from reviewdesk.conversations import actions
from reviewdesk.reviews.models import Review, ReviewRole
from reviewdesk.staff.models import Conversation, Practitioner
from reviewdesk.testing import tomorrow

# Marker text: what was said and raised, never to be found outside the roles that read it.
AREAS = "AREASMARK how referrals were triaged"
NOTE = "NOTEMARK the practitioner felt unsupported by supervision"
AREA = "AREAMARK the health visiting caseload was too high to visit weekly"
REPLY = "REPLYMARK taken into the terms of reference as line of enquiry 4"
REPLY_NOTE = "DATEMARK I am on leave that week; any Tuesday after"
MARKERS = [AREAS, NOTE, AREA, REPLY, REPLY_NOTE]
MARKER_WORDS = ["AREASMARK", "NOTEMARK", "AREAMARK", "REPLYMARK", "DATEMARK"]


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def make_practitioner(review: Review, person: User, by: User) -> Practitioner:
    """The person's practitioner membership of the review, as a row of its practitioner list."""
    membership = review.memberships.get(person=person, role=ReviewRole.PRACTITIONER,
                                        ended_at__isnull=True)
    agency = membership.agency or person.agency
    assert membership.identity is not None and agency is not None
    return Practitioner.objects.create(
        review=review, person=person, membership=membership, identity=membership.identity,
        agency=agency, job_title=person.job_title or "Health Visitor",
        email=person.email, added_on=membership.started_on, recorded_by=by)


def asked(practitioner: Practitioner, lead: User, *, areas: str = AREAS,
          days: tuple[int, ...] = (0, 1)) -> Conversation:
    """Asked for, with dates offered from tomorrow on (10 in the morning)."""
    return actions.ask_for_conversation(
        practitioner, by=lead, areas=areas, place="Room 2, Kirkvale House",
        offers=[at(tomorrow() + timedelta(days=d)) for d in days])


def booked(practitioner: Practitioner, lead: User) -> Conversation:
    conversation = asked(practitioner, lead)
    return actions.accept_date(conversation, by=practitioner.person,
                               starts_at=actions.offered_times(conversation)[0])
