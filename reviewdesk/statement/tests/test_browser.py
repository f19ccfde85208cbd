"""The actions statement in a real browser (Debian's Chromium), axe-core on every page: the
business manager makes the statement from the plan, is refused approval while it names the child,
changes the words, approves it and puts it beside the published report."""

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from reviewdesk.accounts.models import User
from reviewdesk.action_plan.models import ActionsStatement
from reviewdesk.publication.models import Publication
from reviewdesk.publication.testing import make_publication
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.tests.test_browser import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_business_manager_makes_approves_and_publishes_the_statement(
        page: Page, live_server: LiveServer, planned: Review, business_manager: User) -> None:
    review = planned
    make_publication(review, by=business_manager, slug="child-a-2026")
    sign_in(page, live_server, business_manager)
    page.goto(f"{live_server.url}/reviews/{review.uuid}/")
    page.get_by_role("link", name="Open the statement of actions taken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Actions taken, their impact and what more will be done")
    assert_accessible(page)

    page.get_by_role("button", name="Make the statement from the action plan").click()
    assert_accessible(page)
    page.get_by_role("button", name="Make the new version").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Version 1 of the statement is made.")
    expect(page.locator("main")).to_contain_text("Action 3: Change the domestic abuse "
                                                 "referral form.")
    assert_accessible(page)

    page.get_by_role("button", name="Change the words").click()
    page.get_by_label("Introduction").fill("After Kayden Moorcroft was hurt, the partners "
                                           "agreed five actions.")
    page.get_by_role("button", name="Save the statement").click()
    page.get_by_role("button", name="Approve").click()
    assert_accessible(page)
    page.get_by_role("button", name="Run the check and approve").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("cannot be approved")
    expect(summary).to_contain_text("Kayden Moorcroft")
    assert_accessible(page)
    assert ActionsStatement.objects.get().approved_at is None

    page.get_by_role("link", name="Back to the statement").click()
    page.get_by_role("button", name="Change the words").click()
    page.get_by_label("Introduction").fill("After Child A was hurt, the partners agreed five "
                                           "actions.")
    page.get_by_role("button", name="Save the statement").click()
    page.get_by_role("button", name="Approve").click()
    page.get_by_role("button", name="Run the check and approve").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Version 1 is approved")
    expect(page.get_by_role("link", name="Download the PDF of version 1")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Put version 1 with the report").click()
    assert_accessible(page)
    page.get_by_label("Yes: anyone can download it beside the report").check()
    page.get_by_role("button", name="Put it with the report").click()
    expect(page.locator("#with-the-report ~ p").first).to_contain_text(
        "published beside it on the public page")
    assert_accessible(page)
    assert Publication.objects.get(review=review).actions_published
