"""What other apps read: the settled decision and the initial scope for the terms of reference."""

from datetime import date

from reviewdesk.accounts.models import PartnerFor
from reviewdesk.decisions import actions
from reviewdesk.decisions.models import Outcome
from reviewdesk.decisions.selectors import decision_summary, initial_scope
from reviewdesk.decisions.tests.helpers import decide


def test_there_is_no_summary_or_scope_before_anyone_decides(at_decision):
    assert decision_summary(at_decision) is None
    assert initial_scope(at_decision) == {"lines_of_enquiry": "", "methodology": ""}


def test_a_partial_decision_has_a_scope_but_no_summary(at_decision, partner):
    decide(at_decision, partner, lines_of_enquiry="Information sharing.",
           methodology="Systems approach")
    assert decision_summary(at_decision) is None
    assert initial_scope(at_decision) == {
        "lines_of_enquiry": "Local authority: Information sharing.",
        "methodology": "Systems approach"}


def test_the_summary_of_an_agreed_decision(at_decision, partners):
    decide(at_decision, partners[PartnerFor.POLICE], on=date(2026, 3, 30),
           lines_of_enquiry="Police response to calls.", methodology="a systems approach")
    decide(at_decision, partners[PartnerFor.LOCAL_AUTHORITY], on=date(2026, 3, 24))
    decide(at_decision, partners[PartnerFor.HEALTH], on=date(2026, 3, 27))
    summary = decision_summary(at_decision)
    assert summary == {
        "outcome_label": "Local child safeguarding practice review",
        "outcome": "local_cspr",
        "decided_on": date(2026, 3, 30),
        "reasons": ("Local authority: The local_authority partner's reasons.\n\n"
                    "Health (ICB): The health partner's reasons.\n\n"
                    "Police: The police partner's reasons."),
        "decided_by_label": "The three safeguarding partners, in agreement",
        "partners": [
            {"partner_label": "Local authority",
             "outcome_label": "Local child safeguarding practice review",
             "reasons": "The local_authority partner's reasons.", "decided_on": date(2026, 3, 24)},
            {"partner_label": "Health (ICB)",
             "outcome_label": "Local child safeguarding practice review",
             "reasons": "The health partner's reasons.", "decided_on": date(2026, 3, 27)},
            {"partner_label": "Police",
             "outcome_label": "Local child safeguarding practice review",
             "reasons": "The police partner's reasons.", "decided_on": date(2026, 3, 30)},
        ],
    }
    # The same methodology from two partners is said once.
    assert initial_scope(at_decision) == {
        "lines_of_enquiry": ("Local authority: How agencies shared information about the family."
                             "\n\nPolice: Police response to calls."),
        "methodology": "A systems approach"}


def test_the_summary_and_scope_after_the_scrutineer_decides(at_decision, partners, scrutineer):
    decide(at_decision, partners[PartnerFor.LOCAL_AUTHORITY], Outcome.LOCAL_CSPR)
    decide(at_decision, partners[PartnerFor.HEALTH], Outcome.NO_REVIEW,
           methodology="Appreciative inquiry")
    decide(at_decision, partners[PartnerFor.POLICE], Outcome.NO_REVIEW)
    actions.record_final_decision(at_decision, by=scrutineer, outcome=Outcome.LOCAL_CSPR,
                                  reasons="The criteria are met.", decided_on=date(2026, 4, 1),
                                  lines_of_enquiry="Escalation between agencies.")
    summary = decision_summary(at_decision)
    assert summary["decided_by_label"] == ("The independent scrutineer, after the partners "
                                           "disagreed")
    assert (summary["outcome"], summary["reasons"], summary["decided_on"]) == (
        "local_cspr", "The criteria are met.", date(2026, 4, 1))
    assert [p["outcome_label"] for p in summary["partners"]] == [
        "Local child safeguarding practice review", "No review", "No review"]
    assert initial_scope(at_decision) == {
        "lines_of_enquiry": ("Local authority: How agencies shared information about the family."
                             "\n\nIndependent scrutineer: Escalation between agencies."),
        "methodology": "Local authority: A systems approach\n\nHealth (ICB): Appreciative inquiry"}
