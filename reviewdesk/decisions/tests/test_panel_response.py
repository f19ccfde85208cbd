"""The National Panel's response: a national review changes the review's kind, nothing else."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from reviewdesk.accounts.models import PartnerFor, User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.decisions import actions
from reviewdesk.decisions.models import DecisionOutcome, Outcome, PanelResponse
from reviewdesk.decisions.tests.helpers import date_fields, decide
from reviewdesk.reviews.models import ClockKind, Review, ReviewKind, Stage, TimelineEntry

NATIONAL = PanelResponse.Decision.NATIONAL


def respond(review: Review, by: User, decision: str = NATIONAL, **overrides: Any) -> PanelResponse:
    values = {"received_on": date(2026, 3, 27), "panel_decision": decision,
              "notes": "Recurrent themes of national significance."} | overrides
    return actions.record_panel_response(review, by=by, **values)


def test_the_panel_taking_the_case_makes_it_a_national_review(
        at_decision, business_manager, partner):
    response = respond(at_decision, business_manager, on_behalf_of=partner)
    review = Review.objects.get(pk=at_decision.pk)
    assert (review.kind, review.stage) == (ReviewKind.NATIONAL, Stage.DECISION)
    assert (response.received_on, response.recorded_by, response.on_behalf_of) == (
        date(2026, 3, 27), business_manager, partner)
    titles = list(review.timeline.filter(kind=TimelineEntry.Kind.NOTE).order_by("pk")
                  .values_list("title", flat=True))
    assert titles[-2:] == ["The National Panel's response: a national review by the Panel",
                           "Now a national review by the Panel"]
    national = review.timeline.get(title="Now a national review by the Panel")
    assert national.detail == (
        "Previously: rapid review. The Panel appoints an external reviewer; the local process "
        "continues in the same shape with that reviewer.")
    assert AuditEvent.objects.get(event_type="decision.panel_response_recorded").data[
        "panel_decision"] == NATIONAL
    made = AuditEvent.objects.get(event_type="decision.made_national")
    assert (made.data["from"], made.data["to"]) == ("rapid_review", "national")


def test_a_national_review_goes_ahead_as_national_when_the_partners_then_agree(
        at_decision, business_manager, partners):
    respond(at_decision, business_manager)
    for person in partners.values():
        decide(at_decision, person, Outcome.LOCAL_CSPR, on=date(2026, 3, 30))
    review = Review.objects.get(pk=at_decision.pk)
    assert (review.stage, review.kind, review.initiated_on) == (
        Stage.COMMISSIONING, ReviewKind.NATIONAL, date(2026, 3, 30))
    result = DecisionOutcome.objects.get(review=review)
    assert (result.outcome, result.review_kind) == (Outcome.LOCAL_CSPR, ReviewKind.NATIONAL)


def test_a_national_review_is_not_closed_by_a_local_decision_not_to_hold_one(
        at_decision, business_manager, partners):
    respond(at_decision, business_manager)
    for person in partners.values():
        decide(at_decision, person, Outcome.NO_REVIEW)
    review = Review.objects.get(pk=at_decision.pk)
    assert (review.stage, review.kind) == (Stage.COMMISSIONING, ReviewKind.NATIONAL)
    assert "goes ahead as a national review" in review.timeline.get(
        to_stage=Stage.COMMISSIONING).detail


def test_after_commissioning_the_panel_may_still_take_the_case(
        at_decision, business_manager, partners):
    for person in partners.values():
        decide(at_decision, person, Outcome.LOCAL_CSPR, on=date(2026, 3, 25))
    clock_before = list(Review.objects.get(pk=at_decision.pk).clocks.values_list(
        "kind", "started_on", "due_on"))
    respond(at_decision, business_manager, received_on=date(2026, 4, 3))
    review = Review.objects.get(pk=at_decision.pk)
    assert (review.kind, review.stage, review.initiated_on) == (
        ReviewKind.NATIONAL, Stage.COMMISSIONING, date(2026, 3, 25))
    assert list(review.clocks.values_list("kind", "started_on", "due_on")) == clock_before
    assert review.clocks.filter(kind=ClockKind.REVIEW_COMPLETION).count() == 1


@pytest.mark.parametrize("decision", [PanelResponse.Decision.LOCAL,
                                      PanelResponse.Decision.NO_REVIEW])
def test_a_panel_response_without_a_national_review_leaves_the_kind_alone(
        at_decision, business_manager, decision):
    respond(at_decision, business_manager, decision)
    assert Review.objects.get(pk=at_decision.pk).kind == ReviewKind.RAPID_REVIEW_ONLY
    assert not AuditEvent.objects.filter(event_type="decision.made_national").exists()


@pytest.mark.parametrize("stage", [Stage.NOTIFICATION, Stage.RAPID_REVIEW, Stage.REPORT,
                                   Stage.PUBLICATION, Stage.CLOSED])
def test_the_panel_response_is_recorded_only_from_the_decision_until_the_report(
        review, business_manager, stage):
    Review.objects.filter(pk=review.pk).update(stage=stage)
    with pytest.raises(ValidationError) as exc:
        respond(review, business_manager)
    assert exc.value.messages == [
        "The Panel's response is recorded from the partners' decision until the report is "
        f"started; this review is at {Stage(stage).label.lower()}."]
    assert not PanelResponse.objects.exists()
    assert Review.objects.get(pk=review.pk).kind == ReviewKind.RAPID_REVIEW_ONLY


def test_the_panel_response_is_recorded_once(at_decision, business_manager):
    respond(at_decision, business_manager, PanelResponse.Decision.LOCAL)
    with pytest.raises(ValidationError) as exc:
        respond(at_decision, business_manager)
    assert exc.value.messages == ["The Panel's response is already recorded (received 27 March "
                                  "2026)."]
    assert Review.objects.get(pk=at_decision.pk).kind == ReviewKind.RAPID_REVIEW_ONLY


def test_the_panel_response_needs_reasons_and_a_real_date(at_decision, business_manager):
    with pytest.raises(ValidationError) as exc:
        respond(at_decision, business_manager, notes=" ",
                received_on=timezone.localdate() + timedelta(days=1))
    assert exc.value.message_dict == {
        "notes": ["Give the Panel's reasons: they are kept on the review."],
        "received_on": ["The date the Panel's response was received cannot be in the future: "
                        "enter today's date or an earlier one."]}
    with pytest.raises(ValidationError) as exc:
        respond(at_decision, business_manager, received_on=date(2026, 3, 1))
    assert exc.value.message_dict == {"received_on": [
        "The date the Panel's response was received cannot be before 2 March 2026, when the "
        "local authority became aware."]}
    assert not PanelResponse.objects.exists()


def test_only_the_business_unit_records_the_panel_response(at_decision, partners, scrutineer):
    for person in [partners[PartnerFor.LOCAL_AUTHORITY], scrutineer]:
        with pytest.raises(PermissionDenied):
            respond(at_decision, person)
    assert not PanelResponse.objects.exists()


def close_without_review(review: Review, partners: dict) -> Review:
    for person in partners.values():
        decide(review, person, Outcome.NO_REVIEW, on=date(2026, 3, 26))
    review = Review.objects.get(pk=review.pk)
    assert review.stage == Stage.CLOSED
    return review


def test_the_panel_taking_a_case_closed_without_a_review_reopens_it_as_a_national_review(
        at_decision, business_manager, partners):
    closed = close_without_review(at_decision, partners)
    response = respond(closed, business_manager, received_on=date(2026, 4, 7))
    review = Review.objects.get(pk=at_decision.pk)
    assert (review.kind, review.stage, review.stage_since, review.initiated_on) == (
        ReviewKind.NATIONAL, Stage.COMMISSIONING, date(2026, 4, 7), date(2026, 4, 7))
    assert review.closed_reason == ""
    clock = review.clocks.get(kind=ClockKind.REVIEW_COMPLETION)
    assert (clock.started_on, clock.due_on) == (date(2026, 4, 7), date(2026, 10, 7))
    reopened = review.timeline.get(title="Reopened as a national review by the Panel")
    assert (reopened.kind, reopened.from_stage, reopened.to_stage, reopened.effective_on) == (
        TimelineEntry.Kind.STAGE_CHANGED, Stage.CLOSED, Stage.COMMISSIONING, date(2026, 4, 7))
    assert response.notes not in reopened.detail
    assert not review.timeline.filter(detail__contains=response.notes).exists()
    event = AuditEvent.objects.get(event_type="decision.reopened_national")
    assert (event.actor, event.data["from"], event.data["to"], event.data["kind_to"]) == (
        business_manager, Stage.CLOSED, Stage.COMMISSIONING, ReviewKind.NATIONAL)
    # The partners' decision is kept as they made it.
    assert DecisionOutcome.objects.get(review=review).outcome == Outcome.NO_REVIEW


@pytest.mark.parametrize("decision", [PanelResponse.Decision.LOCAL,
                                      PanelResponse.Decision.NO_REVIEW])
def test_a_panel_response_on_a_case_closed_without_a_review_may_leave_it_closed(
        at_decision, business_manager, partners, decision):
    close_without_review(at_decision, partners)
    respond(at_decision, business_manager, decision)
    review = Review.objects.get(pk=at_decision.pk)
    assert (review.kind, review.stage) == (ReviewKind.RAPID_REVIEW_ONLY, Stage.CLOSED)
    assert not review.clocks.filter(kind=ClockKind.REVIEW_COMPLETION).exists()


def test_a_closed_case_is_reopened_only_from_the_day_it_closed(
        at_decision, business_manager, partners):
    close_without_review(at_decision, partners)
    with pytest.raises(ValidationError) as exc:
        respond(at_decision, business_manager, received_on=date(2026, 3, 25))
    assert exc.value.message_dict == {"received_on": [
        "The date the Panel's response was received cannot be before 26 March 2026, when the "
        "case was closed."]}
    assert not PanelResponse.objects.exists()
    assert Review.objects.get(pk=at_decision.pk).stage == Stage.CLOSED


def test_the_business_unit_reopens_a_closed_case_from_the_decision_page(
        at_decision, business_manager, partners, client_for):
    close_without_review(at_decision, partners)
    client = client_for(business_manager)
    page = client.get(f"/reviews/{at_decision.uuid}/decision/").content.decode()
    assert "Record the Panel" in page
    response = client.post(f"/reviews/{at_decision.uuid}/decision/panel/", {
        "panel-panel_decision": NATIONAL, "panel-notes": "National themes.",
        "panel-on_behalf_of": "", **date_fields("panel", "received_on", date(2026, 4, 7))})
    assert response.status_code == 302
    review = Review.objects.get(pk=at_decision.pk)
    assert (review.stage, review.kind) == (Stage.COMMISSIONING, ReviewKind.NATIONAL)
    page = client.get(f"/reviews/{at_decision.uuid}/decision/").content.decode()
    assert "The case is reopened at commissioning as a national review by the Panel." in page
