"""Rows for the access matrix (reviewdesk/reviews/tests/test_access_matrix.py).

A hold linked to a parallel process carries marker names in every free-text field (its reason,
who decided; the process's kind in words and reference), so the holds page shows markers to
everyone who reads it, through their redactor. Those who read the publication stage
(VIEW_PUBLICATION: the partnership's oversight roles, the lead reviewer and the executive group)
read the holds and the advance copy; only the business manager adds and releases a hold and
sends the advance copy (MANAGE_PUBLICATION). The partnership's notice addresses are set here, so
the notices to the Panel and the Secretary of State have somewhere to go.

The world's review has a published report (the time on the website's rows need one: made here as
they make it, so whichever runs first, both use the same): a hold or an advance copy can only come
before publication, so those allowed to add a hold or send the advance copy get the form again
with the reason, after the access rule let them in. Releasing the hold is still done.
"""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from reviewdesk.final_report.actions import current as current_final_report
from reviewdesk.final_report.tests.access_rows import tiny_pdf
from reviewdesk.holds import actions
from reviewdesk.parallel import actions as parallel_actions
from reviewdesk.parallel.models import ProcessKind
from reviewdesk.publication.models import Hold, Publication
from reviewdesk.publication.testing import make_publication
from reviewdesk.reports import actions as report_actions
from reviewdesk.reports.models import FinalReport
from reviewdesk.reports.tests.helpers import report_docx
from reviewdesk.reviews.tests.test_access_matrix import (
    BM,
    EXECUTIVE,
    LEAD,
    OVERSIGHT,
    MatrixContext,
    day,
    done,
)

URL_NAMES = {"holds:holds", "holds:add_hold", "holds:release_hold", "holds:advance_copy",
             "holds:record_advance_copy"}

READERS = OVERSIGHT | {LEAD, EXECUTIVE}


def _final_report(ctx: MatrixContext) -> FinalReport:
    """The final report the advance copy sends: the final report rows' own, where they made it."""
    review, bm, m = ctx.review, ctx.business_manager, ctx.markers
    final = current_final_report(review)
    if final is not None:
        return final
    data = report_docx(("Introduction", 1), f"{m['child']} lived with {m['mother']}.")
    version = review.report_versions.order_by("-number").first() or report_actions.upload_version(
        review, by=bm, data=data, filename="final.docx")
    final = FinalReport(review=review, version=version, source=FinalReport.Source.CONVERTED,
                        produced_on=timezone.localdate(), recorded_by=bm, docx_sha256="0" * 64,
                        pdf_sha256="0" * 64, text_check={})
    final.docx.save("holds.docx", ContentFile(data), save=False)
    final.pdf.save("holds.pdf", ContentFile(tiny_pdf()), save=False)
    final.save()
    return final


def rows(ctx: MatrixContext) -> dict:
    review, bm, m = ctx.review, ctx.business_manager, ctx.markers
    partnership = review.partnership
    partnership.panel_email = partnership.panel_email or "panel@example.test"
    partnership.dfe_email = partnership.dfe_email or "dfe@example.test"
    partnership.save(update_fields=["panel_email", "dfe_email"])
    _final_report(ctx)
    process = parallel_actions.record_process(
        review, by=bm, kind=ProcessKind.OTHER, other_kind=f"Hearing about {m['child']}",
        reference=f"Case of {m['mother']}", opened_on=date(2026, 3, 5))
    held: dict[str, Any] = {
        "process": process, "decided_on": date(2026, 3, 6),
        "reason": f"{m['mother']} gives evidence about {m['child']}; {m['typed']}",
        "decided_by": f"The partners, with {m['practitioner']} and {m['author']}"}
    try:
        hold = actions.add_hold(review, by=bm, **held)
    except ValidationError:  # another app's rows published it first: the record alone
        hold = Hold.objects.create(review=review, recorded_by=bm, **held)
    # Held before it was published; published since (as the time on the website's rows make it).
    if not Publication.objects.filter(review=review, state__in=actions.PUBLISHED_STATES).exists():
        make_publication(review, by=bm, published_on=date(2026, 9, 14), title="Child A",
                         slug=f"child-a-{partnership.code}".lower())

    def url(name: str, *more: object) -> str:
        return reverse(f"holds:{name}", args=[review.uuid, *more])

    readers = ctx.review_page(READERS)
    managers = ctx.review_page({BM})
    today = timezone.localdate()
    added = {"process": process.pk, "reason": f"{m['child']}'s trial; {m['typed']}",
             "decided_by": f"{m['practitioner']}, for the partners",
             **day("decided_on", date(2026, 3, 7)), "on_behalf_of": ""}
    released = {**day("released_on", date(2026, 3, 8)),
                "note": f"{m['mother']}'s hearing ended; {m['typed']}", "on_behalf_of": ""}
    return {
        "holds:holds": (url("holds"), readers, None),
        # Published since: refused with the reason (test_pages covers both forms' success).
        "holds:add_hold": (url("add_hold"), managers, managers, added),
        "holds:release_hold": (url("release_hold", hold.pk), managers, done(managers),
                               released),
        "holds:advance_copy": (url("advance_copy"), readers, None),
        "holds:record_advance_copy": (url("record_advance_copy"), managers, managers,
                                      {**day("sent_on", today), "on_behalf_of": ""}),
    }
