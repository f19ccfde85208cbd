"""The review page in a real browser: at 1280×800 its first screen shows the review's state, what
stops it moving on and who must act; the page passes axe-core, for the business manager and for a
practitioner."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Locator, Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from reviewdesk.accounts.models import Partnership, User
from reviewdesk.commissioning.testing import walk
from reviewdesk.reviews.models import Review, Stage
from reviewdesk.reviews.tests.test_browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST_SCREEN: ViewportSize = {"width": 1280, "height": 800}


def signed_in(page: Page, live_server: LiveServer, person: User) -> None:
    """Signed in with a session made by the test client (the sign-in page has its own tests)."""
    client = Client()
    client.force_login(person)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                               "url": live_server.url}])


def within_first_screen(locator: Locator) -> None:
    box = locator.bounding_box()
    assert box is not None, locator
    assert box["y"] >= 0 and box["y"] + box["height"] <= FIRST_SCREEN["height"], (locator, box)


@pytest.fixture
def at_chronology(review: Review, business_manager: User, addresses: Partnership) -> Review:
    return walk(review, business_manager, Stage.CHRONOLOGY)


def test_the_first_screen_shows_the_state_the_blockers_and_who_must_act(
        page: Page, live_server: LiveServer, business_manager: User, at_chronology: Review):
    page.set_viewport_size(FIRST_SCREEN)
    signed_in(page, live_server, business_manager)
    page.goto(f"{live_server.url}/reviews/{at_chronology.uuid}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(at_chronology.reference)
    state = page.locator('[data-overview="state"]')
    expect(state).to_contain_text("Overdue")
    blocker = page.locator('[data-overview="next"] li').filter(
        has_text="Waiting for Testshire Police's chronology")
    expect(blocker).to_contain_text("Who must act:")
    for part in (state, page.get_by_role("heading", name="What happens next"), blocker,
                 blocker.get_by_text("Who must act:"), blocker.get_by_role("link"),
                 page.locator('[aria-current="step"]')):
        within_first_screen(part)
    height = page.evaluate("document.documentElement.scrollHeight")
    print(f"review page at the chronology stage: {height} px high at 1280 px wide")
    assert_accessible(page)
    # The latest on the timeline is open; the earlier entries open on demand, accessibly.
    expect(page.get_by_text("Moved to chronology").first).to_be_visible()
    page.get_by_text("Earlier on the timeline (").click()
    expect(page.get_by_text("Moved to commissioning").first).to_be_visible()
    assert_accessible(page)

    blocker.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Testshire Police")


def test_the_practitioner_sees_the_case_the_stages_and_the_state_first(
        page: Page, live_server: LiveServer, practitioner: User, at_chronology: Review):
    page.set_viewport_size(FIRST_SCREEN)
    signed_in(page, live_server, practitioner)
    page.goto(f"{live_server.url}/reviews/{at_chronology.uuid}/")
    for part in ('[data-overview="state"]', '[data-overview="case"]'):
        within_first_screen(page.locator(part))
    expect(page.locator('[aria-current="step"]')).to_contain_text("Chronology")
    assert_accessible(page)


def test_opening_the_history_loads_the_finished_stages_work(
        page: Page, live_server: LiveServer, business_manager: User, at_chronology: Review):
    signed_in(page, live_server, business_manager)
    page.goto(f"{live_server.url}/reviews/{at_chronology.uuid}/")
    decision = page.get_by_role("heading", name="The partners' decision")
    expect(decision).to_have_count(0)  # not worked out with the page
    page.get_by_text("Finished stages:").click()
    expect(decision).to_be_visible()
    expect(page.get_by_role("link", name="What was done at the finished stages")).to_have_count(0)
    assert_accessible(page)
    # Closed and opened again, it is loaded once.
    page.get_by_text("Finished stages:").click()
    page.get_by_text("Finished stages:").click()
    expect(decision).to_have_count(1)
