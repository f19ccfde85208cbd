"""Reflections: an attendee answers once, after the session; the L&D subgroup reads them
together, without names, with agencies under five answers merged."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from reviewdesk.accounts.models import Agency, User
from reviewdesk.action_plan.models import Reflection
from reviewdesk.audit.models import AuditEvent
from reviewdesk.briefings import actions, selectors
from reviewdesk.briefings.tests.conftest import schedule, staff_of
from reviewdesk.meetings import actions as meetings
from reviewdesk.reviews.models import Review
from reviewdesk.staff.models import Invitation, Practitioner

pytestmark = pytest.mark.django_db


def _held(review: Review, by: User, today_is, *, came: list[User] | None = None,
          **values: object) -> tuple[actions.Scheduled, list[Invitation]]:
    made = schedule(review, by, **values)
    meeting = made.briefing.meeting
    today_is(timezone.localtime(meeting.ends_at).date() + timedelta(days=1))
    invitations = list(meeting.invitations.order_by("pk"))
    attended = [i.pk for i in invitations if came is None or i.person in came]
    meetings.record_attendance(meeting, attended, by=by)
    return made, [Invitation.objects.get(pk=i.pk) for i in invitations]


def test_an_attendee_answers_once(at_plan: Review, learning_lead: User, practitioner: User,
                                  two: list[Practitioner], today_is) -> None:
    made, invitations = _held(at_plan, learning_lead, today_is)
    mine = next(i for i in invitations if i.person == practitioner)
    reflection = actions.reflect(mine, by=practitioner, will_do_differently="Ask who lives there.",
                                 useful=4)
    assert reflection.agency == two[0].agency and reflection.useful == 4
    with pytest.raises(ValidationError, match="answered already"):
        actions.reflect(mine, by=practitioner, will_do_differently="Again")
    event = AuditEvent.objects.get(event_type="briefings.reflected")
    assert "reflection" not in event.data and "Ask" not in event.summary


def test_only_those_who_came_after_the_session(
        at_plan: Review, learning_lead: User, practitioner: User, colleague: User,
        two: list[Practitioner], today_is) -> None:
    made = schedule(at_plan, learning_lead)
    mine = made.briefing.meeting.invitations.get(person=practitioner)
    with pytest.raises(ValidationError, match="once the session has finished"):
        actions.reflect(mine, by=practitioner, will_do_differently="Too early")
    made, invitations = _held(at_plan, learning_lead, today_is, came=[practitioner])
    nina = next(i for i in invitations if i.person == colleague)
    with pytest.raises(ValidationError, match="recorded as attending"):
        actions.reflect(nina, by=colleague, will_do_differently="I was not there")
    polly = next(i for i in invitations if i.person == practitioner)
    with pytest.raises(ValidationError, match="Only the person"):
        actions.reflect(polly, by=colleague, will_do_differently="Not mine")
    with pytest.raises(ValidationError) as empty:
        actions.reflect(polly, by=practitioner, will_do_differently="  ")
    assert "will_do_differently" in empty.value.message_dict
    assert not Reflection.objects.exists()


def test_small_agencies_are_merged_and_answers_have_no_agency(
        at_plan: Review, learning_lead: User, agencies: dict[str, Agency], today_is) -> None:
    social = staff_of(agencies["social_care"], 6, "sw")
    police = staff_of(agencies["police"], 2, "pc")
    school = staff_of(agencies["education"], 1, "t")
    made, invitations = _held(at_plan, learning_lead, today_is, for_practitioners=False,
                              agencies=[agencies["social_care"], agencies["police"],
                                        agencies["education"]])
    for invitation in invitations:
        actions.reflect(invitation, by=invitation.person,
                        will_do_differently=f"Answer from {invitation.person.agency_id}")
    seen = selectors.aggregate(selectors.reflections_of(at_plan))
    # The police's staff include the review's agency author.
    assert seen.total == len(social) + len(police) + 1 + len(school) == 10
    assert seen.by_agency == [(agencies["social_care"].name, 6), ("Other agencies (4)", 4)]
    assert len(seen.answers) == 10 and seen.answers == sorted(seen.answers)


def test_merge_small_groups() -> None:
    assert selectors.merge_small({"A": 5, "B": 4, "C": 1}) == [("A", 5), ("Other agencies (5)", 5)]
    assert selectors.merge_small({"A": 2}) == [("Other agencies (2)", 2)]
    assert selectors.merge_small({}) == []
