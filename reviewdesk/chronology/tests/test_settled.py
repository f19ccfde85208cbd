# ruff: noqa: F811 - the fixtures imported from fixtures.py are named again as test arguments
"""A chronology takes the date it was received, and lateness is measured from it; an
accepted chronology is settled. Acceptance is the business manager's or a lead reviewer's, with
its date; the business manager reopens it with a reason, the changes form a new version compared
with the accepted one, accepted again; every step audited and on the review's timeline.

The clock is frozen on Monday 7 December 2026 (conftest.py); the authors were named on 20 April
2026 and their chronologies are due on Friday 4 December 2026."""

import io
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from reviewdesk.accounts.models import Agency, User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.chronology import actions, compare, status, tasks
from reviewdesk.chronology.models import Entry, Submission
from reviewdesk.chronology.tests.fixtures import (  # noqa: F401
    DUE,
    NAMED_ON,
    chronology_review,
    csv_file,
    good_rows,
    health,
    import_by_command,
    nurse,
    police,
)
from reviewdesk.reviews.models import Review, TimelineEntry

TODAY = date(2026, 12, 7)


def upload(review: Review, agency: Agency, by: User, rows: list[list[str]], **options: Any) -> Submission:
    submission = actions.upload_submission(review, agency, by=by, data=csv_file(rows),
                                            filename="chronology.csv", **options)
    tasks.run_check(submission.pk)
    submission.refresh_from_db()
    return submission


# --- The date received ------------------------------------------------------------------------

def test_a_submission_is_received_today_unless_another_day_is_given(
        chronology_review, police, health, business_manager, agency_author):
    today = upload(chronology_review, police, agency_author, good_rows(1))
    earlier = upload(chronology_review, health, business_manager, good_rows(1),
                     received_on=date(2026, 11, 20))
    assert (today.received_on, earlier.received_on) == (TODAY, date(2026, 11, 20))
    event = AuditEvent.objects.filter(event_type="chronology.file_uploaded").order_by("seq").last()
    assert event.data["received_on"] == "2026-11-20"


@pytest.mark.parametrize(("day", "message"), [
    (date(2026, 12, 8), "cannot be in the future"),
    (date(2026, 4, 19), "cannot be before 20 April 2026, when the agency's chronology author "
                        "was named"),
])
def test_a_received_date_in_the_future_or_before_the_author_was_named_is_refused(
        chronology_review, police, business_manager, day, message):
    for attempt in (
            lambda: upload(chronology_review, police, business_manager, good_rows(1),
                           received_on=day),
            lambda: import_by_command(chronology_review, police, csv_file(good_rows(1)),
                                      "p.csv", received_on=day)):
        with pytest.raises(ValidationError, match=message):
            attempt()
    assert not Submission.objects.exists()
    # A chronology typed in Review Desk: the date is given when it is sent.
    draft = actions.add_entry(chronology_review, police, by=business_manager,
                               values={"date": "01/03/2024", "source": "Log",
                                       "event": "Call."}).submission
    with pytest.raises(ValidationError, match=message):
        actions.send_chronology(chronology_review, police, by=business_manager, received_on=day)
    draft.refresh_from_db()
    assert draft.received_on is None


def test_lateness_is_in_working_days_from_the_received_date():
    assert status.lateness_words(DUE, DUE) == "on time"
    assert status.lateness_words(date(2026, 11, 2), DUE) == "on time"
    assert status.lateness_words(date(2026, 12, 7), DUE) == "late by 1 working day"
    # Received on the Saturday after a Friday due date: the next working day, never "late by 0".
    assert status.lateness_words(date(2026, 12, 5), DUE) == "late by 1 working day"
    # Over Christmas: the bank holidays do not count.
    assert status.lateness_words(date(2026, 12, 29), DUE) == "late by 15 working days"
    assert status.lateness_words(None, DUE) == ""


def test_a_chronology_recorded_weeks_after_it_was_received_is_on_time_by_its_own_date(
        chronology_review, police, health, business_manager, client_for):
    upload(chronology_review, police, business_manager, good_rows(1),
           received_on=date(2026, 11, 16))
    upload(chronology_review, health, business_manager, good_rows(1),
           received_on=date(2026, 12, 7))
    statuses = {s.agency: s for s in status.agency_statuses(chronology_review)}
    assert statuses[police].received_words == "16 November 2026, on time"
    assert statuses[health].received_words == "7 December 2026, late by 1 working day"
    page = client_for(business_manager).get(f"/reviews/{chronology_review.uuid}/chronology/")
    assert "16 November 2026, on time" in page.content.decode()


# --- Acceptance -------------------------------------------------------------------------------

def test_acceptance_takes_its_date_never_in_the_future_or_before_it_was_received(
        chronology_review, police, business_manager, lead_reviewer):
    submission = upload(chronology_review, police, business_manager, good_rows(2),
                        received_on=date(2026, 11, 30))
    with pytest.raises(ValidationError, match="cannot be before 30 November 2026"):
        actions.accept_submission(submission, by=lead_reviewer, accepted_on=date(2026, 11, 27))
    with pytest.raises(ValidationError, match="cannot be in the future"):
        actions.accept_submission(submission, by=lead_reviewer, accepted_on=date(2026, 12, 8))
    actions.accept_submission(submission, by=lead_reviewer, accepted_on=date(2026, 12, 2))
    assert (submission.accepted_on, submission.accepted_by) == (date(2026, 12, 2), lead_reviewer)
    event = AuditEvent.objects.get(event_type="chronology.submission_accepted")
    assert event.data["accepted_on"] == "2026-12-02"


def test_the_author_never_accepts_their_own_chronology(
        chronology_review, police, agency_author, subgroup_member):
    submission = upload(chronology_review, police, agency_author, good_rows(1))
    for person in (agency_author, subgroup_member):
        with pytest.raises(PermissionDenied):
            actions.accept_submission(submission, by=person)
    assert Submission.objects.get().status == Submission.Status.READY


def test_a_version_typed_in_review_desk_is_accepted_with_its_entries(
        chronology_review, police, agency_author, business_manager):
    entry = actions.add_entry(chronology_review, police, by=agency_author,
                               values={"date": "01/03/2024", "source": "Log", "event": "Call."})
    draft = entry.submission
    assert (draft.status, draft.received_on) == (Submission.Status.READY, None)
    with pytest.raises(ValidationError, match="a draft that has not been sent"):
        actions.accept_submission(draft, by=business_manager)
    actions.send_chronology(chronology_review, police, by=agency_author)
    draft.refresh_from_db()
    assert draft.received_on == TODAY
    actions.accept_submission(draft, by=business_manager)
    draft.refresh_from_db()
    assert draft.status == Submission.Status.ACCEPTED and draft.entries.count() == 1


# --- Settled, reopened, compared, accepted again ----------------------------------------------

def test_reopening_is_the_business_manager_s_with_a_reason_and_a_date(
        chronology_review, police, business_manager, lead_reviewer, agency_author):
    accepted = import_by_command(chronology_review, police, csv_file(good_rows(2)), "p.csv",
                                 received_on=date(2026, 12, 1),
                                 accepted_on=date(2026, 12, 2)).submission
    for person in (lead_reviewer, agency_author):
        with pytest.raises(PermissionDenied):
            actions.reopen_chronology(chronology_review, police, by=person, reason="x")
    with pytest.raises(ValidationError) as exc:
        actions.reopen_chronology(chronology_review, police, by=business_manager, reason=" ")
    assert list(exc.value.message_dict) == ["reason"]
    with pytest.raises(ValidationError, match="cannot be before 2 December 2026"):
        actions.reopen_chronology(chronology_review, police, by=business_manager,
                                   reason="More.", reopened_on=date(2026, 12, 1))
    assert not Submission.objects.filter(version=2).exists()
    draft = actions.reopen_chronology(chronology_review, police, by=business_manager,
                                       reason="Two visits were missed.",
                                       reopened_on=date(2026, 12, 4))
    accepted.refresh_from_db()
    assert (accepted.status, accepted.reopened_on, accepted.reopened_by,
            accepted.reopen_reason) == (Submission.Status.ACCEPTED, date(2026, 12, 4),
                                        business_manager, "Two visits were missed.")
    assert (draft.version, draft.revises, draft.entries.count()) == (2, accepted, 2)
    with pytest.raises(ValidationError, match="already reopened on 4 December 2026"):
        actions.reopen_chronology(chronology_review, police, by=business_manager, reason="x")
    event = AuditEvent.objects.get(event_type="chronology.reopened")
    assert event.data["new_version"] == 2 and "visits" not in str(event.data)
    # A change received after reopening cannot be dated before the reopening.
    with pytest.raises(ValidationError, match="when the chronology was reopened"):
        actions.check_received_on(chronology_review, police, date(2026, 12, 3))


def test_the_comparison_lists_entries_added_removed_and_changed(
        chronology_review, police, agency_author, business_manager):
    rows = good_rows(3)
    accepted = import_by_command(chronology_review, police, csv_file(rows), "p.csv").submission
    draft = actions.reopen_chronology(chronology_review, police, by=business_manager,
                                       reason="Corrections.")
    copies = {e.event: e for e in draft.entries.all()}
    # One entry's outcome corrected, one's event reworded, one removed... (a copy is withdrawn
    # from the draft by changing it; removal is by a new file, below) and one added.
    actions.edit_entry(copies["Home visit number 1."], by=agency_author,
                        values={"action": "Referral made."})
    actions.edit_entry(copies["Home visit number 2."], by=agency_author,
                        values={"event": "Home visit number 2: nobody in."})
    actions.add_entry(chronology_review, police, by=agency_author,
                       values={"date": "20/03/2024", "source": "Log", "event": "Strategy meeting."})
    result = compare.compare(accepted, draft)
    assert [c.row.event for c in result.added] == ["Strategy meeting."]
    assert result.removed == [] and result.unchanged == 1
    changed = {c.row.event: c.fields for c in result.changed}
    assert changed == {
        "Home visit number 1.": [("Action / outcome", "Visit again.", "Referral made.")],
        "Home visit number 2: nobody in.": [
            ("Event / contact", "Home visit number 2.", "Home visit number 2: nobody in.")]}
    # A corrected file instead: matched on date and event, a missing row is removed.
    actions.withdraw_submission(draft, by=agency_author)
    corrected = upload(chronology_review, police, agency_author, [rows[0], rows[2]])
    result = compare.comparison_for(corrected)
    assert [c.row.event for c in result.removed] == ["Home visit number 2."]
    assert (result.added, result.changed, result.unchanged) == ([], [], 2)


def test_accepted_again_the_new_version_replaces_the_old_and_the_timeline_has_every_step(
        chronology_review, police, agency_author, business_manager):
    first = upload(chronology_review, police, business_manager, good_rows(2),
                   received_on=date(2026, 11, 23))
    actions.accept_submission(first, by=business_manager, accepted_on=date(2026, 11, 25))
    draft = actions.reopen_chronology(chronology_review, police, by=business_manager,
                                       reason="A visit is missing.")
    actions.add_entry(chronology_review, police, by=agency_author,
                       values={"date": "20/03/2024", "source": "Log", "event": "Visit."})
    actions.send_chronology(chronology_review, police, by=agency_author)
    actions.accept_submission(draft, by=business_manager)
    first.refresh_from_db()
    draft.refresh_from_db()
    assert (first.status, draft.status) == (Submission.Status.SUPERSEDED,
                                            Submission.Status.ACCEPTED)
    assert draft.entries.count() == 3 and first.entries.count() == 2
    assert status.settled(chronology_review, police) == draft
    steps = list(TimelineEntry.objects.filter(review=chronology_review, title__startswith="Chron")
                 .order_by("recorded_at", "pk").values_list("title", "effective_on", "detail"))
    assert steps[-5:] == [
        ("Chronology received: Testshire Police, version 1", date(2026, 11, 23), ""),
        ("Chronology accepted: Testshire Police, version 1", date(2026, 11, 25), ""),
        ("Chronology reopened: Testshire Police, version 1", TODAY, "A visit is missing."),
        ("Chronology received: Testshire Police, version 2", TODAY, ""),
        ("Chronology accepted: Testshire Police, version 2", TODAY, ""),
    ]


def test_the_merged_chronology_says_which_version_each_entry_came_from(
        chronology_review, police, health, lead_reviewer, client_for):
    import_by_command(chronology_review, police, csv_file(good_rows(1)), "p.csv")
    page = client_for(lead_reviewer).get(
        f"/reviews/{chronology_review.uuid}/chronology/merged/").content.decode()
    assert "Version 1: p.csv" in page


# --- The data team's command --------------------------------------------------------------------

def test_the_import_command_takes_the_received_and_accepted_dates(
        chronology_review, police, tmp_path):
    path = tmp_path / "police.csv"
    path.write_bytes(csv_file(good_rows(2)))
    args = [chronology_review.reference, str(path), "--agency", "Testshire Police"]
    with pytest.raises(Exception) as exc:
        call_command("import_chronology", *args, "--received-on", "4/12/2026", stdout=io.StringIO())
    assert "is not a date. Give it as YYYY-MM-DD" in str(exc.value)
    with pytest.raises(Exception) as exc:
        call_command("import_chronology", *args, "--received-on", "2026-12-08",
                     stdout=io.StringIO())
    assert "cannot be in the future" in str(exc.value)
    call_command("import_chronology", *args, "--received-on", "2026-12-03", "--accepted-on",
                 "2026-12-04", stdout=io.StringIO())
    submission = Submission.objects.get()
    assert (submission.received_on, submission.accepted_on) == (date(2026, 12, 3),
                                                                date(2026, 12, 4))
    # Settled: the command cannot replace it either.
    with pytest.raises(Exception) as exc:
        call_command("import_chronology", *args, stdout=io.StringIO())
    assert "reopens the chronology" in str(exc.value)
    assert Entry.objects.count() == 2 and NAMED_ON < DUE
