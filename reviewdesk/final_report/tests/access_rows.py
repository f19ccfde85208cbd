"""Rows for the access matrix (reviewdesk/reviews/tests/test_access_matrix.py).

The version behind the final report names every marker (family and staff identities), and the
kept final report's files are that version's, so a download by anyone who may not have the report's
files would leak them. The final report page, its downloads and its section are for those who get
the report's files (VIEW_REPORT_FILES: the business manager, the lead reviewer, the subgroup
members); making it is the lead reviewer's, or the business unit's for them
(PRODUCE_FINAL_REPORT). The report is not approved in the matrix's world (no sign-off is
recorded), so those allowed to make it are shown the form again with the reason: the refusal is
the approval rule's, after the access rule let them in.
"""

import io

import pypdf
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from reviewdesk.reports import actions as report_actions
from reviewdesk.reports.models import FinalReport
from reviewdesk.reports.tests.helpers import report_docx
from reviewdesk.reviews.tests.test_access_matrix import MatrixContext, day

URL_NAMES = {"final_report:report", "final_report:produce", "final_report:supply",
             "final_report:download"}

BM, SUBGROUP, LEAD = "business_manager", "subgroup_member", "lead_reviewer"


def tiny_pdf() -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(200, 200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def rows(ctx: MatrixContext) -> dict:
    review, bm, m = ctx.review, ctx.business_manager, ctx.markers
    data = report_docx(("Introduction", 1),
                       f"{m['child']} lived with {m['mother']} at {m['address']}.",
                       f"{m['practitioner']} and {m['author']} met the family. {m.get('typed', '')}")
    # The latest version the other apps' rows made, where there is one: a newer one here would
    # take the sign-off rows' version's place as the one to sign off. The final report's files
    # below name every marker either way.
    version = review.report_versions.order_by("-number").first() or report_actions.upload_version(
        review, by=bm, data=data, filename=f"{m['child']} final.docx")
    final = FinalReport(review=review, version=version, source=FinalReport.Source.CONVERTED,
                        produced_on=timezone.localdate(), recorded_by=bm, docx_sha256="0" * 64,
                        pdf_sha256="0" * 64,
                        text_check={"matches": True, "differences": [], "more": 0,
                                    "words_in_word": 20, "words_in_pdf": 20})
    final.docx.save("matrix.docx", ContentFile(data), save=False)
    final.pdf.save("matrix.pdf", ContentFile(tiny_pdf()), save=False)
    final.save()

    def url(name: str, *more: object) -> str:
        return reverse(f"final_report:{name}", args=[review.uuid, *more])

    readers = ctx.review_page({BM, LEAD, SUBGROUP})
    makers = ctx.review_page({BM, LEAD})
    today = timezone.localdate()

    def supplied() -> dict:
        return {"file": SimpleUploadedFile("final.pdf", tiny_pdf(), content_type="application/pdf"),
                **day("produced_on", today)}

    return {
        "final_report:report": (url("report"), readers, None),
        # Not approved: those allowed see the form again, with the reason.
        "final_report:produce": (url("produce"), makers, makers, day("produced_on", today)),
        "final_report:supply": (url("supply"), makers, makers, supplied),
        "final_report:download": (url("download", final.pk, "docx"), readers, None),
    }
