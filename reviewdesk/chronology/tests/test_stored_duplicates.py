# ruff: noqa: F811 - the fixtures imported from fixtures.py are named again as test arguments
"""Likely duplicates are worked out once for each set of accepted chronologies and stored: pages
and exports read the stored pairs (the same as working them out now), leaving out pairs decided
since and entries no longer current; a small chronology out of date is worked out again at once,
a large one by the background worker (queued once), the page saying so; the export's
``suggested_duplicate_of`` names each open suggestion's original by its row number."""

import csv
import io
from datetime import time, timedelta
from types import SimpleNamespace

from django.core.management import call_command
from django.urls import reverse

from reviewdesk.chronology import actions, duplicates, tasks
from reviewdesk.chronology.models import DuplicateScan, DuplicateSuggestion, Entry, Submission
from reviewdesk.chronology.tests.fixtures import (  # noqa: F401
    chronology_review,
    csv_file,
    good_rows,
    health,
    import_by_command,
    nurse,
    police,
)
from reviewdesk.chronology.tests.test_duplicates import (
    CSC_MEETING,
    DAY,
    POLICE_MEETING,
    entry,
    files,
    school,
    social_care,
    version,
)
from reviewdesk.chronology.tests.test_exports import csv_rows, export
from reviewdesk.reviews.models import Review

__all__ = ["files", "school", "social_care"]  # fixtures, used by name


def many_pairs(review: Review, files: dict[str, Submission]) -> None:
    """Meetings each recorded by two or three agencies over a fortnight, with everyday
    single-agency records between them."""
    for day in range(14):
        on = DAY + timedelta(days=day)
        if day % 3 == 0:
            entry(files["police"], on, *POLICE_MEETING, time=time(10, 0))
            entry(files["csc"], on, *CSC_MEETING, time=time(10, 0))
        if day % 4 == 0:
            entry(files["health"], on, "Health visitor attended the strategy meeting; threshold "
                                       "for section 47 met.")
        entry(files["school"], on, f"Attendance {90 - day}% this term; letter home.")
        entry(files["health"], on + timedelta(days=1), "Home visit; baby weighed, mother well.")


def stored(review: Review) -> list[tuple[int, int]]:
    return [(s.entry_id, s.original_id)
            for s in duplicates.open_suggestions(review).suggestions]


def test_the_stored_suggestions_are_those_worked_out_now(chronology_review, files):
    many_pairs(chronology_review, files)
    live = duplicates.suggest_duplicates(chronology_review)
    assert len(live) >= 10

    found = duplicates.open_suggestions(chronology_review)

    assert found.suggestions == live and not found.updating
    assert DuplicateSuggestion.objects.filter(review=chronology_review).count() == len(live)
    assert not duplicates.out_of_date(chronology_review)


def test_working_them_out_again_stores_the_same_pairs_once(chronology_review, files):
    many_pairs(chronology_review, files)
    first = duplicates.refresh(chronology_review.pk)
    ranks = list(DuplicateSuggestion.objects.filter(review=chronology_review)
                 .order_by("rank").values_list("entry_id", "original_id", "rank"))

    assert duplicates.refresh(chronology_review.pk) == first
    assert list(DuplicateSuggestion.objects.filter(review=chronology_review)
                .order_by("rank").values_list("entry_id", "original_id", "rank")) == ranks


def test_a_decision_takes_its_pair_off_the_stored_list_at_once(chronology_review, files,
                                                              lead_reviewer):
    police_meeting = entry(files["police"], DAY, *POLICE_MEETING, time=time(10, 0))
    csc_meeting = entry(files["csc"], DAY, *CSC_MEETING, time=time(10, 0))
    assert stored(chronology_review) == [(police_meeting.pk, csc_meeting.pk)]
    stored_at = DuplicateScan.objects.get(pk=chronology_review.pk).built_at

    actions.dismiss_duplicate(chronology_review, police_meeting, csc_meeting, by=lead_reviewer)

    assert stored(chronology_review) == []
    # Not worked out again: the decision is applied to the stored pairs as they are read.
    assert DuplicateScan.objects.get(pk=chronology_review.pk).built_at == stored_at
    assert DuplicateSuggestion.objects.filter(review=chronology_review).count() == 1


def test_a_new_version_makes_them_out_of_date_and_they_are_worked_out_again(
        chronology_review, police, files):
    entry(files["police"], DAY, *POLICE_MEETING)
    csc_meeting = entry(files["csc"], DAY, *CSC_MEETING)
    assert len(stored(chronology_review)) == 1

    # The police send a second version without the meeting: the first is superseded.
    Submission.objects.filter(pk=files["police"].pk).update(status=Submission.Status.SUPERSEDED)
    second = version(chronology_review, police, number=2, status=Submission.Status.READY)
    entry(second, DAY, "Officers attended an address; no further action.")
    Submission.objects.filter(pk=second.pk).update(status=Submission.Status.ACCEPTED)
    assert duplicates.out_of_date(chronology_review)
    assert stored(chronology_review) == []

    # A third version with the meeting again.
    Submission.objects.filter(pk=second.pk).update(status=Submission.Status.SUPERSEDED)
    third = version(chronology_review, police, number=3, status=Submission.Status.READY)
    police_again = entry(third, DAY, *POLICE_MEETING)
    Submission.objects.filter(pk=third.pk).update(status=Submission.Status.ACCEPTED)
    assert {pair for s in stored(chronology_review) for pair in [frozenset(s)]} == {
        frozenset((police_again.pk, csc_meeting.pk))}


def test_a_large_chronology_is_queued_once_and_the_page_says_they_are_being_updated(
        chronology_review, files, lead_reviewer, client, monkeypatch):
    police_meeting = entry(files["police"], DAY, *POLICE_MEETING, time=time(10, 0))
    csc_meeting = entry(files["csc"], DAY, *CSC_MEETING, time=time(10, 0))
    duplicates.refresh(chronology_review.pk)
    # Health's second version is accepted; the chronology is too large to work out on a page.
    second = version(chronology_review, files["health"].agency, Submission.Status.READY, 2)
    entry(second, DAY + timedelta(days=40), "Immunisations given.")
    Submission.objects.filter(pk=files["health"].pk).update(status=Submission.Status.SUPERSEDED)
    Submission.objects.filter(pk=second.pk).update(status=Submission.Status.ACCEPTED)
    monkeypatch.setattr(duplicates, "INLINE_ENTRIES", 2)
    queued = []
    worker = tasks.refresh_duplicates
    monkeypatch.setattr(tasks, "refresh_duplicates", SimpleNamespace(enqueue=queued.append))

    found = duplicates.open_suggestions(chronology_review)
    again = duplicates.open_suggestions(chronology_review)

    assert found.updating and again.updating
    assert queued == [chronology_review.pk]  # once: the second finds it queued
    # Meanwhile the pairs found before, between entries still current.
    assert [(s.entry_id, s.original_id) for s in found.suggestions] == [
        (police_meeting.pk, csc_meeting.pk)]
    client.force_login(lead_reviewer)
    page = client.get(reverse("chronology:merged_duplicates", args=[chronology_review.uuid]))
    assert "being worked out again" in page.content.decode()

    worker.call(chronology_review.pk)  # the worker's run
    assert not duplicates.out_of_date(chronology_review)
    assert DuplicateScan.objects.get(pk=chronology_review.pk).queued_at is None
    page = client.get(reverse("chronology:merged_duplicates", args=[chronology_review.uuid]))
    assert "being worked out again" not in page.content.decode()


def test_accepting_a_chronology_queues_the_duplicates_once_committed(
        chronology_review, police, monkeypatch, django_capture_on_commit_callbacks):
    queued = []
    monkeypatch.setattr(tasks, "refresh_duplicates", SimpleNamespace(enqueue=queued.append))

    with django_capture_on_commit_callbacks(execute=True):
        outcome = import_by_command(chronology_review, police, csv_file(good_rows()),
                                    "police.csv")

    assert outcome.submission is not None
    assert outcome.submission.status == Submission.Status.ACCEPTED
    assert queued == [chronology_review.pk]
    assert DuplicateScan.objects.get(pk=chronology_review.pk).queued_at is not None


def test_the_export_names_each_open_suggestions_original_by_its_row(chronology_review, files,
                                                                   lead_reviewer):
    police_meeting = entry(files["police"], DAY, *POLICE_MEETING, time=time(10, 0))
    csc_meeting = entry(files["csc"], DAY, *CSC_MEETING, time=time(10, 0))
    entry(files["school"], DAY - timedelta(days=1), "Attendance 91% this term.")

    rows = csv_rows(export(chronology_review))
    number = {r["event"]: n for n, r in enumerate(rows, 1)}
    by_event = {r["event"]: r for r in rows}
    assert by_event[POLICE_MEETING[0]]["suggested_duplicate_of"] == str(number[CSC_MEETING[0]])
    assert by_event[CSC_MEETING[0]]["suggested_duplicate_of"] == ""
    assert by_event[POLICE_MEETING[0]]["duplicate_of"] == ""

    # Linked: a duplicate_of, no longer a suggestion. In the Word export too.
    actions.link_duplicate(chronology_review, police_meeting, csc_meeting, by=lead_reviewer)
    rows = csv_rows(export(chronology_review))
    by_event = {r["event"]: r for r in rows}
    assert by_event[POLICE_MEETING[0]]["suggested_duplicate_of"] == ""
    assert by_event[POLICE_MEETING[0]]["duplicate_of"] == str(number[CSC_MEETING[0]])


def test_the_word_export_says_possible_duplicate_of(chronology_review, files):
    import docx

    entry(files["police"], DAY, *POLICE_MEETING, time=time(10, 0))
    entry(files["csc"], DAY, *CSC_MEETING, time=time(10, 0))
    document = docx.Document(io.BytesIO(export(chronology_review, "docx")))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert any("Possible duplicate of #1" in c for c in cells)


def test_the_command_works_them_out_first_when_out_of_date(chronology_review, files, tmp_path):
    entry(files["police"], DAY, *POLICE_MEETING, time=time(10, 0))
    entry(files["csc"], DAY, *CSC_MEETING, time=time(10, 0))
    out = io.StringIO()
    target = tmp_path / "out.csv"

    call_command("export_chronology", chronology_review.reference, "--format", "csv", "-o",
                 str(target), stdout=out)

    assert "Working out the possible duplicates first" in out.getvalue()
    rows = list(csv.DictReader(io.StringIO(target.read_bytes().decode("utf-8-sig"))))
    assert [r["suggested_duplicate_of"] for r in rows] == ["", "1"]
    out = io.StringIO()
    call_command("export_chronology", chronology_review.reference, "--format", "csv", "-o",
                 str(target), stdout=out)
    assert "Working out" not in out.getvalue()  # up to date now


def test_suggestions_with_an_entry_of_another_review_are_never_read(chronology_review, files):
    entry(files["police"], DAY, *POLICE_MEETING)
    entry(files["csc"], DAY, *CSC_MEETING)
    assert len(stored(chronology_review)) == 1
    assert Entry.objects.filter(review=chronology_review).count() == 2
    assert set(DuplicateSuggestion.objects.values_list("review_id", flat=True)) == {
        chronology_review.pk}
