"""Commissioning test set-up: a partnership that knows where notices go, and reviews brought to
commissioning (or further) through the stage functions, with every app's requirements suspended
on the way so that each test starts from exactly the records it names."""


import pytest

from reviewdesk.accounts.models import Partnership, User
from reviewdesk.commissioning.tests.helpers import walk
from reviewdesk.reviews.models import Review, ReviewKind
from reviewdesk.testing import MakeReview


@pytest.fixture
def at_stage(business_manager: User, addresses: Partnership) -> MakeReview:
    """``at_stage(review, "set_up", kind=...)``: the review walked to that stage."""

    def move(review: Review, stage: str, kind: str = ReviewKind.LOCAL_CSPR) -> Review:
        return walk(review, business_manager, stage, kind)

    return move


@pytest.fixture
def commissioned(review: Review, at_stage: MakeReview) -> Review:
    """The conftest's review (full team; police and health involved), now commissioned as a
    local CSPR."""
    return at_stage(review, "commissioning")
