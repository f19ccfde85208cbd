"""The decision page: the three partners' decisions side by side, the escalation to the
independent scrutineer, the outcome and the National Panel's response, with a form for whoever
may act now. One URL per verb; views stay thin (rules in actions.py, access in reviewdesk.access).
"""

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.audit.services import record
from reviewdesk.decisions import actions
from reviewdesk.decisions.forms import FinalDecisionForm, PanelResponseForm, PartnerDecisionForm
from reviewdesk.decisions.models import (
    DecisionOutcome,
    Escalation,
    PanelResponse,
    PartnerDecision,
)
from reviewdesk.reviews.models import STAGE_ORDER, Review, Stage
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.pages import review_for
from reviewdesk.reviews.sections import Section
from reviewdesk.shortcuts import login_required, save_form

PARTNER, FINAL, PANEL = "partner", "final", "panel"  # form prefixes: one page, several forms


def decision_state(review: Review) -> dict[str, Any]:
    """Everything the page and the review page's section show, in a fixed number of queries."""
    decisions = {d.partner_for: d for d in PartnerDecision.objects.filter(review=review)
                 .select_related("recorded_by", "on_behalf_of")}
    outcome = (DecisionOutcome.objects.filter(review=review)
               .select_related("recorded_by", "on_behalf_of").first())
    escalation = Escalation.objects.filter(review=review).first()
    panel = (PanelResponse.objects.filter(review=review)
             .select_related("recorded_by", "on_behalf_of").first())
    rows = [(partner, actions.partner_label(partner), decisions.get(partner))
            for partner in actions.PARTNERS]
    before = STAGE_ORDER.index(Stage(review.stage)) < STAGE_ORDER.index(Stage.DECISION)
    waiting = len(actions.PARTNERS) - len(decisions)
    # (tag, its colour, a sentence saying where the decision stands)
    if outcome:
        who = ("The three safeguarding partners agreed"
               if outcome.route == DecisionOutcome.Route.AGREEMENT else
               "After the partners disagreed, the independent scrutineer decided")
        status = ("Decided", "green", f"{who} on {outcome.decided_on:%-d %B %Y}: "
                                      f"{outcome.get_outcome_display().lower()}.")
    elif escalation:
        status = ("Escalated", "orange", "The partners disagree: waiting for the independent "
                                         "scrutineer's final decision.")
    elif review.stage == Stage.DECISION:
        status = ("Waiting", "blue", f"Waiting for {waiting} of the {len(actions.PARTNERS)} "
                                     f"partners to decide.")
    elif before:
        status = ("Not yet", "grey", "The partners decide once the rapid review is complete.")
    else:
        status = ("Not recorded", "grey", "This review moved on before the partners' decisions "
                                          "were recorded here.")
    return {"decisions": decisions, "rows": rows, "outcome": outcome, "escalation": escalation,
            "panel": panel, "status": status, "before_decision_stage": before,
            "panel_open": actions.panel_may_respond(review)}


def _render(request: HttpRequest, review: Review, names: Names,
            bound: dict[str, forms.Form] | None = None) -> HttpResponse:
    """The page, with each form for whoever may act now; a form sent back with errors is shown
    again in its place whatever the state (it says what went wrong)."""
    user, bound = request.user, bound or {}
    state = decision_state(review)
    bm = access.is_business_manager(user)
    at_decision = review.stage == Stage.DECISION
    pid = review.partnership_id
    partner_form = bound.get(PARTNER)
    own_decision = state["decisions"].get(user.partner_for) if user.partner_for else None
    if (partner_form is None and at_decision
            and access.can(user, review, Permission.RECORD_PARTNER_DECISION)
            and len(state["decisions"]) < len(actions.PARTNERS)
            and (bm or own_decision is None)):
        partner_form = PartnerDecisionForm(pid, on_behalf=bm, prefix=PARTNER)
    final_form = bound.get(FINAL)
    if (final_form is None and at_decision and state["escalation"] and not state["outcome"]
            and access.can(user, review, Permission.RECORD_FINAL_DECISION)):
        final_form = FinalDecisionForm(pid, on_behalf=bm, prefix=FINAL)
    panel_form = bound.get(PANEL)
    if (panel_form is None and state["panel"] is None and state["panel_open"]
            and access.can(user, review, Permission.CHANGE_STAGE)):
        panel_form = PanelResponseForm(request.user, prefix=PANEL)
    failed = next((f for f in bound.values() if f.errors), None)
    return render(request, "decisions/decision.html", {
        "title": f"The partners' decision – {names.title}", "review": review, "names": names,
        **state, "partner_form": partner_form, "final_form": final_form,
        "panel_form": panel_form, "form": failed, "is_business_manager": bm,
        "own_partner": user.partner_for, "own_decision": own_decision,
        "partner_words": actions.PARTNER_WORDS,
    })


@login_required
@require_GET
def decision(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.VIEW_RAPID_REVIEW)
    # The reasons name the family and staff: reading them is recorded like the review page.
    record("decision.viewed", review=review,
           summary="Viewed the partners' decisions")
    return _render(request, review, names)


def _what_followed(review: Review) -> str:
    """What a recorded decision led to: the review moved on, the case closed, or the escalation."""
    review.refresh_from_db(fields=["stage", "kind"])
    outcome = DecisionOutcome.objects.filter(review=review).first()
    if outcome is not None and review.stage == Stage.CLOSED:
        return " No review will be held: the case is closed with the reasons kept."
    if outcome is not None:
        return (f" The decision is settled: the review has moved to "
                f"{review.get_stage_display().lower()} as a "
                f"{actions.lower_first(review.get_kind_display())}.")
    if Escalation.objects.filter(review=review).exists():
        return (" The partners disagree: the independent scrutineer has been asked to make the "
                "final decision.")
    return ""


def _post_review(request: HttpRequest, review_uuid: str,
                 permission: Permission) -> tuple[Review, Names]:
    """The review and names for a form on the page: readers of the page who may do this."""
    review, names = review_for(request, review_uuid, Permission.VIEW_RAPID_REVIEW)
    access.require(request.user, review, permission)
    return review, names


@login_required
@require_POST
def record_partner_decision(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = _post_review(request, review_uuid, Permission.RECORD_PARTNER_DECISION)
    bm = access.is_business_manager(request.user)
    form = PartnerDecisionForm(review.partnership_id, request.POST, on_behalf=bm, prefix=PARTNER)
    def save(data: dict) -> str:
        partner_for = data["partner_for"] if bm else request.user.partner_for
        actions.record_partner_decision(
            review, by=request.user, partner_for=partner_for, outcome=data["outcome"],
            reasons=data["reasons"], meets_criteria=data["meets_criteria"],
            subgroup_recommended=data["subgroup_recommended"], decided_on=data["decided_on"],
            lines_of_enquiry=data["lines_of_enquiry"], methodology=data["methodology"],
            on_behalf_of=data.get("on_behalf_of"))
        return (f"The {actions.PARTNER_WORDS[partner_for]}'s decision is recorded."
                + _what_followed(review))

    # save() returns the message: it depends on what the decision led to.
    if save_form(request, form, save, str):
        return redirect("decisions:decision", review.uuid)
    return _render(request, review, names, {PARTNER: form})


@login_required
@require_POST
def record_final_decision(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = _post_review(request, review_uuid, Permission.RECORD_FINAL_DECISION)
    form = FinalDecisionForm(review.partnership_id, request.POST,
                             on_behalf=access.is_business_manager(request.user), prefix=FINAL)
    def save(data: dict) -> str:
        actions.record_final_decision(
            review, by=request.user, outcome=data["outcome"], reasons=data["reasons"],
            decided_on=data["decided_on"], lines_of_enquiry=data["lines_of_enquiry"],
            methodology=data["methodology"], on_behalf_of=data.get("on_behalf_of"))
        return ("The final decision is recorded and the partners have been told."
                + _what_followed(review))

    if save_form(request, form, save, str):
        return redirect("decisions:decision", review.uuid)
    return _render(request, review, names, {FINAL: form})


@login_required
@require_POST
def record_panel_response(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = _post_review(request, review_uuid, Permission.CHANGE_STAGE)
    form = PanelResponseForm(request.user, request.POST, prefix=PANEL)
    def save(data: dict) -> str:
        was_closed = review.stage == Stage.CLOSED
        response = actions.record_panel_response(
            review, by=request.user, received_on=data["received_on"],
            panel_decision=data["panel_decision"], notes=data["notes"],
            on_behalf_of=data["on_behalf_of"])
        said = "The Panel's response is recorded."
        if response.panel_decision == PanelResponse.Decision.NATIONAL:
            said += (" The case is reopened at commissioning as a national review by the Panel."
                     if was_closed else " This is now a national review by the Panel.")
        return said

    if save_form(request, form, save, str):
        return redirect("decisions:decision", review.uuid)
    return _render(request, review, names, {PANEL: form})


def review_section(request: HttpRequest, review: Review, names: Names) -> Section | None:
    """The decision's summary on the review page, for those who may read it."""
    if not access.can(request.user, review, Permission.VIEW_RAPID_REVIEW):
        return None
    state = decision_state(review)
    if state["before_decision_stage"] and not state["decisions"]:
        return None
    user = request.user
    may_decide = review.stage == Stage.DECISION and (
        (access.can(user, review, Permission.RECORD_PARTNER_DECISION)
         and len(state["decisions"]) < len(actions.PARTNERS)
         and (access.is_business_manager(user) or user.partner_for not in state["decisions"]))
        or (state["escalation"] is not None and state["outcome"] is None
            and access.can(user, review, Permission.RECORD_FINAL_DECISION)))
    return Section(template="decisions/_section.html", order=30,
                   context={**state, "may_decide": may_decide})
