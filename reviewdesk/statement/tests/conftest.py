"""A local CSPR at the action plan stage with its final report, a mother in the identity register
and five actions, one in each state (not started, in progress and overdue, completed, impact
shown, closed with reasons), whose words name the child and the mother as people type them."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from reviewdesk.accounts.models import Agency, Partnership, User
from reviewdesk.action_plan.models import Action, ActionUpdate
from reviewdesk.action_plan.testing import at_action_plan, make_action, make_meeting
from reviewdesk.reviews import actions as review_actions
from reviewdesk.reviews.models import IdentityEntry, Review

CHILD, MOTHER = "Kayden Moorcroft", "Jolene Moorcroft"


@pytest.fixture
def planned(review: Review, business_manager: User, agencies: dict[str, Agency],
            addresses: Partnership) -> Review:
    at_action_plan(review, by=business_manager)
    review_actions.save_identity(review, by=business_manager, kind=IdentityEntry.Kind.FAMILY,
                                 real_name=MOTHER, pseudonym="Mother", role_title="Mother")
    bm = business_manager
    meeting = make_meeting(review, by=bm, held_on=date(2026, 9, 20))
    monitoring = make_meeting(review, by=bm, held_on=date(2026, 11, 20),
                              kind="monitoring")
    # Due some months ahead, whatever today is (the suite also runs with the clock moved).
    make_action(review, by=bm, number=1, agency=agencies["health"],
                due_on=timezone.localdate() + timedelta(days=120),
                meeting=meeting,
                description="Audit the bruising protocol's use in health visiting.")
    going = make_action(review, by=bm, number=2, agency=agencies["social_care"],
                        due_on=date(2026, 11, 30), meeting=meeting,
                        status=Action.Status.IN_PROGRESS,
                        description="Train social workers to hear the child's voice, as "
                                    "Kayden's case showed.")
    ActionUpdate.objects.create(action=going, kind=ActionUpdate.Kind.PROGRESS,
                                written_on=date(2026, 11, 1), recorded_by=bm,
                                text="Two sessions held; Jolene's case used as an example.")
    make_action(review, by=bm, number=3, agency=agencies["police"], due_on=date(2026, 10, 31),
                meeting=meeting, status=Action.Status.COMPLETED, completed_on=date(2026, 10, 20),
                completion_evidence="The domestic abuse referral form was changed.",
                description="Change the domestic abuse referral form.")
    make_action(review, by=bm, number=4, agency=agencies["education"], due_on=date(2026, 10, 1),
                meeting=meeting, status=Action.Status.IMPACT_SHOWN,
                completed_on=date(2026, 9, 30), completion_evidence="Guidance sent to schools.",
                impact_evidence="Referrals from schools doubled.", impact_accepted_at=monitoring,
                description="Tell schools how to share concerns.")
    make_action(review, by=bm, number=5, agency=agencies["voluntary"], due_on=date(2026, 12, 31),
                meeting=meeting, status=Action.Status.CLOSED,
                closed_reason="The service was decommissioned.",
                description="Fund a parenting course.")
    review.refresh_from_db()
    return review


@pytest.fixture
def other_subgroup(partnership: Partnership) -> User:
    """A CSPR subgroup member who is not on the review: manages its plan, sees pseudonyms only."""
    from reviewdesk.accounts.models import PartnershipRole

    return User.objects.create_user("other.subgroup@example.test", "a-long-test-password",
                                    full_name="Otto Subgroup", partnership=partnership,
                                    role=PartnershipRole.SUBGROUP_MEMBER)
