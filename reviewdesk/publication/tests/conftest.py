"""The publication tests' set-up: a review at the publication stage with its final report and its
advance copy sent, its family in the register, and the harm from publication assessed for
everyone in it."""

from typing import Any

import pytest

from reviewdesk.accounts.models import User
from reviewdesk.family.tests.helpers import register_family
from reviewdesk.final_report.actions import current as current_final_report
from reviewdesk.holds.actions import record_advance_copy
from reviewdesk.publication import actions, selectors
from reviewdesk.publication.models import HarmAssessment, Publication
from reviewdesk.publication.testing import at_publication
from reviewdesk.reviews.models import Review


def assess_everyone(review: Review, by: User) -> HarmAssessment:
    """The harm assessed for everyone in the register now."""
    return actions.assess_harm(
        review, by=by, assessed_by="The CSPR subgroup", assessed_on=None,
        conclusion="Publish, with the family told first.",
        lines={p.pk: ("Little likely impact.", "") for p in selectors.people_at_risk(review)})


def advance_copy_sent(review: Review, by: User) -> None:
    """The advance copy went with the final report, long enough ago for any day the tests pick."""
    review.partnership.panel_email, review.partnership.dfe_email = (
        "panel@example.test", "dfe@example.test")
    review.partnership.save(update_fields=["panel_email", "dfe_email"])
    final = current_final_report(review)
    assert final is not None
    record_advance_copy(review, by=by, sent_on=final.produced_on)


@pytest.fixture
def ready(review: Review, business_manager: User) -> Review:
    """At publication, approved, with its final report; the family registered; harm assessed:
    every check of this app met."""
    at_publication(review, by=business_manager)
    advance_copy_sent(review, business_manager)
    register_family(review, business_manager)
    assess_everyone(review, business_manager)
    review.refresh_from_db()
    return review


def publish_now(review: Review, by: User, **more: Any) -> Publication:
    values: dict = {"title": "Child A", "summary": "What the review found, in brief."} | more
    return actions.publish(review, by=by, **values)
