"""The whole action plan stage in a real browser (Debian's Chromium), as its people run it, with
axe-core on every page: the business manager records the extraordinary subgroup meeting and
agrees an action owned by an agency's safeguarding lead who has no part in the review; the owner
finds it under "Your actions", posts an update with an evidence file, is refused completion
without evidence, completes it and adds the impact evidence; the business manager records a
monitoring meeting, filters the monitoring view, finds the action with its history and accepts
its impact; every action concluded, the review closes from the review page.

Set up in Python only what a user does not do on these pages: the review walked to the action
plan stage and its recommendations. The days pass with the clock moved (today_is), each from the
suite's "today", so the test holds with the clock shifted too."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import FilePayload, Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from reviewdesk.accounts.models import Agency, User
from reviewdesk.action_plan.models import Action, PlanMeeting, Recommendation
from reviewdesk.progress.tests.conftest import owner  # noqa: F401  (Olive Owner, the fixture)
from reviewdesk.reviews.models import Review, Stage
from reviewdesk.reviews.tests.test_browser import assert_accessible, fill_date, sign_in, uk_date
from reviewdesk.testing import TodayIs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def success(page: Page) -> Locator:
    return page.locator(".govuk-notification-banner--success")


def form_with(page: Page, button: str) -> Locator:
    return page.locator("form").filter(has=page.get_by_role("button", name=button))


def evidence(name: str, text: str) -> FilePayload:
    return {"name": name, "mimeType": "text/plain", "buffer": text.encode()}


def test_the_whole_action_plan_stage(
        page: Page, live_server: LiveServer, planned: Review,
        recommendations: list[Recommendation], business_manager: User,
        owner: User, agencies: dict[str, Agency], today_is: TodayIs) -> None:  # noqa: F811
    today = timezone.localdate()
    due = today + timedelta(days=60)
    base = f"{live_server.url}/reviews/{planned.uuid}"

    # 1. The business manager opens the action plan, records the extraordinary meeting and
    # agrees an action owned by Olive Owner (a sign-in, no part in the review).
    sign_in(page, live_server, business_manager)
    page.goto(f"{base}/")
    page.get_by_role("link", name="See the action plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Action plan")
    expect(page.locator("main")).to_contain_text("No action has been agreed yet.")
    assert_accessible(page)
    page.get_by_role("button", name="Record the extraordinary meeting").click()
    expect(page.get_by_label("Others present (optional)")).to_be_visible()
    assert_accessible(page)
    fill_date(page, "held_on", today)
    page.get_by_label(re.compile(r"Bea Manager")).check()
    page.get_by_label("Others present (optional)").fill(
        "Head of safeguarding, Kirkvale Academy Trust")
    page.get_by_role("button", name="Record the meeting").click()
    expect(success(page)).to_contain_text("Meeting recorded.")
    expect(page.locator("#meetings ~ h3").first).to_have_text(
        f"Extraordinary subgroup meeting, {uk_date(today)}")
    assert_accessible(page)

    page.get_by_role("button", name="Agree an action").click()
    assert_accessible(page)
    page.get_by_label("What is the action?").fill(
        "Audit how health visitors use the bruising protocol.")
    page.get_by_label(f"Recommendation 2: {recommendations[1].text}").check()
    page.get_by_label("Which agency owns it?").select_option(label=agencies["health"].name)
    page.get_by_label("Named owner with a sign-in").select_option(
        label=f"Olive Owner, {agencies['health'].name}")
    fill_date(page, "due_on", due)
    page.get_by_label("Success criteria").fill("Every bruised non-mobile baby is referred.")
    page.get_by_label("How impact will be assessed: the measure").fill(
        "Referrals of bruised non-mobile babies.")
    page.get_by_label("Where the measure comes from").fill("The quarterly audit.")
    fill_date(page, "impact_assessed_on", due)
    page.get_by_role("button", name="Agree the action").click()
    expect(success(page)).to_contain_text("Action 1 agreed.")
    expect(page.locator("#action-1 ~ dl").first).to_contain_text("Olive Owner")
    assert_accessible(page)
    action = Action.objects.get()
    assert (action.owner, action.due_on, action.status) == (owner, due,
                                                             Action.Status.NOT_STARTED)

    # 2. A month on, the owner posts an update with a file; three weeks later they complete it
    # (refused without evidence first) and add the impact evidence.
    page.context.clear_cookies()
    updated_on = today_is(today + timedelta(days=30))
    sign_in(page, live_server, owner)
    page.goto(f"{live_server.url}/my-actions/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your actions")
    assert_accessible(page)
    page.get_by_role("link", name="Action 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Action 1")
    assert_accessible(page)
    update = form_with(page, "Post the update")
    update.get_by_label("What has been done since the last update?").fill(
        "The audit tool is agreed; the first month's records are sampled.")
    update.get_by_label("Attach evidence (optional)").set_input_files(
        evidence("audit-tool.txt", "The audit tool, version 1."))
    page.get_by_role("button", name="Post the update").click()
    expect(success(page)).to_contain_text("Your update is added")
    history = page.locator("#history ~ ol")
    expect(history).to_contain_text(f"{uk_date(updated_on)}: ")
    expect(history).to_contain_text("The audit tool is agreed")
    expect(history.get_by_role("link", name="audit-tool.txt")).to_be_visible()
    assert_accessible(page)

    completed_on = today_is(today + timedelta(days=50))
    page.reload()
    page.get_by_role("button", name="Mark it completed").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "An action is not completed without evidence")
    assert_accessible(page)
    complete = form_with(page, "Mark it completed")
    complete.get_by_label("Evidence that it is completed").fill("The audit report is attached.")
    complete.get_by_label("Attach evidence (optional)").set_input_files(
        evidence("audit-report.txt", "Every health visiting team audited."))
    page.get_by_role("button", name="Mark it completed").click()
    expect(success(page)).to_contain_text("The action is marked completed")
    assert_accessible(page)
    page.get_by_label("The impact, against the success criteria").fill(
        "Referrals of bruised non-mobile babies doubled in the quarter.")
    page.get_by_role("button", name="Add the impact evidence").click()
    expect(page.locator("main")).to_contain_text("Referrals of bruised non-mobile babies doubled")
    assert_accessible(page)
    action.refresh_from_db()
    assert (action.status, action.completed_on) == (Action.Status.COMPLETED, completed_on)

    # 3. At the next monitoring meeting the business manager records it, filters the view, sees
    # the action's history and accepts its impact.
    page.context.clear_cookies()
    met_on = today_is(today + timedelta(days=90))
    sign_in(page, live_server, business_manager)
    page.goto(f"{live_server.url}/actions/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Monitoring actions")
    assert_accessible(page)
    page.get_by_role("link", name="Record a monitoring meeting").first.click()
    assert_accessible(page)
    fill_date(page, "held_on", met_on)
    page.get_by_label(re.compile(r"Bea Manager")).check()
    page.get_by_role("button", name="Record the meeting").click()
    expect(success(page)).to_contain_text("Monitoring meeting recorded")
    assert_accessible(page)

    page.goto(f"{live_server.url}/actions/")
    reference = f"{planned.reference} action 1"
    page.get_by_label("Only overdue actions").check()
    page.get_by_role("button", name="Apply the filters").click()
    expect(page.locator("main")).to_contain_text("No action matches these filters.")
    assert_accessible(page)
    page.get_by_label("Only overdue actions").uncheck()
    page.get_by_label("Status").select_option(label="Completed")
    page.get_by_role("button", name="Apply the filters").click()
    expect(page).to_have_url(re.compile(r"status=completed"))
    row = page.get_by_role("row").filter(has_text=reference)
    expect(row).to_contain_text("Completed")
    expect(row).to_contain_text("Olive Owner")
    row.locator("summary").click()
    expect(row.locator(".govuk-details__text")).to_contain_text("The audit tool is agreed")
    expect(row.locator(".govuk-details__text")).to_contain_text(
        "Referrals of bruised non-mobile babies doubled")
    assert_accessible(page)

    row.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Action 1")
    assert_accessible(page)
    page.get_by_label("At which monitoring meeting did the subgroup accept it?").select_option(
        label=f"Monitoring meeting on {uk_date(met_on)}")
    page.get_by_role("button", name="Record that the impact is shown").click()
    expect(page.locator("main")).to_contain_text(
        f"At the monitoring meeting on {uk_date(met_on)}")
    expect(page.locator("main .govuk-tag").first).to_have_text("Impact shown")
    assert_accessible(page)
    action.refresh_from_db()
    assert action.status == Action.Status.IMPACT_SHOWN
    assert action.impact_accepted_at == PlanMeeting.objects.get(kind=PlanMeeting.Kind.MONITORING)

    # 4. Every action concluded: the review closes from the review page.
    page.goto(f"{base}/")
    page.get_by_role("button", name="Close the review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Close the review")
    assert_accessible(page)
    page.get_by_label("Reasons").fill("Every action has shown its impact.")
    fill_date(page, "effective_on", met_on)
    page.get_by_role("button", name="Close the review").click()
    expect(page.get_by_text("Close the review: done.")).to_be_visible()
    assert_accessible(page)
    planned.refresh_from_db()
    assert planned.stage == Stage.CLOSED
