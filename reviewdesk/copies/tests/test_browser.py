"""Copies to national bodies in a real browser (Debian's Chromium), axe-core on every page: the
business manager finds the copies from the home page, sends them (a mistake first), sees them on
the page and the review page, records the deposit; a subgroup member records a learning review's
decision."""

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from reviewdesk.accounts.models import Partnership, User
from reviewdesk.publication.models import CopiesDecision, NationalCopy, Publication
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.tests.test_browser import assert_accessible, fill_date, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_business_manager_sends_the_copies_and_records_the_deposit(
        page: Page, live_server: LiveServer, cspr: Review, published: Publication,
        business_manager: User, addresses: Partnership) -> None:
    sign_in(page, live_server, business_manager)
    more = page.locator("details.govuk-details").filter(has_text="more")
    if more.count():  # waiting items come last, perhaps below the first screen
        more.locator("summary").click()
    item = page.get_by_role("link", name="Send the final report to Ofsted, the Department for "
                                         "Education and the National Panel")
    item.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Copies to national bodies")
    expect(page.locator("main")).to_contain_text("Still to send: Ofsted, the Department for "
                                                 "Education and the National Panel.")
    assert_accessible(page)

    page.get_by_role("button", name="Send the copies").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Send the final report to the national bodies")
    expect(page.locator("main")).to_contain_text("and the document on the actions taken")
    assert_accessible(page)
    for label in ("Ofsted", "Department for Education", "The National Panel"):
        page.get_by_label(label).uncheck()
    page.get_by_role("button", name="Send the copies").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose which national bodies to send the final report to.")
    assert_accessible(page)
    assert not NationalCopy.objects.exists()

    for label in ("Ofsted", "Department for Education", "The National Panel"):
        page.get_by_label(label).check()
    fill_date(page, "sent_on", timezone.localdate())
    page.get_by_role("button", name="Send the copies").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The final report is on its way to Ofsted, the Department for Education and the National "
        "Panel.")
    expect(page.locator("main")).to_contain_text(
        "Every national body due a copy has the final report that stands.")
    assert_accessible(page)
    assert NationalCopy.objects.count() == 3
    assert sorted(m.to[0] for m in mail.outbox if "the final report" in m.subject) == [
        "dfe@example.test", "ofsted@example.test", "panel@example.test"]

    page.get_by_role("button", name="Record the deposit").click()
    assert_accessible(page)
    page.get_by_label("Reference in the repository (optional)").fill("NCRR-2026-0417")
    fill_date(page, "deposited_on", timezone.localdate())
    page.get_by_role("button", name="Record the deposit").click()
    expect(page.locator("main")).to_contain_text("NCRR-2026-0417")
    assert_accessible(page)

    page.get_by_role("link", name="Back to the review").click()
    section = page.locator("#copies-to-national-bodies")
    expect(section).to_have_text("Copies to national bodies")
    expect(page.locator("main")).to_contain_text(
        "Sent: Ofsted, the Department for Education and the National Panel. Every copy has been "
        "sent.")
    expect(page.locator("main")).to_contain_text(
        "Deposited in the national case review repository on")
    assert_accessible(page)


def test_a_subgroup_member_records_which_copies_of_a_learning_review_go(
        page: Page, live_server: LiveServer, learning: Review, subgroup_member: User) -> None:
    sign_in(page, live_server, subgroup_member)
    page.goto(f"{live_server.url}/reviews/{learning.uuid}/publication/copies/")
    expect(page.locator("main")).to_contain_text("The subgroup has not decided yet.")
    assert_accessible(page)
    page.get_by_role("button", name="Record the subgroup's decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Which national bodies get a copy?")
    assert_accessible(page)
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose which national bodies get a copy, or 'None of them'.")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Give the subgroup's reasons")
    assert_accessible(page)
    page.get_by_label("The National Panel").check()
    page.get_by_label("The subgroup's reasons").fill("It adds to the Panel's thematic review.")
    fill_date(page, "decided_on", timezone.localdate())
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The subgroup's decision on copies to national bodies is recorded.")
    expect(page.locator("main")).to_contain_text("It adds to the Panel's thematic review.")
    assert_accessible(page)
    assert CopiesDecision.objects.get().bodies == ["panel"]
