"""Comment rounds test set-up: the conftest's review (Kayden Moorcroft, Child A; Sue Subgroup
its subgroup member for health; Pat Partner the local authority's partner) with his mother in the
register, and version 1 of the report naming them, its paragraphs numbered 1.1 and 1.2."""

import pytest

from reviewdesk.accounts.models import User
from reviewdesk.comments import actions
from reviewdesk.reports.models import CommentRound, ReportVersion
from reviewdesk.reports.tests.helpers import version_of
from reviewdesk.reviews import actions as review_actions
from reviewdesk.reviews.models import IdentityEntry, Review

PARAGRAPHS = (("Introduction", 1), "1.1 Kayden Moorcroft lived with his mother, Dana Moorcroft.",
              "1.2 The health visitor visited twice in the spring.", ("Analysis", 1),
              "2.1 Agencies did not share what they knew.")


@pytest.fixture
def registered(review: Review, business_manager: User) -> Review:
    review_actions.save_identity(review, by=business_manager, kind=IdentityEntry.Kind.FAMILY,
                                 real_name="Dana Moorcroft", pseudonym="Mother",
                                 role_title="Mother", aliases="Dee")
    return review


@pytest.fixture
def version(registered: Review, lead_reviewer: User) -> ReportVersion:
    return version_of(registered, lead_reviewer, *PARAGRAPHS, scan=False)


@pytest.fixture
def round_(version: ReportVersion, business_manager: User) -> CommentRound:
    """Round 1 on version 1, opened today for 10 working days."""
    return actions.open_round(version.review, by=business_manager, version=version,
                              working_days=10)


def block_of(version: ReportVersion, label: str) -> int:
    return next(int(b["index"]) for b in version.outline if b["label"] == label)
