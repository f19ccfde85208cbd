"""The guide in a real browser, with axe-core on every page: a practitioner finds *Help* at the
foot of their home page and reads every page of the guide, following its own links."""

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from reviewdesk.accounts.models import User
from reviewdesk.guide import pages
from reviewdesk.reviews.tests.test_browser import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _page(name: str) -> pages.Page:
    page = pages.load(name)
    assert page is not None, name
    return page


def test_a_practitioner_reads_the_guide(page: Page, live_server: LiveServer,
                                     practitioner: User) -> None:
    sign_in(page, live_server, practitioner)
    page.get_by_role("contentinfo").get_by_role("link", name="Help").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Using Review Desk")
    assert_accessible(page)

    page.get_by_role("link", name="The rapid review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The rapid review")
    page.get_by_role("link", name="Help: every page").click()
    expect(page).to_have_url(f"{live_server.url}/help/")

    for name in pages.page_names():
        page.goto(live_server.url + pages.page_url(name))
        expect(page.get_by_role("heading", level=1)).to_have_text(_page(name).title)
        assert_accessible(page)
