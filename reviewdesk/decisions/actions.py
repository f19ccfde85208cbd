"""Every change the decision stage makes goes through a function here: one transaction, a
timeline entry, an audit event, and the notices sent once it is committed.

``by`` is the signed-in person typing; ``on_behalf_of`` the named person whose decision it is
(the business unit types a partner's or the scrutineer's decision for them), and the record
shows both.

The rules, from the partnership's guide and Working Together:

* each of the three safeguarding partners decides once, with reasons;
* meeting the criteria for a CSPR does not oblige a review, and a review may be held for a case
  that does not meet them: the partner's view on the criteria is recorded beside their decision;
* when all three agree, that is the decision (dated the day the last of them decided); when they
  do not, the independent scrutineer decides, and that decision stands;
* the National Panel may take a case as a national review: the review's kind becomes national
  and the local process continues in the same shape with the Panel's external reviewer. If that
  happens while the partners are still deciding, the review goes ahead as a national review
  whatever the local outcome (the partners' decision is still kept as they made it).
"""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import PartnerFor, User
from reviewdesk.decisions import notices
from reviewdesk.decisions.models import (
    OUTCOME_KIND,
    CriteriaView,
    DecisionOutcome,
    Escalation,
    Outcome,
    PanelResponse,
    PartnerDecision,
    SubgroupView,
)
from reviewdesk.reviews import clocks, transitions
from reviewdesk.reviews.actions import check_effective_date
from reviewdesk.reviews.history import Step, record_step
from reviewdesk.reviews.models import ClockKind, Review, ReviewKind, Stage, TimelineEntry

# The three partners, in the order they are shown.
PARTNERS = list(PartnerFor)
# Words for sentences: "the local authority's decision", "the police's decision".
PARTNER_WORDS = {
    PartnerFor.LOCAL_AUTHORITY: "local authority",
    PartnerFor.HEALTH: "health partner (ICB)",
    PartnerFor.POLICE: "police",
}
# The Panel's response is recorded from the decision until the report is started: after that a
# change of reviewer could no longer shape the review.
PANEL_STAGES = {Stage.DECISION, Stage.COMMISSIONING, Stage.SET_UP, Stage.INFORMING_STAFF,
                Stage.CHRONOLOGY, Stage.CONVERSATIONS, Stage.FAMILY}
NATIONAL_NOTE = ("The Panel appoints an external reviewer; the local process continues in the "
                 "same shape with that reviewer.")
# The reasons name the family and staff and are for the decision page's readers only: the
# timeline (and the closed case's reason on the review page) is read by every member of the
# review, so they say where the reasons are, never what they are.
REASONS_ELSEWHERE = "The reasons are on the decision page."
PANEL_REASONS_ELSEWHERE = "The Panel's reasons are on the decision page."


def partner_label(partner_for: str) -> str:
    return PartnerFor(partner_for).label


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _stage_words(review: Review) -> str:
    return review.get_stage_display().lower()


def _locked(review: Review) -> Review:
    # Serialises decisions on one review: two partners deciding at once cannot both be "last".
    return Review.objects.select_for_update().get(pk=review.pk)


def _check_partner_recorder(review: Review, by: User, partner_for: str,
                            on_behalf_of: User | None) -> User | None:
    """Who may record which partner's decision. Returns on_behalf_of, normalised."""
    if partner_for not in PartnerFor.values:
        raise ValidationError({"partner_for": "Choose the partner whose decision this is."})
    words = PARTNER_WORDS[PartnerFor(partner_for)]
    if on_behalf_of is not None and on_behalf_of.pk == by.pk:
        on_behalf_of = None
    if access.is_business_manager(by):
        if on_behalf_of is None:
            raise ValidationError({"on_behalf_of": f"Choose the person whose decision this is: "
                                                   f"someone who represents the {words}."})
    elif by.partner_for != partner_for:
        own = PARTNER_WORDS.get(by.partner_for, "no partner")
        raise ValidationError(f"You represent the {own}: you may record only the {own}'s "
                              f"decision, not the {words}'s.")
    if on_behalf_of is not None and not access.is_partner_for(on_behalf_of, partner_for, review):
        raise ValidationError({"on_behalf_of": f"Choose someone who represents the {words}: the "
                                               "record shows whose decision it is."})
    return on_behalf_of


def _decision_errors(*, outcome: str, reasons: str, decided_on: date | None,
                     not_before: date | None) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    if outcome not in Outcome.values:
        errors["outcome"] = "Choose the decision: a local CSPR, a local learning review, other " \
                            "learning activity, or no review."
    if not (reasons or "").strip():
        errors["reasons"] = "Give the reasons for the decision: they are kept on the review."
    try:
        check_effective_date(decided_on, not_before=not_before, what="The date of the decision",
                             field="decided_on")
    except ValidationError as exc:
        exc.update_error_dict(errors)
    return errors


@transaction.atomic
def record_partner_decision(
    review: Review,
    *,
    by: User,
    partner_for: str,
    outcome: str,
    reasons: str,
    meets_criteria: str,
    subgroup_recommended: str,
    decided_on: date,
    lines_of_enquiry: str = "",
    methodology: str = "",
    on_behalf_of: User | None = None,
) -> PartnerDecision:
    """One partner's decision. The third settles the outcome: agreement moves the review on,
    disagreement escalates to the independent scrutineer."""
    review = _locked(review)
    if not access.can(by, review, Permission.RECORD_PARTNER_DECISION):
        raise PermissionDenied("Only the safeguarding partners (or the business unit for them) "
                               "record the partners' decisions.")
    on_behalf_of = _check_partner_recorder(review, by, partner_for, on_behalf_of)
    words = PARTNER_WORDS[PartnerFor(partner_for)]
    if review.stage != Stage.DECISION:
        raise ValidationError(f"The partners' decisions are recorded at the partners' decision "
                              f"stage; this review is at {_stage_words(review)}.")
    existing = review.partner_decisions.filter(partner_for=partner_for).first()
    if existing is not None:
        raise ValidationError(_already_decided(words, existing))
    errors = _decision_errors(outcome=outcome, reasons=reasons, decided_on=decided_on,
                              not_before=review.stage_since)
    if meets_criteria not in CriteriaView.values:
        errors["meets_criteria"] = "Say whether, in this partner's view, the case meets the " \
                                   "criteria for a CSPR (yes, no or unclear)."
    if subgroup_recommended not in SubgroupView.values:
        errors["subgroup_recommended"] = "Say whether the CSPR subgroup recommended a review."
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            decision = PartnerDecision.objects.create(
                review=review, partner_for=partner_for, outcome=outcome, reasons=reasons.strip(),
                meets_criteria=meets_criteria, subgroup_recommended=subgroup_recommended,
                lines_of_enquiry=lines_of_enquiry.strip(), methodology=methodology.strip(),
                decided_on=decided_on, recorded_by=by, on_behalf_of=on_behalf_of)
    except IntegrityError as exc:  # another request recorded it first
        raise ValidationError(_already_decided(
            words, review.partner_decisions.get(partner_for=partner_for))) from exc
    record_step("decision.partner_recorded", review=review, by=by, on_behalf_of=on_behalf_of,
                step=Step(f"{partner_label(partner_for)} partner's decision recorded", decided_on,
                          detail=REASONS_ELSEWHERE),
                summary=f"Recorded the {words}'s decision: {decision.get_outcome_display()}",
                data={"decision": decision.pk, "partner_for": partner_for, "outcome": outcome,
                      "meets_criteria": meets_criteria, "subgroup_recommended": subgroup_recommended,
                      "decided_on": decided_on.isoformat()})
    _settle_when_all_have_decided(review, by=by, on_behalf_of=on_behalf_of)
    return decision


def _already_decided(words: str, existing: PartnerDecision) -> str:
    return (f"The {words}'s decision is already recorded (it took effect on "
            f"{existing.decided_on:%-d %B %Y}). Each partner decides once; if it was recorded "
            "wrongly, ask the business manager.")


def _ordered(decisions: list[PartnerDecision]) -> list[PartnerDecision]:
    return sorted(decisions, key=lambda d: PARTNERS.index(PartnerFor(d.partner_for)))


def _settle_when_all_have_decided(review: Review, *, by: User, on_behalf_of: User | None) -> None:
    decisions = _ordered(list(review.partner_decisions.all()))
    if len(decisions) < len(PARTNERS):
        return
    last_day = max(d.decided_on for d in decisions)
    outcomes = {d.outcome for d in decisions}
    if len(outcomes) > 1:
        _escalate(review, decisions, opened_on=last_day, by=by, on_behalf_of=on_behalf_of)
        return
    outcome = outcomes.pop()
    if outcome != Outcome.NO_REVIEW:
        missing = _missing_scope(decisions)
        if missing:
            raise ValidationError({
                field: f"All three partners have decided to hold a review: suggest the "
                       f"{what} for it here (at least one partner must)."
                for field, what in missing})
    reasons = "\n\n".join(f"{partner_label(d.partner_for)}: {d.reasons}" for d in decisions)
    _settle(review, outcome=outcome, route=DecisionOutcome.Route.AGREEMENT, decided_on=last_day,
            reasons=reasons, by=by, on_behalf_of=on_behalf_of)


def _missing_scope(decisions: list[PartnerDecision], lines: str = "",
                   methodology: str = "") -> list[tuple[str, str]]:
    """The initial lines of enquiry and methodology are optional for each partner, but a review
    cannot be held without them (they seed the terms of reference)."""
    missing = []
    if not lines.strip() and not any(d.lines_of_enquiry for d in decisions):
        missing.append(("lines_of_enquiry", "initial lines of enquiry"))
    if not methodology.strip() and not any(d.methodology for d in decisions):
        missing.append(("methodology", "methodology (for example, a systems approach)"))
    return missing


def _escalate(review: Review, decisions: list[PartnerDecision], *, opened_on: date, by: User,
              on_behalf_of: User | None) -> Escalation:
    escalation = Escalation.objects.create(review=review, opened_on=opened_on)
    clock = clocks.start_clock(review, ClockKind.DECISION_ESCALATION, opened_on)
    split = "; ".join(f"{partner_label(d.partner_for)}: {d.get_outcome_display()}"
                      for d in decisions)
    record_step("decision.escalated", review=review, by=by, on_behalf_of=on_behalf_of,
                step=Step("The partners disagreed: escalated to the independent scrutineer", opened_on,
                          detail=f"{split}. The independent scrutineer makes the final decision."),
                summary="The partners disagreed: escalated to the independent scrutineer",
                data={"escalation": escalation.pk, "clock": clock.pk,
                      "opened_on": opened_on.isoformat(),
                      "outcomes": {d.partner_for: d.outcome for d in decisions}})
    notices.tell_the_scrutineer(review, decisions, by=by)
    return escalation


@transitions.takes("initiate_review", "decide_no_review")
def _settle(review: Review, *, outcome: str, route: str, decided_on: date, reasons: str,
            by: User, on_behalf_of: User | None, lines_of_enquiry: str = "",
            methodology: str = "", imported: bool = False) -> DecisionOutcome:
    """Keep the outcome (with the reasons) and move the review: initiate it, or close the case.
    The stage change says only where the reasons are: its detail and the closed case's reason
    are shown to every member of the review."""
    national = review.kind == ReviewKind.NATIONAL
    kind = ReviewKind.NATIONAL if national else OUTCOME_KIND.get(Outcome(outcome), "")
    result = DecisionOutcome.objects.create(
        review=review, outcome=outcome, route=route, decided_on=decided_on, reasons=reasons,
        lines_of_enquiry=lines_of_enquiry.strip(), methodology=methodology.strip(),
        review_kind=kind, recorded_by=by, on_behalf_of=on_behalf_of)
    label = Outcome(outcome).label
    if route == DecisionOutcome.Route.AGREEMENT:
        said = f"The three safeguarding partners agreed: {label.lower()}."
        event, summary = "decision.agreed", f"The three partners agreed: {label}"
    else:
        said = f"The partners disagreed; the independent scrutineer decided: {label.lower()}."
        event, summary = "decision.final_recorded", f"The independent scrutineer decided: {label}"
    if imported:
        said = f"Decided before Review Desk: {label.lower()}. Recorded by an import."
        event, summary = "decision.recorded_before_review_desk", \
            f"Recorded a decision taken before Review Desk: {label}"
    if national and outcome == Outcome.NO_REVIEW:
        said += (" The National Panel has decided on a national review, so the review goes ahead "
                 "as a national review.")
    record_step(event, review=review, by=by, on_behalf_of=on_behalf_of,
                step=Step(f"Decision settled: {label}", decided_on, detail=said),
                summary=summary,
                data={"outcome_record": result.pk, "outcome": outcome, "route": route,
                      "kind": kind, "decided_on": decided_on.isoformat()})
    reason = f"{said} {REASONS_ELSEWHERE}"
    if kind:
        transitions.initiate_review(review, by=by, effective_on=decided_on, kind=kind,
                                    reason=reason, on_behalf_of=on_behalf_of,
                                    imported=imported)
    else:
        transitions.decide_no_review(review, by=by, effective_on=decided_on, reason=reason,
                                     on_behalf_of=on_behalf_of)
    return result


@transaction.atomic
def record_final_decision(
    review: Review,
    *,
    by: User,
    outcome: str,
    reasons: str,
    decided_on: date,
    lines_of_enquiry: str = "",
    methodology: str = "",
    on_behalf_of: User | None = None,
) -> DecisionOutcome:
    """The independent scrutineer settles the partners' disagreement; their decision stands."""
    review = _locked(review)
    if not access.can(by, review, Permission.RECORD_FINAL_DECISION):
        raise PermissionDenied("Only the independent scrutineer (or the business unit for them) "
                               "records the final decision.")
    if on_behalf_of is not None and on_behalf_of.pk == by.pk:
        on_behalf_of = None
    if access.is_business_manager(by) and on_behalf_of is None:
        raise ValidationError({"on_behalf_of": "Choose the independent scrutineer whose decision "
                                               "this is."})
    if on_behalf_of is not None and not access.is_scrutineer_of(on_behalf_of, review):
        raise ValidationError({"on_behalf_of": "Choose the independent scrutineer whose decision "
                                               "this is: only they settle a disagreement."})
    settled = DecisionOutcome.objects.filter(review=review).first()
    if settled is not None:
        raise ValidationError(f"The decision on this review is already settled "
                              f"({settled.get_outcome_display().lower()}, "
                              f"{settled.decided_on:%-d %B %Y}).")
    escalation = Escalation.objects.filter(review=review).first()
    if escalation is None:
        raise ValidationError("There is nothing for the independent scrutineer to settle: they "
                              "decide only when all three partners have decided and disagree.")
    if review.stage != Stage.DECISION:
        raise ValidationError(f"The final decision is recorded at the partners' decision stage; "
                              f"this review is at {_stage_words(review)}.")
    errors = _decision_errors(outcome=outcome, reasons=reasons, decided_on=decided_on,
                              not_before=escalation.opened_on)
    decisions = _ordered(list(review.partner_decisions.all()))
    if outcome in Outcome.values and outcome != Outcome.NO_REVIEW:
        for field, what in _missing_scope(decisions, lines_of_enquiry, methodology):
            errors[field] = (f"No partner suggested the {what}: suggest them for the review "
                             "you decided on.")
    if errors:
        raise ValidationError(errors)
    result = _settle(review, outcome=outcome, route=DecisionOutcome.Route.SCRUTINEER,
                     decided_on=decided_on, reasons=reasons.strip(), by=by,
                     on_behalf_of=on_behalf_of,
                     lines_of_enquiry=lines_of_enquiry, methodology=methodology)
    # The escalation's clock is met on the day the decision took effect (audited with it).
    review.clocks.filter(kind=ClockKind.DECISION_ESCALATION, met_on__isnull=True).update(
        met_on=decided_on, version=F("version") + 1, changed_by=by, changed_at=timezone.now())
    notices.tell_the_partners(review, result, by=by)
    return result


# The outcome recorded for a review decided before Review Desk, by its kind (a national review
# is one the partners decided to hold locally and the Panel took on).
KIND_OUTCOME = {kind: outcome for outcome, kind in OUTCOME_KIND.items()} | {
    ReviewKind.NATIONAL: Outcome.LOCAL_CSPR}


@transaction.atomic
def record_decision_made_before(review: Review, *, by: User, kind: str, decided_on: date,
                                source: str) -> DecisionOutcome:
    """A review decided before the partnership used Review Desk (``import_review``): the decision
    to hold it, with its date, as one settled outcome. The partners' individual decisions were
    kept elsewhere and are not invented here: the reasons say where the decision came from, and
    the timeline says it was taken before Review Desk. No notice is sent."""
    review = _locked(review)
    if not access.can(by, review, Permission.CHANGE_STAGE):
        raise PermissionDenied("Only the business unit records a decision taken before Review "
                               "Desk.")
    if review.stage != Stage.DECISION:
        raise ValidationError(f"A decision is recorded at the partners' decision stage; this "
                              f"review is at {_stage_words(review)}.")
    if DecisionOutcome.objects.filter(review=review).exists():
        raise ValidationError("The decision on this review is already settled.")
    if kind not in KIND_OUTCOME:
        raise ValidationError({"kind": "Choose the kind of review the partners decided on."})
    errors = _decision_errors(outcome=KIND_OUTCOME[kind], reasons=source, decided_on=decided_on,
                              not_before=review.stage_since)
    if errors:
        raise ValidationError(errors)
    if kind == ReviewKind.NATIONAL:
        make_national(review, by=by, effective_on=decided_on)
        review.refresh_from_db()
    return _settle(review, outcome=KIND_OUTCOME[kind], route=DecisionOutcome.Route.AGREEMENT,
                   decided_on=decided_on, reasons=source, by=by, on_behalf_of=None, imported=True)


def closed_without_review(review: Review) -> bool:
    """Closed because of a decision not to hold a review (not at the end of one)."""
    if review.stage != Stage.CLOSED:
        return False
    last = review.timeline.filter(kind=TimelineEntry.Kind.STAGE_CHANGED).order_by("-pk").first()
    return bool(last and last.from_stage == Stage.DECISION and last.to_stage == Stage.CLOSED)


def panel_may_respond(review: Review) -> bool:
    """From the decision until the report is started, and after a decision not to hold a review
    (the Panel may still take the case as a national review)."""
    return review.stage in PANEL_STAGES or closed_without_review(review)


@transaction.atomic
def record_panel_response(
    review: Review,
    *,
    by: User,
    received_on: date,
    panel_decision: str,
    notes: str,
    on_behalf_of: User | None = None,
) -> PanelResponse:
    """The National Panel's response on whether it takes the case as a national review. On a case
    closed because no review was to be held, a national review reopens it."""
    review = _locked(review)
    if not access.can(by, review, Permission.CHANGE_STAGE):
        raise PermissionDenied("Only the business unit records the Panel's response.")
    if not panel_may_respond(review):
        raise ValidationError("The Panel's response is recorded from the partners' decision until "
                              f"the report is started; this review is at {_stage_words(review)}.")
    existing = PanelResponse.objects.filter(review=review).first()
    if existing is not None:
        raise ValidationError(f"The Panel's response is already recorded (received "
                              f"{existing.received_on:%-d %B %Y}).")
    errors: dict[str, Any] = {}
    if panel_decision not in PanelResponse.Decision.values:
        errors["panel_decision"] = "Choose the Panel's decision: a national review, a local " \
                                   "review or no review."
    if not (notes or "").strip():
        errors["notes"] = "Give the Panel's reasons: they are kept on the review."
    what = "The date the Panel's response was received"
    reopening = review.stage == Stage.CLOSED and panel_decision == PanelResponse.Decision.NATIONAL
    aware = min((i.la_aware_on for i in review.incidents.all()), default=None)
    try:
        check_effective_date(received_on, not_before=aware, what=what, field="received_on",
                             since="when the local authority became aware")
        if reopening:
            check_effective_date(received_on, not_before=review.stage_since, what=what,
                                 field="received_on", since="when the case was closed")
    except ValidationError as exc:
        exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    response = PanelResponse.objects.create(
        review=review, received_on=received_on, panel_decision=panel_decision,
        notes=notes.strip(), recorded_by=by, on_behalf_of=on_behalf_of)
    said = lower_first(response.get_panel_decision_display())
    record_step("decision.panel_response_recorded", review=review, by=by, on_behalf_of=on_behalf_of,
                step=Step(f"The National Panel's response: {said}", received_on,
                          detail=PANEL_REASONS_ELSEWHERE),
                summary=f"Recorded the National Panel's response: "
                        f"{response.get_panel_decision_display()}",
                data={"panel_response": response.pk, "panel_decision": panel_decision,
                      "received_on": received_on.isoformat()})
    if reopening:
        _reopen_as_national(review, by=by, effective_on=received_on, on_behalf_of=on_behalf_of)
    elif panel_decision == PanelResponse.Decision.NATIONAL:
        make_national(review, by=by, effective_on=received_on, on_behalf_of=on_behalf_of)
    return response


@transitions.takes("reopen_as_national")
def _reopen_as_national(review: Review, *, by: User, effective_on: date,
                        on_behalf_of: User | None) -> Review:
    """The partners decided not to hold a review, then the Panel took the case: the case reopens
    as a national review, initiated (and its six-month clock started) the day the response came.
    Called inside record_panel_response's transaction, with the review locked. The step is the
    flow's ``reopen_as_national``; its own timeline row says why the closed case reopened."""
    problems = transitions.TRANSITIONS["reopen_as_national"].unmet(review)
    if problems:
        raise ValidationError([p.text for p in problems])
    previous = review.kind
    review.kind = ReviewKind.NATIONAL
    review.stage = Stage.COMMISSIONING
    review.stage_since = effective_on
    review.initiated_on = effective_on
    review.closed_reason = ""
    review.save(update_fields=["kind", "stage", "stage_since", "initiated_on", "closed_reason"])
    clock = clocks.start_clock(review, ClockKind.REVIEW_COMPLETION, effective_on)
    record_step("decision.reopened_national", review=review, by=by, on_behalf_of=on_behalf_of,
                step=Step("Reopened as a national review by the Panel", effective_on,
                          kind=TimelineEntry.Kind.STAGE_CHANGED, from_stage=Stage.CLOSED,
                          to_stage=Stage.COMMISSIONING,
                          detail="No local review was to be held, but the National Panel decided on a "
                          f"national review: the case is reopened at commissioning. {NATIONAL_NOTE} "
                          "The six-month clock started that day."),
                summary="The closed case was reopened as a national review by the Panel "
                        f"({Stage.CLOSED.label} → {Stage.COMMISSIONING.label})",
                data={"from": Stage.CLOSED, "to": Stage.COMMISSIONING, "kind_from": previous,
                      "kind_to": ReviewKind.NATIONAL, "clock": clock.pk,
                      "effective_on": effective_on.isoformat()})
    return review


@transaction.atomic
def make_national(review: Review, *, by: User, effective_on: date,
                  on_behalf_of: User | None = None) -> Review:
    """The Panel takes the case: the review becomes a national review by the Panel."""
    review = _locked(review)
    if not access.can(by, review, Permission.CHANGE_STAGE):
        raise PermissionDenied("Only the business unit records the Panel's response.")
    if review.kind == ReviewKind.NATIONAL:
        return review
    previous = review.kind
    review.kind = ReviewKind.NATIONAL
    review.save(update_fields=["kind"])
    record_step("decision.made_national", review=review, by=by, on_behalf_of=on_behalf_of,
                step=Step("Now a national review by the Panel", effective_on,
                          detail=f"Previously: {ReviewKind(previous).label.lower()}. {NATIONAL_NOTE}"),
                summary="The review became a national review by the Panel",
                data={"from": previous, "to": ReviewKind.NATIONAL,
                      "effective_on": effective_on.isoformat()})
    return review
