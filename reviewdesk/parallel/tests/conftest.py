"""A review with its team, a mother in the identity register and a police investigation."""

from datetime import date

import pytest

from reviewdesk.accounts.models import Agency, User
from reviewdesk.parallel.models import ParallelProcess, ProcessKind
from reviewdesk.reviews import actions as review_actions
from reviewdesk.reviews.models import IdentityEntry, Review

MOTHER = "Jolene Moorcroft"


@pytest.fixture
def mother(review: Review, business_manager: User) -> IdentityEntry:
    mother = review_actions.save_identity(
        review, by=business_manager, kind=IdentityEntry.Kind.FAMILY, real_name=MOTHER,
        pseudonym="Mother", role_title="Mother")
    review_actions.save_identity(
        review, by=business_manager, kind=IdentityEntry.Kind.IDENTIFIER,
        identifier_type=IdentityEntry.IdentifierType.EMAIL, real_name="jolene@example.test",
        pseudonym="Mother's e-mail", belongs_to=mother)
    return mother


@pytest.fixture
def investigation(review: Review, business_manager: User, agencies: dict[str, Agency]
                  ) -> ParallelProcess:
    return ParallelProcess.objects.create(
        review=review, kind=ProcessKind.POLICE_INVESTIGATION, reference="Operation Larch",
        lead_name="DI Ranjit Okafor", lead_role="Senior investigating officer",
        lead_agency=agencies["police"], opened_on=date(2026, 3, 3), created_by=business_manager)
