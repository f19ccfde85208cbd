"""Progress on an action in a real browser (Debian's Chromium), axe-core on every page: the
owner posts an update and is refused completion without evidence, then completes it and adds the
impact evidence; the subgroup member records a monitoring meeting, finds the action in the
monitoring view and accepts its impact."""

from datetime import date

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from reviewdesk.accounts.models import User
from reviewdesk.action_plan.models import Action
from reviewdesk.reviews.tests.test_browser import assert_accessible, sign_in
from reviewdesk.testing import TodayIs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_owner_shows_progress_and_the_subgroup_accepts_the_impact(
        page: Page, live_server: LiveServer, action: Action, owner: User,
        subgroup_chair: User, today_is: TodayIs) -> None:
    today_is(date(2027, 3, 1))
    sign_in(page, live_server, owner)
    page.goto(f"{live_server.url}/my-actions/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your actions")
    assert_accessible(page)
    page.get_by_role("link", name="Action 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Action 1")
    assert_accessible(page)

    page.get_by_label("What has been done since the last update?").fill(
        "The protocol is revised and sent to every team.")
    page.get_by_role("button", name="Post the update").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your update is added")
    expect(page.locator("#history ~ ol")).to_contain_text("The protocol is revised")
    assert_accessible(page)

    page.get_by_role("button", name="Mark it completed").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "An action is not completed without evidence")
    assert_accessible(page)
    page.get_by_label("Evidence that it is completed").fill("The audit report of February.")
    page.get_by_role("button", name="Mark it completed").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "The action is marked completed")
    page.get_by_label("The impact, against the success criteria").fill(
        "Referrals of bruised non-mobile babies doubled in the quarter.")
    page.get_by_role("button", name="Add the impact evidence").click()
    expect(page.locator("main")).to_contain_text("Referrals of bruised non-mobile babies")
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, live_server, subgroup_chair)
    page.goto(f"{live_server.url}/actions/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Monitoring actions")
    expect(page.locator("main")).to_contain_text("TS-2026-001 action 1")
    assert_accessible(page)
    page.get_by_role("link", name="Record a monitoring meeting").first.click()
    page.get_by_label("Cher Chair (CSPR subgroup member)").check()
    page.get_by_role("button", name="Record the meeting").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Monitoring meeting recorded")
    page.get_by_role("link", name="TS-2026-001 action 1").click()
    page.get_by_label("At which monitoring meeting did the subgroup accept it?").select_option(
        label="Monitoring meeting on 1 March 2027")
    page.get_by_role("button", name="Record that the impact is shown").click()
    expect(page.locator("main")).to_contain_text("At the monitoring meeting on 1 March 2027")
    assert_accessible(page)
    action.refresh_from_db()
    assert action.status == Action.Status.IMPACT_SHOWN
