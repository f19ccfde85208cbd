"""A review at the action plan stage with findings and recommendations, two practitioners on it,
and wider staff of two agencies, for the briefings' tests."""

from datetime import timedelta

import pytest

from reviewdesk.accounts.models import Agency, User
from reviewdesk.action_plan.testing import at_action_plan, make_finding, make_recommendation
from reviewdesk.briefings import actions
from reviewdesk.meetings.tests.helpers import next_week_at, practitioner_on
from reviewdesk.reviews.models import Review
from reviewdesk.staff.models import Practitioner


@pytest.fixture
def at_plan(review: Review, business_manager: User) -> Review:
    at_action_plan(review, by=business_manager)
    finding = make_finding(review, by=business_manager,
                           text="Kayden Moorcroft's bruising was not seen as a warning sign.")
    make_recommendation(review, by=business_manager, findings=(finding,),
                        text="Health visitors should use the bruising protocol for every "
                             "non-mobile baby.")
    return review


@pytest.fixture
def colleague(partnership: object, agencies: dict[str, Agency]) -> User:
    return User.objects.create_user("nina.nurse@example.test", "x", full_name="Nina Nurse",
                                    partnership=partnership, agency=agencies["health"],
                                    job_title="School Nurse")


@pytest.fixture
def two(at_plan: Review, business_manager: User, practitioner: User,
        colleague: User) -> list[Practitioner]:
    return [practitioner_on(at_plan, practitioner, business_manager),
            practitioner_on(at_plan, colleague, business_manager, job="School Nurse")]


def staff_of(agency: Agency, n: int, prefix: str = "staff") -> list[User]:
    """``n`` members of an agency's staff with a sign-in and no part in any review."""
    return [User.objects.create_user(
        f"{prefix}{i}.{agency.kind}@example.test", "x", full_name=f"Staff {prefix.title()} {i}",
        partnership=agency.partnership, agency=agency, job_title="Social worker")
        for i in range(n)]


def schedule(review: Review, by: User, **values: object) -> actions.Scheduled:
    details: dict = {"title": "Seven-minute briefing", "starts_at": next_week_at(9, 30),
                     "ends_at": next_week_at(10, 30), "place": "Room 4, Civic Centre",
                     "capacity": 30, "for_practitioners": True, "agencies": []}
    details.update(values)
    return actions.schedule_briefing(review, by=by, **details)


def after(briefing_start_days: int = 7) -> timedelta:
    return timedelta(days=briefing_start_days + 1)
