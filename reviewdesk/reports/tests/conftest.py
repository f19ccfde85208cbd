"""Publication check test set-up: a review with a register that holds a family, a home and a
practitioner, and a draft that names them all (uploads go to a temporary folder: root conftest).

Scans here look only for the register's identities (fast); the tests about identifiers the
register does not hold turn the language model back on with ``full_scan``."""

import pytest
from pytest_django import Settings

from reviewdesk.accounts.models import User
from reviewdesk.reviews import actions
from reviewdesk.reviews.models import IdentityEntry, Review

DRAFT = (
    "Kayden Moorcroft was born on 14/03/2019 and lived with his mother.\n"
    "\n"
    "Kayden's mother, Dana Moorcroft, told Polly Practitioner that Dee was not coping at "
    "12 Larkspur Close.\n"
    "\n"
    "Health Visitor 1 visited again in May. The mother said she would hope for more help.\n"
)


@pytest.fixture(autouse=True)
def register_only(settings: Settings) -> None:
    settings.REPORTS_SCAN_UNREGISTERED = False


@pytest.fixture
def full_scan(settings: Settings) -> None:
    settings.REPORTS_SCAN_UNREGISTERED = True


@pytest.fixture
def registered(review: Review, business_manager: User) -> Review:
    """The conftest's review (Kayden Moorcroft, Child A; Polly Practitioner, Health Visitor 1
    on the team) with his mother and their home in the register."""
    actions.save_identity(review, by=business_manager, kind=IdentityEntry.Kind.FAMILY,
                          real_name="Dana Moorcroft", pseudonym="Mother", role_title="Mother",
                          aliases="Dee")
    actions.save_identity(review, by=business_manager, kind=IdentityEntry.Kind.PLACE,
                          real_name="12 Larkspur Close", pseudonym="The family home")
    return review
