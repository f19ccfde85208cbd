# ruff: noqa: F811 - the fixtures imported from fixtures.py are named again as test arguments
"""The chronology's services: a file with an error is never half-saved, error rows are left out
only explicitly (each listed with its codes, reason and who), a clean upload supersedes the
earlier version (kept), a corrected mapping re-checks the file, entries typed in the browser go
through the same checks, every agency's status comes from a couple of queries, and an agency's
author never sees another agency's chronology."""

from datetime import date
from typing import Any, NoReturn

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from pytest_django import DjangoCaptureOnCommitCallbacks

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import Agency, PartnershipRole, User
from reviewdesk.audit.context import MissingAuditContext
from reviewdesk.audit.models import AuditEvent
from reviewdesk.chronology import actions, checking, status, tasks
from reviewdesk.chronology.actions import ImportOutcome
from reviewdesk.chronology.models import Entry, ExcludedRow, Submission
from reviewdesk.chronology.tests.fixtures import (  # noqa: F401
    DUE,
    NAMED_ON,
    approve_period,
    chronology_review,
    csv_file,
    good_rows,
    health,
    import_by_command,
    nurse,
    police,
)
from reviewdesk.commissioning import actions as commissioning
from reviewdesk.lib.chronology_files.table import FileRefused
from reviewdesk.lib.chronology_files.tests.sample_files import PERIOD
from reviewdesk.reviews.models import Review, ReviewRole, Stage, TimelineEntry

TODAY = date(2026, 12, 7)  # the chronology tests' day (conftest.py)
BAD_LAST_ROW = ["31/02/2024", "10:00", "Case note", "Social worker", "Visit.", "None."]


def stored_files() -> list[str]:
    try:
        return default_storage.listdir("chronology")[1]
    except FileNotFoundError:
        return []


def import_csv(review: Review, agency: Agency, rows: list[list[str]], **options: Any) -> ImportOutcome:
    return import_by_command(review, agency, csv_file(rows), "police.csv", **options)


def upload(review: Review, agency: Agency, by: User, rows: list[list[str]],
           captured: DjangoCaptureOnCommitCallbacks, header: tuple[str, ...] | None = None) -> Submission:
    data = csv_file(rows, header) if header else csv_file(rows)
    with captured(execute=True):
        submission = actions.upload_submission(review, agency, by=by, data=data,
                                                filename="Chronology for Child K.csv")
    submission.refresh_from_db()
    return submission


# --- Period and scope ---------------------------------------------------------------------------


def test_the_period_under_review_is_the_latest_approved_terms_of_reference(
        chronology_review, business_manager, police, health):
    assert status.period_under_review(chronology_review) == PERIOD
    # A later draft does not count until it is approved.
    commissioning.save_terms_of_reference(
        chronology_review, by=business_manager, period_from=date(2023, 6, 1),
        period_to=date(2025, 6, 30), lines_of_enquiry="Wider.", agencies=[police, health],
        methodology="A systems approach.")
    assert status.period_under_review(chronology_review) == PERIOD


def test_there_is_no_period_before_terms_of_reference_are_approved(make_review):
    assert status.period_under_review(make_review()) is None


def test_the_agencies_in_scope_are_those_with_a_named_author(chronology_review, agencies):
    assert list(status.agencies_in_scope(chronology_review)) == [agencies["health"],
                                                                   agencies["police"]]


# --- Checking a file writes nothing ---------------------------------------------------------------


def test_checking_a_file_reports_every_problem_and_saves_nothing(chronology_review):
    rows = good_rows(2) + [["", "", "Case note", "Social worker", "Visit.", ""],
                           ["01/02/2019", "", "Case note", "Social worker", "", ""]]
    result = checking.check_file(chronology_review, csv_file(rows), "police.csv")
    assert [(p.row_ref, p.code) for p in result.errors] == [("4", "CHR-E01"), ("5", "CHR-E04")]
    assert ("5", "CHR-W01") in [(p.row_ref, p.code) for p in result.warnings]
    assert [r.ref for r in result.error_rows] == ["4", "5"]
    assert result.described[0] == ("Date", "Date")
    assert ("Analysis / comment", None) in result.described
    assert not Submission.objects.exists() and not AuditEvent.objects.filter(
        event_type__startswith="chronology.").exists()


def test_a_file_without_a_source_column_needs_one_source_for_all_its_rows(chronology_review):
    header = ("Date", "Role", "Details")
    data = csv_file([["01/03/2024", "Nurse", "Seen."]], header)
    result = checking.check_file(chronology_review, data, "health.csv")
    assert [p.code for p in result.file_errors] == ["CHR-E11"]
    assert "give one source for all the rows" in result.file_errors[0].message
    result = checking.check_file(chronology_review, data, "health.csv",
                                 default_source="GP record")
    assert not result.errors and result.rows[0].source == "GP record"


def test_a_file_with_no_date_column_mapped_has_a_file_wide_error(chronology_review):
    data = csv_file(good_rows(1))
    mapping = {"date": None, "source": 2, "event": 4}
    result = checking.check_file(chronology_review, data, "police.csv", mapping=mapping)
    assert [p.code for p in result.file_errors] == ["CHR-E09"]
    assert result.file_errors[0].row_ref == ""


def test_a_row_with_content_only_in_a_column_not_imported_is_an_error_not_dropped(
        chronology_review):
    header = ("Date", "Source", "Details", "Notes")
    rows = [["01/03/2024", "Case note", "Visit.", ""], ["", "", "", "Phoned the school."]]
    result = checking.check_file(chronology_review, csv_file(rows, header), "police.csv")
    assert [r.ref for r in result.error_rows] == ["3"]
    assert {p.code for p in result.error_rows[0].errors} == {"CHR-E01", "CHR-E04"}
    assert "'Notes'" in result.error_rows[0].errors[0].message
    assert result.unused == ["Notes"]


def test_a_file_with_a_header_and_no_entries_is_refused(chronology_review):
    with pytest.raises(FileRefused, match="no entries under it"):
        checking.check_file(chronology_review, csv_file([]), "police.csv")


# --- The command's path: import_file -------------------------------------------------------------


def test_an_error_in_the_last_row_means_nothing_is_saved(chronology_review, police):
    outcome = import_csv(chronology_review, police, good_rows(40) + [BAD_LAST_ROW])
    assert outcome.refused and outcome.submission is None
    assert [(p.row_ref, p.code) for p in outcome.result.errors] == [("42", "CHR-E02")]
    assert not Submission.objects.exists() and not Entry.objects.exists()
    assert not stored_files()
    assert not AuditEvent.objects.filter(event_type__startswith="chronology.").exists()


def test_an_import_is_one_transaction_with_its_audit_row(chronology_review, police, monkeypatch):
    def broken(*args: Any, **kwargs: Any) -> NoReturn:
        raise RuntimeError("audit unavailable")

    monkeypatch.setattr(actions, "record", broken)
    with pytest.raises(RuntimeError):
        import_csv(chronology_review, police, good_rows(5))
    assert not Submission.objects.exists() and not Entry.objects.exists()
    assert not stored_files()  # the stored file went with the rolled-back transaction


def test_a_clean_import_stores_the_file_entries_and_an_audit_row_with_counts(
        chronology_review, police):
    outcome = import_csv(chronology_review, police, good_rows(3))
    submission = outcome.submission
    assert (outcome.refused, outcome.imported, outcome.excluded) == (False, 3, 0)
    assert (submission.status, submission.version, submission.via, submission.submitted_by,
            submission.accepted_by) == (Submission.Status.ACCEPTED, 1, Submission.Via.COMMAND,
                                        None, None)
    assert submission.original_filename == "police.csv"
    assert "police" not in submission.file.name  # stored under a random name
    entries = list(submission.entries.order_by("position"))
    assert [(e.date, e.precision, e.time.hour, e.source, e.role, e.row_ref, e.row_label)
            for e in entries][0] == (date(2024, 3, 1), "day", 10, "Case note", "Social worker",
                                     "2", "Record 2")
    assert all(e.review_id == chronology_review.pk and e.agency == police for e in entries)
    event = AuditEvent.objects.get(event_type="chronology.file_imported")
    assert event.actor is None and "command" in event.summary
    assert event.data["entries"] == 3 and event.data["by_command"] is True
    assert "police.csv" not in str(event.data) and "Visit" not in str(event.data)


def test_the_command_s_import_is_refused_outside_its_audit_context_and_saves_nothing(
        chronology_review, police):
    # No person and no context: the trail would say nobody imported it, so nothing is saved.
    with pytest.raises(MissingAuditContext):
        actions.import_file(chronology_review, police, csv_file(good_rows(2)), "police.csv",
                            by=None)
    assert not Submission.objects.exists()
    assert not AuditEvent.objects.filter(event_type__startswith="chronology.").exists()
    assert not stored_files()


def test_an_import_naming_who_imported_it_puts_both_steps_on_the_timeline_with_its_audit_row(
        chronology_review, police, business_manager):
    outcome = actions.import_file(chronology_review, police, csv_file(good_rows(2)), "police.csv",
                                  by=business_manager, received_on=date(2026, 12, 1))
    assert outcome.submission.submitted_by == business_manager
    steps = TimelineEntry.objects.filter(review=chronology_review, title__contains=", version ")
    assert sorted(steps.values_list("title", "effective_on", "recorded_by")) == [
        ("Chronology accepted: Testshire Police, version 1", TODAY, business_manager.pk),
        ("Chronology received: Testshire Police, version 1", date(2026, 12, 1),
         business_manager.pk)]
    event = AuditEvent.objects.get(event_type="chronology.file_imported")
    assert event.actor == business_manager and event.data["by_command"] is False
    assert "command" not in event.summary


def test_the_first_entry_typed_starts_a_version_on_the_timeline_and_later_ones_do_not(
        chronology_review, police, agency_author):
    values = {"date": "20/03/2024", "source": "Log", "event": "Visit."}
    actions.add_entry(chronology_review, police, by=agency_author, values=values)
    actions.add_entry(chronology_review, police, by=agency_author, values=values)
    steps = TimelineEntry.objects.filter(review=chronology_review, title__contains=", version ")
    assert list(steps.values_list("title", "effective_on", "recorded_by")) == [
        ("Chronology started in Review Desk: Testshire Police, version 1", TODAY,
         agency_author.pk)]
    events = AuditEvent.objects.filter(event_type="chronology.entry_added").order_by("seq")
    assert [(e.actor, e.data["new_version"]) for e in events] == [
        (agency_author, True), (agency_author, False)]


def test_error_rows_are_excluded_with_their_codes_reason_and_who(chronology_review, police):
    rows = good_rows(3) + [BAD_LAST_ROW, ["01/04/2024", "", "", "Nurse", "", ""]]
    outcome = import_csv(chronology_review, police, rows, exclude_error_rows=True,
                         exclusion_reason=actions.COMMAND_REASON)
    assert (outcome.refused, outcome.imported, outcome.excluded) == (False, 3, 2)
    excluded = list(outcome.submission.excluded_rows.order_by("id"))
    assert [(x.row_ref, x.row_label, x.codes, x.reason, x.excluded_by) for x in excluded] == [
        ("5", "Record 5", ["CHR-E02"], actions.COMMAND_REASON, None),
        ("6", "Record 6", ["CHR-E04", "CHR-E05"], actions.COMMAND_REASON, None)]
    assert outcome.submission.entries.count() == 3


def test_excluding_needs_a_reason(chronology_review, police):
    with pytest.raises(ValidationError):
        import_csv(chronology_review, police, good_rows(2), exclude_error_rows=True)


def test_a_dry_run_checks_and_saves_nothing(chronology_review, police):
    outcome = import_csv(chronology_review, police, good_rows(4), dry_run=True)
    assert (outcome.refused, outcome.imported, outcome.submission) == (False, 4, None)
    assert not Submission.objects.exists() and not stored_files()


def test_a_new_import_supersedes_the_reopened_version_which_is_kept(
        chronology_review, police, business_manager):
    first = import_csv(chronology_review, police, good_rows(3)).submission
    with pytest.raises(ValidationError, match="accepted on 7 December 2026 .version 1.*reopens"):
        import_csv(chronology_review, police, good_rows(5))
    actions.reopen_chronology(chronology_review, police, by=business_manager,
                               reason="The police found two more contacts.")
    second = import_csv(chronology_review, police, good_rows(5)).submission
    first.refresh_from_db()
    assert (first.version, first.status) == (1, Submission.Status.SUPERSEDED)
    # Version 2 was the copy made on reopening, not used once the file came instead.
    assert Submission.objects.get(version=2).status == Submission.Status.WITHDRAWN
    assert (second.version, second.status, second.revises) == (
        3, Submission.Status.ACCEPTED, first)
    assert first.entries.count() == 3 and second.entries.count() == 5
    event = AuditEvent.objects.filter(event_type="chronology.file_imported").order_by("seq").last()
    assert event.data["superseded"] == first.pk


def test_only_agencies_with_an_author_and_open_reviews_take_chronologies(
        chronology_review, agencies):
    with pytest.raises(ValidationError) as exc:
        import_csv(chronology_review, agencies["education"], good_rows(1))
    assert "Testshire Education has no named chronology author" in exc.value.messages[0]
    assert "Testshire Health / ICB, Testshire Police" in exc.value.messages[0]
    Review.objects.filter(pk=chronology_review.pk).update(stage=Stage.PUBLICATION)
    chronology_review.refresh_from_db()
    with pytest.raises(ValidationError, match="can no longer be changed"):
        import_csv(chronology_review, agencies["police"], good_rows(1))


# --- The pages' path: upload, background check, mapping, accept, withdraw --------------------------


def test_an_upload_reads_its_columns_from_their_cells_as_the_command_does(
        chronology_review, police, agency_author, django_capture_on_commit_callbacks):
    # Headings the reader does not know: the time and the narrative are found from the cells,
    # on the web as by the data team's command, and each such column is said for the author.
    header = ("When", "Ref", "Clock", "Kind", "Write-up")
    rows = [[f"0{day}/03/2024", f"INC-{day}0", f"0{day}:15", "Visit",
             f"Officer attended the home on day {day}; mother and both children seen, home "
             "conditions noted as poor."] for day in range(1, 6)]
    submission = upload(chronology_review, police, agency_author, rows,
                        django_capture_on_commit_callbacks, header=header)

    assert (submission.mapping["date"], submission.mapping["time"],
            submission.mapping["event"]) == (0, 2, 4)
    notes = [p["message"] for p in submission.problems if p["code"] == "CHR-W09"]
    assert any("The Time was read from 'Clock'" in note for note in notes)
    assert submission.error_count == 0


def test_an_unreadable_upload_is_refused_and_nothing_is_kept(chronology_review, police,
                                                               agency_author):
    with pytest.raises(FileRefused, match="macro-enabled"):
        actions.upload_submission(chronology_review, police, by=agency_author, data=b"PK..",
                                   filename="chronology.xlsm")
    assert not Submission.objects.exists() and not stored_files()


def test_an_upload_is_kept_and_checked_in_the_background(
        chronology_review, police, agency_author, django_capture_on_commit_callbacks):
    submission = upload(chronology_review, police, agency_author, good_rows(3) + [BAD_LAST_ROW],
                        django_capture_on_commit_callbacks)
    assert (submission.status, submission.progress, submission.rows_total,
            submission.error_count) == (Submission.Status.PROBLEMS, 100, 4, 1)
    assert submission.problems[0] | {"message": ""} == {
        "code": "CHR-E02", "severity": "error", "row_ref": "5", "row_label": "Record 5",
        "column": "Date", "message": ""}
    assert submission.original_filename == "Chronology for Child K.csv"
    assert "Child" not in submission.file.name and len(stored_files()) == 1
    assert submission.submitted_by == agency_author and submission.via == Submission.Via.UPLOAD
    assert not submission.entries.exists()  # nothing is imported until it is accepted
    events = list(AuditEvent.objects.filter(event_type__startswith="chronology.")
                  .order_by("seq").values_list("event_type", flat=True))
    assert events == ["chronology.file_uploaded", "chronology.file_checked"]
    assert all("Child K" not in e.summary + str(e.data) for e in AuditEvent.objects.all())


def test_a_clean_upload_is_ready_to_accept_and_needs_no_exclusions(
        chronology_review, police, agency_author, business_manager,
        django_capture_on_commit_callbacks):
    submission = upload(chronology_review, police, agency_author, good_rows(3),
                        django_capture_on_commit_callbacks)
    assert submission.status == Submission.Status.READY
    with pytest.raises(PermissionDenied, match="business manager or the review's lead reviewer"):
        actions.accept_submission(submission, by=agency_author)
    actions.accept_submission(submission, by=business_manager)
    assert (submission.status, submission.accepted_by, submission.accepted_on) == (
        Submission.Status.ACCEPTED, business_manager, date(2026, 12, 7))
    assert submission.entries.count() == 3 and not submission.excluded_rows.exists()
    assert AuditEvent.objects.filter(event_type="chronology.submission_accepted").count() == 1
    with pytest.raises(ValidationError, match="is accepted: it cannot be accepted"):
        actions.accept_submission(submission, by=business_manager)


def test_accepting_needs_every_error_row_excluded_with_a_reason(
        chronology_review, police, agency_author, business_manager,
        django_capture_on_commit_callbacks):
    rows = good_rows(2) + [BAD_LAST_ROW, ["", "", "Case note", "Nurse", "Seen.", ""]]
    submission = upload(chronology_review, police, agency_author, rows,
                        django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError) as exc:
        actions.accept_submission(submission, by=business_manager)
    assert "Still to exclude (2): Record 4 (CHR-E02); Record 5 (CHR-E01)" in exc.value.messages[0]
    with pytest.raises(ValidationError, match=r"Still to exclude \(1\): Record 5"):
        actions.accept_submission(submission, by=business_manager,
                                   exclusions={"4": "Duplicate.", "5": "  "})
    with pytest.raises(ValidationError, match="these have none: Record 2"):
        actions.accept_submission(submission, by=business_manager,
                                   exclusions={"2": "x", "4": "Duplicate.", "5": "Unknown."})
    assert not Entry.objects.exists() and not ExcludedRow.objects.exists()

    actions.accept_submission(submission, by=business_manager,
                               exclusions={"4": "Duplicate of row 3.", "5": "Date not known."})
    assert submission.status == Submission.Status.ACCEPTED
    assert submission.entries.count() == 2
    assert [(x.row_label, x.codes, x.reason, x.excluded_by) for x in submission.excluded_rows.all()
            ] == [("Record 4", ["CHR-E02"], "Duplicate of row 3.", business_manager),
                  ("Record 5", ["CHR-E01"], "Date not known.", business_manager)]
    event = AuditEvent.objects.get(event_type="chronology.submission_accepted")
    assert event.data["excluded"] == 2 and "Duplicate" not in str(event.data)


def test_a_file_wide_error_cannot_be_excluded_away(
        chronology_review, police, agency_author, business_manager,
        django_capture_on_commit_callbacks):
    submission = upload(chronology_review, police, agency_author,
                        [["01/03/2024", "Nurse"]], django_capture_on_commit_callbacks,
                        header=("Date", "Role"))
    assert [p["code"] for p in submission.problems] == ["CHR-E10", "CHR-W08", "CHR-E04"]
    with pytest.raises(ValidationError, match="cannot be accepted: No column"):
        actions.accept_submission(submission, by=business_manager,
                                   exclusions={"2": "No event."})


def test_changing_the_mapping_checks_the_file_again(
        chronology_review, police, agency_author, lead_reviewer,
        django_capture_on_commit_callbacks):
    header = ("Date", "Staff", "Jottings", "Origin")  # neither is a heading we know
    rows = [["01/03/2024", "Nurse", "Seen at home.", "GP record"]]
    submission = upload(chronology_review, police, agency_author, rows,
                        django_capture_on_commit_callbacks, header=header)
    assert submission.status == Submission.Status.PROBLEMS
    assert [p["code"] for p in submission.problems][:2] == ["CHR-E10", "CHR-W08"]
    mapping = dict(submission.mapping)
    mapping.update({"event": 2, "source": 3})
    actions.change_mapping(submission, mapping, "", by=agency_author)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.READY and submission.problems == []
    assert (submission.mapping["event"], submission.mapping["source"]) == (2, 3)
    event = AuditEvent.objects.get(event_type="chronology.mapping_changed")
    assert "event" in event.data["columns"] and "What happened" not in str(event.data)
    actions.accept_submission(submission, by=lead_reviewer)
    entry = submission.entries.get()
    assert (entry.event, entry.source, entry.role) == ("Seen at home.", "GP record", "Nurse")


def test_a_mapping_must_fit_the_file(chronology_review, police, agency_author, business_manager,
                                     django_capture_on_commit_callbacks):
    submission = upload(chronology_review, police, agency_author, good_rows(1),
                        django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError) as exc:
        actions.change_mapping(submission, {"date": 0, "event": 0, "source": 9, "role": "x"},
                                "", by=agency_author)
    assert exc.value.message_dict == {
        "event": ["'Date' is already chosen for Date: each of the file's columns can be one of "
                  "ours at most."],
        "source": ["Choose one of the file's columns for Source of information, or 'Not in the "
                   "file'."],
        "role": ["Choose one of the file's columns for Practitioner role, or 'Not in the file'."]}
    with pytest.raises(ValidationError) as exc:
        actions.change_mapping(submission, {"date": None, "event": 4, "source": 2}, "",
                                by=agency_author)
    assert list(exc.value.message_dict) == ["date"]
    with pytest.raises(ValidationError, match="'colour' is not one of our columns"):
        actions.change_mapping(submission, {"date": 0, "event": 4, "colour": 1}, "",
                                by=agency_author)
    actions.accept_submission(submission, by=business_manager)
    with pytest.raises(ValidationError, match="is accepted: it cannot be changed"):
        actions.change_mapping(submission, {"date": 0, "event": 4}, "", by=agency_author)


def test_a_new_upload_withdraws_the_one_waiting_and_withdrawn_ones_are_kept(
        chronology_review, police, agency_author, django_capture_on_commit_callbacks):
    first = upload(chronology_review, police, agency_author, good_rows(1) + [BAD_LAST_ROW],
                   django_capture_on_commit_callbacks)
    second = upload(chronology_review, police, agency_author, good_rows(2),
                    django_capture_on_commit_callbacks)
    first.refresh_from_db()
    assert (first.status, second.status, second.version) == (
        Submission.Status.WITHDRAWN, Submission.Status.READY, 2)
    actions.withdraw_submission(second, by=agency_author)
    assert second.status == Submission.Status.WITHDRAWN
    assert Submission.objects.count() == 2 and len(stored_files()) == 2
    with pytest.raises(ValidationError, match="cannot be withdrawn"):
        actions.withdraw_submission(second, by=agency_author)


def test_a_check_that_fails_leaves_the_submission_with_a_problem_not_checking(
        chronology_review, police, agency_author, django_capture_on_commit_callbacks,
        monkeypatch):
    def broken(*args: Any, **kwargs: Any) -> NoReturn:
        raise RuntimeError("bug")

    monkeypatch.setattr(checking.checks, "check_rows", broken)
    submission = upload(chronology_review, police, agency_author, good_rows(1),
                        django_capture_on_commit_callbacks)
    assert submission.status == Submission.Status.PROBLEMS
    assert submission.problems[0]["code"] == checking.CHECK_FAILED_CODE
    assert "not in your file" in submission.problems[0]["message"]


def test_progress_is_saved_now_and_then_while_a_file_is_checked(
        chronology_review, police, agency_author, monkeypatch):
    submission = Submission.objects.create(review=chronology_review, agency=police, version=1,
                                           kind=Submission.Kind.CSV)
    clock = iter([100.0, 100.1, 101.0, 102.0])
    monkeypatch.setattr(tasks, "_clock", lambda: next(clock))
    progress = tasks._Progress(submission)
    saved = []
    for done in (500, 1000, 1500, 2000):
        progress(done, 2000)
        submission.refresh_from_db()
        saved.append(submission.progress)
    # Every half second at most, and never 100 before the problems are stored.
    assert saved == [25, 25, 75, 99]


# --- Entries typed in the browser ------------------------------------------------------------------


def typed(**values: str) -> dict[str, str]:
    return {"date": "3rd March 2024", "time": "14:30", "sequence": "2", "source": "Case note",
            "role": "Health visitor", "event": "Home visit.", "action": "", "analysis": "",
            **values}


def test_a_first_entry_typed_in_the_browser_starts_a_browser_version(
        chronology_review, police, agency_author):
    entry = actions.add_entry(chronology_review, police, by=agency_author, values=typed())
    submission = entry.submission
    assert (submission.kind, submission.via, submission.status, submission.version) == (
        Submission.Kind.BROWSER, Submission.Via.BROWSER, Submission.Status.READY, 1)
    assert submission.received_on is None and submission.is_draft  # received when sent
    assert (entry.date, entry.precision, entry.time.hour, entry.sequence, entry.event) == (
        date(2024, 3, 3), "day", 14, 2, "Home visit.")
    second = actions.add_entry(chronology_review, police, by=agency_author,
                                values=typed(date="?March 2024"))
    assert second.submission == submission and second.position == 1
    assert (second.precision, second.uncertain) == ("month", True)
    assert {w["code"] for w in second.warnings} == {"CHR-W03", "CHR-W04"}
    event = AuditEvent.objects.filter(event_type="chronology.entry_added").order_by("seq").last()
    assert event.data["warnings"] == 2 and "Home visit" not in str(event.data)


def test_an_accepted_chronology_takes_no_entry_until_reopened_then_they_form_a_new_version(
        chronology_review, police, agency_author, business_manager):
    current = import_csv(chronology_review, police, good_rows(2)).submission
    with pytest.raises(ValidationError, match="can no longer be changed"):
        actions.add_entry(chronology_review, police, by=agency_author, values=typed())
    with pytest.raises(ValidationError, match="can no longer be changed"):
        actions.edit_entry(current.entries.first(), by=business_manager,
                            values={"event": "Changed."})
    assert current.entries.count() == 2 and Submission.objects.count() == 1
    draft = actions.reopen_chronology(chronology_review, police, by=business_manager,
                                       reason="Two visits are missing.")
    entry = actions.add_entry(chronology_review, police, by=agency_author, values=typed())
    assert entry.submission == draft and entry.position == 2
    assert entry.row_label == checking.BROWSER_LABEL
    assert (draft.version, draft.revises, draft.status) == (2, current, Submission.Status.READY)
    # The copies know where they came from; the accepted version is untouched.
    assert sorted(draft.entries.exclude(pk=entry.pk).values_list("carried_from", flat=True)) \
        == sorted(current.entries.values_list("pk", flat=True))
    current.refresh_from_db()
    assert current.status == Submission.Status.ACCEPTED and current.entries.count() == 2


def test_a_typed_entry_is_checked_like_a_file_row(chronology_review, police, agency_author):
    with pytest.raises(ValidationError) as exc:
        actions.add_entry(chronology_review, police, by=agency_author,
                           values=typed(date="31/02/2024", event="", source="", time="25:00"))
    errors = exc.value.message_dict
    assert set(errors) == {"date", "time", "event", "source"}
    assert "February 2024 has" in errors["date"][0]
    assert not Entry.objects.exists() and not Submission.objects.exists()


def test_changing_an_entry_records_who_and_which_fields(chronology_review, police,
                                                        agency_author, business_manager):
    entry = actions.add_entry(chronology_review, police, by=agency_author, values=typed())
    actions.edit_entry(entry, by=business_manager,
                        values={"date": "May 2024", "event": "Home visit; mother seen."})
    entry.refresh_from_db()
    assert (entry.date, entry.precision, entry.event, entry.time.hour) == (
        date(2024, 5, 1), "month", "Home visit; mother seen.", 14)
    assert entry.edited_by == business_manager and entry.edited_at is not None
    assert [w["code"] for w in entry.warnings] == ["CHR-W04"]
    event = AuditEvent.objects.get(event_type="chronology.entry_changed")
    assert event.data["fields"] == ["date", "precision", "event"]
    assert "mother" not in str(event.data)
    with pytest.raises(ValidationError) as exc:
        actions.edit_entry(entry, by=business_manager, values={"event": " "})
    assert list(exc.value.message_dict) == ["event"]


def test_entries_of_an_earlier_version_cannot_be_changed(chronology_review, police,
                                                         agency_author, business_manager):
    old = import_csv(chronology_review, police, good_rows(1)).submission
    actions.reopen_chronology(chronology_review, police, by=business_manager, reason="Redo.")
    import_csv(chronology_review, police, good_rows(2))
    with pytest.raises(ValidationError, match="kept as it was"):
        actions.edit_entry(old.entries.get(), by=agency_author, values={"event": "Changed."})


# --- Statuses ---------------------------------------------------------------------------------------


def test_each_agency_status_from_two_queries(
        chronology_review, police, health, agency_author, nurse,
        django_capture_on_commit_callbacks, django_assert_num_queries):
    by_name = {}
    with django_assert_num_queries(2):
        by_name = {s.agency.name: s for s in status.agency_statuses(chronology_review,
                                                                      today=date(2026, 11, 2))}
    assert [s.status for s in by_name.values()] == ["requested", "requested"]
    assert by_name["Testshire Police"].author.person == agency_author
    assert by_name["Testshire Police"].due_on == DUE

    def statuses_on(day: date) -> dict[str, str]:
        return {s.agency.name: s.status
                for s in status.agency_statuses(chronology_review, today=day)}

    assert statuses_on(date(2026, 12, 2)) == {"Testshire Health / ICB": "due",
                                         "Testshire Police": "due"}
    assert statuses_on(date(2026, 12, 7))["Testshire Police"] == "overdue"
    submission = upload(chronology_review, police, agency_author, good_rows(1) + [BAD_LAST_ROW],
                        django_capture_on_commit_callbacks)
    assert statuses_on(date(2026, 12, 7))["Testshire Police"] == "submitted with problems"
    Submission.objects.filter(pk=submission.pk).update(status=Submission.Status.CHECKING)
    assert statuses_on(date(2026, 12, 7))["Testshire Police"] == "checking"
    actions.withdraw_submission(submission, by=agency_author)
    upload(chronology_review, health, nurse, good_rows(2), django_capture_on_commit_callbacks)
    assert statuses_on(date(2026, 12, 7)) == {"Testshire Health / ICB": "ready to accept",
                                         "Testshire Police": "overdue"}
    import_csv(chronology_review, police, good_rows(4))
    statuses = {s.agency.name: s for s in status.agency_statuses(chronology_review,
                                                                   today=date(2026, 12, 9))}
    police_status = statuses["Testshire Police"]
    assert (police_status.status, police_status.entries, police_status.current.version,
            police_status.latest.version) == ("accepted", 4, 2, 2)
    # Health's file was received on 7 December, one working day after the due date: it is late
    # by that, however long it waits to be accepted.
    health_status = statuses["Testshire Health / ICB"]
    assert (health_status.overdue_days, health_status.received_on, health_status.late_days) == (
        0, date(2026, 12, 7), 1)
    assert health_status.received_words == "7 December 2026, late by 1 working day"
    assert set(status.STATUSES) >= {s.status for s in statuses.values()}


# --- Access ------------------------------------------------------------------------------------------


def test_an_author_never_sees_another_agencys_chronology(
        chronology_review, police, health, agency_author, nurse, business_manager,
        lead_reviewer, subgroup_member, practitioner, outsider, partner):
    review = chronology_review
    may_view = access.may_view_agency_chronology
    may_submit = access.may_submit_chronology
    assert may_view(agency_author, review, police) and may_submit(agency_author, review, police)
    assert not may_view(agency_author, review, health)
    assert not may_submit(agency_author, review, health)
    assert may_view(nurse, review, health) and not may_view(nurse, review, police)
    for person in (business_manager,):
        assert may_submit(person, review, police) and may_submit(person, review, health)
    for person in (lead_reviewer, subgroup_member):
        assert access.can(person, review, Permission.VIEW_CHRONOLOGIES)
        assert may_view(person, review, police) and may_view(person, review, health)
        assert not may_submit(person, review, police)
    for person in (practitioner, outsider, partner, agency_author, nurse):
        assert not access.can(person, review, Permission.VIEW_CHRONOLOGIES)
    for person in (practitioner, outsider, partner):
        assert not may_view(person, review, police) and not may_submit(person, review, police)


def test_an_author_removed_from_the_team_may_no_longer_submit(
        chronology_review, police, agency_author, business_manager):
    from reviewdesk.reviews import actions as review_actions

    membership = chronology_review.memberships.get(person=agency_author,
                                                   role=ReviewRole.AGENCY_AUTHOR)
    review_actions.remove_member(membership, by=business_manager, ended_on=date(2026, 6, 1),
                                 reason="Left the agency.")
    fresh = Review.objects.get(pk=chronology_review.pk)
    assert not access.may_submit_chronology(agency_author, fresh, police)


def test_another_partnerships_business_manager_may_not_submit(chronology_review, police):
    from reviewdesk.accounts.models import Partnership

    other = Partnership.objects.create(name="Elsewhere", code="EW")
    manager = User.objects.create_user("other@example.test", "x", full_name="Other Manager",
                                       partnership=other, role=PartnershipRole.BUSINESS_MANAGER)
    assert not access.may_submit_chronology(manager, chronology_review, police)
    assert not access.may_view_agency_chronology(manager, chronology_review, police)


def test_a_review_with_its_period_changed_checks_against_the_new_period(
        chronology_review, business_manager, police, health):
    approve_period(chronology_review, business_manager, [police, health],
                   (date(2024, 6, 1), date(2025, 6, 30)))
    result = checking.check_file(chronology_review, csv_file(good_rows(1)), "police.csv")
    assert [p.code for p in result.warnings] == ["CHR-W01"]
    assert NAMED_ON < DUE
