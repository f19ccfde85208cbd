"""The publication check in a real browser (Debian's Chromium), with axe-core on every page: the
business manager uploads a draft, watches a long check's progress update by itself (HTMX) until
the page shows the findings, and marks a false alarm."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from reviewdesk.accounts.models import User
from reviewdesk.reports.models import DraftCheck
from reviewdesk.reports.scanning import run_check
from reviewdesk.reports.tests.conftest import DRAFT
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.tests.test_browser import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_draft_is_uploaded_checked_and_a_false_alarm_marked(page: Page, live_server: LiveServer,
                                                              registered: Review, business_manager: User,
                                                              tmp_path: Path) -> None:
    draft = tmp_path / "Kayden draft.txt"
    draft.write_text(DRAFT)
    sign_in(page, live_server, business_manager)
    page.goto(f"{live_server.url}/reviews/{registered.uuid}/")
    expect(page.locator("#publication-check")).to_have_text("Publication check")
    page.get_by_role("button", name="Check a draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check a draft for identifying details")
    assert_accessible(page)
    page.get_by_role("button", name="Upload and check").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the draft report")
    assert_accessible(page)

    page.get_by_label("Upload a draft report").set_input_files(draft)
    page.get_by_role("button", name="Upload and check").click()
    # Tests run tasks at once: the check is done by the time its page opens.
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Draft uploaded as check 1")
    expect(page.get_by_role("heading", name="Findings", exact=True)).to_be_visible()
    assert_accessible(page)

    # A long check, as the worker runs it: the progress updates without reloading the page...
    check = DraftCheck.objects.get()
    check.findings.all().delete()
    DraftCheck.objects.filter(pk=check.pk).update(status="running", progress=30)
    page.reload()
    status = page.locator("#check-status")
    expect(status).to_contain_text("30% of the draft checked")
    assert_accessible(page)
    DraftCheck.objects.filter(pk=check.pk).update(progress=70)
    expect(status).to_contain_text("70% of the draft checked")
    # ...and when it is done, the page reloads itself with the findings.
    DraftCheck.objects.filter(pk=check.pk).update(status="queued")
    run_check(check.pk)
    expect(page.get_by_role("heading", name="Findings", exact=True)).to_be_visible(timeout=8000)

    finding = page.locator("li", has=page.get_by_role("heading", name="“Dee”"))
    finding.locator("summary").click()
    finding.get_by_role("button", name="Mark as a false alarm").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why this is not identifying")
    assert_accessible(page)
    page.get_by_label("Why is this not identifying?").fill("A family nickname used in school.")
    page.get_by_role("button", name="Mark as a false alarm").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Marked as a false alarm")
    expect(page.get_by_role("heading", name="“Dee”")).to_have_count(0)
    expect(page.get_by_role("table", name="False alarms")).to_contain_text("A family nickname")
    assert_accessible(page)
