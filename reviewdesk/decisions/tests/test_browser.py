"""The decision in a real browser (Debian's Chromium), with axe-core on every page: the partners
disagree, the scrutineer reads their decisions side by side and settles it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from reviewdesk.accounts.models import PartnerFor, User
from reviewdesk.decisions.models import Outcome
from reviewdesk.decisions.tests.helpers import decide
from reviewdesk.rapid_review.testing import through_the_rapid_review
from reviewdesk.reviews.models import Review, Stage
from reviewdesk.reviews.tests.test_browser import assert_accessible, sign_in
from reviewdesk.testing import MakeReview

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_scrutineer_settles_the_partners_disagreement(page: Page, live_server: LiveServer,
                                                          make_review: MakeReview, business_manager: User,
                                                          partners: dict[str, User],
                                                          scrutineer: User) -> None:
    aware = timezone.localdate() - timedelta(days=20)
    review = make_review(aware=aware)
    through_the_rapid_review(review, by=business_manager, started_on=aware,
                             completed_on=aware + timedelta(days=10))
    review.refresh_from_db()
    day = aware + timedelta(days=12)
    decide(review, partners[PartnerFor.LOCAL_AUTHORITY], Outcome.LOCAL_CSPR, on=day,
           reasons="Agencies held pieces of the picture.")
    decide(review, partners[PartnerFor.HEALTH], Outcome.LOCAL_CSPR, on=day)
    decide(review, partners[PartnerFor.POLICE], Outcome.NO_REVIEW, on=day,
           reasons="Single-agency learning only.")

    sign_in(page, live_server, scrutineer)
    page.goto(f"{live_server.url}/reviews/{review.uuid}/")
    section = page.locator("h2", has_text="The partners' decision")
    expect(section).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Record a decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The partners' decision")
    table = page.get_by_role("table").filter(has_text="Each partner's decision")
    expect(table).to_contain_text("Agencies held pieces of the picture.")
    expect(table).to_contain_text("Single-agency learning only.")
    assert_accessible(page)

    page.get_by_role("button", name="Record the final decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Give the reasons")
    assert_accessible(page)

    page.get_by_role("radio", name="Local child safeguarding practice review").check()
    page.get_by_label("Reasons").fill("The criteria are met; the police learning fits within it.")
    page.get_by_role("button", name="Record the final decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The final decision is recorded and the partners have been told.")
    expect(page.locator(".govuk-tag").first).to_have_text("Decided")
    assert_accessible(page)
    assert Review.objects.get(pk=review.pk).stage == Stage.COMMISSIONING
