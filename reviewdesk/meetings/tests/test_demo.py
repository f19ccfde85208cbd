"""The demo's meetings with staff: a learning event on the review at the chronology stage, sent
to its practitioners and answered by two of them, and a briefing moved once then cancelled."""

import io
from datetime import date

import pytest
from django.core.management import call_command

from reviewdesk.reviews.models import Stage
from reviewdesk.staff.models import Invitation, Meeting
from reviewdesk.testing import TodayIs

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_learning_event_answered_and_a_briefing_cancelled(
        today_is: TodayIs) -> None:
    today_is(date(2026, 6, 15))
    call_command("load_demo", stdout=io.StringIO())
    event = Meeting.objects.get(kind=Meeting.Kind.LEARNING_EVENT)
    assert event.review.stage == Stage.CHRONOLOGY and event.cancelled_at is None
    invitations = list(event.invitations.order_by("pk"))
    assert len(invitations) >= 2
    assert [i.response for i in invitations[:2]] == [Invitation.Response.ATTENDING,
                                                    Invitation.Response.REARRANGE]
    assert all(i.sequence_sent == 0 for i in invitations)
    # The briefings app's sessions on the reviews at the action plan are briefings too; this
    # app's own is the one with no briefing record behind it.
    briefing = Meeting.objects.get(kind=Meeting.Kind.BRIEFING, briefing__isnull=True)
    assert briefing.cancelled_at is not None and briefing.sequence == 2
    assert all(i.cancellation_sent for i in briefing.invitations.all())
