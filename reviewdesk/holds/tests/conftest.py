"""A review at the publication stage with its final report (no LibreOffice), the partnership's
notice addresses set, a mother in the identity register and an inquest in the register of
parallel processes."""

from datetime import date

import pytest

from reviewdesk.accounts.models import Partnership, User
from reviewdesk.parallel import actions as parallel_actions
from reviewdesk.parallel.models import ParallelProcess, ProcessKind
from reviewdesk.publication.testing import at_publication
from reviewdesk.reports.models import FinalReport
from reviewdesk.reviews import actions as review_actions
from reviewdesk.reviews.models import IdentityEntry, Review

CHILD = "Kayden Moorcroft"  # the review fixture's child, 'Child A'
MOTHER = "Jolene Moorcroft"
BUSINESS_UNIT = "business.unit@example.test"


@pytest.fixture
def notice_addresses(addresses: Partnership) -> Partnership:
    addresses.business_unit_email = BUSINESS_UNIT
    addresses.save(update_fields=["business_unit_email"])
    return addresses


@pytest.fixture
def final(review: Review, business_manager: User, notice_addresses: Partnership) -> FinalReport:
    """The review at publication, its final report made on 1 September 2026."""
    return at_publication(review, by=business_manager)


@pytest.fixture
def held_review(final: FinalReport, business_manager: User) -> Review:
    review = final.review
    review.refresh_from_db()
    review_actions.save_identity(review, by=business_manager, kind=IdentityEntry.Kind.FAMILY,
                                 real_name=MOTHER, pseudonym="Mother", role_title="Mother")
    return review


@pytest.fixture
def inquest(held_review: Review, business_manager: User) -> ParallelProcess:
    return parallel_actions.record_process(
        held_review, by=business_manager, kind=ProcessKind.INQUEST, opened_on=date(2026, 3, 10),
        reference=f"Inquest touching {CHILD}'s death", lead_name="Alys Penhallow",
        lead_role="Senior coroner")
