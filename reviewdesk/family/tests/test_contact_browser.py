"""Recording contact with a family in a real browser (Debian's Chromium), with axe-core on every
page: the lead reviewer records a refusal's reasons being asked for, a decline in the mother's
words and a meeting with an interpreter, and produces the first letter."""

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from reviewdesk.accounts.models import User
from reviewdesk.family.models import Contact, FamilyMeeting
from reviewdesk.family.tests.contact_helpers import family_member
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.tests.test_browser import assert_accessible, fill_date, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_lead_reviewer_records_contact_with_the_mother(
        page: Page, live_server: LiveServer, review: Review, business_manager: User,
        lead_reviewer: User) -> None:
    mother = family_member(review, business_manager)
    sign_in(page, live_server, lead_reviewer)
    page.goto(f"{live_server.url}/reviews/{review.uuid}/family/{mother.pk}/contact/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Contact with Joanne Moorcroft (Mother)")
    assert_accessible(page)

    # A decline with no words and no one it came through: the form says what is missing.
    page.get_by_text("Record an attempt or a response").click()
    page.get_by_role("radio", name="Their response").check()
    page.get_by_role("radio", name="Declined").check()
    fill_date(page, "contact-happened_on", date(2026, 12, 3))
    page.get_by_role("button", name="Add to the contact log").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say how they declined")
    assert_accessible(page)
    assert not Contact.objects.exists()

    page.get_by_label("In their words").fill("Not yet. Maybe after the trial.")
    page.get_by_role("button", name="Add to the contact log").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Added to the contact log.")
    expect(page.get_by_role("table").first).to_contain_text("Not yet. Maybe after the trial.")
    assert_accessible(page)

    page.get_by_text("Record a meeting").click()
    fill_date(page, "meeting-held_on", date(2026, 12, 4))
    page.get_by_label("Where was it held?").fill("The family centre")
    page.get_by_label("An interpreter was booked").check()
    page.get_by_label("Supporter present").fill("Her sister")
    page.get_by_role("button", name="Record the meeting").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The meeting is recorded.")
    assert FamilyMeeting.objects.get().interpreter_booked
    assert_accessible(page)

    page.get_by_role("radio", name="First letter").check()
    page.get_by_role("button", name="Produce the letter").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("First letter produced.")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"^PDF")).click()
    assert download.value.suggested_filename == "first-letter-2026-12-05.pdf"
    assert_accessible(page)


def test_the_lead_reviewer_previews_and_changes_the_reminder(
        page: Page, live_server: LiveServer, review: Review, lead_reviewer: User) -> None:
    sign_in(page, live_server, lead_reviewer)
    page.goto(f"{live_server.url}/reviews/{review.uuid}/family/letters/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Letters to the family")
    expect(page.locator("main")).to_contain_text("what happened to Kayden Moorcroft")
    assert_accessible(page)

    page.get_by_role("link", name=re.compile("of the reminder")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change the reminder")
    assert_accessible(page)
    wording = page.get_by_label("The letter's wording")
    wording.fill("Dear {first_name},\n\nWe are still thinking of you and your family.")
    page.get_by_role("button", name="Save the wording").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "uses {first_name}, which Review Desk cannot fill in")
    assert_accessible(page)

    wording.fill("Dear {name},\n\nWe are still thinking of you and your family.")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".govuk-inset-text")).to_contain_text("Dear [the family member's name],")
    assert_accessible(page)
    page.get_by_role("button", name="Save the wording").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The reminder is changed for this review.")
    expect(page.locator("main")).to_contain_text("We are still thinking of you and your family.")
    assert_accessible(page)
