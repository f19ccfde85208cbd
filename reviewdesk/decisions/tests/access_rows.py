"""Rows for the access matrix (reviewdesk/reviews/tests/test_access_matrix.py).

The marked review is at the notification or report stage, never at the decision: the decision
page still answers (it shows where the decision stands) for everyone who may read the rapid
review, and a POST of an empty form comes back with its errors (200) for those who may record
that decision, and 403 for the others who can see the review. Nothing can be recorded at those
stages anyway; the empty POST changes nothing.
"""

from datetime import date

from django.urls import reverse

from reviewdesk.decisions.models import PanelResponse, PartnerDecision
from reviewdesk.reviews.tests.test_access_matrix import CHILD, MOTHER, TYPED, MatrixContext

URL_NAMES = {"decisions:decision", "decisions:record_partner_decision",
             "decisions:record_final_decision", "decisions:record_panel_response"}

BM, PARTNER, SCRUTINEER, SUBGROUP, OTHER_SUBGROUP, LEAD = (
    "business_manager", "partner", "scrutineer", "subgroup_member", "other_subgroup",
    "lead_reviewer")
# Permission.VIEW_RAPID_REVIEW: the partnership's officers, the review's reviewers and subgroup.
READERS = {BM, PARTNER, SCRUTINEER, SUBGROUP, OTHER_SUBGROUP, LEAD}


def rows(ctx: MatrixContext) -> dict:
    review = ctx.review
    # Free text that names the family: only those with identity access may see it as typed.
    # (From the commissioning stage on, the partners' decisions were recorded on the way there:
    # this one is rewritten.)
    PartnerDecision.objects.update_or_create(
        review=review, partner_for="local_authority", defaults={
            "outcome": "local_cspr",
            "reasons": f"{MOTHER} asked for help twice before {CHILD} was hurt. {TYPED}",
            "meets_criteria": "yes", "subgroup_recommended": "recommended",
            "lines_of_enquiry": f"What was known about {CHILD}'s home.",
            "methodology": "Systems approach", "decided_on": date(2026, 3, 10),
            "recorded_by": ctx.business_manager, "on_behalf_of": ctx.people[PARTNER]})
    PanelResponse.objects.create(
        review=review, received_on=date(2026, 3, 11), panel_decision="local",
        notes=f"The Panel spoke with {MOTHER}'s advocate. {TYPED}", recorded_by=ctx.business_manager)

    def post_only(allowed: set[str]) -> tuple[dict[str, int], dict[str, int]]:
        # A GET is refused before anything is looked up; an empty POST comes back with errors.
        get = {p: (302 if p == "anonymous" else 405) for p in ctx.review_page(READERS)}
        return get, ctx.review_page(allowed)

    def row(name: str, allowed: set[str]) -> tuple[str, dict[str, int], dict[str, int]]:
        return (reverse(name, args=[review.uuid]), *post_only(allowed))

    return {
        "decisions:decision": (reverse("decisions:decision", args=[review.uuid]),
                               ctx.review_page(READERS), None),
        "decisions:record_partner_decision": row("decisions:record_partner_decision",
                                                 {BM, PARTNER}),
        "decisions:record_final_decision": row("decisions:record_final_decision",
                                               {BM, SCRUTINEER}),
        "decisions:record_panel_response": row("decisions:record_panel_response", {BM}),
    }
