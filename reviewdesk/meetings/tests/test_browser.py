"""Meetings with staff in a real browser (Debian's Chromium), with axe-core on every page: the
lead reviewer diarises a practitioner learning event and invites a practitioner; the
practitioner finds it on their home page, reads the agenda beside the topics the advice excludes,
asks to rearrange; the lead reviewer sees the answer."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from reviewdesk.accounts.models import User
from reviewdesk.meetings.tests.helpers import practitioner_on
from reviewdesk.parallel.models import Advice, TopicRestriction
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.tests.test_browser import assert_accessible, fill_date, sign_in
from reviewdesk.staff.models import Invitation, Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_lead_reviewer_diarises_a_learning_event_and_the_practitioner_answers(
        page: Page, live_server: LiveServer, review: Review, lead_reviewer: User,
        business_manager: User, practitioner: User) -> None:
    practitioner_on(review, practitioner, business_manager)
    advice = Advice.objects.create(review=review, text="Inquest pending.",
                                   effective_on=timezone.localdate(), recorded_by=business_manager)
    TopicRestriction.objects.create(advice=advice, topic="The night of the incident")

    sign_in(page, live_server, lead_reviewer)
    page.goto(f"{live_server.url}/reviews/{review.uuid}/")
    page.get_by_role("link", name="Diarise and run meetings with staff").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meetings with staff")
    assert_accessible(page)
    page.get_by_role("button", name="Diarise a learning event or briefing").click()
    expect(page.locator("[data-advice=topics]")).to_contain_text("The night of the incident")
    assert_accessible(page)
    page.get_by_role("radio", name="Practitioner learning event").check()
    page.get_by_label("Title").fill("What we can learn together")
    fill_date(page, "meeting_date", timezone.localdate() + timedelta(days=10))
    page.get_by_label("Start time").fill("09:30")
    page.get_by_label("End time").fill("09:00")
    page.get_by_label("Place").fill("Room 4, Civic Centre")
    page.get_by_label("Agenda (optional)").fill("Welcome\n\nWhat went well")
    page.get_by_role("checkbox", name="Polly Practitioner").check()
    page.get_by_role("button", name="Diarise and send invitations").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The end time must be after the start time")
    assert_accessible(page)
    assert not Meeting.objects.exists()
    page.get_by_label("End time").fill("12:30")
    page.get_by_role("button", name="Diarise and send invitations").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("The meeting is diarised")
    expect(page.get_by_role("heading", level=1)).to_have_text("What we can learn together")
    expect(page.get_by_text("1 invited")).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, live_server, practitioner)
    page.get_by_role("link", name="Say whether you can come to the practitioner learning event",
                     exact=False).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What we can learn together")
    expect(page.locator("[data-advice=topics]")).to_contain_text("The night of the incident")
    expect(page.get_by_role("link", name="Download the calendar invitation (.ics)")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("radio", name="Asked to rearrange").check()
    page.get_by_role("button", name="Send your answer").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say what would suit you better")
    assert_accessible(page)
    page.get_by_role("radio", name="Asked to rearrange").check()
    page.get_by_label("Anything the organiser should know (optional)").fill(
        "Afternoons suit me better")
    page.get_by_role("button", name="Send your answer").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Your answer is sent")
    assert_accessible(page)
    assert Invitation.objects.get().response == Invitation.Response.REARRANGE

    page.context.clear_cookies()
    sign_in(page, live_server, lead_reviewer)
    page.get_by_role("link", name="An invitee asked to rearrange", exact=False).click()
    expect(page.get_by_text("Afternoons suit me better")).to_be_visible()
    assert_accessible(page)
