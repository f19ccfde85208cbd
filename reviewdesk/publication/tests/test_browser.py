"""The publication page in a real browser (Debian's Chromium), axe-core on every page: the
business manager opens it from the review page, sees the final check with the harm assessment
unmet, assesses the harm, confirms it's them and publishes the report."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from reviewdesk.accounts.models import User
from reviewdesk.family.tests.helpers import register_family
from reviewdesk.publication.models import Publication
from reviewdesk.publication.testing import at_publication
from reviewdesk.publication.tests.conftest import advance_copy_sent
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.tests.test_browser import PASSWORD, assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_business_manager_assesses_the_harm_and_publishes(
        page: Page, live_server: LiveServer, review: Review, business_manager: User) -> None:
    at_publication(review, by=business_manager)
    advance_copy_sent(review, business_manager)
    register_family(review, business_manager)
    sign_in(page, live_server, business_manager)
    page.goto(f"{live_server.url}/reviews/{review.uuid}/")
    expect(page.locator("#publication")).to_have_text("Publication")
    page.get_by_role("link", name="Open publication and the final check").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Publication")
    harm = page.get_by_role("row").filter(has_text="Harm from publication assessed")
    expect(harm).to_contain_text("Not met")
    assert_accessible(page)

    page.get_by_role("button", name="Assess the harm from publication").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Assess the harm from publication")
    assert_accessible(page)
    page.get_by_role("button", name="Record the assessment").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say who assessed it")
    assert_accessible(page)
    for box in page.locator("textarea[name^='impact_']").all():
        box.fill("Local press interest; no names are published.")
    page.get_by_label("Overall conclusion").fill("Publish, with the family told first.")
    page.get_by_label("Who assessed it").fill("The CSPR subgroup")
    page.get_by_role("button", name="Record the assessment").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The assessment of harm from publication is recorded (3 people).")
    expect(harm).to_contain_text("Met")
    assert_accessible(page)

    page.get_by_role("button", name="Publish or schedule the report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it's you")
    assert_accessible(page)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Publish the report")
    assert_accessible(page)
    page.get_by_label("Summary for the public").fill("What the review of Child A found.")
    page.get_by_role("button", name="Publish or schedule").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Published")
    expect(page.locator("main")).to_contain_text("Planned end of its time on the website")
    assert_accessible(page)
    published = Publication.objects.get()
    assert published.state == Publication.State.PUBLISHED
    assert published.published_on == timezone.localdate()
