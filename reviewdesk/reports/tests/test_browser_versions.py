"""The report's versions in a real browser (Debian's Chromium), with axe-core on every page: the
business manager uploads a version for the lead reviewer, is told what is wrong with a bad file,
opens the version's page with its findings, and downloads the Word document after confirming
it's them."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from reviewdesk.accounts.models import User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.reports.models import ReportVersion
from reviewdesk.reports.tests.helpers import report_docx
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.tests.test_browser import PASSWORD, assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_version_is_uploaded_read_and_downloaded(page: Page, live_server: LiveServer,
                                                   registered: Review, business_manager: User,
                                                   lead_reviewer: User, tmp_path: Path) -> None:
    report = tmp_path / "Kayden report v1.docx"
    report.write_bytes(report_docx(("Introduction", 1),
                                   "1.1 Kayden Moorcroft lived with Dana Moorcroft."))
    wrong = tmp_path / "report.pdf"
    wrong.write_bytes(b"%PDF-1.4")
    sign_in(page, live_server, business_manager)
    page.goto(f"{live_server.url}/reviews/{registered.uuid}/report/")
    expect(page.get_by_role("heading", level=2, name="Report")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Upload a version").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Upload a version of the report")
    assert_accessible(page)

    page.get_by_label("The report (a Word document)").set_input_files(wrong)
    page.get_by_role("button", name="Upload the version").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be a Word document")
    assert_accessible(page)
    assert not ReportVersion.objects.exists()

    page.get_by_label("The report (a Word document)").set_input_files(report)
    page.get_by_label("What changed in this version (optional)").fill("First draft")
    page.get_by_label("Uploaded on behalf of").select_option(label="Rita Reviewer")
    page.get_by_role("button", name="Upload the version").click()
    # Tests run tasks at once: the check is done by the time the version's page opens.
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Version 1 uploaded")
    expect(page.get_by_role("heading", level=1)).to_have_text("Version 1 of the report")
    expect(page.locator("main")).to_contain_text("Bea Manager on behalf of Rita Reviewer")
    expect(page.locator("main")).to_contain_text("1.1 Kayden Moorcroft lived with Dana Moorcroft.")
    expect(page.get_by_role("heading", name="Found in this version")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Download the Word document").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it's you")
    assert_accessible(page)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    with page.expect_download() as download:
        page.get_by_role("button", name="Continue").click()
    assert download.value.suggested_filename == f"{registered.reference}-report-version-1.docx"
    assert AuditEvent.objects.filter(event_type="reports.version_downloaded").count() == 1

    page.goto(f"{live_server.url}/reviews/{registered.uuid}/report/")
    expect(page.get_by_role("table", name="Versions of the report")).to_contain_text("First draft")
    assert_accessible(page)
