"""A learning review's subgroup records whether its report will be published (the latest
stands, the history kept); the move to publication needs an approved report that the Executive
Group agreed to publish, unless the report will not be published."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from reviewdesk.commissioning.testing import walk
from reviewdesk.reports.tests.helpers import version_of
from reviewdesk.reviews import transitions
from reviewdesk.reviews.models import ReviewKind, Stage
from reviewdesk.reviews.transitions import TransitionRefused
from reviewdesk.signoff import actions
from reviewdesk.signoff.selectors import approval_state
from reviewdesk.signoff.tests.helpers import PARTNERS, approve_all

ON = date(2026, 8, 3)


@pytest.fixture
def learning(make_review, business_manager, lead_reviewer, subgroup_member, partners):
    from reviewdesk.reviews import actions as review_actions

    review = make_review()
    review_actions.add_member(review, subgroup_member, "subgroup_member", by=business_manager,
                              started_on=date(2026, 3, 3), no_contact=True)
    review_actions.add_member(review, lead_reviewer, "lead_reviewer", by=business_manager,
                              started_on=date(2026, 3, 3))
    return walk(review, business_manager, "report", kind=ReviewKind.LEARNING_REVIEW)


def move(review, by):
    return transitions.move(review, "approve_publication", by=by, effective_on=date(2026, 9, 1))


def test_the_subgroup_records_whether_a_learning_reviews_report_is_published(
        learning, subgroup_member, business_manager):
    actions.record_publication_intent(learning, by=subgroup_member, decided_on=ON,
                                      will_publish=True, reasons="Wide learning for schools.")
    actions.record_publication_intent(learning, by=business_manager, decided_on=date(2026, 8, 5),
                                      will_publish=False, reasons="The family would be known.")
    state = approval_state(learning)
    assert state.intent is not None and not state.intent.will_publish
    assert learning.publication_intents.count() == 2  # the history is kept
    assert not state.publication_required
    assert learning.timeline.filter(
        title="CSPR subgroup decided the report will not be published").exists()


def test_reasons_are_needed_and_only_learning_reviews_decide(learning, version, business_manager):
    with pytest.raises(ValidationError, match="Give the subgroup's reasons"):
        actions.record_publication_intent(learning, by=business_manager, decided_on=ON,
                                          will_publish=False, reasons=" ")
    with pytest.raises(ValidationError, match="subgroup decides case by case only for learning"):
        actions.record_publication_intent(version.review, by=business_manager, decided_on=ON,
                                          will_publish=False, reasons="No.")


def test_a_report_not_to_be_published_moves_on_without_the_executives_decision(
        learning, lead_reviewer, business_manager):
    actions.record_publication_intent(learning, by=business_manager, decided_on=ON,
                                      will_publish=False, reasons="The family would be known.")
    version = version_of(learning, lead_reviewer, "The report.", written_on=ON)
    actions.record_subgroup_sign_off(version, by=business_manager, decided_on=ON)
    actions.sign_off_for_executive(version, by=business_manager, decided_on=ON)
    for partner_for in PARTNERS:
        actions.approve_as_partner(version, by=business_manager, decided_on=ON,
                                   partner_for=partner_for)
    assert move(learning, business_manager).stage == Stage.PUBLICATION


def test_the_move_to_publication_needs_the_report_approved(version, business_manager):
    review = version.review
    actions.record_subgroup_sign_off(version, by=business_manager, decided_on=ON)
    with pytest.raises(TransitionRefused, match="Version 1 of the report is not approved: 1 of 5 "
                                                "approvals given"):
        move(review, business_manager)
    review.refresh_from_db()
    assert review.stage == Stage.REPORT


def test_the_move_needs_the_executives_agreement_to_publish(version, business_manager):
    approve_all(version, business_manager, ON, publish=False)
    with pytest.raises(TransitionRefused, match="did not agree to publish version 1"):
        move(version.review, business_manager)


def test_an_approved_report_agreed_to_be_published_moves_on(version, business_manager):
    approve_all(version, business_manager, ON)
    assert move(version.review, business_manager).stage == Stage.PUBLICATION


def test_no_version_no_move(at_report, business_manager):
    with pytest.raises(TransitionRefused, match="there is no version yet"):
        move(at_report, business_manager)
