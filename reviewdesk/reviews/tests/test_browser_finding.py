"""Finding things in a real browser: the header's search box takes a reference typed in full to
its review, and lists what a name finds; the dashboard and the search page are axe-core clean."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from reviewdesk.accounts.models import User
from reviewdesk.reviews.tests.test_browser import assert_accessible, sign_in
from reviewdesk.testing import MakeReview

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def search_from_header(page: Page, text: str) -> None:
    box = page.get_by_role("search", name="Reviews and people")
    box.get_by_role("searchbox").fill(text)
    box.get_by_role("button", name="Search").click()


def test_a_reference_typed_in_the_header_lands_on_the_review(
        page: Page, live_server: LiveServer, business_manager: User, partner: User,
        make_review: MakeReview) -> None:
    today = timezone.localdate()
    late = make_review(child_name="Kayden Moorcroft", aware=today - timedelta(days=40))
    make_review(child_name="Lola Moorcroft", aware=today)

    sign_in(page, live_server, business_manager)
    search_from_header(page, late.reference)
    expect(page).to_have_url(f"{live_server.url}/reviews/{late.uuid}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{late.reference}: Kayden Moorcroft")

    search_from_header(page, "Moorcroft")
    expect(page.get_by_role("heading", level=1)).to_have_text("Search results")
    results = page.locator("#review-results")
    expect(results.get_by_role("link")).to_have_count(2)
    expect(results).to_contain_text("found by its child's name")
    assert_accessible(page)

    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Dashboard").click()
    expect(page.locator("#count-overdue")).to_contain_text("1 review overdue")
    expect(page.locator("#next-deadline")).to_contain_text("Next deadline:")
    expect(page.get_by_role("region", name="Reviews, overdue first")).to_be_visible()
    expect(page.locator(".rd-bar-number").first).to_be_visible()
    assert_accessible(page)


def test_a_partner_finds_a_review_by_its_pseudonym_not_by_the_name(
        page: Page, live_server: LiveServer, partner: User, make_review: MakeReview) -> None:
    review = make_review(child_name="Kayden Moorcroft")
    sign_in(page, live_server, partner)
    search_from_header(page, "Moorcroft")
    expect(page.get_by_text("No reviews you may see match.")).to_be_visible()
    page.get_by_label("Review reference, pseudonym, child's name or a person's name").fill("Child A")
    page.get_by_role("main").get_by_role("button", name="Search").click()
    expect(page.locator("#review-results").get_by_role("link")).to_have_text(
        f"{review.reference}: Child A")
    assert_accessible(page)
    page.get_by_label("Review reference, pseudonym, child's name or a person's name").fill("K")
    page.get_by_role("main").get_by_role("button", name="Search").click()
    expect(page.locator(".govuk-error-message")).to_contain_text("Type at least 2 letters")
    assert_accessible(page)


def test_the_search_box_and_the_dashboard_fit_a_320_pixel_screen(
        page: Page, live_server: LiveServer, business_manager: User,
        make_review: MakeReview) -> None:
    make_review(child_name="Kayden Moorcroft", aware=timezone.localdate() - timedelta(days=40))
    sign_in(page, live_server, business_manager)
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ["/dashboard/", "/search/?q=Moorcroft", "/"]:
        page.goto(f"{live_server.url}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{path} scrolls sideways at 320 px ({width} px wide)"
    expect(page.get_by_role("search", name="Reviews and people").get_by_role("searchbox")
           ).to_be_visible()
