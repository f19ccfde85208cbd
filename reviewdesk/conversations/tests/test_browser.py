"""The reviewer and staff in a real browser (Debian's Chromium), with axe-core on every page: the
lead reviewer asks to speak with a practitioner, the practitioner accepts a date on their own
page, the lead reviewer records it as held with a note and the practitioner's consent; the
practitioner raises an area and reads the reply."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from reviewdesk.accounts.models import User
from reviewdesk.conversations.tests.helpers import make_practitioner
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.tests.test_browser import assert_accessible, fill_date, sign_in
from reviewdesk.staff.models import AreaRaised, Conversation
from reviewdesk.testing import TodayIs, tomorrow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_out(page: Page) -> None:
    page.get_by_role("button", name=re.compile(r"^Sign out")).click()


def test_the_lead_reviewer_runs_a_conversation_and_the_practitioner_raises_an_area(
        page: Page, live_server: LiveServer, review: Review, lead_reviewer: User,
        practitioner: User, business_manager: User, today_is: TodayIs) -> None:
    make_practitioner(review, practitioner, business_manager)
    day = tomorrow() + timedelta(days=1)

    # The lead reviewer asks.
    sign_in(page, live_server, lead_reviewer)
    page.goto(f"{live_server.url}/reviews/{review.uuid}/")
    page.get_by_role("link", name="Conversations with staff", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Conversations with staff")
    assert_accessible(page)
    page.get_by_role("link", name="Ask to speak with Polly Practitioner").click()
    page.get_by_label("What you want to explore with them").fill(
        "How the health visits were planned after the move.")
    fill_date(page, "date_1", day)
    page.get_by_label("Time 1", exact=True).fill("2pm")
    page.get_by_label("Where").fill("Room 2, Kirkvale House")
    page.get_by_role("button", name="Ask to speak with them").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("24-hour clock")
    assert_accessible(page)
    assert not Conversation.objects.exists()
    page.get_by_label("Time 1", exact=True).fill("14:00")
    page.get_by_role("button", name="Ask to speak with them").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Your request is on the practitioner's page")
    expect(page.get_by_text("Waiting for the practitioner to choose a date")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # The practitioner accepts the date on their own page, and raises an area.
    sign_in(page, live_server, practitioner)
    expect(page.get_by_text("The lead reviewer asked to speak with you")).to_be_visible()
    page.goto(f"{live_server.url}/reviews/{review.uuid}/")
    expect(page.locator("#talking-to-the-reviewer")).to_be_visible()
    page.get_by_role("button", name="Choose a date").click()
    expect(page.get_by_text("How the health visits were planned after the move.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("radio", name=re.compile(r"2:00pm to 3:00pm")).check()
    page.get_by_role("button", name="Send your answer").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The conversation is booked")
    expect(page.get_by_text(re.compile(r"is booked for"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Tell the reviewer").click()
    page.get_by_role("button", name="Send it to the reviewer").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Write what you want the reviewer to consider")
    assert_accessible(page)
    page.get_by_label("What do you want the reviewer to consider?").fill(
        "The caseload meant weekly visits were not possible.")
    page.get_by_role("button", name="Send it to the reviewer").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The lead reviewer will read it")
    expect(page.get_by_text("No reply yet.")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # After the conversation: held, the note shared, their consent; the area answered.
    today_is(day + timedelta(days=1))
    sign_in(page, live_server, lead_reviewer)
    page.goto(f"{live_server.url}/reviews/{review.uuid}/conversations/")
    page.get_by_role("link", name="Open the conversation with Polly Practitioner").click()
    page.get_by_role("button", name="Record it as held").click()
    fill_date(page, "held_on", day)
    page.get_by_label("Your note of the conversation (optional)").fill(
        "Supervision was monthly; the move was not shared.")
    page.get_by_role("button", name="Record it as held").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The conversation is recorded as held")
    expect(page.get_by_text("Not shared: only the review's lead reviewers read it.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Change the note or who reads it").click()
    page.get_by_label("Share this note with the business manager").check()
    page.get_by_role("button", name="Save the note").click()
    expect(page.get_by_text("Shared with the business manager.")).to_be_visible()
    page.get_by_role("link", name="Record their consent").click()
    page.get_by_role("radio", name="Paraphrased only").check()
    page.get_by_role("button", name="Record their consent").click()
    expect(page.locator("#consent ~ p strong").first).to_have_text("Paraphrased only")
    assert_accessible(page)
    page.goto(f"{live_server.url}/reviews/{review.uuid}/areas-raised/")
    expect(page.get_by_text("The caseload meant weekly visits were not possible.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"^Reply")).click()
    page.get_by_role("radio", name="Taken into the terms of reference").check()
    page.get_by_label("Your reply").fill("Caseloads are now a line of enquiry.")
    page.get_by_role("button", name="Send the reply").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Your reply is on the practitioner's page")
    assert_accessible(page)
    sign_out(page)

    sign_in(page, live_server, practitioner)
    page.goto(f"{live_server.url}/reviews/{review.uuid}/")
    expect(page.get_by_text("Caseloads are now a line of enquiry.")).to_be_visible()
    expect(page.get_by_text("Paraphrased only")).to_be_visible()
    expect(page.get_by_text("Supervision was monthly")).to_have_count(0)
    assert_accessible(page)
    conversation = Conversation.objects.get()
    assert (conversation.status, conversation.consent,
            conversation.note_shared_with_business_manager) == ("held", "paraphrased", True)
    assert AreaRaised.objects.get().status == "in_terms_of_reference"
