"""The public pages in a real browser (Debian's Chromium), not signed in, axe-core on each: the
list, a published report and its download, a report available on request and its form (errors,
then a request sent), and a withdrawn report."""

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from reviewdesk.publication.models import Publication, ReportRequest
from reviewdesk.reviews.tests.test_browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

State = Publication.State


def test_a_visitor_reads_downloads_and_asks_for_a_report(
        page: Page, live_server: LiveServer, publications: dict[str, Publication]) -> None:
    published, on_request = publications[State.PUBLISHED], publications[State.ON_REQUEST]
    page.goto(f"{live_server.url}/published/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Published reports")
    expect(page.locator("main")).to_contain_text(published.summary)
    expect(page.get_by_role("link", name="Sign out")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name=published.title, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(published.title)
    assert_accessible(page)
    with page.expect_download() as pdf:
        page.get_by_role("link", name="Download the report (PDF)").click()
    assert pdf.value.suggested_filename == f"{published.title}.pdf"

    page.goto(f"{live_server.url}/published/{on_request.slug}/")
    expect(page.locator("main")).to_contain_text("available on request")
    assert_accessible(page)
    page.get_by_role("button", name="Send the request").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your name.")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your e-mail address.")
    assert_accessible(page)
    page.get_by_label("Your name").fill("Robin Reader")
    page.get_by_label("Your e-mail address").fill("robin@example.com")
    page.get_by_role("button", name="Send the request").click()
    expect(page.locator(".govuk-panel")).to_contain_text("Your request has been sent")
    assert_accessible(page)
    assert ReportRequest.objects.get().publication == on_request

    page.goto(f"{live_server.url}/published/{publications[State.WITHDRAWN].slug}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("withdrawn")
    assert_accessible(page)
