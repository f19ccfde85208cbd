"""What other apps read about the decision (commissioning seeds the terms of reference draft
from it). Plain data, not models; free text comes back as typed, so a page showing it must pass
it through the viewer's ``Names.redact``."""

from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch
from django.urls import reverse
from django.utils import timezone

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import PartnerFor, PartnershipRole, User
from reviewdesk.decisions.actions import PARTNER_WORDS
from reviewdesk.decisions.models import DecisionOutcome, Escalation, PartnerDecision
from reviewdesk.lib.workingdays import add_working_days, working_days_between
from reviewdesk.reviews.clocks import rule_for
from reviewdesk.reviews.models import Clock, ClockKind, Review, Stage
from reviewdesk.reviews.needs import ESCALATED, OVERDUE, WAITING, Need
from reviewdesk.reviews.transitions import Blocker

# The order the partners are listed in (as PartnerFor).
PARTNER_ORDER = ["local_authority", "health", "police"]


def _partner_decisions(review: Review) -> list[PartnerDecision]:
    decisions = list(PartnerDecision.objects.filter(review=review))
    return sorted(decisions, key=lambda d: PARTNER_ORDER.index(d.partner_for))


def decision_summary(review: Review) -> dict[str, Any] | None:
    """The settled decision, or None while there is none.

    Keys: outcome_label, outcome (code), decided_on (date), reasons, decided_by_label, and
    partners: one dict per partner who decided (partner_label, outcome_label, reasons,
    decided_on).
    """
    outcome = DecisionOutcome.objects.filter(review=review).first()
    if outcome is None:
        return None
    return {
        "outcome_label": outcome.get_outcome_display(),
        "outcome": outcome.outcome,
        "decided_on": outcome.decided_on,
        "reasons": outcome.reasons,
        "decided_by_label": outcome.get_route_display(),
        "partners": [
            {"partner_label": d.get_partner_for_display(),
             "outcome_label": d.get_outcome_display(), "reasons": d.reasons,
             "decided_on": d.decided_on}
            for d in _partner_decisions(review)
        ],
    }


def initial_scope(review: Review) -> dict[str, str]:
    """The suggested initial lines of enquiry and methodology, each labelled with who suggested
    it (the partners, then the independent scrutineer). Empty strings when there are none."""
    suggestions = [(d.get_partner_for_display(), d.lines_of_enquiry, d.methodology)
                   for d in _partner_decisions(review)]
    outcome = DecisionOutcome.objects.filter(review=review).first()
    if outcome is not None and outcome.route == DecisionOutcome.Route.SCRUTINEER:
        suggestions.append(("Independent scrutineer", outcome.lines_of_enquiry,
                            outcome.methodology))
    lines = [(label, text) for label, text, _m in suggestions if text]
    methods = [(label, text) for label, _l, text in suggestions if text]
    distinct_methods = {text.strip().lower() for _label, text in methods}
    return {
        "lines_of_enquiry": "\n\n".join(f"{label}: {text}" for label, text in lines),
        # The same methodology suggested by several partners is said once.
        "methodology": methods[0][1] if len(distinct_methods) == 1 else
        "\n\n".join(f"{label}: {text}" for label, text in methods),
    }


def needs(viewer: User, today: date) -> list[Need]:
    """Home items: each safeguarding partner's decision still to record; the independent
    scrutineer's final decisions on escalations, with how long they have waited; and for the
    business manager both (the business unit may record them on the decider's behalf)."""
    if viewer.partnership_id is None:
        return []
    bm = viewer.role == PartnershipRole.BUSINESS_MANAGER
    partner = viewer.role == PartnershipRole.SAFEGUARDING_PARTNER and bool(viewer.partner_for)
    items: list[Need] = []
    undecided = Review.objects.filter(partnership_id=viewer.partnership_id, stage=Stage.DECISION,
                                      decision_escalation__isnull=True)
    if partner:
        mine = PartnerDecision.objects.filter(review=OuterRef("pk"),
                                              partner_for=viewer.partner_for)
        for review in undecided.filter(~Exists(mine)):
            items.append(Need(review, "Record your decision on the rapid review",
                              reverse("decisions:decision", args=[review.uuid]) + "#record-a-decision",
                              WAITING, since=review.stage_since))
    elif bm:
        for review in undecided.prefetch_related("partner_decisions"):
            have = {d.partner_for for d in review.partner_decisions.all()}
            waiting = [p.label for p in PartnerFor if p.value not in have]
            items.append(Need(review, "Partners' decisions to record: " + ", ".join(waiting),
                              reverse("decisions:decision", args=[review.uuid])
                              + "#record-a-decision", WAITING,
                              since=review.stage_since, who="The safeguarding partners"))
    if bm or viewer.role == PartnershipRole.INDEPENDENT_SCRUTINEER:
        items += _escalation_needs(viewer, viewer.partnership_id, today, for_scrutineer=not bm)
    return items


def open_escalations(partnership_id: int) -> list[tuple[Escalation, date]]:
    """The partnership's escalations still waiting for the scrutineer, oldest first, each with
    its due date: its clock's, or for one opened before it had a clock, counted from the
    partnership's rule (read once)."""
    clocks = Clock.objects.filter(kind=ClockKind.DECISION_ESCALATION, met_on__isnull=True)
    escalations = list(Escalation.objects.filter(
        review__partnership_id=partnership_id, review__stage=Stage.DECISION,
        review__decision_outcome__isnull=True).select_related("review", "review__partnership")
        .prefetch_related(Prefetch("review__clocks", queryset=clocks,
                                   to_attr="escalation_clocks")).order_by("opened_on", "pk"))
    length: int | None = None
    found = []
    for escalation in escalations:
        clock = next(iter(getattr(escalation.review, "escalation_clocks", [])), None)
        if clock is not None:
            found.append((escalation, clock.effective_due_on))
            continue
        if length is None:
            length = rule_for(partnership_id, ClockKind.DECISION_ESCALATION).length
        found.append((escalation, add_working_days(escalation.opened_on, length)))
    return found


def _escalation_needs(viewer: User, partnership_id: int, today: date, *,
                      for_scrutineer: bool) -> list[Need]:
    items = []
    for escalation, due in open_escalations(partnership_id):
        review = escalation.review
        items.append(Need(
            review, "Make the final decision: the safeguarding partners disagree",
            reverse("decisions:decision", args=[review.uuid]) + "#final-decision",
            OVERDUE if today > due else ESCALATED, due_on=due, since=escalation.opened_on,
            who="You" if for_scrutineer else "The independent scrutineer"))
    return items


def decisions_waiting(review: Review, names: Any) -> list[Blocker]:
    """At the decision stage: each safeguarding partner whose decision is not recorded, or, once
    they disagreed, the independent scrutineer's final decision and how long it has waited. Three
    queries."""
    if DecisionOutcome.objects.filter(review=review).exists():
        return []
    url = (reverse("decisions:decision", args=[review.uuid])
           if access.can(names.viewer, review, Permission.VIEW_RAPID_REVIEW) else "")
    escalation = Escalation.objects.filter(review=review).first()
    if escalation is not None:
        waited = working_days_between(escalation.opened_on, timezone.localdate())
        return [Blocker("Waiting for the independent scrutineer's final decision: the partners "
                        f"disagreed on {escalation.opened_on:%-d %B %Y}, {waited} working "
                        f"day{'' if waited == 1 else 's'} ago", "The independent scrutineer", url)]
    decided = set(PartnerDecision.objects.filter(review=review).values_list("partner_for",
                                                                            flat=True))
    words = [PARTNER_WORDS[PartnerFor(p)] for p in PARTNER_ORDER if p not in decided]
    return [Blocker(f"Waiting for the {partner}'s decision on whether to hold a review",
                    f"The safeguarding partner for the {partner} (or the business manager for "
                    "them)", url) for partner in words]
