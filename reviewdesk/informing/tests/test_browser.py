"""Telling staff and a practitioner's question in a real browser (Debian's Chromium), with
axe-core on every page: the business manager previews and tells; the practitioner reads "About
this review" on their page and asks a question; their agency's representative answers it; the
practitioner reads the answer."""

from datetime import date

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from reviewdesk.accounts.models import User
from reviewdesk.reviews.tests.test_browser import assert_accessible, fill_date, sign_in
from reviewdesk.staff.models import Practitioner, Question

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_practitioner_is_told_reads_their_page_and_asks_a_question(
        page: Page, live_server: LiveServer, listed: Practitioner, business_manager: User,
        subgroup_member: User) -> None:
    review = listed.review
    sign_in(page, live_server, business_manager)
    page.goto(f"{live_server.url}/reviews/{review.uuid}/telling-staff/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Telling staff")
    assert_accessible(page)
    page.get_by_role("button", name="Preview and tell 1 practitioner").click()
    expect(page.get_by_text("a review you are part of has started")).to_be_visible()
    assert_accessible(page)
    fill_date(page, "told_on", date(2026, 6, 1))
    page.get_by_role("button", name="Send the notices").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "1 practitioner told about the review.")
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, live_server, listed.person)
    page.goto(f"{live_server.url}/reviews/{review.uuid}/")
    expect(page.get_by_role("heading", name="About this review")).to_be_visible()
    expect(page.get_by_text("Health Staff Wellbeing Line").first).to_be_visible()
    expect(page.get_by_text("The chronologies are being brought together")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Ask a question").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask a question about the review")
    assert_accessible(page)
    page.get_by_role("button", name="Send your question").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your question.")
    assert_accessible(page)
    page.get_by_label("Your question").fill("May I talk to my team about the review?")
    page.get_by_role("button", name="Send your question").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"Your question has gone to {subgroup_member.display_name}")
    expect(page.get_by_text("Not answered yet")).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, live_server, subgroup_member)
    page.goto(f"{live_server.url}/reviews/{review.uuid}/questions/")
    expect(page.get_by_text("May I talk to my team about the review?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Answer").click()
    # The answer page has loaded (axe-core run while it still loads finds no page at all).
    expect(page.get_by_label("Your answer")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Your answer").fill("Yes: about how you feel, not who did what.")
    page.get_by_role("button", name="Send the answer").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Answer saved")
    assert Question.objects.get().answered_by == subgroup_member

    page.context.clear_cookies()
    sign_in(page, live_server, listed.person)
    page.goto(f"{live_server.url}/reviews/{review.uuid}/#your-questions")
    expect(page.get_by_text("Yes: about how you feel, not who did what.")).to_be_visible()
    assert_accessible(page)
