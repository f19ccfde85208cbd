"""The audit trail in a real browser, with axe-core: the business manager reads events as
sentences, narrows them to one area with the grouped filter, then to changes only; the footer
leads to the glossary."""

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from reviewdesk.accounts.models import User
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.tests.test_browser import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_manager_filters_the_audit_trail_by_area_and_changes_only(
        page: Page, live_server: LiveServer, review: Review, business_manager: User) -> None:
    sign_in(page, live_server, business_manager)
    page.goto(f"{live_server.url}/reviews/{review.uuid}/")
    page.goto(f"{live_server.url}/audit/")
    events = page.get_by_role("region", name="Events, newest first")
    expect(events).to_contain_text("Bea Manager (business manager) added someone to the review")
    expect(events).to_contain_text("Bea Manager (business manager) read the review's page")
    assert_accessible(page)

    page.get_by_label("What happened").select_option(label="All events: the review and its team")
    page.get_by_label("Changes only (leave out reads and downloads)").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(events).to_contain_text("added someone to the review")
    expect(events).not_to_contain_text("read the review's page")
    expect(events).not_to_contain_text("read the audit trail")
    expect(page.get_by_label("Changes only (leave out reads and downloads)")).to_be_checked()
    assert_accessible(page)

    page.get_by_role("contentinfo").get_by_role("link", name="Glossary").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Glossary")
    assert_accessible(page)
