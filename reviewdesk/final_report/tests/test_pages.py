"""The final report's pages: its state, making it, the reviewer's PDF refused where it differs
(the passages through the viewer's redactor), the downloads (audited), who may do what, and the
section on the review page."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from reviewdesk.accounts.models import User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.final_report import actions, converter
from reviewdesk.final_report.tests.conftest import Approvals, report_docx, upload
from reviewdesk.final_report.tests.test_supply import EDITED
from reviewdesk.reports.models import FinalReport, ReportVersion
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.tests.test_access_matrix import day
from reviewdesk.testing import ClientFor

pytestmark = pytest.mark.django_db


def page_of(review: Review) -> str:
    return reverse("final_report:report", args=[review.uuid])


def text(response: object) -> str:
    return html.unescape(response.content.decode())  # type: ignore[attr-defined]


def test_before_approval_the_page_says_why_nothing_can_be_made(
        client_for: ClientFor, version: ReportVersion, approvals: Approvals,
        lead_reviewer: User) -> None:
    page = text(client_for(lead_reviewer).get(page_of(version.review)))
    assert "No final report has been made yet." in page
    assert "The report has not been approved by everyone who must approve it" in page
    assert "Make the PDF" not in page


def test_open_findings_are_counted_with_a_link_to_the_check(
        client_for: ClientFor, at_report: Review, lead_reviewer: User,
        approvals: Approvals) -> None:
    version = upload(at_report, lead_reviewer,
                     report_docx(["3.1 Kayden Moorcroft was seen at home."], pages=0))
    approvals.approve(version)
    assert version.draft_check is not None
    count = version.draft_check.findings.visible().count()
    page = text(client_for(lead_reviewer).get(page_of(at_report)))
    assert f"Open the publication check of version 1</a> ({count} open finding" in page
    assert reverse("reports:check", args=[at_report.uuid, version.draft_check.number]) in page
    assert "Make the PDF" not in page


def test_without_libreoffice_the_page_says_what_to_install(
        client_for: ClientFor, approved: ReportVersion, lead_reviewer: User,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(converter, "soffice_path", lambda: None)
    page = text(client_for(lead_reviewer).get(page_of(approved.review)))
    assert "install the Debian package libreoffice-writer-nogui" in page
    assert "Upload the lead reviewer's PDF" in page and ">Make the PDF<" not in page


def test_the_final_report_is_made_and_downloaded(
        soffice: str, client_for: ClientFor, approved: ReportVersion, business_manager: User,
        lead_reviewer: User, subgroup_member: User) -> None:
    review = approved.review
    client = client_for(business_manager)
    produce = reverse("final_report:produce", args=[review.uuid])
    assert "Make the final report" in text(client.get(produce))
    response = client.post(produce, {**day("produced_on", timezone.localdate()),
                                     "on_behalf_of": lead_reviewer.pk})
    assert response.status_code == 302 and response["Location"] == page_of(review)
    final = FinalReport.objects.get()
    assert final.on_behalf_of == lead_reviewer
    page = text(client.get(page_of(review)))
    assert "Final report made from version 1" in page
    assert "Made with LibreOffice" not in page and "Made from the Word document" in page
    assert final.pdf_sha256 in page and "1 pieces of hidden text" not in page
    # A subgroup member downloads both files; each download is recorded.
    reader = client_for(subgroup_member)
    pdf = reader.get(reverse("final_report:download", args=[review.uuid, final.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == (
        f'attachment; filename="{review.reference}-final-report-v1.pdf"')
    assert pdf.content == final.pdf.read()
    docx = reader.get(reverse("final_report:download", args=[review.uuid, final.pk, "docx"]))
    assert docx.content.startswith(b"PK")
    downloads = AuditEvent.objects.filter(event_type="final_report.downloaded").order_by("seq")
    assert [(e.actor, e.data["kind"]) for e in downloads] == [(subgroup_member, "pdf"),
                                                             (subgroup_member, "docx")]
    assert reader.get(reverse("final_report:download",
                              args=[review.uuid, final.pk, "txt"])).status_code == 404


def test_a_future_date_is_refused_on_the_form(client_for: ClientFor, approved: ReportVersion,
                                              business_manager: User) -> None:
    review = approved.review
    response = client_for(business_manager).post(
        reverse("final_report:produce", args=[review.uuid]),
        day("produced_on", timezone.localdate().replace(year=timezone.localdate().year + 1)))
    assert response.status_code == 200
    assert "Date of the final report cannot be in the future." in text(response)
    assert not FinalReport.objects.exists()


def test_a_differing_pdf_is_refused_showing_where(
        soffice: str, client_for: ClientFor, approved: ReportVersion,
        lead_reviewer: User) -> None:
    review = approved.review
    pdf = converter.docx_to_pdf(report_docx(EDITED))
    response = client_for(lead_reviewer).post(
        reverse("final_report:supply", args=[review.uuid]),
        {"file": SimpleUploadedFile("final.pdf", pdf, "application/pdf"),
         **day("produced_on", timezone.localdate())})
    assert response.status_code == 200
    page = text(response)
    assert "The PDF's text differs from version 1 of the report in 1 place: at 3.2 (page 1)" in page
    assert "Where the PDF differs from the Word document" in page
    assert "visited the family the same week" in page
    assert not FinalReport.objects.exists()


def test_who_may_see_and_make_it(client_for: ClientFor, approved: ReportVersion,
                                 practitioner: User, partner: User, subgroup_member: User,
                                 agency_author: User) -> None:
    review = approved.review
    produce = reverse("final_report:produce", args=[review.uuid])
    assert client_for(subgroup_member).get(page_of(review)).status_code == 200
    assert client_for(subgroup_member).get(produce).status_code == 403
    assert client_for(partner).get(page_of(review)).status_code == 403
    assert client_for(practitioner).get(page_of(review)).status_code == 403
    assert client_for(None).get(page_of(review)).status_code == 302


def test_the_review_page_has_a_final_report_section(
        client_for: ClientFor, approved: ReportVersion, business_manager: User) -> None:
    page = text(client_for(business_manager).get(
        reverse("reviews:review", args=[approved.review.uuid])))
    assert 'id="final-report"' in page
    assert "Version 1 is approved and ready to be made into the final report." in page


def test_an_earlier_final_report_is_listed_as_replaced(
        client_for: ClientFor, approved: ReportVersion, business_manager: User,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(converter, "docx_to_pdf", lambda docx: _tiny_pdf())
    actions.produce(approved.review, by=business_manager)
    actions.produce(approved.review, by=business_manager)
    page = text(client_for(business_manager).get(page_of(approved.review)))
    assert "Earlier final reports, replaced" in page


def _tiny_pdf() -> bytes:
    import io

    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(200, 200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
