"""Holds and the advance copy in a real browser (Debian's Chromium), axe-core on every page: the
business manager puts publication on hold for the inquest, releases the hold, and sends the
advance copy, which shows the earliest publication date."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from reviewdesk.accounts.models import User
from reviewdesk.lib.workingdays import add_working_days
from reviewdesk.parallel.models import ParallelProcess
from reviewdesk.publication.models import AdvanceCopy, Hold
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.tests.test_browser import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_business_manager_holds_publication_releases_it_and_sends_the_advance_copy(
        page: Page, live_server: LiveServer, held_review: Review, inquest: ParallelProcess,
        business_manager: User) -> None:
    review = held_review
    sign_in(page, live_server, business_manager)
    page.goto(f"{live_server.url}/reviews/{review.uuid}/")
    expect(page.locator("#publication-holds")).to_have_text("Holds and the advance copy")
    page.get_by_role("link", name="See the holds on publication").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Holds on publication")
    expect(page.locator("main")).to_contain_text("No hold on publication is in force.")
    assert_accessible(page)

    page.get_by_role("button", name="Put publication on hold").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Put publication on hold")
    page.get_by_role("button", name="Put publication on hold and tell the Panel").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Say why publication is delayed")
    expect(summary).to_contain_text("Say who decided to delay publication")
    assert_accessible(page)
    assert not Hold.objects.exists()

    page.get_by_label("Which parallel process does publication wait for? (optional)") \
        .select_option(label="Inquest, opened 10 March 2026 (open)")
    page.get_by_label("Why is publication delayed?").fill(
        "The mother gives evidence at the inquest; publishing first could prejudice it.")
    page.get_by_label("Who decided to delay publication?").fill(
        "The three safeguarding partners")
    page.get_by_role("button", name="Put publication on hold and tell the Panel").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Hold recorded.")
    expect(page.locator("main")).to_contain_text("Waiting for: Inquest")
    assert_accessible(page)

    page.get_by_role("link", name="Release this hold").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Release a hold on publication")
    assert_accessible(page)
    page.get_by_label("Note (optional)").fill("The inquest concluded; the partners agreed.")
    page.get_by_role("button", name="Release the hold").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Hold released.")
    expect(page.locator("main")).to_contain_text("No hold on publication is in force.")
    assert_accessible(page)
    assert not Hold.objects.get().in_force

    page.get_by_role("link", name="The advance copy and the earliest publication date").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The advance copy")
    assert_accessible(page)
    page.get_by_role("button", name="Send the advance copy").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Send the advance copy")
    assert_accessible(page)
    page.get_by_role("button", name="Send the advance copy").click()
    earliest = add_working_days(timezone.localdate(), 7)
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"The earliest publication date is {earliest:%A %-d %B %Y}.")
    expect(page.locator(".govuk-panel")).to_contain_text(f"{earliest:%A %-d %B %Y}")
    assert_accessible(page)
    assert AdvanceCopy.objects.get().earliest_publication_on == earliest
