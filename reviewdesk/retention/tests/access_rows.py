"""Rows for the access matrix (reviewdesk/reviews/tests/test_access_matrix.py).

The review has a legal hold whose reason names every marker, so the retention page shows it
only through each reader's redactor. The retention page and the hold, lift and erase pages are
the business manager's. Saving the period is accepted; placing a hold is refused on the form (one
is on already), as is lifting it (the date given is before it was placed) and erasing the review
(a hold is on it, whatever its stage): those allowed see the form again with the reason.
"""

from datetime import date, timedelta

from django.urls import reverse

from reviewdesk.retention.models import LegalHold
from reviewdesk.reviews.tests.test_access_matrix import MatrixContext, day, done, version_of

URL_NAMES = {"retention:overview", "retention:hold", "retention:lift", "retention:erase"}

BM = "business_manager"


def rows(ctx: MatrixContext) -> dict:
    review, bm, m = ctx.review, ctx.business_manager, ctx.markers
    placed_on = date(2026, 3, 5)
    LegalHold.objects.create(
        review=review, placed_on=placed_on, placed_by=bm,
        reason=f"Inquest into {m['child']} ({m['alias']}) of {m['address']}; {m['mother']} and "
               f"{m['practitioner']} to give evidence, as {m['author']} said. {m['typed']}")
    partnership = review.partnership

    def url(name: str) -> str:
        return reverse(f"retention:{name}", args=[review.uuid])

    manager = ctx.review_page({BM})
    business_manager = ctx.partnership_page({BM})
    return {
        "retention:overview": (reverse("retention:overview"), business_manager,
                               done(business_manager),
                               lambda: {"years": "15", "policy": "Records schedule v4, 7.2",
                                        "version": version_of(partnership)}),
        # A hold is on already: refused on the form.
        "retention:hold": (url("hold"), manager, manager,
                           {"reason": f"Again; {m['typed']}", **day("placed_on", placed_on)}),
        # Lifted before it was placed: refused on the form.
        "retention:lift": (url("lift"), manager, manager,
                           {"reason": f"Done; {m['typed']}",
                            **day("lifted_on", placed_on - timedelta(days=1))}),
        # A hold is on it: refused on the form.
        "retention:erase": (url("erase"), manager, manager, {"confirm": review.reference}),
    }
