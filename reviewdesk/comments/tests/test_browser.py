"""A round of comments in a real browser (Debian's Chromium), with axe-core on every page: the
business manager opens a round from the review page, a subgroup member finds it on their home
page and comments on a numbered paragraph, and after the closing date the lead reviewer answers
it from their home page and closes the round as answered."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from reviewdesk.accounts.models import User
from reviewdesk.commissioning.testing import walk
from reviewdesk.reports.models import CommentRound, ReportVersion
from reviewdesk.reviews.models import Stage
from reviewdesk.reviews.tests.test_browser import assert_accessible, fill_date, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_open_comment_answer_and_close_a_round(
        page: Page, live_server: LiveServer, version: ReportVersion, business_manager: User,
        subgroup_member: User, lead_reviewer: User, today_is) -> None:
    review = walk(version.review, business_manager, Stage.REPORT)
    today = timezone.localdate()

    sign_in(page, live_server, business_manager)
    page.goto(f"{live_server.url}/reviews/{review.uuid}/")
    expect(page.get_by_role("heading", name="Comments on the report")).to_be_visible()
    page.get_by_role("button", name="Open a round of comments").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Open a round of comments")
    assert_accessible(page)
    page.get_by_role("button", name="Open the round").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter how many working days commenters have")
    assert_accessible(page)
    page.get_by_label("How many working days do commenters have?").fill("1")
    fill_date(page, "opened_on", today)
    page.get_by_role("button", name="Open the round").click()
    round_ = CommentRound.objects.get()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"comments are taken until the end of {round_.closes_on:%-d %B %Y}")
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, live_server, subgroup_member)
    page.get_by_role("link", name=f"Comment on version 1 of the report by "
                                  f"{round_.closes_on:%-d %B %Y}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Comments on version 1 of the report")
    assert_accessible(page)
    page.get_by_role("button", name="Make a comment").click()
    page.get_by_label("Which paragraph is the comment on?").select_option(
        label="1.2: The health visitor visited twice in the spring.")
    page.get_by_label("Your comment").fill("Say which months, and which team.")
    page.get_by_role("button", name="Save the comment").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Comment recorded")
    expect(page.get_by_role("heading", name="1.2")).to_be_visible()
    assert_accessible(page)

    today_is(round_.closes_on + timedelta(days=1))
    page.context.clear_cookies()
    sign_in(page, live_server, lead_reviewer)
    page.get_by_role("link", name="Answer 1 comment on the report").click()
    page.get_by_role("link", name="Answer comment 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Answer a comment")
    page.get_by_label("Not changed").check()
    fill_date(page, "answered_on", timezone.localdate())
    page.get_by_role("button", name="Save the answer").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Say why the report was not changed.")
    assert_accessible(page)
    page.get_by_label("Your reason or note").fill("The months are in the chronology.")
    page.get_by_role("button", name="Save the answer").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Answer saved")
    assert_accessible(page)
    page.get_by_role("button", name="Close the round as answered").click()
    fill_date(page, "answered_on", timezone.localdate())
    page.get_by_role("button", name="Close the round as answered").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Round 1 is closed as answered.")
    expect(page.get_by_text("Closed as answered").first).to_be_visible()
    assert_accessible(page)
