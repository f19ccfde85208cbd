"""An action plan on the review: a recommendation and an action owned by an agency's
safeguarding lead who has no part in the review (Olive Owner), and a mother in the identity
register whose name the action's text carries."""

from datetime import date

import pytest

from reviewdesk.accounts.models import Agency, Partnership, PartnershipRole, User
from reviewdesk.action_plan.models import Action, Recommendation
from reviewdesk.action_plan.testing import make_action, make_recommendation
from reviewdesk.reviews import actions as review_actions
from reviewdesk.reviews.models import IdentityEntry, Review

CHILD = "Kayden Moorcroft"  # the review fixture's child, 'Child A'
MOTHER = "Jolene Moorcroft"
AGREED = date(2026, 10, 1)


@pytest.fixture
def owner(partnership: Partnership, agencies: dict[str, Agency]) -> User:
    return User.objects.create_user("owner@example.test", "a-long-test-password",
                                    full_name="Olive Owner", partnership=partnership,
                                    agency=agencies["health"],
                                    job_title="Named nurse for safeguarding")


@pytest.fixture
def other_owner(partnership: Partnership, agencies: dict[str, Agency]) -> User:
    return User.objects.create_user("other.owner@example.test", "a-long-test-password",
                                    full_name="Otto Other", partnership=partnership,
                                    agency=agencies["police"], job_title="DI, safeguarding")


@pytest.fixture
def subgroup_chair(partnership: Partnership) -> User:
    return User.objects.create_user("chair@example.test", "a-long-test-password",
                                    full_name="Cher Chair", partnership=partnership,
                                    role=PartnershipRole.SUBGROUP_MEMBER)


@pytest.fixture
def planned(review: Review, business_manager: User) -> Review:
    review_actions.save_identity(review, by=business_manager, kind=IdentityEntry.Kind.FAMILY,
                                 real_name=MOTHER, pseudonym="Mother", role_title="Mother")
    return review


@pytest.fixture
def recommendation(planned: Review, business_manager: User) -> Recommendation:
    return make_recommendation(planned, by=business_manager, themes=("Neglect",))


@pytest.fixture
def action(planned: Review, business_manager: User, owner: User, agencies: dict[str, Agency],
           recommendation: Recommendation) -> Action:
    """Due on 31 March 2027, agreed on 1 October 2026."""
    return make_action(planned, by=business_manager, owner=owner, agency=agencies["health"],
                       due_on=date(2027, 3, 31), agreed_on=AGREED,
                       recommendations=(recommendation,),
                       description=f"Audit how health visitors saw {MOTHER}'s baby's bruising.")
