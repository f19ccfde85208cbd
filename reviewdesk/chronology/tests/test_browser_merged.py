"""The merged chronology in a real browser (Debian's Chromium), with axe-core on every page: the
lead reviewer filters it, links a suggested duplicate, marks an episode significant with a note,
reads the timeline, switches to the anonymised view and back, and exports it."""

# The shared fixtures are imported by name, so pytest finds them: not redefinitions.
# ruff: noqa: F811

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from reviewdesk.accounts.models import Agency, User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.chronology.models import DuplicateDecision, Significance
from reviewdesk.chronology.tests.fixtures import (  # noqa: F401
    chronology_review,
    csv_file,
    health,
    import_by_command,
    nurse,
    police,
)
from reviewdesk.chronology.tests.test_merged_pages import CHILD, HEADER, HEALTH_ROWS, POLICE_ROWS
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.tests.test_browser import PASSWORD, assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_lead_reviewer_filters_links_marks_switches_and_exports(
        page: Page, live_server: LiveServer, chronology_review: Review, police: Agency, health: Agency,
        lead_reviewer: User) -> None:
    review = chronology_review
    import_by_command(review, police, csv_file(POLICE_ROWS, HEADER), "police.csv")
    import_by_command(review, health, csv_file(HEALTH_ROWS, HEADER), "health.csv")
    merged = f"{live_server.url}/reviews/{review.uuid}/chronology/merged/"

    sign_in(page, live_server, lead_reviewer)
    page.goto(f"{live_server.url}/reviews/{review.uuid}/chronology/")
    page.get_by_role("link", name="Read the merged chronology").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Merged chronology")
    # The lead reviewer may see every identity: the page opens personalised.
    expect(page.get_by_text("Personalised view:")).to_be_visible()
    expect(page.locator("main")).to_contain_text(f"called 999 about {CHILD}")
    assert_accessible(page)

    # Filter: the health authority's entries about a strategy meeting.
    page.get_by_label("Testshire Health / ICB").check()
    page.get_by_label("Keyword").fill("strategy")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("1 entry match the filters")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Clear filters").click()

    # Link the suggested duplicate: the same strategy meeting, in the police's words.
    page.get_by_role("link", name="Possible duplicates").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Possible duplicates")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile(r"^Same event")).first.click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Linked as the same event")
    assert DuplicateDecision.objects.filter(decision="linked").count() == 1

    # Mark the neighbour's report as a key practice episode, with a note.
    page.goto(merged)
    expect(page.get_by_text("Same event as entry")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Neighbour reported shouting.")
    row.get_by_role("link", name=re.compile("Mark as significant")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mark an entry as significant")
    assert_accessible(page)
    page.get_by_label("Why it matters (optional)").fill("No one asked the child how they were.")
    page.get_by_role("button", name="Mark as significant").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("marked as significant")
    assert Significance.objects.get().note == "No one asked the child how they were."
    page.get_by_label("Significant entries only").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("1 entry match the filters")).to_be_visible()
    assert_accessible(page)

    # The timeline and its table.
    page.get_by_role("link", name="Timeline", exact=True).click()
    expect(page.get_by_role("img", name=re.compile("Timeline of the merged chronology"))
           ).to_be_visible()
    expect(page.get_by_role("table", name="Entries per agency per month")).to_contain_text(
        "Testshire Police")
    assert_accessible(page)

    # Switch to the anonymised view and back.
    page.goto(merged)
    page.get_by_role("link", name="Switch to the anonymised view").click()
    expect(page.get_by_text("Anonymised view:")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(CHILD)
    assert_accessible(page)
    page.get_by_role("link", name="Switch to the personalised view").click()
    expect(page.get_by_text("Personalised view:")).to_be_visible()
    expect(page.locator("main")).to_contain_text(f"called 999 about {CHILD}")
    assert_accessible(page)

    # Export, personalised as the page is: real names for the whole case, so confirm it's you
    # first; back on the page, export again. The file is named for the review, and audited.
    page.get_by_role("button", name="Export as CSV").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it's you")
    assert_accessible(page)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Personalised view:")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Export as CSV").click()
    assert download.value.suggested_filename == f"{review.reference}-chronology-personalised.csv"
    assert AuditEvent.objects.filter(event_type="chronology.exported").count() == 1
    page.get_by_role("link", name="Switch to the anonymised view").click()
    expect(page.get_by_text("Anonymised view:")).to_be_visible()
    assert_accessible(page)
