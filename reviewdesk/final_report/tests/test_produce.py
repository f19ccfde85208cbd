"""Making the final report from the approved version: stripped, converted by LibreOffice, kept
with the review; refused while findings are open or the report is not approved; a new one
replaces the last, which is kept."""

import hashlib
import io
from datetime import timedelta

import pypdf
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from reviewdesk.accounts.models import User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.final_report import actions, converter
from reviewdesk.final_report.tests.conftest import Approvals, report_docx, upload
from reviewdesk.lib.scanner.docx_reader import read_docx
from reviewdesk.reports.models import FinalReport, ReportVersion
from reviewdesk.reviews.models import Review

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(
        io.BytesIO(data)).pages)


def test_the_pdf_is_made_from_the_cleaned_word_document(
        soffice: str, at_report: Review, lead_reviewer: User, business_manager: User,
        approvals: Approvals) -> None:
    version = upload(at_report, lead_reviewer,
                     report_docx(hidden="Kept from the panel", author="Agatha Authorly"))
    approvals.approve(version)
    final = actions.produce(at_report, by=business_manager, on_behalf_of=lead_reviewer)

    assert final.version == version and final.source == FinalReport.Source.CONVERTED
    assert final.produced_on == timezone.localdate() and final.replaced_at is None
    assert final.recorded_by == business_manager and final.on_behalf_of == lead_reviewer
    pdf, docx = final.pdf.read(), final.docx.read()
    assert pdf.startswith(b"%PDF-")
    assert final.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
    assert final.docx_sha256 == hashlib.sha256(docx).hexdigest()
    # Stored under random names, never the report's own.
    assert "Child" not in str(final.pdf.name) + str(final.docx.name)
    text = pdf_text(pdf)
    assert "3.1 The health visitor saw Child A at home in January 2026" in text
    assert "4.1 The partnership should make sure" in text
    assert "Kept from the panel" not in text
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert not reader.metadata and "Agatha" not in pdf.decode("latin-1")
    assert "Agatha Authorly" not in read_docx(docx).text
    assert final.stripped["hidden_text"] == 1 and final.stripped["properties"] >= 2
    assert final.text_check["matches"] is True
    event = AuditEvent.objects.get(event_type="final_report.produced")
    assert event.on_behalf_of == lead_reviewer
    assert event.summary == "Produced the final report from version 1 (PDF made with LibreOffice)"
    assert event.data["stripped"]["hidden_text"] == 1


def test_refused_until_the_report_is_approved(approvals: Approvals, version: ReportVersion,
                                              business_manager: User) -> None:
    with pytest.raises(ValidationError, match="not been approved by everyone"):
        actions.produce(version.review, by=business_manager)
    approvals.partly(version)  # some approvals, not all
    with pytest.raises(ValidationError, match="not been approved by everyone"):
        actions.produce(version.review, by=business_manager)
    assert not FinalReport.objects.exists()


def test_refused_when_a_later_version_came_after_the_approval(
        approved: ReportVersion, lead_reviewer: User, business_manager: User) -> None:
    upload(approved.review, lead_reviewer, report_docx(pages=1))
    with pytest.raises(ValidationError, match="Version 1 was approved, but a later version"):
        actions.produce(approved.review, by=business_manager)


def test_open_findings_block_the_pdf(at_report: Review, lead_reviewer: User,
                                     business_manager: User, approvals: Approvals) -> None:
    named = report_docx(["3.1 Kayden Moorcroft was seen at home by the health visitor."])
    version = upload(at_report, lead_reviewer, named)
    approvals.approve(version)
    assert version.draft_check is not None
    found = version.draft_check.findings.visible().count()
    assert found >= 1
    with pytest.raises(ValidationError) as refused:
        actions.produce(at_report, by=business_manager)
    assert refused.value.messages == [
        f"{found} identifying finding{' is' if found == 1 else 's are'} still open in the "
        f"publication check of version 1 (check {version.draft_check.number}). The report must "
        "be publishable without redaction: correct them in the Word document and upload it as a "
        "new version, or mark them as false alarms where they do not identify anyone."]
    assert not FinalReport.objects.exists()


def test_an_unfinished_check_blocks_the_pdf(at_report: Review, lead_reviewer: User,
                                            business_manager: User,
                                            approvals: Approvals) -> None:
    from reviewdesk.reports import actions as report_actions

    version = report_actions.upload_version(at_report, by=lead_reviewer, data=report_docx(),
                                            filename="report.docx")
    approvals.approve(version)
    with pytest.raises(ValidationError, match="has not finished yet"):
        actions.produce(at_report, by=business_manager)


def test_a_date_in_the_future_is_refused(approved: ReportVersion, business_manager: User) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.produce(approved.review, by=business_manager,
                        produced_on=timezone.localdate() + timedelta(days=1))
    assert refused.value.message_dict == {
        "produced_on": ["The date of the final report must be today or in the past."]}


def test_without_libreoffice_the_refusal_says_what_to_install(
        approved: ReportVersion, business_manager: User, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(converter, "soffice_path", lambda: None)
    with pytest.raises(ValidationError, match="install the Debian package "
                                              "libreoffice-writer-nogui"):
        actions.produce(approved.review, by=business_manager)
    assert not FinalReport.objects.exists()


def test_a_conversion_that_fails_keeps_nothing(approved: ReportVersion, business_manager: User,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(docx: bytes) -> bytes:
        raise converter.ConversionFailed("LibreOffice took more than 120 seconds to make the PDF")

    monkeypatch.setattr(converter, "docx_to_pdf", fail)
    with pytest.raises(ValidationError, match="more than 120 seconds"):
        actions.produce(approved.review, by=business_manager)
    assert not FinalReport.objects.exists()
    assert not AuditEvent.objects.filter(event_type="final_report.produced").exists()


def test_a_new_final_report_replaces_the_last_which_is_kept(
        soffice: str, approved: ReportVersion, business_manager: User,
        lead_reviewer: User) -> None:
    first = actions.produce(approved.review, by=lead_reviewer)
    second = actions.produce(approved.review, by=business_manager)
    first.refresh_from_db()
    assert first.replaced_at is not None and second.replaced_at is None
    assert actions.current(approved.review) == second
    assert first.pdf.read().startswith(b"%PDF-")  # kept for the record
    assert AuditEvent.objects.filter(event_type="final_report.produced").latest(
        "seq").data["replaced"] == [first.pk]


def test_conversion_times_out(soffice: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(converter.ConversionFailed, match="more than 0 seconds"):
        converter.docx_to_pdf(report_docx(), timeout=0)
