"""An agency added on the fly from the rapid review's request page, in a real browser (Debian's
Chromium), with axe-core on every page: the business manager finds the ambulance service missing,
adds it without leaving the job in hand, comes back to the request page with it listed and asks
it for a summary; then finds it on Settings → Agencies, and sees what a merge would move before
anything changes."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from reviewdesk.accounts.models import Agency, User
from reviewdesk.rapid_review.models import SummaryRequest
from reviewdesk.reviews.tests.test_browser import assert_accessible, fill_date, sign_in
from reviewdesk.testing import MakeReview

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AMBULANCE = "North West Ambulance Service"


def heading(page: Page) -> Locator:
    return page.get_by_role("heading", level=1)


def banner(page: Page) -> Locator:
    return page.locator(".govuk-notification-banner")


def test_an_agency_added_on_the_fly_from_the_rapid_reviews_request_page(
        page: Page, live_server: LiveServer, business_manager: User, make_review: MakeReview) -> None:
    review = make_review()
    request_url = f"{live_server.url}/reviews/{review.uuid}/rapid-review/summaries/request/"
    sign_in(page, live_server, business_manager)
    page.goto(request_url)
    expect(heading(page)).to_have_text("Request agency summaries")
    expect(page.get_by_role("checkbox", name=AMBULANCE)).to_have_count(0)

    # --- Not listed: add it, and come straight back ------------------------------------------
    page.get_by_role("link", name="Add an agency that is not listed").click()
    expect(heading(page)).to_have_text("Add an agency")
    assert_accessible(page)
    page.get_by_role("button", name="Add the agency").click()  # nothing filled in
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the agency's name.")
    assert_accessible(page)
    page.get_by_label("Name", exact=True).fill(AMBULANCE)
    page.get_by_label("Short name (optional)").fill("NWAS")
    page.get_by_label("Kind of agency").select_option(label="Ambulance service")
    page.get_by_label("Contact address for notices (optional)").fill("safeguarding@nwas.example")
    page.get_by_role("button", name="Add the agency").click()
    expect(page).to_have_url(request_url)
    expect(banner(page)).to_contain_text(f"{AMBULANCE} added to the agencies.")
    expect(page.get_by_role("checkbox", name=AMBULANCE)).not_to_be_checked()
    assert_accessible(page)

    # --- Its named contact is invited (People), then it is asked for a summary ----------------
    ambulance = Agency.objects.get(name=AMBULANCE)
    User.objects.create_user("paramedic@example.test", "a-long-test-password",
                             full_name="Pam Paramedic", partnership=review.partnership,
                             agency=ambulance, job_title="Safeguarding Lead")
    page.reload()
    page.get_by_role("checkbox", name=AMBULANCE).check()
    page.get_by_label(f"Named contact at {AMBULANCE}").select_option(
        label="Pam Paramedic, Safeguarding Lead")
    for agency in review.incidents.get().agencies.all():  # only the ambulance service this time
        page.get_by_role("checkbox", name=agency.name).uncheck()
    # Requested today (the form's default): due a fortnight on, whatever day the test runs.
    fill_date(page, "due_on", timezone.localdate() + timedelta(days=14))
    page.get_by_role("button", name="Send the requests").click()
    expect(heading(page)).to_have_text("Agency summaries")
    expect(banner(page)).to_contain_text("Summaries requested.")
    assert SummaryRequest.objects.get(review=review).agency == ambulance

    # --- Settings → Agencies lists it; a merge shows what would move first -----------------
    page.goto(f"{live_server.url}/settings/")
    page.get_by_role("link", name="Agencies", exact=True).click()
    expect(heading(page)).to_have_text("Agencies")
    expect(page.get_by_role("row").filter(has_text=AMBULANCE)).to_contain_text("NWAS")
    assert_accessible(page)
    page.get_by_role("link", name=AMBULANCE).click()
    expect(heading(page)).to_have_text(f"Change {AMBULANCE}")
    expect(page.get_by_role("table")).to_contain_text("Rapid review summary requests")
    assert_accessible(page)
    Agency.objects.create(partnership=review.partnership, name="NW Ambulance Service",
                          kind=Agency.Kind.AMBULANCE)
    page.get_by_role("link", name=re.compile(f"^Merge {AMBULANCE} into another")).click()
    expect(heading(page)).to_have_text("Merge an agency recorded twice")
    assert_accessible(page)
    page.get_by_label("The agency to keep").select_option(label="NW Ambulance Service")
    page.get_by_role("button", name="Continue").click()
    expect(heading(page)).to_have_text(f"Merge {AMBULANCE} into NW Ambulance Service")
    expect(page.get_by_role("table")).to_contain_text("Rapid review summary requests")
    assert_accessible(page)
    assert SummaryRequest.objects.get(review=review).agency == ambulance  # nothing moved yet
