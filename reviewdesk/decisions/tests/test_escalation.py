"""Disagreement goes to the independent scrutineer, whose final decision stands."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from reviewdesk.accounts.models import PartnerFor, User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.decisions import actions
from reviewdesk.decisions.models import DecisionOutcome, Escalation, Outcome
from reviewdesk.decisions.tests.helpers import bring_to_decision, decide
from reviewdesk.notices.models import Notice
from reviewdesk.reviews import actions as review_actions
from reviewdesk.reviews.models import ClockKind, IdentityEntry, Review, ReviewKind, Stage
from reviewdesk.reviews.tests.test_access_matrix import CHILD, MOTHER


def split(review: Review, partners: dict, *, third: str = Outcome.LEARNING_REVIEW) -> None:
    decide(review, partners[PartnerFor.LOCAL_AUTHORITY], Outcome.LOCAL_CSPR,
           on=date(2026, 3, 23))
    decide(review, partners[PartnerFor.HEALTH], Outcome.LOCAL_CSPR, on=date(2026, 3, 26))
    decide(review, partners[PartnerFor.POLICE], third, on=date(2026, 3, 24))


def final(review: Review, by: User, outcome: str = Outcome.LOCAL_CSPR, **overrides: Any) -> DecisionOutcome:
    values = {"outcome": outcome, "reasons": "The scrutineer's reasons.",
              "decided_on": date(2026, 4, 2)} | overrides
    return actions.record_final_decision(review, by=by, **values)


def test_disagreement_opens_an_escalation_and_tells_the_scrutineer(
        at_decision, partners, scrutineer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        split(at_decision, partners)
    review = Review.objects.get(pk=at_decision.pk)
    assert (review.stage, review.kind) == (Stage.DECISION, ReviewKind.RAPID_REVIEW_ONLY)
    escalation = Escalation.objects.get(review=review)
    assert escalation.opened_on == date(2026, 3, 26)  # the latest decision's date
    assert not DecisionOutcome.objects.exists()
    notice = Notice.objects.get(review=review)
    assert notice.recipients == [scrutineer.email]
    assert notice.recipient_label == "The independent scrutineer"
    assert notice.subject == (f"{review.reference}: the safeguarding partners disagree – your "
                              "decision is needed")
    assert "- Local authority: Local child safeguarding practice review" in notice.body
    assert "- Police: Local learning review / 'near miss'" in notice.body
    assert f"/reviews/{review.uuid}/decision/" in notice.body
    assert notice.status == Notice.Status.SENT
    assert [m.to for m in mail.outbox] == [[scrutineer.email]]
    entry = review.timeline.get(title="The partners disagreed: escalated to the independent "
                                      "scrutineer")
    assert entry.effective_on == date(2026, 3, 26)
    event = AuditEvent.objects.get(event_type="decision.escalated")
    assert event.data["outcomes"] == {"local_authority": "local_cspr", "health": "local_cspr",
                                      "police": "learning_review"}


def test_the_scrutineers_final_decision_moves_the_review_and_each_partner_is_told(
        at_decision, partners, scrutineer, django_capture_on_commit_callbacks):
    split(at_decision, partners)
    with django_capture_on_commit_callbacks(execute=True):
        result = final(at_decision, scrutineer, Outcome.LEARNING_REVIEW,
                       decided_on=date(2026, 4, 2))
    review = Review.objects.get(pk=at_decision.pk)
    assert (review.stage, review.kind, review.initiated_on) == (
        Stage.COMMISSIONING, ReviewKind.LEARNING_REVIEW, date(2026, 4, 2))
    assert review.clocks.get(kind=ClockKind.REVIEW_COMPLETION).started_on == date(2026, 4, 2)
    assert (result.route, result.recorded_by, result.on_behalf_of, result.reasons) == (
        DecisionOutcome.Route.SCRUTINEER, scrutineer, None, "The scrutineer's reasons.")
    told = Notice.objects.filter(review=review, purpose="decision_final").order_by("pk")
    assert sorted(n.recipients[0] for n in told) == sorted(p.email for p in partners.values())
    assert {n.recipient_label for n in told} == {
        "Safeguarding partner (Local authority)", "Safeguarding partner (Health (ICB))",
        "Safeguarding partner (Police)"}
    body = told[0].body
    assert "the independent scrutineer made the final decision on 2 April 2026: local learning " \
           "review / 'near miss'" in body
    assert "The review goes ahead as a local learning review / 'near miss'" in body
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in partners.values())
    event = AuditEvent.objects.get(event_type="decision.final_recorded")
    assert (event.actor, event.data["outcome"]) == (scrutineer, Outcome.LEARNING_REVIEW)
    assert review.timeline.filter(title="Decision settled: Local learning review / 'near miss'",
                                  effective_on=date(2026, 4, 2)).exists()
    moved = review.timeline.get(to_stage=Stage.COMMISSIONING)
    assert moved.detail.startswith("The partners disagreed; the independent scrutineer decided")


def test_the_scrutineer_may_decide_on_no_review_and_the_case_closes(
        at_decision, partners, scrutineer):
    split(at_decision, partners)
    final(at_decision, scrutineer, Outcome.NO_REVIEW, reasons="Learning is already in hand.")
    review = Review.objects.get(pk=at_decision.pk)
    assert review.stage == Stage.CLOSED
    # The reasons stay with the decision; the review page's closed reason says where they are.
    assert "Learning is already in hand." not in review.closed_reason
    assert review.closed_reason == ("The partners disagreed; the independent scrutineer decided: "
                                    "no review. The reasons are on the decision page.")
    assert DecisionOutcome.objects.get(review=review).reasons == "Learning is already in hand."
    notice = Notice.objects.filter(purpose="decision_final").first()
    assert "No review will be held: the case is closed with the reasons kept." in notice.body


def test_the_business_manager_records_the_final_decision_on_the_scrutineers_behalf(
        at_decision, partners, scrutineer, business_manager, partner):
    split(at_decision, partners)
    with pytest.raises(ValidationError) as exc:
        final(at_decision, business_manager)
    assert exc.value.message_dict == {"on_behalf_of": [
        "Choose the independent scrutineer whose decision this is."]}
    with pytest.raises(ValidationError) as exc:
        final(at_decision, business_manager, on_behalf_of=partner)
    assert exc.value.message_dict == {"on_behalf_of": [
        "Choose the independent scrutineer whose decision this is: only they settle a "
        "disagreement."]}
    result = final(at_decision, business_manager, on_behalf_of=scrutineer)
    assert (result.recorded_by, result.on_behalf_of) == (business_manager, scrutineer)
    event = AuditEvent.objects.get(event_type="decision.final_recorded")
    assert (event.actor, event.on_behalf_of) == (business_manager, scrutineer)


def test_there_is_no_final_decision_without_a_disagreement(at_decision, partners, scrutineer):
    decide(at_decision, partners[PartnerFor.LOCAL_AUTHORITY])
    with pytest.raises(ValidationError) as exc:
        final(at_decision, scrutineer)
    assert exc.value.messages == [
        "There is nothing for the independent scrutineer to settle: they decide only when all "
        "three partners have decided and disagree."]
    assert not DecisionOutcome.objects.exists()


def test_the_final_decision_is_made_once(at_decision, partners, scrutineer):
    split(at_decision, partners)
    final(at_decision, scrutineer)
    with pytest.raises(ValidationError) as exc:
        final(at_decision, scrutineer, Outcome.NO_REVIEW)
    assert exc.value.messages == ["The decision on this review is already settled (local child "
                                  "safeguarding practice review, 2 April 2026)."]


def test_partners_may_not_make_the_final_decision(at_decision, partners):
    split(at_decision, partners)
    with pytest.raises(PermissionDenied):
        final(at_decision, partners[PartnerFor.LOCAL_AUTHORITY])
    assert not DecisionOutcome.objects.exists()


def test_the_final_decision_cannot_predate_the_escalation_or_be_in_the_future(
        at_decision, partners, scrutineer):
    split(at_decision, partners)
    with pytest.raises(ValidationError) as exc:
        final(at_decision, scrutineer, decided_on=date(2026, 3, 25))
    assert exc.value.message_dict == {"decided_on": [
        "The date of the decision cannot be before 26 March 2026, when the previous step took "
        "effect."]}
    with pytest.raises(ValidationError) as exc:
        final(at_decision, scrutineer, decided_on=timezone.localdate() + timedelta(days=1))
    assert "cannot be in the future" in exc.value.messages[0]
    assert Review.objects.get(pk=at_decision.pk).stage == Stage.DECISION


def test_a_review_decided_on_needs_lines_of_enquiry_if_no_partner_suggested_any(
        at_decision, partners, scrutineer):
    decide(at_decision, partners[PartnerFor.LOCAL_AUTHORITY], Outcome.NO_REVIEW)
    decide(at_decision, partners[PartnerFor.HEALTH], Outcome.NO_REVIEW)
    decide(at_decision, partners[PartnerFor.POLICE], Outcome.OTHER_LEARNING)
    with pytest.raises(ValidationError) as exc:
        final(at_decision, scrutineer, Outcome.OTHER_LEARNING)
    assert set(exc.value.message_dict) == {"lines_of_enquiry", "methodology"}
    final(at_decision, scrutineer, Outcome.OTHER_LEARNING, lines_of_enquiry="Transitions.",
          methodology="Appreciative inquiry")
    assert Review.objects.get(pk=at_decision.pk).kind == ReviewKind.OTHER_LEARNING


def test_with_no_scrutineer_on_record_the_escalation_notice_is_kept_and_fails_visibly(
        at_decision, partners, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        split(at_decision, partners)
    notice = Notice.objects.get(review=at_decision)
    assert (notice.recipients, notice.status) == ([], Notice.Status.FAILED)
    assert "No e-mail address" in notice.last_error


def test_notices_about_the_decision_carry_no_real_names(
        make_review, business_manager, partners, scrutineer, django_capture_on_commit_callbacks):
    review = make_review(child_name=CHILD)
    review_actions.save_identity(review, by=business_manager, kind=IdentityEntry.Kind.FAMILY,
                                 real_name=MOTHER, pseudonym="Mother")
    review = bring_to_decision(review, business_manager)
    with django_capture_on_commit_callbacks(execute=True):
        for key, outcome in [(PartnerFor.LOCAL_AUTHORITY, Outcome.LOCAL_CSPR),
                             (PartnerFor.HEALTH, Outcome.NO_REVIEW),
                             (PartnerFor.POLICE, Outcome.LOCAL_CSPR)]:
            decide(review, partners[key], outcome,
                   reasons=f"{CHILD} was known to us; {MOTHER} asked for help.")
        final(review, scrutineer, reasons=f"{MOTHER}'s calls about {CHILD} went unanswered.")
    sent = Notice.objects.filter(review=review)
    assert sent.count() == 4  # the scrutineer, then each of the three partners
    for notice in sent:
        for text in [CHILD, MOTHER, *(p.full_name for p in partners.values()),
                     scrutineer.full_name]:
            assert text not in notice.subject + notice.body + notice.recipient_label
        assert "Child A" in notice.body
    assert len(mail.outbox) == 4
    for message in mail.outbox:
        assert CHILD not in message.body and MOTHER not in message.body
