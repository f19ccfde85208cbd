"""Records made after the fact, in a real browser (Debian's Chromium), with axe-core on every
page: weeks after a rapid review, the business manager records two agencies' summaries that
came by e-mail, each on time or late by the date it was received, and the copy sent to the
Panel, whose deadline is met on the day the copy was sent, not the day it was recorded.

Every date is worked out from today, so the test does not depend on when it runs.
"""

import re
from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from reviewdesk.accounts.models import Agency, Partnership, User
from reviewdesk.lib.workingdays import add_working_days
from reviewdesk.rapid_review import actions
from reviewdesk.rapid_review.testing import complete_the_record
from reviewdesk.rapid_review.tests.test_browser_journey import (
    banner,
    heading,
    row,
    working_days_before,
)
from reviewdesk.reviews.tests.test_browser import (
    assert_accessible,
    clock_row,
    fill_date,
    sign_in,
    uk_date,
)
from reviewdesk.testing import MakeReview

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

POLICE, HEALTH = "Testshire Police", "Testshire Health / ICB"


@pytest.fixture
def health_contact(partnership: Partnership, agencies: dict[str, Agency]) -> User:
    return User.objects.create_user(
        "named.nurse@example.test", "a-long-test-password", full_name="Nina Nurse",
        partnership=partnership, agency=agencies[Agency.Kind.HEALTH],
        job_title="Named Nurse for Safeguarding")


def record_for_the_agency(page: Page, received_on: date) -> None:
    page.get_by_text("Record the summary for the agency").click()
    page.get_by_label("What your agency knew and did").fill("Two contacts with the family.")
    page.get_by_label("Immediate actions taken to keep children safe").fill("Siblings seen.")
    page.get_by_label("Early learning").fill("None identified yet.")
    fill_date(page, "received_on", received_on)
    page.get_by_role("button", name="Record the summary").click()


def test_summaries_and_the_panel_copy_recorded_weeks_later_keep_their_own_dates(
        page: Page, live_server: LiveServer, business_manager: User, agencies: dict,
        agency_author: User, health_contact: User, make_review: MakeReview) -> None:
    today = timezone.localdate()
    aware = working_days_before(today, 40)  # about two months ago
    started = add_working_days(aware, 1)
    due = add_working_days(aware, 5)
    review = make_review(aware=aware)
    actions.start_rapid_review(review, by=business_manager, effective_on=started)
    requests = {item.agency.name: item for item in actions.request_summaries(
        review, by=business_manager, due_on=due, requested_on=started,
        contacts=[(agencies["police"], agency_author), (agencies["health"], health_contact)])}
    complete_the_record(review, by=business_manager)
    review_url = f"{live_server.url}/reviews/{review.uuid}/"

    sign_in(page, live_server, business_manager)
    # The police's summary came by e-mail the day before it was due: on time, though recorded now.
    page.goto(f"{review_url}rapid-review/summaries/{requests[POLICE].uuid}/")
    expect(heading(page)).to_have_text(f"Agency summary: {POLICE}")
    assert_accessible(page)
    on_time = add_working_days(aware, 4)
    record_for_the_agency(page, on_time)
    expect(banner(page)).to_contain_text("Summary recorded on behalf of Andy Author.")
    summary = page.locator(".govuk-summary-list")
    expect(summary).to_contain_text(f"Received {uk_date(on_time)} — on time")
    expect(summary).to_contain_text(f"recorded by Bea Manager on behalf of Andy Author on "
                                    f"{uk_date(today)}")
    assert_accessible(page)

    # The health summary arrived two working days after it was due.
    page.goto(f"{review_url}rapid-review/summaries/{requests[HEALTH].uuid}/")
    late = add_working_days(due, 2)
    record_for_the_agency(page, late)
    expect(page.locator(".govuk-summary-list")).to_contain_text(
        f"Received {uk_date(late)} — late by 2 working days")
    assert_accessible(page)

    page.goto(f"{review_url}rapid-review/summaries/")
    expect(row(page, "Summary requests", POLICE)).to_contain_text(
        f"Received {uk_date(on_time)} — on time")
    expect(row(page, "Summary requests", HEALTH)).to_contain_text(
        f"Received {uk_date(late)} — late by 2 working days")
    assert_accessible(page)

    # The copy went to the Panel a working day before the deadline, weeks ago.
    page.goto(review_url)
    deadline = add_working_days(aware, 15)
    expect(clock_row(page, "^Rapid review complete")).to_contain_text("Overdue")
    page.get_by_role("link", name="Record the copy sent to the Panel").click()
    expect(heading(page)).to_have_text("Record the copy sent to the Panel")
    assert_accessible(page)
    sent = add_working_days(aware, 14)
    fill_date(page, "sent_on", sent)
    page.get_by_role("button", name="Record the copy sent").click()
    expect(page).to_have_url(review_url)
    expect(banner(page)).to_contain_text("the copy of the rapid review was sent to the Panel")
    rapid = clock_row(page, "^Rapid review complete")
    expect(rapid).to_contain_text(f"Met on {uk_date(sent)}")
    expect(rapid).not_to_contain_text("(late)")
    assert sent < deadline < today
    expect(row(page, "Tasks", "Send a copy of the rapid review to the Panel")).to_contain_text(
        f"Done {uk_date(sent)}")
    # The timeline gives the date it took effect first, and when it was recorded second.
    entry = page.locator(".rd-timeline > li").filter(
        has_text="Copy of the rapid review sent to the National Panel")
    expect(entry).to_contain_text(re.compile(
        rf"Took effect {uk_date(sent)} · recorded on {uk_date(today)} at .* by Bea Manager"))
    received = page.locator(".rd-timeline > li").filter(
        has_text=f"Agency summary received from {HEALTH}")
    expect(received).to_contain_text(f"Took effect {uk_date(late)} · recorded on {uk_date(today)}")
    assert_accessible(page)
