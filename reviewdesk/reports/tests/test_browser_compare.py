"""Comparing two versions in a real browser (Debian's Chromium), axe-core on each state: the
lead reviewer opens the comparison, unfolds the unchanged paragraphs, chooses other versions and
is told when the choice is wrong; the page reflows at 320 pixels."""

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from reviewdesk.accounts.models import User
from reviewdesk.reports.tests.helpers import version_of
from reviewdesk.reports.tests.test_compare_page import FIRST, SECOND
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.tests.test_browser import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_lead_reviewer_compares_versions(page: Page, live_server: LiveServer,
                                             registered: Review, lead_reviewer: User) -> None:
    version_of(registered, lead_reviewer, *FIRST)
    version_of(registered, lead_reviewer, *SECOND)
    version_of(registered, lead_reviewer, *SECOND[:-1])
    sign_in(page, live_server, lead_reviewer)

    page.goto(f"{live_server.url}/reviews/{registered.uuid}/report/compare/")
    expect(page.get_by_role("heading", name="Version 2 to version 3")).to_be_visible()
    removed = page.locator(".rd-compare__row--removed")
    expect(removed).to_contain_text("2.2")
    expect(removed.locator("del")).to_contain_text("Dee was invited")
    folded = page.get_by_text("7 paragraphs unchanged")
    expect(page.get_by_text("His mother, Dana Moorcroft")).to_be_hidden()
    folded.click()
    expect(page.get_by_text("His mother, Dana Moorcroft")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Earlier version").select_option("1")
    page.get_by_label("Later version").select_option("2")
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("heading", name="Version 1 to version 2")).to_be_visible()
    changed = page.locator(".rd-compare__row--changed")
    expect(changed.locator("ins").first).to_contain_text("taken")
    expect(changed.locator("del").first).to_contain_text("admitted")
    assert_accessible(page)

    page.get_by_label("Later version").select_option("1")
    page.get_by_role("button", name="Compare").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose two different versions")
    assert_accessible(page)

    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{live_server.url}/reviews/{registered.uuid}/report/compare/?from=1&to=2")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)
