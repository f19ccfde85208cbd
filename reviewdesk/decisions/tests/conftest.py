"""The three safeguarding partners, and a review waiting for their decisions."""

import pytest

from reviewdesk.accounts.models import PartnerFor, Partnership, PartnershipRole, User
from reviewdesk.decisions.tests.helpers import bring_to_decision
from reviewdesk.reviews.models import Review


@pytest.fixture
def health_partner(partnership: Partnership) -> User:
    return User.objects.create_user(
        "health.partner@example.test", "a-long-test-password", full_name="Hattie Health",
        partnership=partnership, role=PartnershipRole.SAFEGUARDING_PARTNER,
        partner_for=PartnerFor.HEALTH)


@pytest.fixture
def police_partner(partnership: Partnership) -> User:
    return User.objects.create_user(
        "police.partner@example.test", "a-long-test-password", full_name="Percy Police",
        partnership=partnership, role=PartnershipRole.SAFEGUARDING_PARTNER,
        partner_for=PartnerFor.POLICE)


@pytest.fixture
def partners(partner: User, health_partner: User, police_partner: User) -> dict[str, User]:
    return {PartnerFor.LOCAL_AUTHORITY: partner, PartnerFor.HEALTH: health_partner,
            PartnerFor.POLICE: police_partner}


@pytest.fixture
def at_decision(review: Review, business_manager: User) -> Review:
    """The conftest review (with its full team), at the partners' decision stage."""
    return bring_to_decision(review, business_manager)
