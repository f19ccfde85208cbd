"""The final report in a real browser (Debian's Chromium), axe-core on every page: the lead
reviewer opens it from the review page, makes the PDF with LibreOffice and downloads it and the
cleaned Word document."""

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from reviewdesk.accounts.models import User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.reports.models import FinalReport, ReportVersion
from reviewdesk.reviews.tests.test_browser import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_lead_reviewer_makes_and_downloads_the_final_report(
        page: Page, live_server: LiveServer, soffice: str, approved: ReportVersion,
        lead_reviewer: User) -> None:
    review = approved.review
    sign_in(page, live_server, lead_reviewer)
    page.goto(f"{live_server.url}/reviews/{review.uuid}/")
    expect(page.locator("#final-report")).to_have_text("Final report")
    page.get_by_role("link", name="Open the final report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The final report")
    expect(page.locator("main")).to_contain_text("No final report has been made yet.")
    assert_accessible(page)

    page.get_by_role("button", name="Make the PDF").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Make the final report")
    assert_accessible(page)
    page.get_by_role("button", name="Make the PDF").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Final report made from version 1")
    expect(page.locator("main")).to_contain_text("The PDF's words match the Word document's")
    assert_accessible(page)

    final = FinalReport.objects.get()
    with page.expect_download() as pdf:
        page.get_by_role("button", name="Download the PDF").click()
    assert pdf.value.suggested_filename == f"{review.reference}-final-report-v1.pdf"
    assert open(pdf.value.path(), "rb").read() == final.pdf.read()
    with page.expect_download() as docx:
        page.get_by_role("button", name="Download the cleaned Word document").click()
    assert docx.value.suggested_filename == f"{review.reference}-final-report-v1.docx"
    assert AuditEvent.objects.filter(event_type="final_report.downloaded").count() == 2

    page.goto(f"{live_server.url}/reviews/{review.uuid}/final-report/supply/")
    page.get_by_role("button", name="Check and keep the PDF").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the PDF of the final report")
    assert_accessible(page)
