# ruff: noqa: F811 - the fixtures imported from fixtures.py are named again as test arguments
"""In a real browser, with axe-core on every page: the business manager starts conversations with
one agency's chronology still outstanding. The page names it and asks; without the confirmation
and a reason it refuses; with them the review moves and the timeline keeps what was outstanding.
Then the move, recorded by mistake, is undone from the timeline."""

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from reviewdesk.accounts.models import Agency, User
from reviewdesk.chronology import actions, tasks
from reviewdesk.chronology.tests.fixtures import (  # noqa: F401
    chronology_review,
    csv_file,
    good_rows,
    health,
    nurse,
    police,
)
from reviewdesk.reviews.models import Review, Stage
from reviewdesk.reviews.tests.test_browser import assert_accessible, fill_date, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OUTSTANDING = "Testshire Police's chronology is overdue: due 4 December 2026, 1 working day late."


def test_a_stage_move_with_outstanding_work_asks_records_and_can_be_undone(
        page: Page, live_server: LiveServer, chronology_review: Review, business_manager: User,
        health: Agency, police: Agency) -> None:
    review = chronology_review
    submission = actions.upload_submission(review, health, by=business_manager,
                                           data=csv_file(good_rows(2)), filename="h.csv")
    tasks.run_check(submission.pk)
    submission.refresh_from_db()
    actions.accept_submission(submission, by=business_manager)

    sign_in(page, live_server, business_manager)
    page.goto(f"{live_server.url}/reviews/{review.uuid}/")
    page.get_by_role("button", name="Start conversations with staff").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Start conversations with staff")
    expect(page.get_by_text("This work is still outstanding.")).to_be_visible()
    expect(page.get_by_text(OUTSTANDING)).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"Go to where it is done.*Police"))
           ).to_have_attribute("href", f"/reviews/{review.uuid}/chronology/{police.pk}/")
    assert_accessible(page)

    # Not confirmed: refused, and the review stays where it is.
    fill_date(page, "effective_on", date(2026, 12, 7))
    page.get_by_label("Why the review moves on with this work outstanding").fill(
        "The police's chronology follows next week; the lead reviewer has the others.")
    page.get_by_role("button", name="Start conversations with staff").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Confirm that the review moves on with it outstanding")
    assert_accessible(page)
    review.refresh_from_db()
    assert review.stage == Stage.CHRONOLOGY

    page.get_by_label("Move the review on with this work outstanding").check()
    page.get_by_role("button", name="Start conversations with staff").click()
    expect(page.get_by_text("Start conversations with staff: done.")).to_be_visible()
    expect(page.get_by_role("heading", name="Moved to conversations with staff, with work "
                                             "outstanding")).to_be_visible()
    expect(page.get_by_text(f"Outstanding: {OUTSTANDING}")).to_be_visible()
    assert_accessible(page)
    review.refresh_from_db()
    assert review.stage == Stage.CONVERSATIONS

    page.get_by_role("link", name="Undo this move").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Undo a stage move")
    assert_accessible(page)
    page.get_by_label("Why is the move undone?").fill("Recorded a week early.")
    page.get_by_role("button", name="Undo the move").click()
    expect(page.get_by_text("The stage move is undone")).to_be_visible()
    expect(page.get_by_role("heading", name="Stage move undone, back to chronology")).to_be_visible()
    assert_accessible(page)
    review.refresh_from_db()
    assert review.stage == Stage.CHRONOLOGY
