"""A practitioner's whole experience of a review in a real browser (Debian's Chromium), with
axe-core on every page: told about the review, they find on their own page why it is happening,
who to ask and how to get support; answer their invitation to a learning event; choose a date to
speak with the lead reviewer; tell the reviewer what they think matters; ask a question; and say
they cannot get the support they need. Each part's own browser test goes deeper (the reviewer's
side: conversations/tests/test_browser.py); this one walks them all as one person would."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from reviewdesk.accounts.models import User
from reviewdesk.conversations.tests.helpers import asked
from reviewdesk.informing import actions as informing
from reviewdesk.meetings.tests.helpers import learning_event
from reviewdesk.reviews.tests.test_browser import assert_accessible, sign_in
from reviewdesk.staff.models import (
    AreaRaised,
    Conversation,
    Invitation,
    Practitioner,
    Question,
    SupportRequest,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_practitioner_goes_through_their_part_of_a_review(
        page: Page, live_server: LiveServer, listed: Practitioner, business_manager: User,
        lead_reviewer: User) -> None:
    review = listed.review
    informing.tell_practitioners(review, by=business_manager, told_on=timezone.localdate())
    learning_event(review, business_manager, [listed], title="What we can learn together")
    asked(listed, lead_reviewer, areas="How the health visits were planned after the move.")
    mine = f"{live_server.url}/reviews/{review.uuid}/"

    sign_in(page, live_server, listed.person)
    # Home: what needs them.
    expect(page.get_by_role("link", name=re.compile("Say whether you can come"))).to_be_visible()
    assert_accessible(page)

    # Their page: why, what is expected, who to ask, support; nobody else's name.
    page.goto(mine)
    for heading in ("About this review", "Why there is a review", "What is expected of you",
                    "Who to ask", "Getting support", "Talking to the reviewer"):
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    expect(page.get_by_text("Health Staff Wellbeing Line").first).to_be_visible()
    assert_accessible(page)

    # The learning event, from their home page: they can come.
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name=re.compile("Say whether you can come")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What we can learn together")
    assert_accessible(page)
    page.get_by_role("radio", name="Attending", exact=True).check()
    page.get_by_role("button", name="Send your answer").click()
    expect(page.locator(".govuk-notification-banner")).to_be_visible()
    assert_accessible(page)

    # The lead reviewer asked to speak with them: they choose the first date offered.
    page.goto(mine)
    page.get_by_role("button", name="Choose a date").click()
    expect(page.get_by_text("How the health visits were planned after the move.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("radio").first.check()
    page.get_by_role("button", name="Send your answer").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The conversation is booked")
    assert_accessible(page)

    # What they think matters, for the reviewer.
    page.get_by_role("button", name="Tell the reviewer").click()
    page.get_by_label("What do you want the reviewer to consider?").fill(
        "The caseload meant weekly visits were not possible.")
    page.get_by_role("button", name="Send it to the reviewer").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The lead reviewer will read it")
    assert_accessible(page)

    # A question about the review.
    page.goto(mine)
    page.get_by_role("button", name="Ask a question").click()
    page.get_by_label("Your question").fill("May I talk to my team about the review?")
    page.get_by_role("button", name="Send your question").click()
    expect(page.get_by_text("Not answered yet")).to_be_visible()
    assert_accessible(page)

    # Support they cannot get.
    page.goto(mine)
    page.get_by_role("button", name="I can't get the support I need").click()
    page.get_by_label("What support do you need?").fill("I keep thinking about the last visit.")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Waiting for the business manager's answer.")).to_be_visible()
    assert_accessible(page)

    # Everything they did is recorded as theirs, for the people it is for.
    event = Invitation.objects.get(person=listed.person, meeting__kind="learning_event")
    assert event.response == Invitation.Response.ATTENDING
    # The conversation they booked is in their calendar too.
    assert Invitation.objects.filter(person=listed.person, meeting__kind="conversation").exists()
    assert Conversation.objects.get(practitioner=listed).status == Conversation.Status.BOOKED
    assert AreaRaised.objects.get(practitioner=listed).text.startswith("The caseload")
    assert Question.objects.get(practitioner=listed).text.startswith("May I talk")
    request = SupportRequest.objects.select_related("task").get(practitioner=listed)
    assert request.task is not None and request.task.owner == business_manager
