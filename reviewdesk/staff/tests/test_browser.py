"""Adding practitioners from a pasted list in a real browser (Debian's Chromium), with axe-core
on every page: the business manager pastes a list with a mistake, reads the problem by its row,
corrects it, checks who would be added, and confirms."""

from datetime import date

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from reviewdesk.accounts.models import User
from reviewdesk.reviews.models import Review, Stage
from reviewdesk.reviews.tests.test_browser import assert_accessible, sign_in
from reviewdesk.staff.models import Practitioner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIST = ("name\te-mail\tagency\tjob\tmanager e-mail\n"
        "Hazel Pennock\thazel.pennock@example.test\tTestshire Health / ICB\tHealth Visitor\t"
        "mo.manager@example.test\n"
        "Ian Crowe\tian.crowe@example.test\t{agency}\tPolice Constable\tmo.manager@example.test\n")


def test_the_business_manager_adds_practitioners_from_a_pasted_list(
        page: Page, live_server: LiveServer, review: Review, business_manager: User) -> None:
    Review.objects.filter(pk=review.pk).update(stage=Stage.SET_UP, stage_since=date(2026, 3, 10))
    sign_in(page, live_server, business_manager)
    page.goto(f"{live_server.url}/reviews/{review.uuid}/")
    expect(page.locator("h2", has_text="Practitioners")).to_be_visible()
    page.get_by_role("link", name="See and add practitioners").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Practitioners")
    assert_accessible(page)

    page.get_by_role("button", name="Add from a list").click()
    page.get_by_label("Paste the list").fill(LIST.format(agency="Testshire Fire Service"))
    page.get_by_role("button", name="Check the list").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Row 3: There is no active agency called 'Testshire Fire Service'")
    assert_accessible(page)
    assert not Practitioner.objects.exists()

    page.get_by_label("Paste the list").fill(LIST.format(agency="testshire police"))
    page.get_by_role("button", name="Check the list").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the practitioners to add")
    expect(page.get_by_role("table")).to_contain_text("Health Visitor 2")
    expect(page.get_by_role("table")).to_contain_text("Police Officer 1")
    assert_accessible(page)
    assert not Practitioner.objects.exists()

    page.get_by_role("button", name="Add 2 practitioners").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "2 practitioners added to the review.")
    expect(page.get_by_role("table")).to_contain_text("Hazel Pennock")
    expect(page.get_by_role("table")).to_contain_text("Ian Crowe")
    assert_accessible(page)
    assert Practitioner.objects.filter(review=review).count() == 2
