"""The copies' test set-up: a local CSPR and a learning review at the publication stage, each with
its final report stored, and a publication with (or without) the document on actions taken."""

from datetime import date

import pytest

from reviewdesk.accounts.models import User
from reviewdesk.publication.models import Publication
from reviewdesk.publication.testing import at_publication, make_publication
from reviewdesk.reports.models import FinalReport
from reviewdesk.reviews.models import Review, ReviewKind
from reviewdesk.testing import MakeReview

ACTIONS_PDF = b"%PDF-1.4\n% The actions taken, their impact and what more will be done\n%%EOF\n"
PUBLISHED_ON = date(2026, 11, 2)


@pytest.fixture
def cspr(review: Review, business_manager: User) -> Review:
    """A local CSPR at publication, its final report stored."""
    at_publication(review, by=business_manager)
    review.refresh_from_db()
    return review


@pytest.fixture
def final(cspr: Review) -> FinalReport:
    found = FinalReport.objects.get(review=cspr, replaced_at__isnull=True)
    return found


@pytest.fixture
def published(cspr: Review, business_manager: User, final: FinalReport) -> Publication:
    return make_publication(cspr, by=business_manager, published_on=PUBLISHED_ON,
                            final_report=final, actions_document=ACTIONS_PDF)


@pytest.fixture
def learning(make_review: MakeReview, business_manager: User, subgroup_member: User,
             lead_reviewer: User) -> Review:
    """A learning review ('near miss') at publication, its final report stored."""
    from reviewdesk.reviews import actions as review_actions
    from reviewdesk.reviews.models import ReviewRole

    review = make_review(child_name="Lily Ashworth")
    for person, role in [(lead_reviewer, ReviewRole.LEAD_REVIEWER),
                         (subgroup_member, ReviewRole.SUBGROUP_MEMBER)]:
        review_actions.add_member(review, person, role, by=business_manager,
                                  started_on=date(2026, 3, 3),
                                  no_contact=True if role == ReviewRole.SUBGROUP_MEMBER else None)
    at_publication(review, by=business_manager, kind=ReviewKind.LEARNING_REVIEW)
    review.refresh_from_db()
    assert review.kind == ReviewKind.LEARNING_REVIEW
    return review
