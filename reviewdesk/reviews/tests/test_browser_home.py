"""Each role signs in and reaches its most urgent item from home in one click (axe-core on home).

The people are the suite's, one for each of the demo's roles. With ``SCREENSHOT=1`` each role's
home is saved to docs/home-<role>.png.
"""

import os
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from reviewdesk.accounts.models import Agency, PartnerFor, Partnership, PartnershipRole, User
from reviewdesk.commissioning.testing import walk
from reviewdesk.decisions.models import Outcome
from reviewdesk.decisions.tests.helpers import bring_to_decision, decide
from reviewdesk.rapid_review import actions as rapid_review
from reviewdesk.reviews import actions
from reviewdesk.reviews.models import ReviewRole, Stage
from reviewdesk.reviews.tests.test_browser import sign_in
from reviewdesk.testing import MakeReview

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOCS = Path(settings.BASE_DIR) / "docs"


def _partner(partnership: Partnership, key: str, partner_for: str) -> User:
    return User.objects.create_user(
        f"{key}@example.test", "a-long-test-password", full_name=f"{key.title()} Partner",
        partnership=partnership, role=PartnershipRole.SAFEGUARDING_PARTNER,
        partner_for=partner_for)


def test_each_role_finds_its_most_urgent_item_from_home_in_one_click(
        page: Page, live_server: LiveServer, partnership: Partnership,
        agencies: dict[str, Agency], make_review: MakeReview, business_manager: User,
        partner: User, scrutineer: User, executive: User, agency_author: User,
        lead_reviewer: User, practitioner: User) -> None:
    today = timezone.localdate()
    health = _partner(partnership, "health", PartnerFor.HEALTH)
    police = _partner(partnership, "police", PartnerFor.POLICE)
    # The partners disagree on one review: the scrutineer decides.
    split = bring_to_decision(make_review(child_name="Dylan Disputed"), business_manager)
    decide(split, partner, Outcome.LOCAL_CSPR, on=date(2026, 3, 23))
    decide(split, health, Outcome.LOCAL_CSPR, on=date(2026, 3, 24))
    decide(split, police, Outcome.LEARNING_REVIEW, on=date(2026, 3, 25))
    # On another, the local authority's partner has still to decide.
    waiting = bring_to_decision(make_review(child_name="Wanda Waiting"), business_manager)
    decide(waiting, health, Outcome.LOCAL_CSPR, on=date(2026, 3, 24))
    # An agency's summary is overdue.
    late = make_review(child_name="Lenny Late", aware=today - timedelta(days=20))
    late = rapid_review.start_rapid_review(late, by=business_manager,
                                           effective_on=today - timedelta(days=19))
    rapid_review.request_summaries(late, by=business_manager,
                                   contacts=[(agencies["police"], agency_author)],
                                   due_on=today - timedelta(days=7),
                                   requested_on=today - timedelta(days=18))
    # A review at the report stage, for the executive group; the team's reviewer and practitioner.
    reported = walk(make_review(child_name="Rory Reported"), business_manager, Stage.REPORT)
    for person, member_role in [(lead_reviewer, ReviewRole.LEAD_REVIEWER),
                         (practitioner, ReviewRole.PRACTITIONER)]:
        actions.add_member(reported, person, member_role, by=business_manager,
                           started_on=date(2026, 7, 2))
    actions.add_task(reported, by=business_manager, title="Read the draft report",
                     due_on=today + timedelta(days=1), owner=lead_reviewer)

    journeys = [
        # (who, the first item's words, where its link goes)
        # The business manager's first is whichever deadline is the most overdue.
        ("business-manager", business_manager, "", ""),
        ("scrutineer", scrutineer, "Make the final decision",
         f"/reviews/{split.uuid}/decision/#final-decision"),
        ("partner", partner, "Record your decision on the rapid review",
         f"/reviews/{waiting.uuid}/decision/#record-a-decision"),
        ("agency-author", agency_author, "Send Testshire Police's summary",
         f"/reviews/{late.uuid}/rapid-review/summaries/"),
        ("lead-reviewer", lead_reviewer, "Read the draft report", f"/reviews/{reported.uuid}/"),
    ]
    for role, person, words, href in journeys:
        page.context.clear_cookies()
        sign_in(page, live_server, person)  # runs axe-core on home
        first = page.get_by_test_id("needs").get_by_role("listitem").first
        expect(first).to_contain_text(words)
        expect(first.locator(".govuk-tag")).to_have_text(
            {"partner": "Waiting", "lead-reviewer": "Due soon"}.get(role, "Overdue"))
        href = href or (first.get_by_role("link").get_attribute("href") or "")
        _screenshot(page, role)
        first.get_by_role("link").click()
        expect(page).to_have_url(re.compile(re.escape(f"{live_server.url}{href}")))
        expect(page.get_by_role("heading", level=1)).to_be_visible()

    # The executive group: the review at its stage, one click away; the practitioner: theirs.
    for role, person, title in [("executive", executive, f"{reported.reference}: Child A"),
                                ("practitioner", practitioner,
                                 f"{reported.reference}: Rory Reported")]:
        page.context.clear_cookies()
        sign_in(page, live_server, person)
        expect(page.get_by_text("Nothing needs you at the moment.")).to_be_visible()
        _screenshot(page, role)
        page.get_by_role("link", name=title).first.click()
        expect(page).to_have_url(f"{live_server.url}/reviews/{reported.uuid}/")


def _screenshot(page: Page, role: str) -> None:
    if os.environ.get("SCREENSHOT") == "1":
        page.screenshot(path=str(DOCS / f"home-{role}.png"), full_page=True)
