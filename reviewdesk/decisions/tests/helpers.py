"""Helpers for the decision tests: bring a review to the decision stage, record a decision."""

from datetime import date

from reviewdesk.accounts.models import PartnerFor, User
from reviewdesk.decisions import actions
from reviewdesk.decisions.models import CriteriaView, Outcome, PartnerDecision, SubgroupView
from reviewdesk.rapid_review.testing import through_the_rapid_review
from reviewdesk.reviews.models import Review

RAPID_REVIEW_DONE = date(2026, 3, 20)  # the decision stage starts here


def bring_to_decision(review: Review, by: User) -> Review:
    """Through the rapid review, its record finished, as the business manager would."""
    review = through_the_rapid_review(review, by=by, started_on=date(2026, 3, 4),
                                      completed_on=RAPID_REVIEW_DONE)
    review.refresh_from_db()
    return review


def decide(review: Review, person: User, outcome: str = Outcome.LOCAL_CSPR, *,
           on: date = date(2026, 3, 25), **overrides: object) -> PartnerDecision:
    """A partner records their own decision, with everything a decision may carry."""
    values = {
        "partner_for": person.partner_for, "outcome": outcome,
        "reasons": f"The {person.partner_for} partner's reasons.",
        "meets_criteria": CriteriaView.YES, "subgroup_recommended": SubgroupView.RECOMMENDED,
        "decided_on": on, "lines_of_enquiry": "", "methodology": "",
    }
    if outcome != Outcome.NO_REVIEW and person.partner_for == PartnerFor.LOCAL_AUTHORITY:
        values |= {"lines_of_enquiry": "How agencies shared information about the family.",
                   "methodology": "A systems approach"}
    values.update(overrides)
    return actions.record_partner_decision(review, by=person, **values)


def date_fields(prefix: str, name: str, day: date) -> dict[str, str]:
    return {f"{prefix}-{name}-day": str(day.day), f"{prefix}-{name}-month": str(day.month),
            f"{prefix}-{name}-year": str(day.year)}
