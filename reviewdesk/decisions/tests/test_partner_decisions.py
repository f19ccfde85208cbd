"""Each safeguarding partner records their own decision; agreement moves the review on."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from reviewdesk.accounts.models import PartnerFor
from reviewdesk.audit.models import AuditEvent
from reviewdesk.decisions import actions
from reviewdesk.decisions.models import DecisionOutcome, Escalation, Outcome, PartnerDecision
from reviewdesk.decisions.tests.helpers import decide
from reviewdesk.reviews.models import Clock, ClockKind, Review, ReviewKind, Stage, TimelineEntry


def snapshot(review: Review) -> dict:
    review.refresh_from_db()
    return {"stage": review.stage, "kind": review.kind, "initiated_on": review.initiated_on,
            "decisions": PartnerDecision.objects.count(),
            "outcomes": DecisionOutcome.objects.count(), "timeline": review.timeline.count(),
            "audit": AuditEvent.objects.count()}


def test_a_partner_records_their_own_decision_with_its_audit_event_and_timeline_entry(
        at_decision, partner):
    decision = decide(at_decision, partner, Outcome.LOCAL_CSPR, on=date(2026, 3, 23))
    assert (decision.partner_for, decision.outcome, decision.decided_on) == (
        PartnerFor.LOCAL_AUTHORITY, Outcome.LOCAL_CSPR, date(2026, 3, 23))
    assert (decision.recorded_by, decision.on_behalf_of, decision.decided_by) == (
        partner, None, partner)
    entry = at_decision.timeline.order_by("-pk")[0]
    assert entry.kind == TimelineEntry.Kind.NOTE
    # The timeline is read by every member of the review: the reasons stay on the decision page.
    assert entry.title == "Local authority partner's decision recorded"
    assert (entry.effective_on, entry.detail, entry.recorded_by) == (
        date(2026, 3, 23), "The reasons are on the decision page.", partner)
    event = AuditEvent.objects.get(event_type="decision.partner_recorded")
    assert (event.actor, event.on_behalf_of, event.review_id) == (partner, None, at_decision.pk)
    assert event.summary == ("Recorded the local authority's decision: Local child safeguarding "
                             "practice review")
    assert partner.full_name not in event.summary
    assert event.data["decided_on"] == "2026-03-23"
    at_decision.refresh_from_db()
    assert at_decision.stage == Stage.DECISION  # two partners still to decide


@pytest.mark.parametrize(("outcome", "kind"), [
    (Outcome.LOCAL_CSPR, ReviewKind.LOCAL_CSPR),
    (Outcome.LEARNING_REVIEW, ReviewKind.LEARNING_REVIEW),
    (Outcome.OTHER_LEARNING, ReviewKind.OTHER_LEARNING),
])
def test_when_all_three_agree_the_review_is_initiated_from_the_last_decisions_date(
        at_decision, partners, outcome, kind):
    # Recorded in one order, dated in another: the latest date is the decision's date.
    decide(at_decision, partners[PartnerFor.POLICE], outcome, on=date(2026, 3, 31))
    decide(at_decision, partners[PartnerFor.LOCAL_AUTHORITY], outcome, on=date(2026, 3, 24))
    decide(at_decision, partners[PartnerFor.HEALTH], outcome, on=date(2026, 3, 27))
    review = Review.objects.get(pk=at_decision.pk)
    assert (review.stage, review.kind, review.initiated_on) == (
        Stage.COMMISSIONING, kind, date(2026, 3, 31))
    clock = review.clocks.get(kind=ClockKind.REVIEW_COMPLETION)
    assert (clock.started_on, clock.due_on) == (date(2026, 3, 31), date(2026, 9, 30))
    result = DecisionOutcome.objects.get(review=review)
    assert (result.outcome, result.route, result.decided_on, result.review_kind) == (
        outcome, DecisionOutcome.Route.AGREEMENT, date(2026, 3, 31), kind)
    assert result.reasons == ("Local authority: The local_authority partner's reasons.\n\n"
                              "Health (ICB): The health partner's reasons.\n\n"
                              "Police: The police partner's reasons.")
    assert not Escalation.objects.filter(review=review).exists()
    agreed = AuditEvent.objects.get(event_type="decision.agreed")
    assert agreed.data["outcome"] == outcome and agreed.actor == partners[PartnerFor.HEALTH]
    assert AuditEvent.objects.get(event_type="review.initiate_review").data["kind"] == kind
    assert review.timeline.filter(title=f"Decision settled: {Outcome(outcome).label}").exists()
    moved = review.timeline.get(to_stage=Stage.COMMISSIONING)
    assert moved.effective_on == date(2026, 3, 31)
    assert moved.detail.startswith("The three safeguarding partners agreed: ")


def test_when_all_three_agree_on_no_review_the_case_closes_with_the_reasons_kept(
        at_decision, partners):
    for key, person in partners.items():
        decide(at_decision, person, Outcome.NO_REVIEW, on=date(2026, 3, 26),
               reasons=f"{key}: single-agency learning is already under way.")
    review = Review.objects.get(pk=at_decision.pk)
    assert review.stage == Stage.CLOSED
    assert review.closed_reason == ("The three safeguarding partners agreed: no review. The "
                                    "reasons are on the decision page.")
    kept = DecisionOutcome.objects.get(review=review).reasons
    for key in partners:
        assert f"{key}: single-agency learning is already under way." in kept
        assert not review.timeline.filter(detail__contains=f"{key}: single-agency").exists()
    assert not review.clocks.filter(kind=ClockKind.REVIEW_COMPLETION).exists()
    assert DecisionOutcome.objects.get(review=review).review_kind == ""
    assert AuditEvent.objects.filter(event_type="review.decide_no_review").count() == 1


def test_agreeing_to_hold_a_review_needs_lines_of_enquiry_and_a_methodology_from_someone(
        at_decision, partners):
    decide(at_decision, partners[PartnerFor.LOCAL_AUTHORITY], lines_of_enquiry="",
           methodology="")
    decide(at_decision, partners[PartnerFor.HEALTH])
    before = snapshot(at_decision)
    with pytest.raises(ValidationError) as exc:
        decide(at_decision, partners[PartnerFor.POLICE])
    assert exc.value.message_dict == {
        "lines_of_enquiry": ["All three partners have decided to hold a review: suggest the "
                             "initial lines of enquiry for it here (at least one partner must)."],
        "methodology": ["All three partners have decided to hold a review: suggest the "
                        "methodology (for example, a systems approach) for it here (at least one "
                        "partner must)."]}
    assert snapshot(at_decision) == before  # the third decision was not kept either
    decide(at_decision, partners[PartnerFor.POLICE], lines_of_enquiry="Missed appointments.",
           methodology="Systems approach")
    assert Review.objects.get(pk=at_decision.pk).stage == Stage.COMMISSIONING


def test_a_partner_cannot_decide_twice(at_decision, partner):
    decide(at_decision, partner, on=date(2026, 3, 23))
    before = snapshot(at_decision)
    with pytest.raises(ValidationError) as exc:
        decide(at_decision, partner, Outcome.NO_REVIEW)
    assert exc.value.messages == [
        "The local authority's decision is already recorded (it took effect on 23 March 2026). "
        "Each partner decides once; if it was recorded wrongly, ask the business manager."]
    assert snapshot(at_decision) == before


def test_the_database_refuses_a_second_decision_for_the_same_partner(at_decision, partner):
    first = decide(at_decision, partner)
    with pytest.raises(IntegrityError), transaction.atomic():
        PartnerDecision.objects.create(
            review=at_decision, partner_for=first.partner_for, outcome=Outcome.NO_REVIEW,
            reasons="Again", meets_criteria="no", subgroup_recommended="not_recommended",
            decided_on=first.decided_on, recorded_by=partner)


def test_a_partner_records_only_for_the_partner_they_represent(at_decision, partner,
                                                               health_partner):
    before = snapshot(at_decision)
    with pytest.raises(ValidationError) as exc:
        decide(at_decision, partner, partner_for=PartnerFor.POLICE)
    assert exc.value.messages == ["You represent the local authority: you may record only the "
                                  "local authority's decision, not the police's."]
    with pytest.raises(ValidationError) as exc:
        decide(at_decision, partner, on_behalf_of=health_partner)
    assert exc.value.message_dict == {"on_behalf_of": [
        "Choose someone who represents the local authority: the record shows whose decision it "
        "is."]}
    assert snapshot(at_decision) == before


def test_the_business_manager_records_for_a_partner_and_the_record_shows_both(
        at_decision, business_manager, health_partner):
    decision = decide(at_decision, business_manager, partner_for=PartnerFor.HEALTH,
                      on_behalf_of=health_partner)
    assert (decision.recorded_by, decision.on_behalf_of, decision.decided_by) == (
        business_manager, health_partner, health_partner)
    entry = at_decision.timeline.order_by("-pk")[0]
    assert (entry.recorded_by, entry.on_behalf_of) == (business_manager, health_partner)
    event = AuditEvent.objects.get(event_type="decision.partner_recorded")
    assert (event.actor, event.on_behalf_of) == (business_manager, health_partner)


def test_the_business_manager_must_say_on_whose_behalf_and_it_must_be_that_partner(
        at_decision, business_manager, partner):
    before = snapshot(at_decision)
    with pytest.raises(ValidationError) as exc:
        decide(at_decision, business_manager, partner_for=PartnerFor.POLICE)
    assert exc.value.message_dict == {"on_behalf_of": [
        "Choose the person whose decision this is: someone who represents the police."]}
    with pytest.raises(ValidationError) as exc:
        decide(at_decision, business_manager, partner_for=PartnerFor.POLICE, on_behalf_of=partner)
    assert exc.value.message_dict == {"on_behalf_of": [
        "Choose someone who represents the police: the record shows whose decision it is."]}
    assert snapshot(at_decision) == before


@pytest.mark.parametrize("stage", [Stage.NOTIFICATION, Stage.RAPID_REVIEW, Stage.COMMISSIONING,
                                   Stage.REPORT, Stage.CLOSED])
def test_decisions_are_refused_outside_the_decision_stage(review, partner, stage):
    Review.objects.filter(pk=review.pk).update(stage=stage)
    before = snapshot(review)
    with pytest.raises(ValidationError) as exc:
        decide(review, partner)
    assert exc.value.messages == [
        f"The partners' decisions are recorded at the partners' decision stage; this review is "
        f"at {Stage(stage).label.lower()}."]
    assert snapshot(review) == before


def test_a_decision_dated_in_the_future_or_before_the_decision_stage_is_refused(
        at_decision, partner):
    before = snapshot(at_decision)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        decide(at_decision, partner, on=tomorrow)
    assert exc.value.message_dict == {"decided_on": [
        "The date of the decision cannot be in the future: enter today's date or an earlier "
        "one."]}
    with pytest.raises(ValidationError) as exc:
        decide(at_decision, partner, on=date(2026, 3, 19))
    assert exc.value.message_dict == {"decided_on": [
        "The date of the decision cannot be before 20 March 2026, when the previous step took "
        "effect."]}
    assert snapshot(at_decision) == before


def test_reasons_and_the_view_on_the_criteria_are_required(at_decision, partner):
    with pytest.raises(ValidationError) as exc:
        decide(at_decision, partner, reasons="  ", meets_criteria="", subgroup_recommended="")
    assert set(exc.value.message_dict) == {"reasons", "meets_criteria", "subgroup_recommended"}
    assert not PartnerDecision.objects.exists()


@pytest.mark.parametrize("criteria", ["yes", "no", "unclear"])
def test_a_review_may_be_held_whatever_the_partners_think_of_the_criteria(
        at_decision, partners, criteria):
    # Meeting the criteria does not oblige a review; not meeting them does not forbid one.
    for person in partners.values():
        decide(at_decision, person, Outcome.LEARNING_REVIEW, meets_criteria=criteria,
               subgroup_recommended="not_recommended")
    assert Review.objects.get(pk=at_decision.pk).kind == ReviewKind.LEARNING_REVIEW


def test_people_without_the_right_may_not_record_a_partner_decision(
        at_decision, subgroup_member, scrutineer):
    for person in [subgroup_member, scrutineer]:
        with pytest.raises(PermissionDenied):
            actions.record_partner_decision(
                at_decision, by=person, partner_for=PartnerFor.LOCAL_AUTHORITY,
                outcome=Outcome.NO_REVIEW, reasons="x", meets_criteria="no",
                subgroup_recommended="not_recommended", decided_on=date(2026, 3, 25))
    assert not PartnerDecision.objects.exists()
    assert not Clock.objects.filter(kind=ClockKind.REVIEW_COMPLETION).exists()
