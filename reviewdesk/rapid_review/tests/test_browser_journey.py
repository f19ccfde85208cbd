"""From a serious incident to the end of set-up, in a real browser (Debian's Chromium), with
axe-core on every page.

The business manager records the incident and its notification, runs the rapid review (the plan,
two agencies' summaries, the meeting, the record, the Panel exports and copy) and marks it
complete. One agency's named contact completes only their own summary. The three partners
disagree; the independent scrutineer decides. The business manager then commissions the review
(notices, case files), appoints a lead reviewer, agrees and shares the terms of reference, names
the chronology authors and finishes set-up. Last, a practitioner on the review sees only the
practitioner view, and someone outside it finds no review at all.

Every date is worked out from today, so the test does not depend on when it runs.
"""

import io
import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from docx import Document
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from reviewdesk.accounts.models import Agency, PartnerFor, Partnership, User
from reviewdesk.lib.workingdays import add_months, add_working_days, working_days_between
from reviewdesk.rapid_review.models import SummaryRequest
from reviewdesk.rapid_review.selectors import PLAN
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.tests.test_browser import (
    assert_accessible,
    clock_row,
    fill_date,
    sign_in,
    uk_date,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHILD = "Kayden Moorcroft"
POLICE, HEALTH = "Testshire Police", "Testshire Health / ICB"


@pytest.fixture
def health_contact(partnership: Partnership, agencies: dict[str, Agency]) -> User:
    """The health agency's named contact for its rapid review summary."""
    return User.objects.create_user(
        "named.nurse@example.test", "a-long-test-password", full_name="Nina Nurse",
        partnership=partnership, agency=agencies[Agency.Kind.HEALTH],
        job_title="Named Nurse for Safeguarding")


# --- Small helpers --------------------------------------------------------------------------


def heading(page: Page) -> Locator:
    return page.get_by_role("heading", level=1)


def banner(page: Page) -> Locator:
    return page.locator(".govuk-notification-banner")


def stage_tag(page: Page) -> Locator:
    return page.locator(".govuk-tag").first


def sign_out(page: Page) -> None:
    page.get_by_role("button", name=re.compile(r"^Sign out")).click()
    expect(heading(page)).to_have_text("Sign in to Review Desk")
    expect(banner(page)).to_contain_text("You have signed out.")


def switch_to(page: Page, live_server: LiveServer, person: User) -> None:
    """Sign the current person out and the next one in (axe runs on both pages)."""
    sign_out(page)
    sign_in(page, live_server, person)


def working_days_before(day: date, n: int) -> date:
    """The latest day with ``n`` working days after it up to and including ``day``."""
    earlier = day
    while working_days_between(earlier, day) < n:
        earlier -= timedelta(days=1)
    return earlier


def row(page: Page, table_caption: str, text: str) -> Locator:
    """The row of the table with this caption that mentions ``text``."""
    table = page.get_by_role("table", name=table_caption)
    return table.get_by_role("row").filter(has_text=text)


def group(page: Page, legend: str | re.Pattern) -> Locator:
    """A fieldset (radios, checkboxes, a date) by its legend."""
    return page.get_by_role("group", name=legend)


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for table_row in table.rows for cell in table_row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    return "\n".join(parts)


# --- The journey ----------------------------------------------------------------------------


def test_from_serious_incident_to_the_end_of_set_up(
        page: Page, live_server: LiveServer, business_manager: User, agencies: dict, agency_author: User,
        health_contact: User, partners: dict, scrutineer: User, practitioner: User,
        outsider: User, lead_reviewer: User) -> None:
    today = timezone.localdate()
    aware = working_days_before(today, 3)  # the local authority became aware 3 working days ago
    incident_day = aware - timedelta(days=1)
    panel_notified = add_working_days(aware, 1)  # within the 5 working days, and not after today
    partners_told = add_working_days(aware, 2)
    reference = f"TS-{aware.year}-001"
    pseudonymous_title = f"{reference}: Child A"

    # --- The business manager records the incident ------------------------------------------
    sign_in(page, live_server, business_manager)
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Dashboard").click()
    expect(heading(page)).to_have_text("Dashboard")
    assert_accessible(page)
    page.get_by_role("button", name="Record a serious incident").click()
    expect(heading(page)).to_have_text("Record a serious incident")
    assert_accessible(page)
    page.get_by_label("Child 1: full name").fill(CHILD)
    fill_date(page, "child_1_dob", date(2019, 3, 14))
    page.get_by_role("radio", name="The child was seriously harmed").check()
    page.get_by_role("radio", name="Suspected", exact=True).check()
    fill_date(page, "incident_date", incident_day)
    fill_date(page, "la_aware_on", aware)
    page.get_by_role("checkbox", name=POLICE).check()
    page.get_by_role("checkbox", name=HEALTH).check()
    page.get_by_label("Summary of what happened").fill(
        f"{CHILD} was brought to hospital with injuries that were not explained.")
    page.get_by_role("button", name="Record the incident").click()
    expect(banner(page)).to_contain_text(f"Review {reference} opened.")
    expect(heading(page)).to_have_text(f"{reference}: {CHILD}")
    expect(stage_tag(page)).to_have_text("Notification")
    assert_accessible(page)
    review_url = page.url
    review = Review.objects.get(reference=reference)

    # --- The notification: the Panel, with its reference, and the local partners -------------
    page.get_by_role("link", name="Record the notification").click()
    expect(heading(page)).to_have_text("Record the notification")
    expect(page.locator("main")).to_contain_text(uk_date(add_working_days(aware, 5), True))
    assert_accessible(page)
    fill_date(page, "panel_notified_on", panel_notified)
    page.get_by_label("Reference from the national notification system").fill("NOTIF-240117")
    fill_date(page, "partners_told_on", partners_told)
    page.get_by_role("button", name="Save the notification").click()
    expect(page).to_have_url(review_url)
    expect(banner(page)).to_contain_text("Notification recorded.")
    panel_clock = clock_row(page, "^Panel notification")
    expect(panel_clock).to_contain_text(f"Met on {uk_date(partners_told)}")
    notification = page.locator(".govuk-task-list").filter(has_text="National Panel notified")
    expect(notification).to_contain_text("reference NOTIF-240117")
    expect(notification).to_contain_text("Local partners told")
    assert_accessible(page)

    # --- Start the rapid review: its plan, in working days from the day the LA became aware ---
    page.get_by_role("button", name="Start the rapid review").click()
    expect(heading(page)).to_have_text("Start the rapid review")
    plan_table = page.get_by_role("table", name="The plan made when you start it")
    for step in PLAN:
        expect(plan_table.get_by_role("row").filter(has_text=step.title)).to_contain_text(
            uk_date(add_working_days(aware, step.working_day), True))
    assert_accessible(page)
    page.get_by_role("button", name="Start the rapid review").click()
    expect(page).to_have_url(review_url)
    expect(banner(page)).to_contain_text("Start the rapid review: done.")
    expect(stage_tag(page)).to_have_text("Rapid review")
    for step in PLAN:
        task = row(page, "Tasks", step.title)
        expect(task).to_contain_text(uk_date(add_working_days(aware, step.working_day), True))
        # The business manager's steps, and those owed by the agencies or the partners.
        expect(task).to_contain_text(step.owed_by or "Bea Manager")
    expect(clock_row(page, "^Rapid review complete")).to_contain_text(
        uk_date(add_working_days(aware, 15), True))
    assert_accessible(page)

    # --- Ask the police and health for their summaries, naming each one's contact ------------
    page.get_by_role("link", name="Request agency summaries").click()
    expect(heading(page)).to_have_text("Request agency summaries")
    expect(page.get_by_role("checkbox", name=POLICE)).to_be_checked()
    expect(page.get_by_role("checkbox", name=HEALTH)).to_be_checked()
    assert_accessible(page)
    page.get_by_label(f"Named contact at {POLICE}").select_option(
        label="Andy Author, Detective Sergeant")
    page.get_by_label(f"Named contact at {HEALTH}").select_option(
        label="Nina Nurse, Named Nurse for Safeguarding")
    page.get_by_role("button", name="Send the requests").click()
    expect(heading(page)).to_have_text("Agency summaries")
    expect(banner(page)).to_contain_text("Summaries requested.")
    summaries = page.get_by_role("table", name="Summary requests")
    expect(row(page, "Summary requests", POLICE)).to_contain_text("Andy Author")
    expect(row(page, "Summary requests", HEALTH)).to_contain_text("Nina Nurse")
    expect(summaries.get_by_role("row")).to_have_count(3)
    for agency_row in (POLICE, HEALTH):
        expect(row(page, "Summary requests", agency_row)).to_contain_text("Requested")
    assert_accessible(page)
    health_request = SummaryRequest.objects.get(review=review, agency=agencies["health"])

    # --- The police's named contact completes their own summary, and only theirs -------------
    switch_to(page, live_server, agency_author)
    card = page.locator(".govuk-summary-card").filter(has_text=reference)
    expect(card).to_contain_text("Agency author")
    card.get_by_role("link", name=re.compile(reference)).click()
    expect(page.get_by_role("heading", name="Your agency summary for the rapid review")).to_be_visible()
    expect(page.get_by_role("link", name=f"Complete {POLICE}'s summary")).to_be_visible()
    expect(page.get_by_text(HEALTH + "'s summary")).to_have_count(0)
    expect(page.get_by_role("heading", name="Rapid review", exact=True)).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name=f"Complete {POLICE}'s summary").click()
    expect(heading(page)).to_have_text(f"Agency summary: {POLICE}")
    assert_accessible(page)
    page.get_by_label("What your agency knew and did").fill(
        "Officers attended the home twice in the month before, after calls from neighbours.")
    page.get_by_label("Immediate actions taken to keep children safe").fill(
        "A strategy discussion was held the same day; the siblings are staying with family.")
    page.get_by_label("Early learning").fill(
        "The second call was not linked to the first.")
    page.get_by_role("button", name="Send the summary").click()
    expect(banner(page)).to_contain_text("Summary sent. The business manager will check it.")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Sent, to check")
    assert_accessible(page)
    # The other agency's request is not theirs to open, and the list shows only their own.
    other = page.goto(f"{live_server.url}/reviews/{review.uuid}/rapid-review/summaries/"
                      f"{health_request.uuid}/")
    assert other is not None and other.status in (403, 404), other and other.status
    expect(heading(page)).to_have_text(re.compile("You may not do this|Page not found"))
    assert_accessible(page)
    page.goto(f"{live_server.url}/reviews/{review.uuid}/rapid-review/summaries/")
    expect(heading(page)).to_have_text("Agency summaries")
    expect(page.get_by_role("table", name="Summary requests")).to_contain_text(POLICE)
    expect(page.get_by_role("table", name="Summary requests")).not_to_contain_text(HEALTH)
    assert_accessible(page)

    # --- The business manager accepts the summaries ------------------------------------------
    switch_to(page, live_server, business_manager)
    page.goto(review_url)
    page.get_by_role("link", name="See every agency summary").click()
    expect(row(page, "Summary requests", POLICE)).to_contain_text("Sent, to check")
    assert_accessible(page)
    page.get_by_role("link", name=POLICE).click()
    expect(heading(page)).to_have_text(f"Agency summary: {POLICE}")
    expect(page.locator("main")).to_contain_text("The second call was not linked to the first.")
    assert_accessible(page)
    page.get_by_role("button", name="Accept the summary").click()
    expect(banner(page)).to_contain_text(f"{POLICE}'s summary accepted.")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Accepted")
    assert_accessible(page)
    # The health summary came by e-mail: the business manager records it for the agency.
    page.goto(f"{live_server.url}/reviews/{review.uuid}/rapid-review/summaries/"
              f"{health_request.uuid}/")
    expect(heading(page)).to_have_text(f"Agency summary: {HEALTH}")
    assert_accessible(page)
    page.get_by_text("Record the summary for the agency").click()
    page.get_by_label("What your agency knew and did").fill(
        f"The health visitor last saw {CHILD} at the 2-year review; no concerns were noted.")
    page.get_by_label("Immediate actions taken to keep children safe").fill(
        "The GP record is flagged; the siblings' health visitor has been told.")
    page.get_by_label("Early learning").fill("None identified yet.")
    page.get_by_role("button", name="Record the summary").click()
    expect(banner(page)).to_contain_text("Summary recorded on behalf of Nina Nurse.")
    expect(page.locator(".govuk-summary-list")).to_contain_text(
        f"Received {uk_date(today)} — on time; recorded by Bea Manager on behalf of Nina Nurse")
    assert_accessible(page)
    page.get_by_role("button", name="Accept the summary").click()
    expect(banner(page)).to_contain_text(f"{HEALTH}'s summary accepted.")
    assert_accessible(page)
    assert set(review.summary_requests.values_list("state", flat=True)) == {"accepted"}

    # --- The rapid review meeting --------------------------------------------------------------
    page.goto(review_url)
    expect(row(page, "Tasks", "Agencies send their summaries")).to_contain_text(
        f"Done {uk_date(today)}")
    page.get_by_role("link", name="Record a rapid review meeting").click()
    expect(heading(page)).to_have_text("Record a rapid review meeting")
    assert_accessible(page)
    page.get_by_role("checkbox", name=re.compile(r"^Bea Manager")).check()
    page.get_by_role("checkbox", name=re.compile(r"^Andy Author")).check()
    page.get_by_role("checkbox", name=re.compile(r"^Nina Nurse")).check()
    page.get_by_label("Others who attended").fill("Designated doctor, Testshire ICB")
    page.get_by_label("Notes of the meeting").fill(
        f"The agencies' summaries were read together; {CHILD}'s injuries were discussed.")
    page.get_by_label("Immediate actions to keep children safe").fill(
        "Police and children's social care to complete joint visits to the siblings this week.")
    page.get_by_role("button", name="Save the meeting").click()
    expect(page).to_have_url(review_url)
    expect(banner(page)).to_contain_text("Meeting recorded.")
    expect(page.get_by_role("link", name=re.compile("Rapid review meeting,"))).to_contain_text(
        uk_date(today, True))
    assert_accessible(page)

    # --- The rapid review record: facts, criteria (a)-(d) with evidence, the national view ------
    page.get_by_role("link", name="Change the rapid review record").click()
    expect(heading(page)).to_have_text("Change the rapid review record")
    assert_accessible(page)
    page.get_by_label("Facts established").fill(
        f"{CHILD} was brought to hospital by his mother with a fractured arm and bruising.")
    page.get_by_label("Immediate actions taken").fill("A child protection plan for the siblings.")
    page.get_by_label("Practice strengths").fill("Quick information sharing on the day.")
    page.get_by_label("Learning identified (local)").fill("Linking repeat police calls.")
    page.get_by_label("Learning of possible national significance").fill("None identified.")
    answers = {"a": "Met", "b": "Met", "c": "Met", "d": "Not met"}
    for key, answer in answers.items():
        group(page, re.compile(rf"^Criterion \({key}\)")).get_by_role(
            "radio", name=answer, exact=True).check()
        page.get_by_label(f"Evidence for criterion ({key})").fill(
            f"Evidence for ({key}): from the agencies' summaries and the meeting.")
    group(page, "The partners' view on a national review").get_by_role(
        "radio", name="Do not recommend a national review").check()
    page.get_by_label("Reasons for the view on a national review").fill(
        "The learning is local: how agencies link repeat calls about one family.")
    page.get_by_role("button", name="Save the record").click()
    expect(heading(page)).to_have_text("Rapid review record")
    expect(banner(page)).to_contain_text("Rapid review record saved.")
    expect(page.get_by_text("Not finished")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("Do not recommend a national review")
    assert_accessible(page)

    # The partners signed the record off at the meeting: the business manager records each
    # partner's sign-off on their behalf; the step closes with the third.
    page.goto(review_url)
    page.get_by_role("link", name=re.compile(
        r"^Record sign-offs\s*: Safeguarding partners sign off the rapid review")).click()
    expect(heading(page)).to_have_text("Sign off the rapid review")
    assert_accessible(page)
    for partner_for, person in partners.items():
        group(page, "Whose sign-off is it?").get_by_role(
            "radio", name=PartnerFor(partner_for).label).check()
        page.get_by_label("Signed off by").select_option(
            label=f"{person.display_name} ({person.get_partner_for_display()})")
        page.get_by_role("button", name="Record the sign-off").click()
        expect(heading(page)).to_have_text("Rapid review record")
        expect(banner(page)).to_contain_text("Sign-off recorded.")
        if partner_for != PartnerFor.POLICE:
            page.get_by_role("link", name="Sign off the rapid review").click()
    expect(page.locator("main")).to_contain_text(
        f"All three safeguarding partners have signed off the record, the last on {uk_date(today)}.")
    assert_accessible(page)
    page.goto(review_url)
    expect(page.locator("#rapid-review").locator("..")).to_contain_text("5 of 6 steps done.")
    assert_accessible(page)
    page.get_by_role("link", name="See the rapid review record").click()
    expect(heading(page)).to_have_text("Rapid review record")
    assert_accessible(page)

    # --- Exports for the Panel: anonymised Word document and PDF, each a real download --------
    with page.expect_download() as docx_download:
        page.get_by_role("link", name="Download as a Word document (anonymised)").click()
    docx = docx_download.value
    assert docx.suggested_filename == f"rapid-review-{reference}.docx"
    content = docx.path().read_bytes()
    assert content[:2] == b"PK", "a DOCX file is a zip archive"
    text = docx_text(content)
    assert "Child A" in text
    assert "Kayden" not in text and "Moorcroft" not in text, "the export names the child"
    assert "14 March 2019" not in text, "the export gives the child's date of birth"
    assert f"Signed off by all three safeguarding partners, the last on {uk_date(today)}" in text
    assert "fractured arm" in text
    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Download as a PDF (anonymised)").click()
    pdf = pdf_download.value
    assert pdf.suggested_filename == f"rapid-review-{reference}.pdf"
    assert pdf.path().read_bytes()[:5] == b"%PDF-"
    expect(heading(page)).to_have_text("Rapid review record")  # downloading left the page as it was

    # --- The copy to the Panel, and the rapid review marked complete ---------------------------
    page.goto(review_url)
    page.get_by_role("link", name="Record the copy sent to the Panel").click()
    expect(heading(page)).to_have_text("Record the copy sent to the Panel")
    assert_accessible(page)
    page.get_by_role("button", name="Record the copy sent").click()
    expect(page).to_have_url(review_url)
    expect(banner(page)).to_contain_text("the copy of the rapid review was sent to the Panel")
    expect(page.locator("#rapid-review").locator("..")).to_contain_text(
        f"Copy sent to the National Panel on {uk_date(today)}.")
    expect(row(page, "Tasks", "Send a copy of the rapid review to the Panel")).to_contain_text(
        f"Done {uk_date(today)}")
    expect(page.locator("#rapid-review").locator("..")).to_contain_text("6 of 6 steps done.")
    assert_accessible(page)
    page.get_by_role("button", name="Mark the rapid review complete").click()
    expect(heading(page)).to_have_text("Mark the rapid review complete")
    expect(page.get_by_text("This cannot be done yet")).to_have_count(0)
    assert_accessible(page)
    page.get_by_label("Reasons or notes").fill("Signed off by the partners at the meeting.")
    page.get_by_role("button", name="Mark the rapid review complete").click()
    expect(page).to_have_url(review_url)
    expect(banner(page)).to_contain_text("Mark the rapid review complete: done.")
    expect(stage_tag(page)).to_have_text("Partners' decision")
    assert_accessible(page)

    # --- The three partners decide, and disagree ------------------------------------------------
    decisions = [
        (PartnerFor.LOCAL_AUTHORITY, "local authority", "Local child safeguarding practice review",
         "Agencies each held part of the picture."),
        (PartnerFor.HEALTH, "health partner (ICB)", "Local child safeguarding practice review",
         "The criteria are met."),
        (PartnerFor.POLICE, "police", "Local learning review / 'near miss'",
         "A learning review would be quicker and enough."),
    ]
    for partner_for, words, outcome, reasons in decisions:
        switch_to(page, live_server, partners[partner_for])
        if partner_for == PartnerFor.LOCAL_AUTHORITY:
            page.get_by_role("navigation", name="Main menu").get_by_role(
                "link", name="Dashboard").click()
            expect(heading(page)).to_have_text("Dashboard")
            assert_accessible(page)
            page.get_by_role("link", name=pseudonymous_title).click()
        else:
            page.goto(review_url)
        expect(heading(page)).to_have_text(pseudonymous_title)  # partners see pseudonyms only
        expect(page.locator("main")).not_to_contain_text("Kayden")
        assert_accessible(page)
        page.get_by_role("link", name="Record a decision").click()
        expect(heading(page)).to_have_text("The partners' decision")
        expect(page.get_by_role("heading", name=f"Record the {words}'s decision")).to_be_visible()
        assert_accessible(page)
        group(page, "What is the decision?").get_by_role("radio", name=outcome).check()
        page.get_by_label("Reasons", exact=True).fill(reasons)
        group(page, re.compile("does the case meet the criteria for a CSPR")).get_by_role(
            "radio", name="Yes", exact=True).check()
        group(page, "Did the CSPR subgroup recommend a review?").get_by_role(
            "radio", name="Yes, it recommended a review").check()
        if partner_for == PartnerFor.LOCAL_AUTHORITY:
            page.get_by_label("Suggested initial lines of enquiry").fill(
                "How agencies shared what they knew about repeat calls to the home.")
            page.get_by_label("Suggested methodology").fill("A systems approach")
        page.get_by_role("button", name="Record the decision").click()
        expect(banner(page)).to_contain_text(f"The {words}'s decision is recorded.")
        assert_accessible(page)
    expect(banner(page)).to_contain_text("The partners disagree: the independent scrutineer has "
                                         "been asked to make the final decision.")

    # --- The scrutineer reads the three decisions and settles it -------------------------------
    switch_to(page, live_server, scrutineer)
    page.goto(review_url)
    expect(heading(page)).to_have_text(pseudonymous_title)
    assert_accessible(page)
    page.get_by_role("link", name="Record a decision").click()
    table = page.get_by_role("table", name="Each partner's decision")
    for _partner, _words, outcome, reasons in decisions:
        expect(table).to_contain_text(outcome)
        expect(table).to_contain_text(reasons)
    expect(page.get_by_text("The partners disagree. Escalated to the independent scrutineer"))\
        .to_be_visible()
    assert_accessible(page)
    group(page, "What is the final decision?").get_by_role(
        "radio", name="Local child safeguarding practice review").check()
    page.get_by_label("Reasons", exact=True).fill(
        "The criteria are met and the learning spans three agencies.")
    page.get_by_role("button", name="Record the final decision").click()
    expect(banner(page)).to_contain_text("The final decision is recorded and the partners have "
                                         "been told.")
    expect(banner(page)).to_contain_text("moved to commissioning")
    outcome_list = page.locator(".govuk-summary-list").filter(has_text="What happened next")
    expect(outcome_list).to_contain_text(f"initiated on {uk_date(today)}")
    assert_accessible(page)

    # --- Back to the business manager: commissioning, with the six-month clock running --------
    switch_to(page, live_server, business_manager)
    page.goto(review_url)
    expect(stage_tag(page)).to_have_text("Commissioning")
    expect(page.locator(".govuk-caption-l").first).to_have_text(
        "Local child safeguarding practice review")
    expect(clock_row(page, "^Review complete")).to_contain_text(
        uk_date(add_months(today, 6), True))
    assert_accessible(page)

    # Where notices go: the Panel, Ofsted, the DfE and the agencies' safeguarding inboxes.
    page.get_by_role("link", name="Where notices are sent").click()
    expect(heading(page)).to_have_text("Where notices are sent")
    assert_accessible(page)
    page.get_by_label("National Child Safeguarding Practice Review Panel").fill(
        "panel@example.test")
    page.get_by_label("Ofsted", exact=True).fill("ofsted@example.test")
    page.get_by_label("Department for Education").fill("dfe@example.test")
    page.get_by_label(POLICE, exact=True).fill("safeguarding@police.example.test")
    page.get_by_label(HEALTH, exact=True).fill("safeguarding@icb.example.test")
    page.get_by_role("button", name="Save the addresses").click()
    expect(banner(page)).to_contain_text("Notice addresses saved.")
    assert_accessible(page)

    page.goto(review_url)
    page.get_by_role("link", name="Send or check the commissioning notices").click()
    expect(page.get_by_role("heading", name="Commissioning notices")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send the commissioning notices").click()
    expect(banner(page)).to_contain_text("5 commissioning notices sent.")
    recipients = ["Testshire Health / ICB", POLICE, "Ofsted", "Department for Education",
                  "National Child Safeguarding Practice Review Panel"]
    for recipient in recipients:
        expect(row(page, "Who is alerted", recipient)).to_contain_text("Sent")
    assert_accessible(page)
    page.get_by_role("link", name="All notices about this review").click()
    expect(page.get_by_role("heading", name="Notices", exact=True)).to_be_visible()
    notices = page.get_by_role("table")
    for address in ("panel@example.test", "ofsted@example.test", "dfe@example.test",
                    "safeguarding@police.example.test", "safeguarding@icb.example.test"):
        line = notices.get_by_role("row").filter(has_text=address)
        expect(line).to_have_count(1)
        expect(line.locator(".govuk-tag")).to_have_text("Sent")
    assert_accessible(page)

    # Case files secured, for every agency involved.
    page.goto(review_url)
    page.get_by_role("link", name="See the case-file checklist").click()
    expect(page.get_by_role("heading", name="Case files secured")).to_be_visible()
    expect(page.get_by_text("0 of 2")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(rf"^Confirm\s*: {POLICE}")).click()
    expect(heading(page)).to_have_text(f"Confirm {POLICE}'s case files are secured")
    assert_accessible(page)
    page.get_by_label("Who confirmed it").select_option(label="Andy Author – Detective Sergeant")
    page.get_by_label("Where are the records held?").fill(
        "On the crime system, restricted to the public protection unit.")
    group(page, re.compile("Was a copy made")).get_by_role("radio", name="No").check()
    page.get_by_role("button", name="Confirm", exact=True).click()
    expect(banner(page)).to_contain_text(f"Case files confirmed for {POLICE}.")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"^Confirm\s*: Testshire Health")).click()
    expect(heading(page)).to_have_text(f"Confirm {HEALTH}'s case files are secured")
    assert_accessible(page)
    page.get_by_label("Their name").fill("Rob Records")
    page.get_by_label("Their role").fill("Records manager")
    page.get_by_label("Where are the records held?").fill(
        "On the community health record; a copy made for the health visiting team.")
    group(page, re.compile("Was a copy made")).get_by_role("radio", name="Yes").check()
    page.get_by_role("button", name="Confirm", exact=True).click()
    expect(banner(page)).to_contain_text(f"Case files confirmed for {HEALTH}.")
    expect(page.get_by_text("2 of 2")).to_be_visible()
    assert_accessible(page)

    # Commissioning complete.
    page.goto(review_url)
    page.get_by_role("button", name="Mark commissioning complete").click()
    expect(heading(page)).to_have_text("Mark commissioning complete")
    expect(page.get_by_text("This cannot be done yet")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("button", name="Mark commissioning complete").click()
    expect(page).to_have_url(review_url)
    expect(banner(page)).to_contain_text("Mark commissioning complete: done.")
    expect(stage_tag(page)).to_have_text("Set-up: lead reviewer and terms of reference")
    assert_accessible(page)

    # --- Set-up: a lead reviewer from the register, with a no-conflict declaration -------------
    page.get_by_role("link", name="Register of independent reviewers").click()
    expect(heading(page)).to_have_text("Independent reviewers")
    assert_accessible(page)
    page.get_by_role("button", name="Add a reviewer").click()
    expect(heading(page)).to_have_text("Add an independent reviewer")
    assert_accessible(page)
    page.get_by_label("Full name").fill("Rita Reviewer")
    page.get_by_label("E-mail address").fill(lead_reviewer.email)
    page.get_by_label("Organisation").fill("Independent Reviews Ltd")
    page.get_by_label("Areas of expertise").fill("Physical abuse; systems methodology")
    page.get_by_role("button", name="Add to the register").click()
    expect(banner(page)).to_contain_text("Reviewer added to the register.")
    expect(page.get_by_role("link", name="Rita Reviewer")).to_be_visible()
    assert_accessible(page)

    page.goto(review_url)
    # The commissioning section's link (What happens next also names the step, in a sentence).
    page.get_by_role("link", name="Appoint a lead reviewer", exact=True).click()
    expect(heading(page)).to_have_text("Appoint a lead reviewer")
    assert_accessible(page)
    page.get_by_label("Reviewer", exact=True).select_option(
        label="Rita Reviewer – Independent Reviews Ltd")
    group(page, "Has the reviewer declared a conflict of interest?").get_by_role(
        "radio", name="No conflict of interest").check()
    page.get_by_role("button", name="Appoint", exact=True).click()
    expect(page).to_have_url(review_url)
    expect(banner(page)).to_contain_text("Lead reviewer appointed.")
    lead_row = page.locator(".govuk-summary-list__row").filter(has_text="Lead reviewer(s)")
    expect(lead_row).to_contain_text("Rita Reviewer")
    expect(lead_row).to_contain_text("no conflict of interest declared")
    assert_accessible(page)

    # The practitioner joins the team (the terms of reference are shared with them).
    page.get_by_role("link", name="Manage the team").click()
    expect(page.get_by_role("heading", name="Team", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Add a person to the review").click()
    expect(heading(page)).to_have_text("Add a person to the review")
    assert_accessible(page)
    page.get_by_label("Person", exact=True).select_option(
        label=f"Polly Practitioner – {HEALTH} (practitioner@example.test)")
    group(page, "Role on this review").get_by_role("radio", name="Practitioner", exact=True).check()
    page.get_by_label("Role label (for staff)").fill("Health Visitor")
    page.get_by_role("button", name="Add to the review").click()
    expect(banner(page)).to_contain_text("Added to the review team.")
    expect(page.get_by_role("table").get_by_role("row").filter(has_text="Polly Practitioner"))\
        .to_contain_text("Practitioner")
    assert_accessible(page)

    # The terms of reference: drafted from the partners' suggestions, approved, shared.
    page.goto(review_url)
    page.get_by_role("link", name="Draft the terms of reference").click()
    expect(heading(page)).to_have_text("Draft the terms of reference")
    expect(page.get_by_label("Key lines of enquiry")).to_have_value(
        re.compile("repeat calls to the home"))
    assert_accessible(page)
    fill_date(page, "period_from", incident_day - timedelta(days=365))
    page.get_by_role("button", name="Save as a new version").click()
    expect(banner(page)).to_contain_text("Terms of reference saved as version 1, a draft.")
    assert_accessible(page)
    page.get_by_role("button", name="Approve version 1").click()
    expect(heading(page)).to_have_text("Approve version 1 of the terms of reference")
    assert_accessible(page)
    page.get_by_label("Where was it agreed? (optional)").fill("CSPR subgroup, by e-mail.")
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(banner(page)).to_contain_text("Version 1 of the terms of reference approved.")
    assert_accessible(page)
    page.get_by_role("button", name="Share version 1 with the staff involved").click()
    expect(heading(page)).to_have_text("Share version 1 of the terms of reference")
    assert_accessible(page)
    page.get_by_role("button", name="Share with 3 people").click()
    expect(banner(page)).to_contain_text("Version 1 shared with 3 people.")
    expect(page.get_by_role("table", name="Sharing log").get_by_role("row")).to_have_count(4)
    assert_accessible(page)

    # A chronology author for each agency in scope.
    chronology_due = add_working_days(today, 20)
    for agency, author in ((POLICE, "Andy Author – Detective Sergeant (author@example.test)"),
                           (HEALTH, "Nina Nurse – Named Nurse for Safeguarding "
                                    "(named.nurse@example.test)")):
        page.goto(review_url)
        page.get_by_role("link", name=f"Name {agency}'s author").click()
        expect(heading(page)).to_have_text(f"{agency}: chronology author")
        assert_accessible(page)
        page.get_by_label("Author", exact=True).select_option(label=author)
        fill_date(page, "due_on", chronology_due)
        page.get_by_role("button", name="Save", exact=True).click()
        expect(page).to_have_url(review_url)
        expect(banner(page)).to_contain_text(f"Chronology author named for {agency}.")
    authors = page.locator(".govuk-summary-list__row").filter(has_text="Chronology authors")
    expect(authors).to_contain_text(f"{POLICE}: Andy Author, due {uk_date(chronology_due)}")
    expect(authors).to_contain_text(f"{HEALTH}: Nina Nurse, due {uk_date(chronology_due)}")
    assert_accessible(page)

    # Set-up complete.
    page.get_by_role("button", name="Mark set-up complete").click()
    expect(heading(page)).to_have_text("Mark set-up complete")
    expect(page.get_by_text("This cannot be done yet")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("button", name="Mark set-up complete").click()
    expect(page).to_have_url(review_url)
    expect(banner(page)).to_contain_text("Mark set-up complete: done.")
    expect(stage_tag(page)).to_have_text("Informing staff")
    assert_accessible(page)

    # --- The practitioner sees only the practitioner view ---------------------------------------
    switch_to(page, live_server, practitioner)
    card = page.locator(".govuk-summary-card").filter(has_text=reference)
    expect(card).to_contain_text("Practitioner")
    card.get_by_role("link", name=re.compile(reference)).click()
    expect(page).to_have_url(review_url)
    expect(page.get_by_text("You are part of this review as a practitioner")).to_be_visible()
    main = page.locator("main")
    for hidden in ("Rapid review record", "The partners' decision", "Agency summaries",
                   "Each partner's decision", "Timeline"):
        expect(main).not_to_contain_text(hidden)
    expect(page.get_by_role("link", name="See the rapid review record")).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("Record a decision|See the decisions")))\
        .to_have_count(0)
    assert_accessible(page)
    # What they do see: the terms of reference shared with them.
    page.get_by_role("link", name="Read the terms of reference").click()
    expect(page.get_by_role("heading", name="Terms of reference")).to_be_visible()
    expect(main).to_contain_text("version 1")
    expect(main).to_contain_text("How agencies shared what they knew about repeat calls")
    assert_accessible(page)
    for path in ("rapid-review/record/", "decision/", "rapid-review/summaries/",
                 f"rapid-review/summaries/{health_request.uuid}/"):
        response = page.goto(f"{review_url}{path}")
        assert response is not None and response.status == 403, (path, response.status)
        expect(heading(page)).to_have_text("You may not do this")
        assert_accessible(page)

    # --- Someone outside the review finds nothing -----------------------------------------------
    switch_to(page, live_server, outsider)
    expect(page.get_by_text("You are not part of any review at the moment.")).to_be_visible()
    for path in ("", "rapid-review/record/", "decision/"):
        response = page.goto(f"{review_url}{path}")
        assert response is not None and response.status == 404, (path, response.status)
        expect(heading(page)).to_have_text("Page not found")
        assert_accessible(page)
