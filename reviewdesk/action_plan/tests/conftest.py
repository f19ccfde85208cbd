"""A review at the action plan stage (its final report stored, without LibreOffice), a mother in
its identity register, two recommendations and the extraordinary subgroup meeting held."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from reviewdesk.accounts.models import Agency, User
from reviewdesk.action_plan import actions
from reviewdesk.action_plan.models import Action, PlanMeeting, Recommendation
from reviewdesk.action_plan.testing import at_action_plan, make_recommendation
from reviewdesk.reviews import actions as review_actions
from reviewdesk.reviews.models import IdentityEntry, Review

CHILD = "Kayden Moorcroft"  # the review fixture's child, 'Child A'
MOTHER = "Jolene Moorcroft"


@pytest.fixture
def planned(review: Review, business_manager: User) -> Review:
    at_action_plan(review, by=business_manager)
    review_actions.save_identity(review, by=business_manager, kind=IdentityEntry.Kind.FAMILY,
                                 real_name=MOTHER, pseudonym="Mother", role_title="Mother")
    review.refresh_from_db()
    return review


@pytest.fixture
def recommendations(planned: Review, business_manager: User) -> list[Recommendation]:
    return [make_recommendation(planned, by=business_manager, number=1,
                                text=f"Health visitors should ask {MOTHER} who lives at home."),
            make_recommendation(planned, by=business_manager, number=2,
                                text="The partnership should audit its bruising protocol.")]


@pytest.fixture
def meeting(planned: Review, business_manager: User, subgroup_member: User) -> PlanMeeting:
    return actions.record_meeting(planned, by=business_manager,
                                  held_on=timezone.localdate() - timedelta(days=30),
                                  attendees=[business_manager, subgroup_member],
                                  other_attendees="Head of safeguarding, Kirkvale Academy Trust")


def terms(recommendations: list[Recommendation], agency: Agency, **more: object
          ) -> actions.ActionTerms:
    values: dict = {
        "description": f"Train health visitors to ask {MOTHER}'s household who lives there.",
        "agency": agency, "recommendations": recommendations, "owner_name": "Designated nurse",
        "owner_email": "designated.nurse@example.test",
        "success_criteria": "Every visit records who lives at home.",
        "impact_measure": "Audited visits recording the household.",
        "impact_source": "Quarterly audit of health visiting records.",
        "impact_assessed_on": timezone.localdate() + timedelta(days=400)} | more
    return actions.ActionTerms(**values)


@pytest.fixture
def action(planned: Review, meeting: PlanMeeting, recommendations: list[Recommendation],
           agencies: dict[str, Agency], business_manager: User) -> Action:
    return actions.agree_action(planned, by=business_manager, meeting=meeting,
                                terms=terms(recommendations[:1], agencies["health"]),
                                due_on=timezone.localdate() + timedelta(days=90))


def day(name: str, on: date) -> dict[str, str]:
    return {f"{name}-day": str(on.day), f"{name}-month": str(on.month),
            f"{name}-year": str(on.year)}
