"""The sign-off in a real browser (Debian's Chromium), with axe-core on every page: the business
manager records the subgroup's meeting, the executive member signs off and agrees to publish, a
partner approves their own, the business manager the other two for them; the report is approved
and the six-month clock says so."""

from datetime import date

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from reviewdesk.accounts.models import User
from reviewdesk.reports.models import ReportVersion
from reviewdesk.reviews.tests.test_browser import assert_accessible, fill_date, sign_in
from reviewdesk.testing import tomorrow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ON = date(2026, 8, 3)


def test_the_report_is_signed_off_in_the_guides_order(
        page: Page, live_server: LiveServer, version: ReportVersion, business_manager: User,
        executive: User, partner: User, partners: dict) -> None:
    review = version.review
    sign_off = f"{live_server.url}/reviews/{review.uuid}/sign-off/"

    sign_in(page, live_server, business_manager)
    page.goto(f"{live_server.url}/reviews/{review.uuid}/")
    page.get_by_role("link", name="See the sign-off").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign-off of the report")
    expect(page.get_by_text("Not approved: 0 of 5 approvals")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Record the subgroup's sign-off").click()
    fill_date(page, "decided_on", tomorrow())
    page.get_by_role("button", name="Record the sign-off").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("cannot be in the future")
    assert_accessible(page)
    fill_date(page, "decided_on", ON)
    page.get_by_role("button", name="Record the sign-off").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The subgroup's sign-off of version 1 is recorded")
    expect(page.get_by_text("Not approved: 1 of 5 approvals")).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, live_server, executive)
    page.get_by_role("link", name="Sign off version 1 of the report").click()
    page.get_by_role("button", name="Record the Executive Group's sign-off").click()
    assert_accessible(page)
    fill_date(page, "decided_on", date(2026, 8, 10))
    page.get_by_role("button", name="Record the sign-off").click()
    page.get_by_role("button", name="Record the decision on publication").click()
    page.get_by_label("Yes").check()
    fill_date(page, "decided_on", date(2026, 8, 10))
    assert_accessible(page)
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("the Executive Group agreed to publish version 1")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, live_server, partner)
    page.get_by_role("link", name="Approve version 1 of the report").click()
    page.get_by_role("button", name="Approve version 1").click()
    fill_date(page, "decided_on", date(2026, 8, 12))
    assert_accessible(page)
    page.get_by_role("button", name="Record the approval").click()
    expect(page.get_by_text("Not approved: 3 of 5 approvals")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, live_server, business_manager)
    for label in ["Health (ICB)", "Police"]:
        page.goto(sign_off)
        page.get_by_role("button", name="Record a partner's approval").click()
        page.get_by_label(label).check()
        fill_date(page, "decided_on", date(2026, 8, 14))
        page.get_by_role("button", name="Record the approval").click()
    expect(page.get_by_text("Approved", exact=True)).to_be_visible()
    expect(page.get_by_text("the report was approved on 14 August 2026")).to_be_visible()
    expect(page.locator("strong", has_text="met")).to_be_visible()
    assert_accessible(page)
