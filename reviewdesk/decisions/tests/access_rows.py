"""Rows for the access matrix (reviewdesk/reviews/tests/test_access_matrix.py).

The decision page answers at every stage (it shows where the decision stands) for everyone who
may read the rapid review; its forms are POST only. Each sends a valid form. At the decision stage
the local authority's partner (or the business manager on their behalf) records that partner's
decision and is sent back to the page; at other stages the form comes back with the reason
(decisions are recorded at the decision stage). The police's decision and the Panel's response
are already recorded, with free text naming the family, so the Panel's response form comes back
saying so, and the scrutineer has nothing to settle until all three partners disagree (settling
it would move the review on).
"""

from datetime import date

from django.urls import reverse

from reviewdesk.decisions.models import PanelResponse, PartnerDecision
from reviewdesk.reviews.tests.test_access_matrix import MatrixContext, day, done

URL_NAMES = {"decisions:decision", "decisions:record_partner_decision",
             "decisions:record_final_decision", "decisions:record_panel_response"}

BM, PARTNER, SCRUTINEER, SUBGROUP, OTHER_SUBGROUP, LEAD = (
    "business_manager", "partner", "scrutineer", "subgroup_member", "other_subgroup",
    "lead_reviewer")
# Permission.VIEW_RAPID_REVIEW: the partnership's officers, the review's reviewers and subgroup.
READERS = {BM, PARTNER, SCRUTINEER, SUBGROUP, OTHER_SUBGROUP, LEAD}


def rows(ctx: MatrixContext) -> dict:
    review, m = ctx.review, ctx.markers
    # Free text that names the family: only those with identity access may see it as typed.
    # (From the commissioning stage on, the partners' decisions were recorded on the way there:
    # the police's is rewritten. The local authority's is left to record at the decision stage.)
    PartnerDecision.objects.update_or_create(
        review=review, partner_for="police", defaults={
            "outcome": "local_cspr",
            "reasons": f"{m['mother']} asked for help twice before {m['child']} was hurt. "
                       f"{m['typed']}",
            "meets_criteria": "yes", "subgroup_recommended": "recommended",
            "lines_of_enquiry": f"What was known about {m['child']}'s home.",
            "methodology": "Systems approach", "decided_on": date(2026, 3, 10),
            "recorded_by": ctx.business_manager, "on_behalf_of": None})
    PanelResponse.objects.create(
        review=review, received_on=date(2026, 3, 11), panel_decision="local",
        notes=f"The Panel spoke with {m['mother']}'s advocate. {m['typed']}",
        recorded_by=ctx.business_manager)

    def post_only(allowed: set[str]) -> tuple[dict[str, int], dict[str, int]]:
        # A GET is refused before anything is looked up; a valid form is recorded only at the
        # decision stage (sent back to the page), else comes back with the reason.
        get = {p: (302 if p == "anonymous" else 405) for p in ctx.review_page(READERS)}
        return get, ctx.review_page(allowed)

    def row(name: str, allowed: set[str], body: dict) -> tuple:
        return (reverse(name, args=[review.uuid]), *post_only(allowed), body)

    partner, scrutineer = ctx.people[PARTNER], ctx.people[SCRUTINEER]
    assert partner is not None and scrutineer is not None
    decided = {**day("partner-decided_on", date(2026, 3, 12)),
               # Only the business manager's form asks whose decision it is and for whom.
               "partner-partner_for": "local_authority",
               "partner-on_behalf_of": partner.pk,
               "partner-outcome": "local_cspr", "partner-reasons": "The criteria are met.",
               "partner-meets_criteria": "yes", "partner-subgroup_recommended": "recommended",
               "partner-lines_of_enquiry": "What was known at home.",
               "partner-methodology": "Systems approach"}
    partner_row = row("decisions:record_partner_decision", {BM, PARTNER}, decided)
    if ctx.stage == "decision":
        partner_row = (partner_row[0], partner_row[1], done(partner_row[2]), partner_row[3])
    settled = {**day("final-decided_on", date(2026, 3, 12)),
               "final-on_behalf_of": scrutineer.pk, "final-outcome": "local_cspr",
               "final-reasons": "The partners' reasons for a review are stronger.",
               "final-lines_of_enquiry": "What was known at home.",
               "final-methodology": "Systems approach"}
    answered = {**day("panel-received_on", date(2026, 3, 12)), "panel-panel_decision": "local",
                "panel-notes": "The Panel agreed a local review."}
    return {
        "decisions:decision": (reverse("decisions:decision", args=[review.uuid]),
                               ctx.review_page(READERS), None),
        "decisions:record_partner_decision": partner_row,
        "decisions:record_final_decision": row("decisions:record_final_decision",
                                               {BM, SCRUTINEER}, settled),
        "decisions:record_panel_response": row("decisions:record_panel_response", {BM},
                                               answered),
    }
