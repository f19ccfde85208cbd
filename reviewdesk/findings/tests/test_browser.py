"""Findings and recommendations in a real browser (Debian's Chromium), axe-core on every page:
the lead reviewer takes them from the final report, unticking one line that is not a
recommendation, links a recommendation to its finding and tags its theme, then removes a finding
with a reason."""

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from reviewdesk.accounts.models import User
from reviewdesk.action_plan.models import Finding, Recommendation
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.tests.test_browser import assert_accessible, sign_in

from .conftest import FinalWith, docx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_lead_reviewer_takes_them_from_the_final_report_and_links_them(
        page: Page, live_server: LiveServer, planned: Review, lead_reviewer: User,
        final_with: FinalWith) -> None:
    final_with(docx(("Findings", 1),
                    "Finding 1: The school's concerns did not reach children's social care.",
                    "Finding 2: Nobody saw the child alone.",
                    ("Recommendations", 1),
                    "Recommendation 1: Kirkvale schools should have one route to share concerns.",
                    "Recommendation 2: This review ends here."))
    sign_in(page, live_server, lead_reviewer)
    page.goto(f"{live_server.url}/reviews/{planned.uuid}/")
    expect(page.locator("#findings")).to_have_text("Findings and recommendations")
    page.get_by_role("link", name="See the findings and recommendations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Findings and recommendations")
    assert_accessible(page)

    page.get_by_role("button", name="Take them from the final report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Take them from the final report")
    expect(page.locator("main")).to_contain_text("Recommendations (2)")
    assert_accessible(page)
    page.locator("#id_r1-include").uncheck()
    page.get_by_role("button", name="Save the ticked findings and recommendations").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "2 findings and 1 recommendation saved from the final report.")
    assert_accessible(page)
    assert Finding.objects.count() == 2 and Recommendation.objects.count() == 1

    page.get_by_role("link", name="Change recommendation 1").click()
    page.get_by_label("Finding 1: The school's concerns did not reach children's social care.") \
        .check()
    page.get_by_label("Information sharing").check()
    assert_accessible(page)
    page.get_by_role("button", name="Save the recommendation").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Recommendation 1 saved.")
    expect(page.locator("#recommendation-" + str(Recommendation.objects.get().pk))) \
        .to_contain_text("Information sharing")

    page.get_by_role("link", name="Remove finding 2").click()
    page.get_by_role("button", name="Remove finding 2").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why it is removed")
    assert_accessible(page)
    page.get_by_label("Why is it removed?").fill("The final report merged it with finding 1.")
    page.get_by_role("button", name="Remove finding 2").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Finding 2 removed.")
    expect(page.locator("#removed-findings")).to_have_text("Removed findings")
    assert_accessible(page)
