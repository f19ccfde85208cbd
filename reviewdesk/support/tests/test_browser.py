"""Support in a real browser (Debian's Chromium), with axe-core on every page: a practitioner says
they cannot get the support they need, the business manager finds it from their home page and
answers it, and the practitioner reads the answer on their own page."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from reviewdesk.accounts.models import User
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.tests.test_browser import assert_accessible, fill_date, sign_in
from reviewdesk.staff.models import SupportRequest
from reviewdesk.support import actions
from reviewdesk.support.tests.helpers import practitioner_record

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_practitioner_asks_for_support_and_reads_the_answer(
        page: Page, live_server: LiveServer, review: Review, practitioner: User,
        business_manager: User, agencies: dict) -> None:
    actions.set_support_service(agencies["health"], by=business_manager,
                                name="Staff Psychological Support", how_to_reach="0300 000 2222")
    practitioner_record(review, practitioner, business_manager)

    sign_in(page, live_server, practitioner)
    page.goto(f"{live_server.url}/reviews/{review.uuid}/")
    expect(page.get_by_role("heading", name="Getting support")).to_be_visible()
    expect(page.get_by_text("Staff Psychological Support: 0300 000 2222")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="I can't get the support I need").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("I can't get the support I need")
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say what support you need")
    assert_accessible(page)
    assert not SupportRequest.objects.exists()
    page.get_by_label("What support do you need?").fill(
        "My manager is away and I keep thinking about the last visit.")
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your request is sent")
    expect(page.get_by_text("Waiting for the business manager's answer.")).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, live_server, business_manager)
    page.get_by_role("link", name="Reply to a confidential request from a member of staff").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Support for staff")
    assert_accessible(page)
    page.get_by_role("link", name=f"Asked {timezone.localdate():%-d %B %Y}").click()
    expect(page.get_by_text("I keep thinking about the last visit.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Record the answer").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say what was done")
    assert_accessible(page)
    page.get_by_label("What was done").fill("Rang the agency's support service.")
    page.get_by_label("Your answer to the practitioner").fill(
        "Staff Psychological Support will ring you tomorrow morning.")
    fill_date(page, "answered_on", timezone.localdate())
    page.get_by_role("button", name="Record the answer").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your answer is recorded")
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, live_server, practitioner)
    page.goto(f"{live_server.url}/reviews/{review.uuid}/")
    expect(page.get_by_text("will ring you tomorrow morning")).to_be_visible()
    expect(page.get_by_text("Rang the agency's support service.")).to_have_count(0)
    assert_accessible(page)
