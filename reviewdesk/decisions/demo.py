"""The demo's decisions (``manage.py load_demo``), all through the actions.

The reviews past the decision stage get there the way a real one does: the three partners agree,
each recording their own decision, and the last one moves the review on (the Panel took review
10 as a national review first). Review 4, at the decision stage, gets a split decision escalated
to the independent scrutineer (so the escalation notice goes out).
"""

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from reviewdesk.accounts.models import PartnerFor, User
from reviewdesk.decisions import actions
from reviewdesk.decisions.models import (
    CriteriaView,
    Outcome,
    PanelResponse,
    SubgroupView,
)
from reviewdesk.reviews.demo_stories import words_for
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


def _partners(command: Any) -> dict[str, User]:
    people = command.people
    return {PartnerFor.LOCAL_AUTHORITY: people["la.partner"],
            PartnerFor.HEALTH: people["health.partner"],
            PartnerFor.POLICE: people["police.partner"]}


def before_step(command: Any, index: int, review: Review, name: str, on: date,
                kind: str = "", **details: Any) -> None:
    """This app's steps: the three partners agree, and the last decision moves the review."""
    if name == "initiate_review":
        if kind == ReviewKind.NATIONAL:
            _panel_response(review, command.bm)
        _agree(review, _partners(command), KIND_OUTCOME[ReviewKind(kind)], decided_on=on)
    elif name == "decide_no_review":
        _agree(review, _partners(command), Outcome.NO_REVIEW, decided_on=on)


def load(command: Any) -> None:
    _split_decision(command.reviews[4], _partners(command), command.bm)


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
        reasons=f"Agree with the local authority: the {words_for(review).health_service} "
                "records show missed contacts that were not escalated. A local CSPR is "
                "proportionate.",
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


def _agree(review: Review, partners: dict[str, User], outcome: str, *, decided_on: date) -> None:
    """Each partner records their own decision, in the days before ``decided_on``."""
    mother = _mother(review)
    held = outcome != Outcome.NO_REVIEW
    reasons = {
        PartnerFor.LOCAL_AUTHORITY: (
            f"Children's social care had three contacts about {mother} and did not see the "
            "pattern; we agree the learning needs a multi-agency review." if held else
            "The criteria are not met and each agency's own learning is already under way."),
        PartnerFor.HEALTH: (f"{words_for(review).health_service.capitalize()} and the GP "
                            "practice both held concerns that were never shared: agreed." if held else
                            "Agreed: no review. The health actions are in the ICB's plan."),
        PartnerFor.POLICE: ("Agreed: the police response to the earlier call is part of the "
                            "picture." if held else
                            "Agreed: the police contact was appropriate; no wider learning."),
    }
    for (key, person), day in zip(partners.items(), _dates(review, decided_on), strict=True):
        actions.record_partner_decision(
            review, by=person, partner_for=key, outcome=outcome, reasons=reasons[key],
            meets_criteria=CriteriaView.YES if held else CriteriaView.NO,
            subgroup_recommended=(SubgroupView.RECOMMENDED if held
                                  else SubgroupView.NOT_RECOMMENDED),
            lines_of_enquiry=LINES if held and key == PartnerFor.LOCAL_AUTHORITY else "",
            methodology=METHOD if held and key == PartnerFor.LOCAL_AUTHORITY else "",
            decided_on=day)


def _panel_response(review: Review, bm: User) -> None:
    """The Panel takes the case as a national review, two days into the decision."""
    received = min(review.stage_since + timedelta(days=2), timezone.localdate())
    actions.record_panel_response(
        review, by=bm, received_on=received, panel_decision=PanelResponse.Decision.NATIONAL,
        notes="The Panel will carry out a national review: the case raises recurrent themes "
              "about babies in households where adults misuse alcohol, which it is already "
              "examining nationally.")
