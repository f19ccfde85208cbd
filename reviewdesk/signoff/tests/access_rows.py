"""Rows for the access matrix (reviewdesk/reviews/tests/test_access_matrix.py).

The review has a version of the report whose subgroup sign-off is recorded with a note naming
every marker, so the sign-off page shows them only through each reader's redactor. The page is
read by those who may read the report (the executive group once the subgroup has signed off: here
from the report stage); each step's form by those who may take it. At the report stage the
Executive Group's sign-off and its decision go through (the subgroup has signed off); the
subgroup's is refused on the form as already recorded, a partner's own approval as before the
Executive Group's (in their own run of the matrix it has not signed off), a CSPR's publication
intent as a learning reviews' decision only. Away from the report stage every form refuses, on the
form, with the reason.
"""

from datetime import date

from django.urls import reverse

from reviewdesk.reports.actions import upload_version
from reviewdesk.reports.models import Approval
from reviewdesk.reviews.tests.test_access_matrix import MatrixContext, day, done
from reviewdesk.signoff.testing import clean_report

URL_NAMES = {"signoff:page", "signoff:subgroup", "signoff:executive", "signoff:publication",
             "signoff:partner", "signoff:intent"}

BM, SUBGROUP, LEAD, PARTNER, EXECUTIVE = (
    "business_manager", "subgroup_member", "lead_reviewer", "partner", "executive")


def rows(ctx: MatrixContext) -> dict:
    review, m, bm = ctx.review, ctx.markers, ctx.business_manager
    version = upload_version(review, by=bm, data=clean_report(),
                             filename=f"{m['child']} report.docx", written_on=date(2026, 3, 10),
                             note=f"Amended after {m['typed']}")
    Approval.objects.create(
        review=review, version=version, step=Approval.Step.SUBGROUP, decided_on=date(2026, 3, 11),
        reasons=f"Agreed; {m['child']} and {m['mother']} at {m['address']}, as {m['practitioner']} "
                f"and {m['author']} said. {m['typed']}", recorded_by=bm)
    review.__dict__.pop("_subgroup_signed_off", None)
    executive_sees = {EXECUTIVE} & ctx.sees
    at_report = ctx.stage == "report"

    def url(name: str) -> str:
        return reverse(f"signoff:{name}", args=[review.uuid])

    def signed(on: date, **more: object) -> dict:
        return {"report_version": version.number, **day("decided_on", on), "reasons": "", **more}

    subgroup = ctx.review_page({BM, SUBGROUP})
    executive = ctx.review_page({BM} | executive_sees)
    partner = ctx.review_page({BM, PARTNER})
    # Where the step goes through, those allowed are sent back to the page.
    executive_post = done(executive) if at_report else executive
    partner_post = ({p: 302 if p == BM else code for p, code in partner.items()} if at_report
                    else partner)
    return {
        "signoff:page": (url("page"), ctx.review_page({BM, LEAD, SUBGROUP, PARTNER}
                                                      | executive_sees), None),
        "signoff:subgroup": (url("subgroup"), subgroup, subgroup, signed(date(2026, 3, 12))),
        "signoff:executive": (url("executive"), executive, executive_post,
                              signed(date(2026, 3, 12))),
        "signoff:publication": (url("publication"), executive, executive_post,
                                signed(date(2026, 3, 12), agrees="yes")),
        "signoff:partner": (url("partner"), partner, partner_post,
                            signed(date(2026, 3, 13), partner_for="police")),
        "signoff:intent": (url("intent"), subgroup, subgroup, {
            "will_publish": "no", "reasons": "The family would be known.",
            **day("decided_on", date(2026, 3, 12))}),
    }
