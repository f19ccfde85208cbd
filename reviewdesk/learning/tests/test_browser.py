"""Learning across reviews in a real browser (Debian's Chromium), axe-core on every page: the
business manager adds a theme and retires it, opens the learning dashboard, searches for
similar reviews, and reads the yearly figures."""

from datetime import date

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from reviewdesk.accounts.models import User
from reviewdesk.action_plan.models import Theme
from reviewdesk.learning.tests.conftest import Learned
from reviewdesk.reviews.tests.test_browser import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_business_manager_keeps_the_themes_and_reads_what_reviews_teach(
        page: Page, live_server: LiveServer, learned_review: Learned,
        business_manager: User) -> None:
    review = learned_review(review_themes=("Information sharing",))
    learned_review("Eli Marsh", aware=date(2025, 4, 7), completed_on=date(2025, 10, 1))
    sign_in(page, live_server, business_manager)

    page.goto(f"{live_server.url}/settings/themes/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Themes")
    assert_accessible(page)
    page.get_by_role("button", name="Add a theme").click()
    page.get_by_role("button", name="Add the theme").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the theme's name")
    assert_accessible(page)
    page.get_by_label("Name", exact=True).fill("Private fostering")
    page.get_by_role("button", name="Add the theme").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "'Private fostering' is added")
    page.get_by_role("button", name="Retire Private fostering").click()
    expect(page.locator("main")).to_contain_text("Retired themes")
    assert Theme.objects.get(name="Private fostering").retired_at is not None
    assert_accessible(page)

    # The business manager reaches it from the dashboard.
    page.get_by_role("link", name="Dashboard", exact=True).click()
    page.get_by_role("link", name="Learning across reviews").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Learning across reviews")
    expect(page.locator("#themes")).to_contain_text("Non-accidental injury")
    assert_accessible(page)

    page.get_by_label("Find reviews like this").fill("bruising on a baby")
    page.get_by_role("button", name="Find similar reviews").click()
    expect(page.locator("#results")).to_contain_text("bruising")
    expect(page.locator("#results")).to_contain_text("Child A")
    assert_accessible(page)

    page.goto(f"{live_server.url}/reviews/{review.uuid}/")
    page.get_by_role("link", name="Find similar reviews").click()
    expect(page.locator("#results")).to_contain_text("shares the theme Non-accidental injury")
    assert_accessible(page)

    page.goto(f"{live_server.url}/learning/figures/")
    page.get_by_label("Year").select_option("2025")
    page.get_by_role("button", name="Show the year").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review figures for 2025")
    expect(page.locator("#figures")).to_contain_text("Reviews completed within six months")
    assert_accessible(page)
