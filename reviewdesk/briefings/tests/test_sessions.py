"""Diarising a briefing session: the review's practitioners and the wider staff of chosen
agencies each get their own calendar invitation, up to the capacity; attendance is recorded
through the meetings app."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reviewdesk.accounts.models import Agency, User
from reviewdesk.action_plan.models import Briefing
from reviewdesk.audit.models import AuditEvent
from reviewdesk.briefings.tests.conftest import schedule, staff_of
from reviewdesk.meetings import actions as meetings
from reviewdesk.meetings.tests.helpers import calendars_to, event_of
from reviewdesk.reviews.models import Review, Stage
from reviewdesk.staff.models import Meeting, Practitioner

pytestmark = pytest.mark.django_db


def test_practitioners_and_agency_staff_each_get_a_calendar_invitation(
        at_plan: Review, learning_lead: User, two: list[Practitioner],
        agencies: dict[str, Agency]) -> None:
    social_workers = staff_of(agencies["social_care"], 3)
    made = schedule(at_plan, learning_lead, agencies=[agencies["social_care"]])
    meeting = made.briefing.meeting
    assert meeting.kind == Meeting.Kind.BRIEFING and made.invited == 5 and not made.not_invited
    for address in [p.email for p in two] + [u.email for u in social_workers]:
        [calendar] = calendars_to(address)
        assert calendar["METHOD"] == "REQUEST"
        assert str(event_of(calendar)["UID"]) == str(meeting.uid)
    event = AuditEvent.objects.get(event_type="briefings.scheduled")
    assert event.data["invited"] == 5 and event.data["effective_on"]
    assert "Nina" not in event.summary and "Staff" not in event.summary


def test_capacity_is_respected_practitioners_first(
        at_plan: Review, business_manager: User, two: list[Practitioner],
        agencies: dict[str, Agency]) -> None:
    social_workers = staff_of(agencies["social_care"], 4)
    made = schedule(at_plan, business_manager, capacity=3, agencies=[agencies["social_care"]])
    invited = set(made.briefing.meeting.invitations.values_list("person_id", flat=True))
    assert {p.person_id for p in two} <= invited and len(invited) == 3
    assert [u.pk for u in made.not_invited] == [u.pk for u in social_workers[1:]]
    for person in made.not_invited:
        assert calendars_to(person.email) == []


def test_nothing_is_kept_when_refused(at_plan: Review, learning_lead: User,
                                      agencies: dict[str, Agency]) -> None:
    with pytest.raises(ValidationError) as refused:
        schedule(at_plan, learning_lead, place="", online_link="", capacity=0,
                 for_practitioners=False)
    assert set(refused.value.message_dict) == {"place", "capacity"}
    with pytest.raises(ValidationError) as nobody:
        schedule(at_plan, learning_lead, for_practitioners=False,
                 agencies=[agencies["voluntary"]])
    assert "Nobody is in the audience" in str(nobody.value)
    assert not Briefing.objects.exists() and not Meeting.objects.exists()


def test_an_online_session_puts_its_link_as_the_place(
        at_plan: Review, learning_lead: User, two: list[Practitioner]) -> None:
    made = schedule(at_plan, learning_lead, place="", online_link="https://meet.example/b1")
    assert made.briefing.meeting.place == "https://meet.example/b1"
    assert made.briefing.online_link == "https://meet.example/b1"


def test_a_closed_review_takes_no_more_briefings(
        at_plan: Review, business_manager: User, two: list[Practitioner]) -> None:
    Review.objects.filter(pk=at_plan.pk).update(stage=Stage.CLOSED)
    at_plan.refresh_from_db()
    with pytest.raises(ValidationError, match="closed"):
        schedule(at_plan, business_manager)


def test_attendance_is_the_meetings_apps(
        at_plan: Review, learning_lead: User, two: list[Practitioner], today_is) -> None:
    made = schedule(at_plan, learning_lead)
    meeting = made.briefing.meeting
    today_is(timezone.localtime(meeting.starts_at).date())
    first = meeting.invitations.order_by("pk").first()
    assert first is not None
    meetings.record_attendance(meeting, [first.pk], by=learning_lead)
    assert sorted(bool(a) for a in meeting.invitations.values_list("attended", flat=True)) == [
        False, True]


def test_wider_staff_open_and_answer_their_own_briefing_invitation_without_the_review(
        client: Client, at_plan: Review, business_manager: User,
        agencies: dict[str, Agency]) -> None:
    invited, = staff_of(agencies["social_care"], 1)
    other, = staff_of(agencies["social_care"], 1, prefix="other")
    made = schedule(at_plan, business_manager, for_practitioners=False,
                    agencies=[agencies["social_care"]], capacity=1)
    invitation = made.briefing.meeting.invitations.get(person=invited)
    page = reverse("meetings:invitation", args=[at_plan.uuid, invitation.pk])
    client.force_login(invited)
    assert client.get(reverse("reviews:review", args=[at_plan.uuid])).status_code == 404
    response = client.get(page)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Kayden" not in body and "Moorcroft" not in body
    assert f'href="{reverse("reviews:review", args=[at_plan.uuid])}"' not in body
    response = client.post(reverse("meetings:respond", args=[at_plan.uuid, invitation.pk]),
                           {"response": "attending"})
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.response == "attending"
    assert client.get(reverse("meetings:calendar", args=[at_plan.uuid, invitation.pk])
                      ).status_code == 200
    # Staff who were not invited (the capacity was one) see nothing of it.
    client.force_login(other)
    assert client.get(page).status_code == 404
