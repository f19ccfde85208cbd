"""What other apps read about the decision (commissioning seeds the terms of reference draft
from it). Plain data, not models; free text comes back as typed, so a page showing it must pass
it through the viewer's ``Names.redact``."""

from typing import Any

from reviewdesk.decisions.models import DecisionOutcome, PartnerDecision
from reviewdesk.reviews.models import Review

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
