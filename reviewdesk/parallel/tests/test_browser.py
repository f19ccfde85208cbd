"""Parallel processes in a real browser (Debian's Chromium), with axe-core on every page: the
business manager records a police investigation for the police partner and then lists it for a
date; a practitioner sees it open at the top of their page of the review."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from reviewdesk.accounts.models import User
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.tests.test_browser import assert_accessible, fill_date, sign_in, uk_date

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_business_manager_records_an_investigation_that_the_practitioner_then_sees(
        page: Page, live_server: LiveServer, review: Review, business_manager: User,
        partner: User, practitioner: User) -> None:
    today = timezone.localdate()
    opened, hearing = today - timedelta(days=10), today + timedelta(days=30)
    sign_in(page, live_server, business_manager)
    page.goto(f"{live_server.url}/reviews/{review.uuid}/")
    page.get_by_role("link", name="See and record parallel processes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Parallel processes")
    assert_accessible(page)

    page.get_by_role("button", name="Add a parallel process").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a parallel process")
    page.get_by_role("button", name="Add the process").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose what kind of process it is.")
    assert_accessible(page)

    page.get_by_role("radio", name="Police investigation").check()
    page.get_by_label("Reference (optional)").fill("Operation Harebell")
    page.get_by_label("Who leads it (optional)").fill("Morag Keddie")
    page.get_by_label("Their role (optional)").fill("Senior investigating officer")
    page.get_by_label("Their agency (optional)").select_option(label="Testshire Police")
    fill_date(page, "opened_on", opened)
    page.get_by_label("Recorded on behalf of (optional)").select_option(label=partner.full_name)
    page.get_by_role("button", name="Add the process").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Parallel processes")
    panel = page.locator("[data-review-panel]")
    expect(panel).to_contain_text("Processes open now")
    expect(panel).to_contain_text(f"Police investigation (Operation Harebell): open since "
                                  f"{uk_date(opened)}")
    expect(page.get_by_text("Bea Manager on behalf of Pat Partner").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Record a change of status").click()
    page.get_by_role("radio", name="Listed for a date").check()
    page.get_by_role("button", name="Record the change").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the date it is listed for.")
    assert_accessible(page)
    page.get_by_role("radio", name="Listed for a date").check()
    fill_date(page, "listed_for", hearing)
    page.get_by_role("button", name="Record the change").click()
    expect(panel).to_contain_text(f"listed for {uk_date(hearing)}")
    history = page.get_by_role("table").filter(has_text="History: Police investigation")
    expect(history).to_contain_text("Listed for " + uk_date(hearing))
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, live_server, practitioner)
    page.goto(f"{live_server.url}/reviews/{review.uuid}/")
    expect(page.locator("[data-review-panel]")).to_contain_text(
        f"Police investigation (Operation Harebell): listed for {uk_date(hearing)}")
    assert_accessible(page)
    page.locator("[data-review-panel]").get_by_role(
        "link", name="See the parallel processes and their history").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Parallel processes")
    expect(page.get_by_role("button", name="Add a parallel process")).to_have_count(0)
    assert_accessible(page)
