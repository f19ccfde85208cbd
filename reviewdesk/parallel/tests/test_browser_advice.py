"""Advice to staff in a real browser (Debian's Chromium), with axe-core on every page: the
business manager sets advice at the senior investigating officer's request, a practitioner reads
it on their page and says so, the business manager sees who has read it and lifts it."""

from datetime import date

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from reviewdesk.accounts.models import User
from reviewdesk.parallel.models import Advice
from reviewdesk.parallel.tests.conftest import MOTHER
from reviewdesk.reviews.models import IdentityEntry, Review
from reviewdesk.reviews.tests.test_browser import assert_accessible, fill_date, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_advice_is_set_acknowledged_and_lifted(page: Page, live_server: LiveServer,
                                               review: Review, mother: IdentityEntry,
                                               business_manager: User,
                                               practitioner: User) -> None:
    sign_in(page, live_server, business_manager)
    page.goto(f"{live_server.url}/reviews/{review.uuid}/")
    expect(page.get_by_role("heading", name="Advice to staff")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Set, change or lift advice, and see who has read it").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Advice to staff")
    assert_accessible(page)
    page.get_by_role("button", name="Set advice").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set advice to staff")
    assert_accessible(page)

    # A range ending before it starts comes back saying what to fix.
    page.get_by_label("Advice to staff").fill(
        "Do not discuss the case among yourselves until the police say so.")
    fill_date(page, "effective_on", date(2026, 3, 3))
    page.get_by_label("Who asked for it (optional)").fill("DI Ranjit Okafor, senior "
                                                          "investigating officer")
    page.get_by_role("checkbox", name=f"{MOTHER} (Mother)").check()
    page.get_by_label("Topics not to be discussed (optional)").fill("The events of 1 March")
    fill_date(page, "range1_date_from", date(2026, 3, 1))
    fill_date(page, "range1_date_to", date(2026, 2, 1))
    page.get_by_role("button", name="Set advice and tell everyone").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Range 1: the start, 1 March 2026, is after the end, 1 February 2026")
    assert_accessible(page)
    assert not Advice.objects.exists()

    fill_date(page, "range1_date_from", date(2026, 2, 1))
    fill_date(page, "range1_date_to", date(2026, 3, 1))
    page.get_by_role("button", name="Set advice and tell everyone").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Everyone on the review has been sent a notice")
    expect(page.get_by_text("0 of 4 people on the review have confirmed")).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, live_server, practitioner)
    page.goto(f"{live_server.url}/reviews/{review.uuid}/")
    panel = page.locator("[data-advice=in-force]")
    expect(panel).to_contain_text("Do not discuss the case among yourselves")
    expect(panel).to_contain_text(f"{MOTHER} (Mother)")
    expect(panel).to_contain_text("The events of 1 March")
    assert_accessible(page)
    page.get_by_role("button", name="I have read this advice").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "you have confirmed you have read the advice in force")
    expect(page.get_by_text("You confirmed you had read this advice")).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, live_server, business_manager)
    page.goto(f"{live_server.url}/reviews/{review.uuid}/advice/")
    expect(page.get_by_text("1 of 4 people on the review have confirmed")).to_be_visible()
    page.get_by_role("button", name="Lift this advice").click()
    assert_accessible(page)
    page.get_by_label("Why is the advice lifted?").fill("The police have finished their "
                                                       "enquiries.")
    page.get_by_role("button", name="Lift the advice and tell everyone").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Advice lifted")
    expect(page.get_by_role("heading", name="Advice of 3 March 2026: lifted on 5 December "
                                            "2026")).to_be_visible()
    assert_accessible(page)
