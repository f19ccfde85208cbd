"""End-to-end journeys in a real browser (Debian's Chromium), with axe-core on every page.

A business manager signs in, records a serious incident, starts the rapid review and finds the
review on the dashboard; a practitioner signs in and sees only the practitioner view.

Dates are worked out from today, so the tests do not depend on when they run. With
``SCREENSHOT=1`` the business manager's dashboard is saved to docs/screenshot.png.
"""

import os
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from reviewdesk.accounts.models import User
from reviewdesk.lib.workingdays import add_working_days
from reviewdesk.reviews import actions
from reviewdesk.reviews.models import ReviewRole
from reviewdesk.reviews.names import age_in_words
from reviewdesk.testing import MakeReview

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password"  # what conftest.py's people are created with
AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]
ESCAPED_MARKUP = re.compile(r"</?(?:a|br|span|code|strong|p|li)\b[^>]*>")
SCREENSHOT = Path(settings.BASE_DIR) / "docs" / "screenshot.png"

AXE_RUN = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return {
    passes: results.passes.map((rule) => rule.id),
    violations: results.violations.map((rule) => ({
      id: rule.id, impact: rule.impact, help: rule.help, helpUrl: rule.helpUrl,
      nodes: rule.nodes.map((node) => ({target: node.target, html: node.html,
                                         summary: node.failureSummary})),
    })),
  };
}"""


def uk_date(day: date, with_weekday: bool = False) -> str:
    """The app's date style: 14 January 2027, or Thursday 14 January 2027."""
    return day.strftime("%A %-d %B %Y" if with_weekday else "%-d %B %Y")


def assert_accessible(page: Page) -> None:
    """Run axe-core on the page as it is now: no violations, and proof that axe really ran.

    Also checks no HTML leaked onto the page as text (markup escaped by mistake).
    Waits for the page to have loaded first: after a click, a busy machine can still be
    parsing the next page, and axe would judge half a document. (Not ``wait_for_load_state``:
    after a link that downloads a file, the navigation it began never loads, and that waits in
    vain; the document on screen is still the page, and complete.)"""
    page.wait_for_function("document.readyState === 'complete'")
    expect(page.locator("main")).to_have_count(1)
    expect(page.locator("h1").first).to_be_attached()
    leaked = ESCAPED_MARKUP.findall(page.locator("body").inner_text())
    assert not leaked, f"HTML shown as text on {page.url}: {leaked}"
    if not AXE_SCRIPT.exists():
        pytest.fail(f"{AXE_SCRIPT} is missing: run 'make setup' (or scripts/build_assets.sh) "
                    "to install axe-core.", pytrace=False)
    page.add_script_tag(path=str(AXE_SCRIPT))
    results = page.evaluate(AXE_RUN, AXE_TAGS)
    problems = []
    for rule in results["violations"]:
        problems.append(f"- {rule['id']} ({rule['impact']}): {rule['help']} <{rule['helpUrl']}>")
        for node in rule["nodes"]:
            problems.append(f"    at {node['target']}: {node['html'][:200]}")
            if node["summary"]:
                problems.append("      " + node["summary"].replace("\n", "\n      "))
    assert not problems, f"axe-core found accessibility problems on {page.url}:\n" + "\n".join(
        problems)
    assert results["passes"], (f"axe-core reported no passing rules on {page.url}: the script "
                               "cannot have run properly.")


def sign_in(page: Page, live_server: LiveServer, person: User) -> None:
    page.goto(f"{live_server.url}/sign-in/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Review Desk")
    assert_accessible(page)
    page.get_by_label("E-mail address").fill(person.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("What needs you")
    assert_accessible(page)


def fill_date(page: Page, name: str, day: date) -> None:
    page.locator(f'input[name="{name}-day"]').fill(str(day.day))
    page.locator(f'input[name="{name}-month"]').fill(str(day.month))
    page.locator(f'input[name="{name}-year"]').fill(str(day.year))


def clock_row(page: Page, kind: str) -> Locator:
    table = page.get_by_role("table").filter(has_text="Deadlines")
    return table.get_by_role("row").filter(has=page.get_by_role("rowheader", name=re.compile(kind)))


def test_business_manager_records_an_incident_and_starts_the_rapid_review(
        page: Page, live_server: LiveServer, business_manager: User, agencies: dict) -> None:
    today = timezone.localdate()
    aware = today - timedelta(days=3)
    incident_day = aware - timedelta(days=1)
    panel_due = add_working_days(aware, 5)
    rapid_due = add_working_days(aware, 15)

    sign_in(page, live_server, business_manager)

    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    expect(page.get_by_text("No reviews match these filters.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Record a serious incident").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a serious incident")
    assert_accessible(page)

    # An empty form comes back with the GOV.UK error summary, which must be accessible too.
    page.get_by_role("button", name="Record the incident").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Enter the name of at least one child.")
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page)

    page.get_by_label("Child 1: full name").fill("Kayden Moorcroft")
    fill_date(page, "child_1_dob", date(2019, 3, 14))
    page.get_by_label("Child 2: full name").fill("Mia Moorcroft")
    page.get_by_role("checkbox", name="Child 2 is a looked-after child").check()
    page.get_by_role("radio", name="The child was seriously harmed").check()
    page.get_by_role("radio", name="Suspected", exact=True).check()
    fill_date(page, "incident_date", incident_day)
    fill_date(page, "la_aware_on", aware)
    page.get_by_role("checkbox", name="Testshire Police").check()
    page.get_by_role("checkbox", name="Testshire Health").check()
    page.get_by_label("Summary of what happened").fill("Kayden was seriously hurt at home.")
    page.get_by_role("button", name="Record the incident").click()

    reference = f"TS-{aware.year}-001"
    title = f"{reference}: Kayden Moorcroft"  # the subject child only, not every child
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"Review {reference} opened. Its clocks have started.")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    children = page.locator(".govuk-summary-list__row").filter(has_text="Children")
    age = age_in_words(date(2019, 3, 14), incident_day)  # the incident is a few days ago
    expect(children).to_contain_text("Kayden Moorcroft (the subject of the review): date of birth: "
                                     f"14 March 2019 ({age} at the incident)")
    expect(children).to_contain_text("Mia Moorcroft: legal status at the time: Looked after")
    expect(page.locator(".govuk-tag").first).to_have_text("Notification")
    expect(clock_row(page, "Panel notification")).to_contain_text(uk_date(panel_due, True))
    expect(clock_row(page, "Rapid review complete")).to_contain_text(uk_date(rapid_due, True))
    expect(page.locator(".rd-timeline")).to_contain_text("Serious incident notification recorded")
    assert_accessible(page)
    review_url = page.url

    page.get_by_role("button", name="Start the rapid review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Start the rapid review")
    assert_accessible(page)
    # The date it took effect starts as today.
    expect(page.locator('input[name="effective_on-day"]')).to_have_value(str(today.day))
    page.get_by_label("Reasons or notes").fill("Rapid review meeting arranged with the partners.")
    page.get_by_role("button", name="Start the rapid review").click()

    expect(page).to_have_url(review_url)
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Start the rapid review: done.")
    expect(page.locator(".govuk-tag").first).to_have_text("Rapid review")
    latest = page.locator(".rd-timeline > li").filter(has_text="Moved to rapid review")
    expect(latest).to_contain_text(f"Took effect {uk_date(today)}")
    expect(latest).to_contain_text("by Bea Manager")
    expect(latest).to_contain_text("Rapid review meeting arranged with the partners.")
    # The clocks keep running from the day the local authority became aware.
    expect(clock_row(page, "Rapid review complete")).to_contain_text(uk_date(rapid_due, True))
    assert_accessible(page)

    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Dashboard").click()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=title))
    expect(row).to_contain_text("Rapid review")
    expect(row).to_contain_text(f"Panel notification (and local partners told), due "
                                f"{uk_date(panel_due)}")
    assert_accessible(page)

    if os.environ.get("SCREENSHOT") == "1":
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT), full_page=True)

    menu = page.get_by_role("navigation", name="Main menu")
    menu.get_by_role("link", name="Audit trail").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit trail")
    expect(page.get_by_role("row").filter(has_text="review.incident_recorded")).to_contain_text(
        f"Recorded a serious incident and opened {reference}")
    assert_accessible(page)

    menu.get_by_role("link", name="People").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    expect(page.get_by_role("link", name="Bea Manager")).to_be_visible()
    assert_accessible(page)


def test_practitioner_sees_only_the_practitioner_view(page: Page, live_server: LiveServer,
                                                      make_review: MakeReview, business_manager: User,
                                                      practitioner: User, subgroup_member: User) -> None:
    aware = timezone.localdate() - timedelta(days=4)
    review = make_review(aware=aware)
    actions.add_member(review, practitioner, ReviewRole.PRACTITIONER, by=business_manager,
                       started_on=aware)
    actions.add_member(review, subgroup_member, ReviewRole.SUBGROUP_MEMBER, by=business_manager,
                       started_on=aware, no_contact=True)
    title = f"{review.reference}: Kayden Moorcroft"

    sign_in(page, live_server, practitioner)
    menu = page.get_by_role("navigation", name="Main menu")
    expect(menu.get_by_role("link", name="Dashboard")).to_have_count(0)
    card = page.locator(".govuk-summary-card").filter(has_text=title)
    expect(card).to_contain_text("Practitioner")
    expect(card).to_contain_text("Sue Subgroup")

    card.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_text("You are part of this review as a practitioner")).to_be_visible()
    expect(page.get_by_role("link", name="Identity register")).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("team", re.I))).to_have_count(0)
    expect(page.get_by_role("button", name="Start the rapid review")).to_have_count(0)
    expect(page.get_by_role("table").filter(has_text="Deadlines")).to_contain_text(
        uk_date(add_working_days(aware, 15), True))
    assert_accessible(page)

    for section in ("team", "register"):
        response = page.goto(f"{live_server.url}/reviews/{review.uuid}/{section}/")
        assert response is not None and response.status == 403, section
        expect(page.get_by_role("heading", level=1)).to_have_text("You may not do this")
        assert_accessible(page)
