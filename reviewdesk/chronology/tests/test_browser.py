"""An agency's chronology in a real browser (Debian's Chromium), with axe-core on every page: the
police's author uploads a file with problems (a heading we cannot match and an impossible date)
and corrects how its columns were read; the business manager leaves the bad row out with a
reason, accepts the file and sees every agency's status. Then a chronology recorded
weeks after it was received is on time by its own date, and once accepted its author cannot
change it until the business manager reopens it with a reason; the change is accepted again,
with what it changes shown.

The clock runs from Monday 7 December 2026 (conftest.py); the chronologies were due on Friday
4 December."""

# The shared fixtures are imported by name, so pytest finds them: not redefinitions.
# ruff: noqa: F811

import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from reviewdesk.accounts.models import Agency, User
from reviewdesk.chronology import actions, status, tasks
from reviewdesk.chronology.models import Entry, Submission
from reviewdesk.chronology.tests.fixtures import (  # noqa: F401
    chronology_review,
    csv_file,
    health,
    import_by_command,
    nurse,
    police,
)
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.tests.test_browser import assert_accessible, fill_date, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = ("Date", "Time", "Source of information", "Practitioner role", "Happenings",
          "Action / outcome")
ROWS = [["01/03/2024", "10:00", "Police log", "PC", "Call from a neighbour.", "Officers sent."],
        ["31/02/2024", "", "Police log", "PC", "Visit to the home.", ""],
        ["05/03/2024", "", "Police log", "Detective sergeant", "Strategy meeting.", "Section 47."]]


def test_an_author_corrects_excludes_and_accepts_then_the_manager_sees_the_statuses(
        page: Page, live_server: LiveServer, chronology_review: Review, police: Agency, health: Agency,
        agency_author: User, business_manager: User, tmp_path: Path) -> None:
    review = chronology_review
    upload = tmp_path / "police chronology.csv"
    upload.write_bytes(csv_file(ROWS, HEADER))

    sign_in(page, live_server, agency_author)
    page.goto(f"{live_server.url}/reviews/{review.uuid}/")
    expect(page.locator("#chronology")).to_have_text("Chronology")
    assert_accessible(page)
    page.get_by_role("table", name="Your agency's chronology").get_by_role(
        "link", name="Testshire Police").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Testshire Police: chronology")
    expect(page.get_by_text("1 January 2024 to 30 June 2025")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Your completed chronology file").set_input_files(upload)
    page.get_by_role("button", name="Upload and check").click()
    # Tests run tasks at once: the check is done by the time the submission's page opens.
    expect(page.locator(".govuk-notification-banner")).to_contain_text("File uploaded as version 1")
    expect(page.get_by_role("heading", name="How we read your columns")).to_be_visible()
    errors = page.get_by_role("table", name="Errors")
    expect(errors).to_contain_text("CHR-E10: No event column")
    expect(errors).to_contain_text("CHR-E02: Date impossible")
    assert_accessible(page)

    page.get_by_label("Event / contact").select_option(label="Happenings")
    page.get_by_role("button", name="Check again").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("checked again")
    expect(errors).not_to_contain_text("CHR-E10")
    expect(errors).to_contain_text("Record 3")
    # The author never accepts their own: the business manager (or lead reviewer) does.
    expect(page.get_by_text("ask the business manager to accept it without")).to_be_visible()
    assert_accessible(page)
    version_url = page.url
    page.get_by_role("button", name=re.compile(r"^Sign out")).click()

    sign_in(page, live_server, business_manager)
    page.goto(version_url)
    page.get_by_role("link", name="Accept without the rows that have errors").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Accept without the rows that have errors")
    assert_accessible(page)
    page.get_by_role("button", name="Accept without these rows").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why Record 3 is left out")
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page)
    page.get_by_label("Why leave out record 3?").fill("The visit was on 1 March: a duplicate.")
    page.get_by_role("button", name="Accept without these rows").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Version 1 accepted as Testshire Police's chronology, without 1 row with errors.")
    left_out = page.get_by_role("table", name="Rows left out")
    expect(left_out).to_contain_text("Record 3")
    expect(left_out).to_contain_text("CHR-E02: Date impossible")
    expect(left_out).to_contain_text("a duplicate")
    assert_accessible(page)

    page.get_by_role("link", name="See the entries").click()
    expect(page.get_by_text("2 entries in version 1")).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("version 1"))).to_contain_text(
        "Strategy meeting.")
    assert_accessible(page)

    health_status = next(s.status for s in status.agency_statuses(review)
                         if s.agency.pk == health.pk)
    page.goto(f"{live_server.url}/reviews/{review.uuid}/chronology/")
    expect(page.get_by_role("heading", name="Chronologies")).to_be_visible()
    table = page.get_by_role("table", name="Agencies in scope")
    police_row = table.get_by_role("row").filter(has_text="Testshire Police")
    expect(police_row).to_contain_text("Andy Author")
    expect(police_row).to_contain_text("Accepted")
    expect(police_row).to_contain_text("2")
    health_row = table.get_by_role("row").filter(has_text="Testshire Health")
    expect(health_row).to_contain_text("Nell Nurse")
    expect(health_row).to_contain_text(health_status.capitalize())
    assert_accessible(page)


def test_the_manager_adds_an_entry_and_watches_a_long_check_finish(page: Page, live_server: LiveServer,
                                                                   chronology_review: Review, police: Agency,
                                                                   business_manager: User,
                                                                   tmp_path: Path) -> None:
    review = chronology_review
    agency_url = f"{live_server.url}/reviews/{review.uuid}/chronology/{police.pk}/"
    sign_in(page, live_server, business_manager)
    page.goto(agency_url)
    expect(page.get_by_text("No version of this chronology has been accepted yet.")).to_be_visible()

    # A file that is not what it says is refused on the form, and nothing is kept.
    broken = tmp_path / "police.xlsx"
    broken.write_bytes(b"not a workbook")
    page.get_by_label("Your completed chronology file").set_input_files(broken)
    page.get_by_role("button", name="Upload and check").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("There is a problem")
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page)

    page.goto(agency_url)
    page.get_by_role("button", name="Add an entry").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an entry")
    assert_accessible(page)
    page.get_by_label("Date").fill("31/02/2024")
    page.get_by_role("button", name="Add the entry").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("is impossible")
    expect(summary).to_contain_text("Source of information")
    assert_accessible(page)
    page.get_by_label("Date").fill("?March 2024")
    page.get_by_label("Source of information").fill("Police log")
    page.get_by_label("Event / contact").fill("Call from a neighbour about shouting.")
    page.get_by_role("button", name="Add the entry").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Entry added")
    entries = page.get_by_role("table", name=re.compile("version 1"))
    expect(entries).to_contain_text("March 2024 (uncertain)")
    expect(entries).to_contain_text("CHR-W03")
    assert_accessible(page)

    # A long check, as the worker runs it: the progress updates without reloading the page...
    upload = actions.upload_submission(review, police, by=business_manager,
                                        data=csv_file([["01/03/2024", "", "Police log", "PC",
                                                        "Visit.", ""]]),
                                        filename="police.csv")
    # Tests run tasks at once: put it back to where a worker part-way through would have it.
    Submission.objects.filter(pk=upload.pk).update(status="checking", progress=30)
    page.goto(f"{agency_url}versions/{upload.version}/")
    status = page.locator("#submission-status")
    expect(status).to_contain_text("30% of the file checked")
    assert_accessible(page)
    Submission.objects.filter(pk=upload.pk).update(progress=70)
    expect(status).to_contain_text("70% of the file checked")
    # ...and when it is done, the page reloads itself with what was found.
    tasks.run_check(upload.pk)
    expect(page.get_by_role("button", name="Accept this chronology")).to_be_visible(timeout=8000)
    assert_accessible(page)


def test_lateness_by_the_received_date_and_a_settled_chronology_reopened_with_a_reason(
        page: Page, live_server: LiveServer, chronology_review: Review, police: Agency, health: Agency,
        agency_author: User, business_manager: User, tmp_path: Path) -> None:
    review = chronology_review
    agency_url = f"{live_server.url}/reviews/{review.uuid}/chronology/{police.pk}/"
    upload = tmp_path / "police chronology.csv"
    upload.write_bytes(csv_file(ROWS[:1] + ROWS[2:]))
    # Health's came today, the Monday after the Friday it was due.
    import_by_command(review, health, csv_file(ROWS[:1]), "health.csv")

    # The business manager records today the police's file that came three weeks ago.
    sign_in(page, live_server, business_manager)
    page.goto(agency_url)
    page.get_by_label("Your completed chronology file").set_input_files(upload)
    fill_date(page, "received_on", date(2026, 11, 16))
    page.get_by_role("button", name="Upload and check").click()
    summary = page.locator(".govuk-summary-list")
    expect(summary).to_contain_text("16 November 2026, on time")
    expect(summary).to_contain_text("recorded on 7 December 2026")
    assert_accessible(page)
    page.get_by_role("button", name="Accept this chronology").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Accept this chronology")
    assert_accessible(page)
    page.get_by_role("button", name="Accept this chronology").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Version 1 accepted")
    page.goto(f"{live_server.url}/reviews/{review.uuid}/chronology/")
    table = page.get_by_role("table", name="Agencies in scope")
    expect(table.get_by_role("row").filter(has_text="Testshire Police")).to_contain_text(
        "16 November 2026, on time")
    expect(table.get_by_role("row").filter(has_text="Testshire Health")).to_contain_text(
        "7 December 2026, late by 1 working day")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile(r"^Sign out")).click()

    # Accepted: the author reads it but cannot change it.
    sign_in(page, live_server, agency_author)
    page.goto(agency_url)
    expect(page.get_by_text("accepted and settled")).to_be_visible()
    expect(page.get_by_role("button", name="Add an entry")).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("^Change"))).to_have_count(0)
    entry = Entry.objects.get(submission__version=1, agency=police, event="Strategy meeting.")
    page.goto(f"{agency_url}entries/{entry.pk}/change/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You may not do this")
    expect(page.get_by_text("the business manager reopens the chronology")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile(r"^Sign out")).click()

    # The business manager reopens it, saying why.
    sign_in(page, live_server, business_manager)
    page.goto(agency_url)
    page.get_by_role("button", name="Reopen this chronology").click()
    page.get_by_role("button", name="Reopen the chronology").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Say why the chronology is reopened.")
    assert_accessible(page)
    page.get_by_label("Why is the chronology reopened?").fill(
        "The outcome of the strategy meeting is missing.")
    page.get_by_role("button", name="Reopen the chronology").click()
    expect(page.locator(".govuk-notification-banner").first).to_contain_text(
        "changes go into version 2")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile(r"^Sign out")).click()

    # The author's change goes into version 2; version 1 stays as it was.
    sign_in(page, live_server, agency_author)
    page.goto(agency_url)
    expect(page.get_by_text("The outcome of the strategy meeting is missing.")).to_be_visible()
    page.get_by_role("link", name=re.compile("^Change")).last.click()
    page.get_by_label("Action / outcome (optional)").fill("Section 47 enquiry; child protection "
                                                          "conference called.")
    page.get_by_role("button", name="Save the entry").click()
    expect(page.get_by_role("alert", name="Success")).to_contain_text("Entry changed.")
    assert_accessible(page)
    # A draft until the author sends it: then it is received, today.
    expect(page.get_by_text("Draft: 2 entries typed, not yet sent")).to_be_visible()
    page.get_by_role("button", name="Send the chronology").click()
    expect(page.get_by_role("alert", name="Success")).to_contain_text(
        "Version 2 sent: received on 7 December 2026")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile(r"^Sign out")).click()

    # Accepted again, with what changed in front of whoever accepts it.
    sign_in(page, live_server, business_manager)
    page.goto(f"{agency_url}versions/2/accept/")
    changes = page.locator("#changes-changed + ul")
    expect(changes).to_contain_text("Strategy meeting.")
    expect(changes).to_contain_text("conference called.")
    expect(page.get_by_text("0 added, 0 removed, 1 changed, 1 unchanged")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Accept this chronology").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Version 2 accepted")
    expect(page.get_by_role("table", name=re.compile("version 2"))).to_contain_text(
        "conference called.")
    assert Submission.objects.get(agency=police, version=1).status == "superseded"


def test_an_ambulance_extract_is_read_with_each_guess_said_on_the_page(
        page: Page, live_server: LiveServer, chronology_review: Review, police: Agency,
        agency_author: User, tmp_path: Path) -> None:
    # An ePCR extract as the ambulance service sends it: a reference under a heading that names
    # an incident, the call's time under a heading of its own, two narrative columns.
    header = ("Call Date", "Incident No", "T0 Call", "Presenting Complaint", "Clinical Narrative")
    rows = [["2024-03-01", "2403-0101", "23:52:14", "Assault - facial injury",
             "Pt states partner punched her x2 to the face; lip laceration, no LOC; children "
             "asleep upstairs, police on scene."],
            ["2024-03-09", "2403-0907", "07:10:40", "Fall - head injury",
             "Child 2yrs fell down the stairs per mother; small haematoma to the forehead; "
             "conveyed to the ED with mother for assessment."]]
    upload = tmp_path / "ambulance epcr extract.csv"
    upload.write_bytes(csv_file(rows, header))

    sign_in(page, live_server, agency_author)
    page.goto(f"{live_server.url}/reviews/{chronology_review.uuid}/chronology/{police.pk}/")
    page.get_by_label("Your completed chronology file").set_input_files(upload)
    page.get_by_role("button", name="Upload and check").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("File uploaded as version 1")
    expect(page.get_by_text("The Time was read from 'T0 Call'")).to_be_visible()
    expect(page.get_by_label("Event / contact").locator("option:checked")).to_have_text(
        "Clinical Narrative")
    expect(page.get_by_label("Time").locator("option:checked")).to_have_text("T0 Call")
    expect(page.get_by_role("table", name="Warnings")).to_contain_text(
        "CHR-W09: Columns read from their contents: confirm")
    assert_accessible(page)
