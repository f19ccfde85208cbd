# ruff: noqa: F811 - the fixtures imported from fixtures.py are named again as test arguments
"""The merged chronology: every agency's current entries in one order, partial dates opening
their month or year, the authors' sequences kept within a day, earlier versions left out, and a
total order a page can resume after."""

from datetime import date, time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reviewdesk.accounts.models import Agency
from reviewdesk.chronology import actions, merge
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

HEADER = ("Date", "Time", "Sequence", "Source of information", "Practitioner role", "Event / contact",
          "Action / outcome")


def import_rows(review: Review, agency: Agency, rows: list[list[str]]) -> Submission:
    submission = import_by_command(review, agency, csv_file(rows, HEADER), "chronology.csv").submission
    assert submission is not None and submission.status == Submission.Status.ACCEPTED
    return submission


def events(review: Review) -> list[str]:
    return [e.event for e in merge.merged_entries(review)]


def test_partial_dates_open_their_month_or_year_and_sequences_order_each_day(
        chronology_review, police, health):
    import_rows(chronology_review, police, [
        ["01/03/2024", "", "2", "Log", "Officer", "Police second on 1 March.", ""],
        ["01/03/2024", "", "1", "Log", "Officer", "Police first on 1 March.", ""],
        ["March 2024", "", "", "Log", "Officer", "Police some time in March.", ""],
        ["12/03/2024", "09:00", "", "Log", "Officer", "Police at nine on 12 March.", ""],
        ["2024", "", "", "Log", "Officer", "Police some time in 2024.", ""],
    ])
    import_rows(chronology_review, health, [
        ["01/01/2024", "", "", "Record", "Nurse", "Health on 1 January.", ""],
        ["01/03/2024", "", "1", "Record", "Nurse", "Health first on 1 March.", ""],
        ["12/03/2024", "", "", "Record", "Nurse", "Health on 12 March, no time.", ""],
        ["12/03/2024", "08:30", "", "Record", "Nurse", "Health at half eight on 12 March.", ""],
        ["?15/02/2024", "", "", "Record", "Nurse", "Health about 15 February.", ""],
    ])

    assert events(chronology_review) == [
        "Police some time in 2024.",  # a year-only entry opens its year
        "Health on 1 January.",
        "Health about 15 February.",  # uncertain: where its date says
        "Police some time in March.",  # a month-only entry opens its month
        "Health first on 1 March.",  # sequence 1 of both agencies, then agency name
        "Police first on 1 March.",
        "Police second on 1 March.",
        "Health at half eight on 12 March.",  # no sequence on the day: by time
        "Police at nine on 12 March.",
        "Health on 12 March, no time.",  # no time: after the timed entries
    ]


def test_each_entry_comes_marked_and_labelled_in_one_query(chronology_review, police, health):
    import_rows(chronology_review, police, [
        ["March 2024", "", "", "Log", "Officer", "Some time in March.", ""],
        ["?15/02/2024", "", "", "Log", "Officer", "About 15 February.", ""],
        ["16/02/2024", "", "", "Log", "Officer", "16 February.", ""],
    ])
    with CaptureQueriesContext(connection) as queries:
        rows = {e.event: e for e in merge.merged_entries(chronology_review)}
        labels = [(e.agency.name, e.submission.original_filename, e.row_label) for e in rows.values()]
    assert len(queries) == 1
    assert labels[0] == (police.name, "chronology.csv", labels[0][2]) and labels[0][2]
    assert rows["Some time in March."].is_partial and not rows["Some time in March."].uncertain
    assert rows["About 15 February."].uncertain and not rows["About 15 February."].is_partial
    assert not rows["16 February."].is_partial


def test_earlier_versions_and_withdrawn_uploads_are_left_out(chronology_review, police, health,
                                                            business_manager):
    first = import_rows(chronology_review, police, [
        ["01/03/2024", "", "", "Log", "Officer", "Version one.", ""]])
    actions.reopen_chronology(chronology_review, police, by=business_manager, reason="Redone.")
    import_rows(chronology_review, police, [["01/03/2024", "", "", "Log", "Officer", "Version two.", ""]])
    import_rows(chronology_review, health, [["02/03/2024", "", "", "Record", "Nurse", "Health.", ""]])
    first.refresh_from_db()

    assert first.status == Submission.Status.SUPERSEDED
    assert Entry.objects.filter(submission=first).count() == 1  # kept
    assert events(chronology_review) == ["Version two.", "Health."]


def test_the_order_is_total_so_a_page_resumes_after_its_last_row(chronology_review, police, health):
    # Ten entries that tie on everything but agency, position and id.
    import_rows(chronology_review, police, [["05/03/2024", "", "", "Log", "Officer", f"P{n}", ""]
                                            for n in range(5)])
    import_rows(chronology_review, health, [["05/03/2024", "", "", "Record", "Nurse", f"H{n}", ""]
                                            for n in range(5)] + [["2024", "", "", "Record", "Nurse",
                                                                   "Year", ""]])
    everything = list(merge.merged_entries(chronology_review))
    assert merge.ORDERING[-1] == "id"
    assert [merge.sort_key(e) for e in everything] == sorted(merge.sort_key(e) for e in everything)

    pages, qs = [], merge.merged_entries(chronology_review)
    page = list(qs[:4])
    while page:
        pages.append([e.event for e in page])
        page = list(merge.after(qs, merge.sort_key(page[-1]))[:4])
    assert sum(pages, []) == [e.event for e in everything]
    assert len(pages) == 3


def test_sort_key_from_fields_matches_the_annotations(chronology_review, police):
    import_rows(chronology_review, police, [["12/03/2024", "10:15", "3", "Log", "Officer", "One.", ""],
                                            ["March 2024", "", "", "Log", "Officer", "Two.", ""]])
    for entry in merge.merged_entries(chronology_review):
        annotated = tuple(getattr(entry, name) for name in merge.ORDERING)
        plain = Entry.objects.select_related("agency").get(pk=entry.pk)
        assert merge.sort_key(plain) == annotated
    timed = Entry.objects.get(event="One.")
    assert (timed.date, timed.time, timed.sequence) == (date(2024, 3, 12), time(10, 15), 3)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL keeps its own statistics")
def test_on_sqlite_the_merged_order_is_read_from_its_index_once_entries_are_imported(
        chronology_review, police):
    import_rows(chronology_review, police, [
        [f"{day:02d}/02/2024", "", "", "Log", "Officer", f"Entry {day}.", ""] for day in range(1, 29)])
    sql, params = merge.merged_entries(chronology_review).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " ".join(str(row[3]) for row in cursor.fetchall())

    # The statistics the import left let SQLite read the entries in date order from the merged
    # order's index, not every entry by the plain review index and then sort them all.
    assert "chron_entry_merged_order" in plan, plan
