"""The public site's test set-up: a publication in every state, each on a review of its own (a
review has one live publication at a time), made directly with ``make_publication``."""

from datetime import timedelta

import pytest
from django.utils import timezone

from reviewdesk.accounts.models import User
from reviewdesk.final_report.testing import small_pdf
from reviewdesk.publication.models import Publication
from reviewdesk.publication.testing import make_publication
from reviewdesk.testing import MakeReview

State = Publication.State


@pytest.fixture
def publications(make_review: MakeReview, business_manager: User) -> dict[str, Publication]:
    """One publication in each state, by state; the published one has its actions document."""
    today = timezone.localdate()
    made = {}
    for n, state in enumerate(State.values):
        review = make_review(child_name=f"Kit Kettleby {n}")
        made[state] = make_publication(
            review, by=business_manager, state=state, title=f"Child {'KLMNO'[n]}",
            slug=f"child-{'klmno'[n]}", summary=f"What the review of Child {'KLMNO'[n]} found.",
            published_on=today - timedelta(days=30 * n) if state != State.SCHEDULED
            else today + timedelta(days=14),
            actions_document=small_pdf("Actions taken") if state == State.PUBLISHED else None)
    return made


@pytest.fixture
def published(publications: dict[str, Publication]) -> Publication:
    return publications[State.PUBLISHED]


@pytest.fixture
def on_request(publications: dict[str, Publication]) -> Publication:
    return publications[State.ON_REQUEST]
