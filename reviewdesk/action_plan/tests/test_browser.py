"""The action plan in a real browser (Debian's Chromium), axe-core on every page: a CSPR subgroup
member records the extraordinary meeting, is told what a bad action form lacks, agrees an action
on a recommendation, revises its due date with a reason, and closes it with reasons."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from reviewdesk.accounts.models import Agency, User
from reviewdesk.action_plan.models import Action, Recommendation
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.tests.test_browser import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_date(page: Page, name: str, on: date) -> None:
    page.locator(f"[name='{name}-day']").fill(str(on.day))
    page.locator(f"[name='{name}-month']").fill(str(on.month))
    page.locator(f"[name='{name}-year']").fill(str(on.year))


def test_the_subgroup_agrees_an_action_revises_its_date_and_closes_it(
        page: Page, live_server: LiveServer, planned: Review,
        recommendations: list[Recommendation], subgroup_member: User,
        agencies: dict[str, Agency]) -> None:
    sign_in(page, live_server, subgroup_member)
    page.goto(f"{live_server.url}/reviews/{planned.uuid}/")
    expect(page.locator("#action-plan")).to_have_text("The action plan")
    page.get_by_role("link", name="See the action plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Action plan")
    assert_accessible(page)

    page.get_by_role("button", name="Record the extraordinary meeting").click()
    page.get_by_label("Sue Subgroup").check()
    page.get_by_role("button", name="Record the meeting").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Meeting recorded.")
    assert_accessible(page)

    page.get_by_role("button", name="Agree an action").click()
    page.get_by_role("button", name="Agree the action").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Describe the action")
    expect(summary).to_contain_text("Give the success criteria")
    assert_accessible(page)
    assert not Action.objects.exists()

    due = timezone.localdate() + timedelta(days=60)
    page.get_by_label("What is the action?").fill("Audit the bruising protocol's use.")
    page.get_by_label("Recommendation 2: The partnership should audit its bruising protocol.") \
        .check()
    page.get_by_label("Which agency owns it?").select_option(label=agencies["health"].name)
    page.get_by_label("Or: the owner's name and role, without a sign-in").fill(
        "Designated nurse, Testshire ICB")
    page.get_by_label("Their e-mail address").fill("designated.nurse@example.test")
    fill_date(page, "due_on", due)
    page.get_by_label("Success criteria").fill("Every bruised non-mobile baby is referred.")
    page.get_by_label("How impact will be assessed: the measure").fill("Referrals made.")
    page.get_by_label("Where the measure comes from").fill("The quarterly audit.")
    fill_date(page, "impact_assessed_on", due + timedelta(days=180))
    page.get_by_role("button", name="Agree the action").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Action 1 agreed.")
    expect(page.locator("main")).to_contain_text("Green: on track")
    assert_accessible(page)

    page.get_by_role("link", name="Revise the due date of action 1").click()
    fill_date(page, "new_due_on", due + timedelta(days=30))
    page.get_by_label("Why is the due date revised?").fill("The audit tool is being replaced.")
    page.get_by_role("button", name="Revise the due date").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"Its original due date, {due:%-d %B %Y}, is kept.")
    assert_accessible(page)

    page.get_by_role("link", name="Close with reasons").click()
    page.get_by_label("Why does the subgroup close the action?").fill(
        "Overtaken by the new multi-agency bruising protocol.")
    page.get_by_role("button", name="Close the action").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Action 1 closed")
    assert_accessible(page)
    assert Action.objects.get().status == Action.Status.CLOSED
