"""The demo's decisions (``load_demo`` calls ``load(command)`` after building every review).

Review 4, at the decision stage, gets a split decision escalated to the independent scrutineer
(recorded through the actions, so the escalation notice goes out). The reviews already past the
decision stage were moved there by the demo's own transitions: for them this only back-fills
the records, consistent with each review's kind, initiation date and timeline, without moving
anything again.
"""

from datetime import date, timedelta
from typing import Any

from reviewdesk.accounts.models import PartnerFor, User
from reviewdesk.decisions import actions
from reviewdesk.decisions.models import (
    CriteriaView,
    DecisionOutcome,
    Outcome,
    PanelResponse,
    PartnerDecision,
    SubgroupView,
)
from reviewdesk.reviews.history import Step, record_step
from reviewdesk.reviews.models import Review, ReviewKind, Stage

KIND_OUTCOME = {
    ReviewKind.LOCAL_CSPR: Outcome.LOCAL_CSPR,
    ReviewKind.LEARNING_REVIEW: Outcome.LEARNING_REVIEW,
    ReviewKind.OTHER_LEARNING: Outcome.OTHER_LEARNING,
    # The Panel took the case; locally the partners had agreed on a CSPR.
    ReviewKind.NATIONAL: Outcome.LOCAL_CSPR,
}
LINES = ("How agencies shared what they knew about who lived in the home; how concerns raised "
         "by the family were heard and followed up.")
METHOD = "A systems approach, with practitioner learning events"


def _mother(review: Review) -> str:
    entry = review.identities.filter(pseudonym="Mother").first()
    return entry.real_name if entry else "the mother"


def load(command: Any) -> None:
    people = command.people
    partners = {PartnerFor.LOCAL_AUTHORITY: people["la.partner"],
                PartnerFor.HEALTH: people["health.partner"],
                PartnerFor.POLICE: people["police.partner"]}
    _split_decision(command.reviews[4], partners, command.bm)
    for index in range(5, 11):
        review = Review.objects.get(pk=command.reviews[index].pk)  # the loader's copy is stale
        _backfill(review, partners, KIND_OUTCOME[ReviewKind(review.kind)],
                  decided_on=review.initiated_on)
        if review.kind == ReviewKind.NATIONAL:
            _panel_response(review, command.bm)
    closed = Review.objects.get(pk=command.reviews[11].pk)
    _backfill(closed, partners, Outcome.NO_REVIEW, decided_on=closed.stage_since)


def _split_decision(review: Review, partners: dict[str, User], bm: User) -> None:
    """Two partners for a local CSPR, the police for a learning review: the scrutineer decides."""
    review.refresh_from_db()
    start = review.stage_since
    mother = _mother(review)
    common = {"meets_criteria": CriteriaView.YES, "subgroup_recommended": SubgroupView.RECOMMENDED}
    actions.record_partner_decision(
        review, by=partners[PartnerFor.LOCAL_AUTHORITY], partner_for=PartnerFor.LOCAL_AUTHORITY,
        outcome=Outcome.LOCAL_CSPR, decided_on=start + timedelta(days=3),
        reasons=f"The criteria are met: serious harm with neglect suspected, and {mother} had "
                "asked three agencies for help in the month before. We need to understand why "
                "those requests were not joined up.",
        lines_of_enquiry=LINES, methodology=METHOD, **common)
    # The business unit typed the health partner's decision from the meeting notes.
    actions.record_partner_decision(
        review, by=bm, on_behalf_of=partners[PartnerFor.HEALTH], partner_for=PartnerFor.HEALTH,
        outcome=Outcome.LOCAL_CSPR, decided_on=start + timedelta(days=4),
        reasons="Agree with the local authority: the health visiting records show missed "
                "contacts that were not escalated. A local CSPR is proportionate.",
        methodology="Systems approach", **common)
    actions.record_partner_decision(
        review, by=partners[PartnerFor.POLICE], partner_for=PartnerFor.POLICE,
        outcome=Outcome.LEARNING_REVIEW, decided_on=start + timedelta(days=6),
        reasons="The criteria are not clearly met: the harm was serious but the police contact "
                "was a single call. A local learning review would capture the learning faster.",
        meets_criteria=CriteriaView.UNCLEAR, subgroup_recommended=SubgroupView.RECOMMENDED,
        lines_of_enquiry="The response to the single call to the police in the month before.")


def _dates(review: Review, last: date) -> list[date]:
    started = review.timeline.filter(to_stage=Stage.DECISION).order_by("pk").first()
    first = started.effective_on if started else last
    return [max(first, last - timedelta(days=n)) for n in (3, 1, 0)]


def _backfill(review: Review, partners: dict[str, User], outcome: str, *, decided_on: date) -> None:
    """Agreed decision records for a review the demo already moved on: nothing moves again."""
    mother = _mother(review)
    label = Outcome(outcome).label
    held = outcome != Outcome.NO_REVIEW
    reasons = {
        PartnerFor.LOCAL_AUTHORITY: (
            f"Children's social care had three contacts about {mother} and did not see the "
            "pattern; we agree the learning needs a multi-agency review." if held else
            "The criteria are not met and each agency's own learning is already under way."),
        PartnerFor.HEALTH: ("Health visiting and the GP practice both held concerns that were "
                            "never shared: agreed." if held else
                            "Agreed: no review. The health actions are in the ICB's plan."),
        PartnerFor.POLICE: ("Agreed: the police response to the earlier call is part of the "
                            "picture." if held else
                            "Agreed: the police contact was appropriate; no wider learning."),
    }
    decisions = []
    for (key, person), day in zip(partners.items(), _dates(review, decided_on), strict=True):
        decision = PartnerDecision.objects.create(
            review=review, partner_for=key, outcome=outcome, reasons=reasons[key],
            meets_criteria=CriteriaView.YES if held else CriteriaView.NO,
            subgroup_recommended=(SubgroupView.RECOMMENDED if held
                                  else SubgroupView.NOT_RECOMMENDED),
            lines_of_enquiry=LINES if held and key == PartnerFor.LOCAL_AUTHORITY else "",
            methodology=METHOD if held and key == PartnerFor.LOCAL_AUTHORITY else "",
            decided_on=day, recorded_by=person)
        decisions.append(decision)
        record_step("decision.partner_recorded", review=review, by=person,
                    step=Step(f"{PartnerFor(key).label} partner's decision: {label}", day,
                              detail=decision.reasons),
                    summary=f"Recorded the {actions.PARTNER_WORDS[key]}'s decision: {label}",
                    data={"decision": decision.pk, "partner_for": key, "outcome": outcome,
                          "decided_on": day.isoformat(), "demo": True})
    last = decisions[-1]
    result = DecisionOutcome.objects.create(
        review=review, outcome=outcome, route=DecisionOutcome.Route.AGREEMENT,
        decided_on=decided_on,
        reasons="\n\n".join(f"{d.get_partner_for_display()}: {d.reasons}" for d in decisions),
        review_kind=review.kind if held else "", recorded_by=last.recorded_by)
    record_step("decision.agreed", review=review, by=last.recorded_by,
                step=Step(f"Decision settled: {label}", decided_on,
                          detail=f"The three safeguarding partners agreed: {label.lower()}."),
                summary=f"The three partners agreed: {label}",
                data={"outcome_record": result.pk, "outcome": outcome, "route": result.route,
                      "kind": result.review_kind, "decided_on": decided_on.isoformat(), "demo": True})


def _panel_response(review: Review, bm: User) -> None:
    started = review.timeline.filter(to_stage=Stage.DECISION).order_by("pk").first()
    received = min(started.effective_on + timedelta(days=2), review.initiated_on)
    response = PanelResponse.objects.create(
        review=review, received_on=received, panel_decision=PanelResponse.Decision.NATIONAL,
        notes="The Panel will carry out a national review: the case raises recurrent themes "
              "about babies in households where adults misuse alcohol, which it is already "
              "examining nationally.",
        recorded_by=bm)
    record_step("decision.panel_response_recorded", review=review, by=bm,
                step=Step("The National Panel's response: a national review by the Panel", received,
                          detail=response.notes),
                summary="Recorded the National Panel's response: A national review by the Panel",
                data={"panel_response": response.pk, "panel_decision": response.panel_decision,
                      "received_on": received.isoformat(), "demo": True})
