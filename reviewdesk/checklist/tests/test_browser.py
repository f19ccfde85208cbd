"""The checklist in a real browser (Debian's Chromium), axe-core on every page: the business
manager reads a messy version's checklist, opens an item's details, accepts it with a reason, and
changes the jargon list; at 320 pixels wide the tables scroll on their own."""

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from reviewdesk.accounts.models import User
from reviewdesk.checklist.tests import reports
from reviewdesk.reports.tests.helpers import version_of
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.tests.test_browser import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_business_manager_reads_and_accepts_an_item(page: Page, live_server: LiveServer,
                                                        review: Review, business_manager: User,
                                                        lead_reviewer: User) -> None:
    version = version_of(review, lead_reviewer, *reports.MESSY)
    sign_in(page, live_server, business_manager)
    page.goto(f"{live_server.url}/reviews/{review.uuid}/")
    page.get_by_role("link", name="See the checklist for version 1").click()
    expect(page.get_by_role("heading", name="What the report must contain")).to_be_visible()
    expect(page.locator(".govuk-inset-text")).to_contain_text("stand in the way of sign-off")
    assert_accessible(page)

    jargon = page.locator("#jargon ~ .govuk-details").first
    jargon.locator("summary").click()
    expect(page.get_by_role("table", name="Details: Jargon")).to_contain_text("touch base")
    assert_accessible(page)

    page.get_by_role("link", name=re.compile(r"^Accept as it is\W+Jargon$")).click()
    page.get_by_role("button", name="Accept as it is").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why the report can go")
    assert_accessible(page)
    page.get_by_label("Why can the report go forward as it is?").fill(
        "The subgroup agreed these terms are explained at the launch event.")
    page.get_by_role("button", name="Accept as it is").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is accepted as it is")
    expect(page.locator("#jargon")).to_contain_text("Accepted as it is")
    assert_accessible(page)

    page.set_viewport_size({"width": 320, "height": 800})
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/settings/report-checklist/")
    assert_accessible(page)
    page.get_by_role("button", name="Change the jargon list").click()
    page.get_by_label("Jargon and plain alternatives").fill("utilise = use\nrobust")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Line 2 has no plain alternative")
    assert_accessible(page)
    assert version.number == 1
