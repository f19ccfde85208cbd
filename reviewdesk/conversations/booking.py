"""Booking the meeting of a conversation the practitioner agreed to: the one place the
conversations app touches meetings.

A booking is a meeting of kind CONVERSATION diarised through the meetings app, which sends the
practitioner and the review's lead reviewer(s) each a calendar invitation naming only them
(METHOD:REQUEST with the meeting's UID and SEQUENCE); moving it to new dates cancels it, and each
invitee gets METHOD:CANCEL.
"""

from datetime import datetime, timedelta

from reviewdesk.accounts.models import User
from reviewdesk.meetings.actions import cancel_meeting, schedule_meeting
from reviewdesk.reviews.models import ReviewRole
from reviewdesk.staff.models import Conversation, Meeting

# A conversation is diarised for an hour (the practitioner's page says so).
DURATION = timedelta(hours=1)
TITLE = "Conversation with the lead reviewer"


def book(conversation: Conversation, *, starts_at: datetime, place: str, by: User) -> Meeting:
    """The conversation's meeting at the agreed time (inside the caller's transaction), with an
    invitation to the practitioner and to each of the review's lead reviewers."""
    review = conversation.review
    leads = [m.person for m in review.memberships.filter(
        role=ReviewRole.LEAD_REVIEWER, ended_at__isnull=True).select_related("person")]
    return schedule_meeting(review, kind=Meeting.Kind.CONVERSATION, title=TITLE,
                            starts_at=starts_at, ends_at=starts_at + DURATION, place=place,
                            invitees=[conversation.practitioner, *leads], by=by)


def cancel(meeting: Meeting, *, by: User, reason: str) -> None:
    """The booked meeting is off (new dates were offered instead): each invitee is told."""
    cancel_meeting(meeting, by=by, reason=reason)
