"""The chronology's pages, for each person: the overview of every agency, an agency's page (the
template, an upload, its entries and versions), a submission's page (progress, how the columns
were read, every problem, accepting with error rows left out, withdrawing), and entries typed in
the browser. An agency's author sees their own agency only; outsiders cannot tell it exists."""

# The shared fixtures are imported by name, so pytest finds them: not redefinitions.
# ruff: noqa: F811

import html
import io
import re
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoCaptureOnCommitCallbacks

from reviewdesk.accounts.models import Agency, User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.chronology import actions, demo, status, tasks
from reviewdesk.chronology.models import Entry, ExcludedRow, Submission
from reviewdesk.chronology.tests.fixtures import (  # noqa: F401
    DUE,
    chronology_review,
    csv_file,
    good_rows,
    health,
    import_by_command,
    nurse,
    police,
)
from reviewdesk.lib import ooxml
from reviewdesk.reviews import actions as review_actions
from reviewdesk.reviews.models import Review, ReviewRole
from reviewdesk.testing import ClientFor, ClientResponse

HEADER = ("Date", "Time", "Source of information", "Practitioner role", "Event / contact",
          "Action / outcome")
# A heading we cannot match (the events are under "Happenings") and an impossible date.
ODD_HEADER = ("Date", "Time", "Source of information", "Practitioner role", "Happenings",
              "Action / outcome")
ODD_ROWS = [["01/03/2024", "10:00", "Case note", "Social worker", "Home visit.", "Visit again."],
            ["31/02/2024", "", "Case note", "Social worker", "Phone call.", ""],
            ["05/03/2024", "", "Case note", "Social worker", "Strategy meeting.", ""]]


def text(response: ClientResponse) -> str:
    return html.unescape(response.content.decode())


def tag_count(page: str, label: str) -> int:
    return len(re.findall(r'class="govuk-tag[^"]*">\s*' + re.escape(label) + r"\s*</strong>", page))


def base(review: Review, agency: Agency | None = None) -> str:
    url = f"/reviews/{review.uuid}/chronology/"
    return url + (f"{agency.pk}/" if agency is not None else "")


def version_url(submission: Submission, more: str = "") -> str:
    return f"{base(submission.review, submission.agency)}versions/{submission.version}/{more}"


@pytest.fixture
def upload(django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
           ) -> Callable[..., ClientResponse]:
    """Post a file to an agency's upload page; the background check runs when the upload
    commits, as the worker would pick it up."""

    def post(client: Client, review: Review, agency: Agency, data: bytes,
             name: str = "police chronology.csv") -> ClientResponse:
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(base(review, agency) + "upload/",
                               {"file": SimpleUploadedFile(name, data)})

    return post


def imported(review: Review, agency: Agency, rows: list[list[str]] | None = None,
             header: tuple[str, ...] = HEADER, **options: Any) -> Submission | None:
    """A file brought in by the data team's command (accepted at once)."""
    outcome = import_by_command(review, agency, csv_file(rows or good_rows(), header),
                                "chronology.csv", **options)
    assert not outcome.refused
    return outcome.submission


def on(name: str, day: date) -> dict[str, str]:
    """A GOV.UK date input's three boxes, filled in."""
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month),
            f"{name}-year": str(day.year)}


TODAY = date(2026, 12, 7)  # the frozen clock's day (conftest.py)


def checked_upload(review: Review, agency: Agency, by: User, data: bytes) -> Submission:
    submission = actions.upload_submission(review, agency, by=by, data=data,
                                            filename="chronology.csv")
    tasks.run_check(submission.pk)
    submission.refresh_from_db()
    return submission


# --- The overview ------------------------------------------------------------------------------

def test_the_overview_lists_each_agency_with_its_author_due_date_status_and_entries(
        chronology_review, police, business_manager, client_for, today_is):
    today_is(date(2026, 6, 1))
    imported(chronology_review, police, good_rows(4))
    page = text(client_for(business_manager).get(base(chronology_review)))
    assert "Period under review: <strong>1 January 2024 to 30 June 2025</strong>" in page
    assert "Testshire Police</a>" in page and "Testshire Health / ICB</a>" in page
    assert "Andy Author" in page and "Nell Nurse" in page
    assert page.count("4 December 2026") == 2
    assert tag_count(page, "Accepted") == 1 and tag_count(page, "Requested") == 1
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">4</td>' in page


def test_the_overview_shows_every_status(chronology_review, police, health, business_manager,
                                         agency_author, client_for, today_is):
    client = client_for(business_manager)
    today_is(date(2026, 11, 2))
    assert tag_count(text(client.get(base(chronology_review))), "Requested") == 2
    today_is(date(2026, 12, 2))  # two working days before it is due: the authors are reminded
    assert tag_count(text(client.get(base(chronology_review))), "Due") == 2
    today_is(date(2026, 12, 7))
    assert tag_count(text(client.get(base(chronology_review))), "Overdue") == 2
    actions.upload_submission(chronology_review, police, by=agency_author,
                               data=csv_file(good_rows()), filename="police.csv")
    checked_upload(chronology_review, health, business_manager,
                   csv_file(ODD_ROWS, ODD_HEADER))
    page = text(client.get(base(chronology_review)))
    assert tag_count(page, "Checking") == 1
    assert tag_count(page, "Submitted with problems") == 1


def test_the_review_s_team_sees_the_overview_others_who_see_the_review_may_not(
        chronology_review, lead_reviewer, subgroup_member, partner, scrutineer, practitioner,
        outsider, client_for):
    url = base(chronology_review)
    for person in (lead_reviewer, subgroup_member):
        assert client_for(person).get(url).status_code == 200
    for person in (partner, scrutineer, practitioner):
        assert client_for(person).get(url).status_code == 403
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302


# --- An agency's author sees their own agency only ---------------------------------------------

def test_an_author_is_sent_to_their_own_agency_and_never_sees_another_s(
        chronology_review, police, health, agency_author, nurse, client_for):
    client = client_for(agency_author)
    response = client.get(base(chronology_review))
    assert response.status_code == 302 and response["Location"] == base(chronology_review, police)
    theirs = imported(chronology_review, health)
    for url in [base(chronology_review, health), base(chronology_review, health) + "template.xlsx",
                base(chronology_review, health) + "upload/", version_url(theirs),
                version_url(theirs, "status/"), base(chronology_review, health) + "entries/add/",
                f"{base(chronology_review, health)}entries/{theirs.entries.first().pk}/change/"]:
        assert client.get(url).status_code == 403, url
    assert client.post(base(chronology_review, health) + "upload/", {}).status_code == 403
    # The health authority's author, likewise, never sees the police's.
    assert client_for(nurse).get(base(chronology_review, police)).status_code == 403
    # An agency that is not in the review's scope is not there at all.
    other = police.__class__.objects.get(kind="education")
    assert client_for(agency_author).get(base(chronology_review, other)).status_code == 404


def test_the_review_page_shows_the_chronology_section_to_whoever_may_see_it(
        chronology_review, business_manager, agency_author, practitioner, client_for):
    review_url = f"/reviews/{chronology_review.uuid}/"
    manager = text(client_for(business_manager).get(review_url))
    assert '<h2 class="govuk-heading-m" id="chronology">Chronology</h2>' in manager
    assert "Testshire Police</a>" in manager and "Testshire Health / ICB</a>" in manager
    assert "See every agency's chronology" in manager
    author = text(client_for(agency_author).get(review_url))
    assert "Your agency's chronology" in author
    assert "Testshire Police</a>" in author and "Testshire Health / ICB</a>" not in author
    assert 'id="chronology"' not in text(client_for(practitioner).get(review_url))


# --- An agency's page --------------------------------------------------------------------------

def test_the_author_s_page_has_the_period_template_upload_and_entries_read_as_written(
        chronology_review, police, agency_author, client_for):
    page = text(client_for(agency_author).get(base(chronology_review, police)))
    assert 'action="' + base(chronology_review, police) + 'upload/"' in page
    assert 'type="file"' in page and "Upload and check" in page
    assert "Add an entry" in page
    # Their own file is received the day they upload it: no date to give.
    assert "Date the chronology was received" not in page
    assert "It is received today, the day you send it" in page
    imported(chronology_review, police, [
        ["March 2024", "", "Case note", "PC", "Call about the family.", ""],
        ["?05/03/2024", "14:30", "Police log", "PC", "Visit to the home.", "Advice given."],
        ["2024", "", "Police log", "PC", "Records checked.", ""],
    ])
    response = client_for(agency_author).get(base(chronology_review, police))
    page = text(response)
    assert "no-store" in response["Cache-Control"]
    assert "Testshire Police: chronology</h1>" in page
    assert "1 January 2024 to 30 June 2025" in page and "4 December 2026" in page
    assert 'href="' + base(chronology_review, police) + 'template.xlsx"' in page
    assert 'href="' + base(chronology_review, police) + 'template.docx"' in page
    # Accepted: settled, so no upload, no new entry and no change until it is reopened.
    assert "accepted and settled" in page
    assert "Upload and check" not in page and "Add an entry" not in page
    assert "Received</dt>" in page.replace("\n", "").replace("  ", "") or "Received" in page
    assert "7 December 2026, late by 1 working day" in page
    # The columns, with their help, as the template has them.
    assert "The columns and what to write in them" in page
    assert "Practitioner role (optional)" in page and "not their name (health visitor" in page
    # Dates as read: a month or a year is never given a day; an uncertain one is marked.
    assert "March 2024" in page and "1 March 2024" not in page
    assert '<span aria-hidden="true">?</span>5 March 2024' in page
    assert "(uncertain)" in page and "14:30" in page
    assert "1 January 2024" not in page.split('id="entries"')[1]
    # Where each came from, and the warnings kept on it.
    assert "Record 2" in page and "Record 4" in page
    assert "Warning CHR-W04:" in page and "Warning CHR-W03:" in page
    assert ">Change<" not in page and "Reopen this chronology" not in page
    event = AuditEvent.objects.get(event_type="chronology.entries_viewed")
    assert event.actor == agency_author and event.data["agency"] == police.pk


def test_the_lead_reviewer_reads_the_entries_but_changes_nothing(
        chronology_review, police, lead_reviewer, client_for):
    imported(chronology_review, police)
    page = text(client_for(lead_reviewer).get(base(chronology_review, police)))
    assert "Home visit number 2." in page
    assert "Upload and check" not in page and "Add an entry" not in page
    assert ">Change<" not in page
    assert "Back to every agency's chronology" in page


def test_the_templates_download_as_excel_and_word(chronology_review, police, agency_author,
                                                  client_for):
    client = client_for(agency_author)
    xlsx = client.get(base(chronology_review, police) + "template.xlsx")
    assert xlsx["Content-Type"].endswith("spreadsheetml.sheet")
    assert "testshire-police.xlsx" in xlsx["Content-Disposition"]
    assert xlsx.content[:2] == b"PK"
    docx = client.get(base(chronology_review, police) + "template.docx")
    assert docx["Content-Type"].endswith("wordprocessingml.document")
    assert client.get(base(chronology_review, police) + "template.pdf").status_code == 404


def test_the_entries_page_takes_the_same_queries_however_many_entries(
        chronology_review, police, agency_author, business_manager, client_for):
    client = client_for(agency_author)
    imported(chronology_review, police, good_rows(2))
    client.get(base(chronology_review, police))
    with CaptureQueriesContext(connection) as few:
        client.get(base(chronology_review, police))
    actions.reopen_chronology(chronology_review, police, by=business_manager, reason="More.")
    imported(chronology_review, police, good_rows(30))
    with CaptureQueriesContext(connection) as many:
        page = text(client.get(base(chronology_review, police)))
    assert "Home visit number 30." in page
    assert len(many) == len(few)


def test_entries_are_shown_fifty_to_a_page(chronology_review, police, business_manager,
                                           client_for):
    rows = [[f"{day % 28 + 1:02d}/{day // 28 + 1:02d}/2024", "", "Case note", "Social worker",
             f"Event {day}.", ""] for day in range(60)]
    imported(chronology_review, police, rows)
    client = client_for(business_manager)
    first = text(client.get(base(chronology_review, police)))
    assert "Page 1 of 2" in first and "Event 49." in first and "Event 50." not in first
    assert 'href="?page=2#entries"' in first
    second = text(client.get(base(chronology_review, police) + "?page=2"))
    assert "Event 50." in second and "Event 59." in second


# --- Uploading ---------------------------------------------------------------------------------

def test_a_refused_file_is_explained_on_the_form_and_nothing_is_saved(
        chronology_review, police, agency_author, client_for, upload):
    client = client_for(agency_author)
    response = upload(client, chronology_review, police, b"not really a workbook", "police.xlsx")
    page = text(response)
    assert response.status_code == 200
    assert "There is a problem" in page and 'govuk-error-message' in page
    assert not Submission.objects.exists()
    wrong = text(upload(client, chronology_review, police, b"%PDF-1.4", "police.pdf"))
    assert "must be an Excel workbook (.xlsx), a CSV file (.csv) or a Word document" in wrong
    empty = text(client.post(base(chronology_review, police) + "upload/", {}))
    assert "Select your agency's completed chronology file." in empty
    assert not Submission.objects.exists()


def hostile_workbook(add: dict[str, bytes]) -> bytes:
    """A real workbook of our columns with parts added (as a zip tool, not Excel, would)."""
    book = openpyxl.Workbook()
    sheet = book.worksheets[0]
    sheet.append(list(HEADER))
    sheet.append(good_rows(1)[0])
    plain = io.BytesIO()
    book.save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain.getvalue())) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for info in source.infolist():
            package.writestr(info, source.read(info))
        for name, data in add.items():
            package.writestr(name, data)
    return out.getvalue()


# The package checks are the publication check's too (reviewdesk.lib.ooxml): the same limits,
# each refusal worded for a chronology.
@pytest.mark.parametrize(("parts", "message"), [
    ({"xl/media/image1.png": b"\x00" * (3 * 1024 * 1024)},
     "would unpack to far more than any chronology needs"),
    ({f"xl/media/{n}.bin": b"x" for n in range(ooxml.MAX_ENTRIES)},
     "would unpack to far more than any chronology needs (over 100 MB, over 1,000 parts"),
    ({"xl/vbaProject.bin": b"VBA"},
     "is a macro-enabled Excel file. We do not take files that can run macros"),
    ({"xl/activeX/activeX1.bin": b"control"},
     "holds ActiveX controls, small programs Excel runs when the file is opened. We do not take "
     "files that can run programs"),
], ids=["zip bomb", "too many parts", "macros", "ActiveX"])
def test_a_hostile_workbook_is_refused_on_the_form_and_nothing_is_saved(
        chronology_review: Review, police: Agency, agency_author: User, client_for: ClientFor,
        upload: Callable[..., ClientResponse], media_root: Path, parts: dict[str, bytes],
        message: str) -> None:
    response = upload(client_for(agency_author), chronology_review, police,
                      hostile_workbook(parts), "police.xlsx")
    assert response.status_code == 200
    page = text(response)
    assert "There is a problem" in page
    assert f"'police.xlsx' {message}" in page
    assert not Submission.objects.exists()
    assert not AuditEvent.objects.filter(event_type__startswith="chronology.").exists()
    stored = [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []
    assert not stored


def test_an_upload_is_checked_and_every_problem_shown_with_the_columns_as_read(
        chronology_review, police, agency_author, business_manager, client_for, upload):
    client = client_for(agency_author)
    late = ["01/07/2025", "", "Case note", "Social worker", "Review meeting.", ""]
    response = upload(client, chronology_review, police, csv_file(ODD_ROWS + [late], ODD_HEADER))
    submission = Submission.objects.get()
    assert response["Location"] == version_url(submission)
    assert submission.status == Submission.Status.PROBLEMS
    page = text(client.get(version_url(submission)))
    assert "How we read your columns" in page
    # Our Event / contact column was not found: its select says so, and offers every heading.
    event = page.split('name="event"')[1].split("</select>")[0]
    assert '<option value="" selected>Not in the file</option>' in event
    assert '<option value="4">Happenings</option>' in event
    assert "CHR-E10: No event column" in page
    assert "CHR-E02: Date impossible" in page and "Record 3" in page
    # Errors come before warnings, and the file cannot be accepted as it is.
    assert page.index("Errors</caption>") < page.index("Warnings</caption>")
    assert "CHR-W01: Date outside the period under review" in page
    assert "Accept this chronology" not in page
    assert "Upload a corrected file" in page
    # A file-wide error cannot be mended by leaving rows out.
    assert "Accept without the rows that have errors" not in page
    manager = client_for(business_manager)
    response = manager.get(version_url(submission, "accept-without-errors/"))
    assert response["Location"] == version_url(submission)
    assert "which leaving rows out cannot mend" in text(manager.get(version_url(submission)))
    assert AuditEvent.objects.filter(event_type="chronology.submission_viewed").exists()


def test_while_a_file_is_checked_its_page_polls_for_progress(
        chronology_review, police, agency_author, client_for):
    submission = actions.upload_submission(chronology_review, police, by=agency_author,
                                            data=csv_file(good_rows()), filename="police.csv")
    Submission.objects.filter(pk=submission.pk).update(progress=40)
    client = client_for(agency_author)
    page = text(client.get(version_url(submission)))
    assert (f'aria-live="polite" hx-get="{version_url(submission, "status/")}" '
            'hx-trigger="every 2s"') in page
    assert f'<a class="govuk-link" href="{version_url(submission)}">Refresh</a>' in page
    assert "<strong>40%</strong> of the file checked (3 rows in all)." in page
    polled = client.get(version_url(submission, "status/"), headers={"HX-Request": "true"})
    assert "HX-Refresh" not in polled and "<html" not in text(polled)
    tasks.run_check(submission.pk)
    polled = client.get(version_url(submission, "status/"), headers={"HX-Request": "true"})
    assert polled["HX-Refresh"] == "true"
    assert "The check has finished." in text(client.get(version_url(submission, "status/")))


def test_correcting_how_a_column_was_read_checks_the_file_again(
        chronology_review, police, agency_author, client_for, upload):
    client = client_for(agency_author)
    upload(client, chronology_review, police, csv_file(ODD_ROWS, ODD_HEADER))
    submission = Submission.objects.get()
    mapping = {"date": "0", "time": "1", "sequence": "", "source": "2", "role": "3",
               "event": "4", "action": "5", "analysis": "", "version": submission.edit_version}
    response = client.post(version_url(submission, "columns/"), mapping)
    assert response["Location"] == version_url(submission, "#problems")
    submission.refresh_from_db()
    assert submission.mapping["event"] == 4 and submission.error_count == 1
    page = text(client.get(version_url(submission)))
    assert "The file was checked again with the columns you chose." in page
    assert "CHR-E10" not in page and "CHR-E02: Date impossible" in page
    assert "ask the business manager to accept it without the rows that have errors" in page
    assert AuditEvent.objects.filter(event_type="chronology.mapping_changed").exists()


def test_a_column_cannot_be_taken_twice(chronology_review, police, agency_author, client_for,
                                        upload):
    client = client_for(agency_author)
    upload(client, chronology_review, police, csv_file(ODD_ROWS, ODD_HEADER))
    submission = Submission.objects.get()
    response = client.post(version_url(submission, "columns/"), {
        "date": "0", "time": "1", "source": "2", "role": "3", "event": "2", "action": "5",
        "version": submission.edit_version})
    page = text(response)
    assert response.status_code == 200 and "There is a problem" in page
    assert "is already chosen for Source of information" in page
    assert 'href="#id_event"' in page


def test_a_file_without_a_source_column_may_give_one_source_for_every_row(
        chronology_review, police, agency_author, client_for, upload):
    client = client_for(agency_author)
    header = ("Date", "Practitioner role", "Event / contact")
    upload(client, chronology_review, police,
           csv_file([["01/03/2024", "PC", "Call."], ["02/03/2024", "PC", "Visit."]], header))
    submission = Submission.objects.get()
    page = text(client.get(version_url(submission)))
    assert "Source of information for every row" in page
    assert "CHR-W08" in page and "CHR-E11" not in page
    assert f'value="{police.name} records"' in page  # the agency's records, to be changed
    client.post(version_url(submission, "columns/"), {
        "date": "0", "role": "1", "event": "2", "default_source": "Police log",
        "version": submission.edit_version})
    submission.refresh_from_db()
    assert submission.status == Submission.Status.READY
    assert "The business manager or the review's lead reviewer accepts it" in text(
        client.get(version_url(submission)))


# --- Accepting, leaving error rows out, withdrawing --------------------------------------------

def test_a_clean_file_is_accepted_by_the_business_manager_and_replaces_the_reopened_version(
        chronology_review, police, agency_author, business_manager, client_for, upload):
    client = client_for(agency_author)
    first = imported(chronology_review, police, good_rows(2))
    actions.reopen_chronology(chronology_review, police, by=business_manager,
                               reason="A third visit was left out.")
    upload(client, chronology_review, police, csv_file(good_rows(3)))
    third = Submission.objects.get(version=3)  # version 2, the copy, is not used
    assert third.status == Submission.Status.READY and third.revises == first
    page = text(client.get(version_url(third)))
    assert "No problems found." in page
    # The author never accepts their own chronology.
    assert "Accept this chronology" not in page
    assert "The business manager or the review's lead reviewer accepts it." in page
    assert client.get(version_url(third, "accept/")).status_code == 403
    assert client.post(version_url(third, "accept/"), on("accepted_on", TODAY)).status_code == 403
    manager = client_for(business_manager)
    assert "Accept this chronology" in text(manager.get(version_url(third)))
    form = text(manager.get(version_url(third, "accept/")))
    # What changes from the accepted version: one visit added, nothing removed or changed.
    assert "What changes from version 1" in form and "A third visit was left out." in form
    assert "1 added, 0 removed, 0 changed, 2 unchanged" in form
    added = form.split('id="changes-added"')[1].split("</ul>")[0]
    assert "3 March 2024</strong>" in added and "Home visit number 3." in added
    assert AuditEvent.objects.filter(event_type="chronology.comparison_viewed").exists()
    refused = manager.post(version_url(third, "accept/"),
                           on("accepted_on", date(2026, 12, 8)))
    assert "cannot be in the future" in text(refused)
    response = manager.post(version_url(third, "accept/"), on("accepted_on", TODAY))
    assert response["Location"] == base(chronology_review, police)
    first.refresh_from_db()
    third.refresh_from_db()
    assert (first.status, third.status, third.accepted_on, third.accepted_by) == (
        Submission.Status.SUPERSEDED, Submission.Status.ACCEPTED, TODAY, business_manager)
    page = text(client.get(base(chronology_review, police)))
    assert "3 entries in version 3" in page
    versions = page.split('id="versions"')[1]
    assert "Imported by the data team" in versions and "Uploaded by Andy Author" in versions
    assert tag_count(versions, "Earlier version") == 1 and tag_count(versions, "Accepted") == 1
    assert "a change after the chronology was reopened" in versions


def test_a_file_with_errors_is_accepted_only_with_a_reason_for_each_row_left_out(
        chronology_review, police, agency_author, business_manager, client_for, upload):
    upload(client_for(agency_author), chronology_review, police, csv_file(ODD_ROWS, HEADER))
    submission = Submission.objects.get()
    client = client_for(business_manager)
    # Accepting it as it is goes to leaving the rows out, with a reason for each.
    url = version_url(submission, "accept-without-errors/")
    assert client.get(version_url(submission, "accept/"))["Location"] == url
    page = text(client.get(url))
    assert "Accept without the rows that have errors</h1>" in page
    assert "Record 3" in page and "CHR-E02: Date impossible" in page
    page = text(client.post(url, {"reason_0": "", **on("accepted_on", TODAY)}))
    assert "There is a problem" in page and "Say why Record 3 is left out" in page
    assert Submission.objects.get().status == Submission.Status.PROBLEMS
    before = text(client.post(url, {"reason_0": "A duplicate of the call on 1 March.",
                                    **on("accepted_on", date(2026, 11, 30))}))
    assert "cannot be before 7 December 2026, the day this version was received" in before
    response = client.post(url, {"reason_0": "A duplicate of the call on 1 March.",
                                 **on("accepted_on", TODAY)})
    assert response["Location"] == version_url(submission, "#excluded")
    submission.refresh_from_db()
    assert submission.status == Submission.Status.ACCEPTED
    assert Entry.objects.filter(submission=submission).count() == 2
    excluded = ExcludedRow.objects.get()
    assert (excluded.row_label, excluded.codes, excluded.excluded_by) == (
        "Record 3", ["CHR-E02"], business_manager)
    page = text(client.get(version_url(submission)))
    listed = page.split('id="excluded"')[1]
    assert "Record 3" in listed and "CHR-E02: Date impossible" in listed
    assert "A duplicate of the call on 1 March." in listed and "Bea Manager" in listed


def test_one_reason_may_cover_every_row_left_out(chronology_review, police, business_manager,
                                                 client_for):
    rows = ODD_ROWS + [["", "", "Case note", "Social worker", "Undated call.", ""]]
    submission = checked_upload(chronology_review, police, business_manager,
                                csv_file(rows, HEADER))
    client_for(business_manager).post(version_url(submission, "accept-without-errors/"),
                                      {"every_row": "Not in our records.",
                                       **on("accepted_on", TODAY)})
    assert [(x.row_label, x.reason) for x in ExcludedRow.objects.all()] == [
        ("Record 3", "Not in our records."), ("Record 5", "Not in our records.")]


def test_a_file_not_used_is_withdrawn_and_stays_listed(chronology_review, police, agency_author,
                                                       client_for):
    submission = checked_upload(chronology_review, police, agency_author,
                                csv_file(ODD_ROWS, HEADER))
    client = client_for(agency_author)
    assert "Don't use this file" in text(client.get(version_url(submission)))
    response = client.post(version_url(submission, "withdraw/"))
    assert response["Location"] == base(chronology_review, police)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.WITHDRAWN
    page = text(client.get(base(chronology_review, police)))
    assert tag_count(page, "Not used") == 1
    assert "Don't use this file" not in text(client.get(version_url(submission)))


def test_the_lead_reviewer_may_accept_a_submission_but_not_change_or_withdraw_it(
        chronology_review, police, business_manager, lead_reviewer, subgroup_member,
        client_for):
    submission = checked_upload(chronology_review, police, business_manager,
                                csv_file(good_rows()))
    reviewer = client_for(lead_reviewer)
    page = text(reviewer.get(version_url(submission)))
    assert "No problems found." in page
    assert "Accept this chronology" in page and "Check again" not in page
    assert "Don't use this file" not in page
    assert re.search(r"Date\s*</dt>\s*<dd class=\"govuk-summary-list__value\">\s*Date", page)
    for more in ("withdraw/", "columns/"):
        assert reviewer.post(version_url(submission, more)).status_code == 403
    assert client_for(subgroup_member).post(version_url(submission, "accept/"), on(
        "accepted_on", TODAY)).status_code == 403
    assert Submission.objects.get().status == Submission.Status.READY
    reviewer.post(version_url(submission, "accept/"), on("accepted_on", TODAY))
    submission.refresh_from_db()
    assert (submission.status, submission.accepted_by) == ("accepted", lead_reviewer)


# --- Entries typed in the browser --------------------------------------------------------------

def test_an_entry_is_added_with_errors_shown_on_each_field(
        chronology_review, police, agency_author, client_for):
    client = client_for(agency_author)
    url = base(chronology_review, police) + "entries/add/"
    page = text(client.get(url))
    assert "Add an entry</h1>" in page
    assert "The date of the event, day first" in page  # the columns' own help
    response = client.post(url, {"date": "31/02/2024", "time": "25:00", "source": "",
                                 "event": ""})
    page = text(response)
    assert response.status_code == 200 and "There is a problem" in page
    for field in ("date", "time", "source", "event"):
        assert f'href="#id_{field}"' in page, field
    assert "is impossible" in page
    assert not Entry.objects.exists()
    response = client.post(url, {"date": "May 2024", "source": "Police log",
                                 "event": "Call from a neighbour.", "sequence": "2"})
    assert response["Location"] == base(chronology_review, police) + "#entries"
    entry = Entry.objects.get()
    assert (entry.precision, entry.sequence, entry.submission.via) == ("month", 2, "browser")
    page = text(client.get(base(chronology_review, police)))
    assert "Entry added to the chronology." in page and "Call from a neighbour." in page
    assert "May 2024" in page and "Sequence 2" in page


def test_an_entry_is_changed_and_a_field_left_as_shown_keeps_the_names_as_written(
        chronology_review, police, agency_author, business_manager, client_for):
    # The practitioner is named in the entry; the author sees their role label instead.
    imported(chronology_review, police, [
        ["01/03/2024", "", "Case note", "Health visitor", "Polly Practitioner visited.", ""]])
    actions.reopen_chronology(chronology_review, police, by=business_manager,
                               reason="The visit was on 2 March.")
    entry = Entry.objects.get(carried_from__isnull=False)  # the copy in the version being written
    client = client_for(agency_author)
    url = f"{base(chronology_review, police)}entries/{entry.pk}/change/"
    page = text(client.get(url))
    assert "Change an entry</h1>" in page
    assert "Polly Practitioner" not in page and "Health Visitor 1 visited." in page
    assert 'value="01/03/2024"' in page
    response = client.post(url, {"date": "", "source": "Case note",
                                 "event": "Health Visitor 1 visited."})
    assert "There is a problem" in text(response) and 'href="#id_date"' in text(response)
    assert f'name="version" value="{entry.version}"' in page  # decision 0023
    response = client.post(url, {"date": "02/03/2024", "source": "Case note",
                                 "role": "Health visitor", "event": "Health Visitor 1 visited.",
                                 "version": entry.version})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.date == date(2024, 3, 2) and entry.event == "Polly Practitioner visited."
    assert entry.edited_by == agency_author
    page = text(client_for(business_manager).get(base(chronology_review, police)))
    assert "Changed" in page and "by Andy Author" in page


def test_no_one_else_may_add_or_change_entries(chronology_review, police, lead_reviewer,
                                               subgroup_member, client_for):
    imported(chronology_review, police)
    entry = Entry.objects.first()
    for person in (lead_reviewer, subgroup_member):
        client = client_for(person)
        assert client.get(base(chronology_review, police) + "entries/add/").status_code == 403
        assert client.post(f"{base(chronology_review, police)}entries/{entry.pk}/change/",
                           {"event": "x"}).status_code == 403


def test_the_demo_has_one_agency_accepted_one_with_problems_and_one_not_sent(
        chronology_review, police, health, agency_author, nurse, business_manager, client_for):
    demo.load(SimpleNamespace(reviews={7: chronology_review}, agencies=[health, police],
                              people={"agency.author": agency_author, "chloe.barrow": nurse,
                                      "business.manager": business_manager}))
    statuses = {s.agency: s for s in status.agency_statuses(chronology_review)}
    assert statuses[police].status == "accepted" and statuses[police].entries == 4
    assert statuses[health].status == "submitted with problems"
    assert statuses[police].current.warning_count == 2
    assert client_for(business_manager).get(base(chronology_review)).status_code == 200


def test_an_author_who_left_the_review_sees_nothing_more(
        chronology_review, police, agency_author, business_manager, client_for):
    membership = chronology_review.memberships.get(person=agency_author,
                                                   role=ReviewRole.AGENCY_AUTHOR)
    review_actions.remove_member(membership, by=business_manager, ended_on=date(2026, 5, 20),
                                 reason="Moved to another team.")
    assert client_for(agency_author).get(base(chronology_review, police)).status_code == 404
    assert DUE  # the author's due date is kept with the agency
