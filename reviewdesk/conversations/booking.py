"""Booking the meeting of a conversation the practitioner agreed to: the one place the
conversations app touches meetings.

Until the meetings app's ``schedule_meeting`` lands (it sends each invitee a calendar invitation,
METHOD:REQUEST with the meeting's UID and SEQUENCE), a booking is a ``Meeting`` row of kind
CONVERSATION and nothing is sent; switching to it changes only ``book`` and ``cancel`` below.
"""

from datetime import datetime, timedelta

from django.utils import timezone

from reviewdesk.accounts.models import User
from reviewdesk.staff.models import Conversation, Meeting

# A conversation is diarised for an hour (the practitioner's page says so).
DURATION = timedelta(hours=1)
TITLE = "Conversation with the lead reviewer"


def book(conversation: Conversation, *, starts_at: datetime, place: str, by: User) -> Meeting:
    """The conversation's meeting at the agreed time (inside the caller's transaction)."""
    return Meeting.objects.create(
        review=conversation.review, kind=Meeting.Kind.CONVERSATION, title=TITLE,
        starts_at=starts_at, ends_at=starts_at + DURATION, place=place, recorded_by=by)


def cancel(meeting: Meeting, *, by: User, reason: str) -> None:
    """The booked meeting is off (new dates were offered instead)."""
    meeting.cancelled_at = timezone.now()
    meeting.cancelled_reason = reason
    meeting.sequence += 1
    meeting.changed_by = by
    meeting.changed_at = meeting.cancelled_at
    meeting.save(update_fields=["cancelled_at", "cancelled_reason", "sequence", "changed_by",
                                "changed_at"])
