"""Rows for the access matrix (reviewdesk/reviews/tests/test_access_matrix.py).

The review has a clean version of the report that the review's subgroup member has signed off in
their own name, with a note naming every marker, so the sign-off page shows them only through each
reader's redactor. The page is read by those who may read the report: the executive group once the
subgroup's sign-off stands, which at the report stage it does not (one member's own sign-off is
not the subgroup's), and beyond it does (the walk to publication signs the report off). Each
step's form is used by those who may take it. At the report stage the business manager's steps go
through, in order, in their own run of the matrix (the subgroup's meeting, the Executive Group's
sign-off and decision, a partner's approval for them); the subgroup member's own sign-off is
refused on the form as already given, the executive member's and the partner's as before the step
they follow, and a CSPR's publication intent as a learning review's decision only. Away from the
report stage every form refuses, on the form, with the reason.
"""

from datetime import date

from django.urls import reverse

from reviewdesk.reports.actions import upload_version
from reviewdesk.reports.models import Approval
from reviewdesk.reports.scanning import run_check
from reviewdesk.reviews.tests.test_access_matrix import MatrixContext, day
from reviewdesk.signoff.checks import accept_checklist_as_it_is
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
    # Checked, and what its checklist finds in a short report accepted as it is, as the
    # business manager would before the subgroup's meeting: sign-off may then be recorded.
    assert version.draft_check_id is not None
    run_check(version.draft_check_id)
    accept_checklist_as_it_is(version, by=bm, reason=f"Accepted; {m['typed']}",
                              on=date(2026, 3, 10))
    member = ctx.people[SUBGROUP]
    assert member is not None
    Approval.objects.create(
        review=review, version=version, step=Approval.Step.SUBGROUP_MEMBER, approver=member,
        decided_on=date(2026, 3, 11),
        reasons=f"Agreed; {m['child']} and {m['mother']} at {m['address']}, as {m['practitioner']} "
                f"and {m['author']} said. {m['typed']}", recorded_by=member)
    at_report = ctx.stage == "report"
    # The executive group reads the report once the subgroup's sign-off stands: beyond the report
    # stage (the walk signed it off), not at it.
    executive_reads = set() if at_report else {EXECUTIVE} & ctx.sees

    def url(name: str) -> str:
        return reverse(f"signoff:{name}", args=[review.uuid])

    def signed(on: date, **more: object) -> dict:
        return {"report_version": version.number, **day("decided_on", on), "reasons": "", **more}

    subgroup = ctx.review_page({BM, SUBGROUP})
    executive = ctx.review_page({BM, EXECUTIVE})
    partner = ctx.review_page({BM, PARTNER})
    return {
        "signoff:page": (url("page"), ctx.review_page({BM, LEAD, SUBGROUP, PARTNER}
                                                      | executive_reads), None),
        # Each step is refused on its form for all who may use it, the business manager too: by
        # the time it is sent, the reports rows' upload (sent before it) has made a newer
        # version, which names people. test_order and the browser tests record each step.
        "signoff:subgroup": (url("subgroup"), subgroup, subgroup, signed(date(2026, 3, 12))),
        "signoff:executive": (url("executive"), executive, executive,
                              signed(date(2026, 3, 12))),
        "signoff:publication": (url("publication"), executive, executive,
                                signed(date(2026, 3, 12), agrees="yes")),
        "signoff:partner": (url("partner"), partner, partner,
                            signed(date(2026, 3, 13), partner_for="police")),
        "signoff:intent": (url("intent"), subgroup, subgroup, {
            "will_publish": "no", "reasons": "The family would be known.",
            **day("decided_on", date(2026, 3, 12))}),
    }
