"""Family involvement in a real browser (Debian's Chromium), with axe-core on every page: the lead
reviewer adds the child's brother, is told a reason is needed when he is not to be approached,
then records the sibling decision that lets him be approached."""

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from reviewdesk.accounts.models import User
from reviewdesk.family.models import FamilyMember
from reviewdesk.family.rules import approach_refusal
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.tests.test_browser import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_lead_reviewer_adds_a_sibling_and_records_the_decision(
        page: Page, live_server: LiveServer, review: Review, lead_reviewer: User) -> None:
    sign_in(page, live_server, lead_reviewer)
    page.goto(f"{live_server.url}/reviews/{review.uuid}/")
    expect(page.locator("h2", has_text="Family involvement")).to_be_visible()
    page.get_by_role("link", name="Run the family's involvement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Family involvement")
    expect(page.get_by_text("0 people considered, 0 approached, 0 contributed")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Add a family member or friend").click()
    page.get_by_label("Their name").fill("Lacey Moorcroft")
    page.get_by_label("Pseudonym or role label").fill("Sibling 1")
    page.get_by_role("radio", name="Parent, relative or family member").check()
    page.get_by_label("Relationship to the child").fill("older sister")
    page.get_by_label("They are a sibling of the child").check()
    page.get_by_role("group", name="Will the review approach them?").get_by_role(
        "radio", name="No").check()
    page.get_by_role("button", name="Add").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Say why they are not being approached")
    assert_accessible(page)
    assert not FamilyMember.objects.exists()

    page.get_by_role("group", name="Will the review approach them?").get_by_role(
        "radio", name="Yes").check()
    page.get_by_role("radio", name="Through a professional who knows them").check()
    page.get_by_label("Through whom (optional)").fill("Her social worker")
    page.get_by_role("button", name="Add").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Added to the family members the review considers.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lacey Moorcroft")
    expect(page.get_by_text("Sibling decision needed")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Record the sibling decision").click()
    page.get_by_label("Their age at the time of the decision").fill("14")
    page.get_by_label("Who was consulted").fill("Her social worker and her foster carer")
    page.get_by_role("radio", name="Yes").check()
    page.get_by_label("The decision", exact=True).fill("Lacey is invited to talk if she wishes.")
    page.get_by_label("The reasons").fill("She has asked to be heard.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Say how contact should be made")
    assert_accessible(page)
    page.get_by_label("How contact should be made").fill("With her foster carer present")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The sibling decision is recorded.")
    expect(page.get_by_text("Contact is appropriate (decided")).to_be_visible()
    expect(page.get_by_text("Not yet approached")).to_be_visible()
    assert_accessible(page)
    assert approach_refusal(FamilyMember.objects.get()) is None
