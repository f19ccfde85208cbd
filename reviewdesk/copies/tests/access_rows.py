"""Rows for the access matrix (reviewdesk/reviews/tests/test_access_matrix.py).

The copies page is read by those who read the publication stage's records (VIEW_PUBLICATION: the
business manager, the partnership's oversight roles, the review's lead reviewer and subgroup
members, and the executive group from the report stage); sending copies, sending a failed one
again and recording the repository deposit are the business manager's (MANAGE_PUBLICATION); a
learning review's copies decision is the subgroup's, recorded by its members on the review or by
the business manager (SIGN_OFF_FOR_SUBGROUP). The matrix's review is a local CSPR, so the
decision is refused on its form, with the reason; sending and the deposit go through from the
publication stage on and are refused on the form before it. A decision and a deposit are made
here with every marker in their reasons and reference (the page shows them through each
reader's redactor), and a copy to the DfE whose e-mail failed, for the row that sends it again.
"""

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from reviewdesk.copies.selectors import COPY_STAGES, notice_key
from reviewdesk.final_report import actions as final_report_actions
from reviewdesk.final_report.testing import small_pdf
from reviewdesk.notices.models import Notice
from reviewdesk.publication.models import CopiesDecision, NationalCopy, RepositoryDeposit
from reviewdesk.reports import actions as report_actions
from reviewdesk.reports.models import FinalReport
from reviewdesk.reports.tests.helpers import report_docx
from reviewdesk.reviews.tests.test_access_matrix import MatrixContext, day

URL_NAMES = {"copies:page", "copies:send", "copies:decide", "copies:deposit", "copies:retry"}

BM, PARTNER, SCRUTINEER, SUBGROUP, OTHER_SUBGROUP, EXECUTIVE, LEAD, ANON = (
    "business_manager", "partner", "scrutineer", "subgroup_member", "other_subgroup", "executive",
    "lead_reviewer", "anonymous")
EXECUTIVE_FROM = ("report", "publication", "action_plan", "closed")


def _final_report(ctx: MatrixContext) -> FinalReport:
    """The final report that stands: the final report's rows make one; if they have not, one
    here the same way."""
    review, bm = ctx.review, ctx.business_manager
    current = final_report_actions.current(review)
    if current is not None:
        return current
    version = review.report_versions.order_by("-number").first() or report_actions.upload_version(
        review, by=bm, data=report_docx(("Introduction", 1), "Child A lived at home."),
        filename="final.docx")
    final = FinalReport(review=review, version=version, source=FinalReport.Source.CONVERTED,
                        produced_on=timezone.localdate(), recorded_by=bm, docx_sha256="0" * 64,
                        pdf_sha256="0" * 64,
                        text_check={"matches": True, "differences": [], "more": 0,
                                    "words_in_word": 5, "words_in_pdf": 5})
    final.docx.save("copies-matrix.docx", ContentFile(b"docx"), save=False)
    final.pdf.save("copies-matrix.pdf", ContentFile(small_pdf()), save=False)
    final.save()
    return final


def rows(ctx: MatrixContext) -> dict:
    review, bm, m = ctx.review, ctx.business_manager, ctx.markers
    final = _final_report(ctx)
    today = timezone.localdate()
    CopiesDecision.objects.create(
        review=review, decided_on=today, bodies=["panel"], recorded_by=bm,
        reasons=f"{m['child']} and {m['mother']} at {m['address']}; {m['practitioner']} and "
                f"{m['author']} agreed. {m['typed']}")
    RepositoryDeposit.objects.create(
        review=review, deposited_on=today, recorded_by=bm,
        reference=f"NCRR {m['child']} {m['practitioner']} {m['typed']}")
    failed = NationalCopy.objects.create(review=review, body="dfe", final_report=final,
                                         sent_on=today, recorded_by=bm)
    Notice.objects.create(
        partnership_id=review.partnership_id, review=review, purpose="copy to a national body",
        dedupe_key=notice_key(failed), recipient_label="Department for Education", recipients=[],
        subject=f"{review.reference}: the final report", body="The final report.",
        status=Notice.Status.FAILED, last_error="No e-mail address to send to.")

    def url(name: str, *more: object) -> str:
        return reverse(f"copies:{name}", args=[review.uuid, *more])

    readers = ctx.review_page({BM, PARTNER, SCRUTINEER, SUBGROUP, OTHER_SUBGROUP, LEAD}
                              | ({EXECUTIVE} if ctx.stage in EXECUTIVE_FROM else set()))
    managers = ctx.review_page({BM})
    subgroup = ctx.review_page({BM, SUBGROUP})
    goes_through = ctx.stage in COPY_STAGES

    def done_if(expected: dict[str, int], through: bool) -> dict[str, int]:
        return {p: (302 if code == 200 and through else code) for p, code in expected.items()}

    return {
        "copies:page": (url("page"), readers, None),
        # Ofsted and the Panel (the DfE's copy is the failed one above).
        "copies:send": (url("send"), managers, done_if(managers, goes_through),
                        {"bodies": ["ofsted", "panel"], **day("sent_on", today)}),
        # A local CSPR's copies go to all three: the decision is refused on its form.
        "copies:decide": (url("decide"), subgroup, subgroup, {
            "bodies": ["panel"], "reasons": f"{m['child']} and {m['practitioner']}. {m['typed']}",
            **day("decided_on", today)}),
        "copies:deposit": (url("deposit"), managers, done_if(managers, goes_through), {
            "reference": f"NCRR {m['child']} {m['author']}", **day("deposited_on", today)}),
        # A button: sent again, or refused with a message (no address yet), back to the page.
        "copies:retry": (url("retry", failed.pk), {p: 302 if p == ANON else 405
                                                   for p in readers},
                         done_if(managers, True)),
    }
