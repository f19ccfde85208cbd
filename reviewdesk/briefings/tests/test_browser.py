"""Briefings in a real browser (Debian's Chromium), axe-core on every page: the L&D lead diarises
a session for the review's practitioners (the form first says what is missing), then drafts the
seven-minute briefing, runs the publication check and approves it."""

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from reviewdesk.accounts.models import User
from reviewdesk.action_plan.models import Briefing, BriefingDocument
from reviewdesk.meetings.tests.helpers import next_week_at
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.tests.test_browser import assert_accessible, sign_in
from reviewdesk.staff.models import Practitioner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_learning_lead_diarises_a_session_and_approves_the_briefing(
        page: Page, live_server: LiveServer, at_plan: Review, two: list[Practitioner],
        learning_lead: User) -> None:
    review = at_plan
    sign_in(page, live_server, learning_lead)
    page.goto(f"{live_server.url}/reviews/{review.uuid}/")
    expect(page.locator("#briefings")).to_have_text("Briefings")
    page.get_by_role("link", name="See the briefings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Briefings")
    assert_accessible(page)

    page.get_by_role("button", name="Diarise a briefing session").click()
    page.get_by_role("button", name="Diarise and send the invitations").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the date of the meeting")
    expect(summary).to_contain_text("Enter how many people the session can take")
    assert_accessible(page)
    assert not Briefing.objects.exists()

    day = next_week_at(9).date()
    page.locator('input[name="meeting_date-day"]').fill(str(day.day))
    page.locator('input[name="meeting_date-month"]').fill(str(day.month))
    page.locator('input[name="meeting_date-year"]').fill(str(day.year))
    page.get_by_label("Start time").fill("09:30")
    page.get_by_label("End time").fill("10:30")
    page.get_by_label("Online link (optional)").fill("https://meet.example/briefing")
    page.get_by_label("Capacity").fill("1")
    page.get_by_role("button", name="Diarise and send the invitations").click()
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text("1 calendar invitation(s) sent")
    expect(banner).to_contain_text("1 not invited")
    assert_accessible(page)
    assert Briefing.objects.get().meeting.invitations.count() == 1

    page.get_by_role("link", name="Back to briefings").click()
    page.get_by_role("link", name="Open the seven-minute briefing").click()
    page.get_by_role("button", name="Draft the seven-minute briefing").click()
    expect(page.locator("main")).to_contain_text("What it means for practice")
    expect(page.locator("main")).to_contain_text("bruising protocol")
    assert_accessible(page)
    page.get_by_role("button", name="Run the publication check").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "The publication check found nothing")
    page.get_by_role("button", name="Approve and make the files").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Briefing approved")
    expect(page.get_by_role("link", name="Download the briefing (PDF)")).to_be_visible()
    assert_accessible(page)
    assert BriefingDocument.objects.get().approved_at is not None
