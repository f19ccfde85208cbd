"""The time on the website in a real browser (Debian's Chromium), axe-core on every page: the
business manager sets the period, opens a published report's time on the website from the review
page, sends the report to one requester (a refusal first), starts an early withdrawal, a partner
agrees, the business manager records the other two and withdraws it, then declines the other
request."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from reviewdesk.accounts.models import PartnerFor, User
from reviewdesk.on_request.tests.conftest import make_request
from reviewdesk.publication.models import Publication, ReportRequest
from reviewdesk.reviews.tests.test_browser import assert_accessible, fill_date, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_settings_withdrawal_and_requests(page: Page, live_server: LiveServer,
                                          published: Publication, business_manager: User,
                                          partners: dict[str, User], browser: Browser,
                                          browser_context_args: dict) -> None:
    review = published.review
    today = timezone.localdate()
    first = make_request(published, received_on=today - timedelta(days=2),
                         reason="I train health visitors.")
    second = make_request(published, received_on=today - timedelta(days=1), name="Sam Second",
                          email="sam.second@example.org")

    sign_in(page, live_server, business_manager)
    page.goto(f"{live_server.url}/settings/")
    page.get_by_role("link", name="Publication: time on the website and requests").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Time on the website and requests")
    expect(page.locator("main")).to_contain_text("at least a year")
    assert_accessible(page)
    page.get_by_label("Months a published report stays on the website").fill("0")
    page.get_by_role("button", name="Save the settings").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("from 1 to 60")
    assert_accessible(page)
    page.get_by_label("Months a published report stays on the website").fill("12")
    page.get_by_role("button", name="Save the settings").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Saved")

    # The first request answered: the report sent.
    page.goto(f"{live_server.url}/publication/requests/{first.uuid}/")
    expect(page.locator("main")).to_contain_text("I train health visitors.")
    page.get_by_role("button", name="Send the report").click()
    assert_accessible(page)
    fill_date(page, "responded_on", today + timedelta(days=1))
    page.get_by_role("button", name="Send the report").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("cannot be in the future")
    fill_date(page, "responded_on", today)
    page.get_by_role("button", name="Send the report").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The report is sent")
    expect(page.locator("main")).to_contain_text("The report was sent on")
    assert_accessible(page)

    page.goto(f"{live_server.url}/reviews/{review.uuid}/")
    expect(page.locator("#time-on-website")).to_have_text("Time on the website")
    page.get_by_role("link", name="See the time on the website").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Time on the website")
    expect(page.locator("main")).to_contain_text("14 March 2027")  # fixed at publication
    assert_accessible(page)
    page.get_by_role("button", name="Start an early withdrawal").click()
    page.get_by_role("button", name="Start it").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Give the reason")
    assert_accessible(page)
    page.get_by_label("Why should the report be removed from the website early?").fill(
        "The family asked: the school is identifiable.")
    page.get_by_role("button", name="Start it").click()
    expect(page.locator("main")).to_contain_text("Waiting for the local authority, health (ICB) "
                                                 "and police safeguarding partners")
    assert_accessible(page)
    page.get_by_role("button", name="Withdraw the report").click()
    page.get_by_role("button", name="Withdraw the report").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("have not agreed")
    assert_accessible(page)

    for partner_for in (PartnerFor.HEALTH, PartnerFor.POLICE):
        page.goto(f"{live_server.url}/reviews/{review.uuid}/publication/website/withdrawal/agree/")
        page.get_by_label(PartnerFor(partner_for).label).check()
        page.get_by_role("button", name="Record the agreement").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("recorded")

    partner_context = browser.new_context(**browser_context_args)
    partner_page = partner_context.new_page()
    sign_in(partner_page, live_server, partners[PartnerFor.LOCAL_AUTHORITY])
    partner_page.goto(f"{live_server.url}/reviews/{review.uuid}/publication/website/")
    partner_page.get_by_role("button", name="Agree to withdraw the report").click()
    assert_accessible(partner_page)
    partner_page.get_by_role("button", name="Record the agreement").click()
    expect(partner_page.locator(".govuk-notification-banner")).to_contain_text("recorded")
    partner_context.close()

    page.goto(f"{live_server.url}/reviews/{review.uuid}/publication/website/withdraw/")
    fill_date(page, "withdrawn_on", today)
    page.get_by_role("button", name="Withdraw the report").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The report is withdrawn")
    expect(page.locator("main")).to_contain_text("has been withdrawn")
    assert_accessible(page)
    published.refresh_from_db()
    assert published.state == Publication.State.WITHDRAWN

    page.goto(f"{live_server.url}/publication/requests/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Requests for reports")
    assert_accessible(page)
    page.get_by_role("link", name="Child K").click()  # the open one
    expect(page.get_by_role("heading", level=1)).to_have_text("Request for a report")
    assert_accessible(page)
    page.get_by_role("button", name="Decline the request").click()
    page.get_by_role("button", name="Decline the request").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Give the reasons")
    assert_accessible(page)
    page.get_by_label("Why is the request declined?").fill("The report has been withdrawn.")
    page.get_by_role("button", name="Decline the request").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("declined")
    assert_accessible(page)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.response, second.response) == (ReportRequest.Response.SENT,
                                                 ReportRequest.Response.DECLINED)
