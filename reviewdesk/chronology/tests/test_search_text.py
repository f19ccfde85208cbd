"""The anonymised search text: every filter of the anonymised view reads the text as
that view shows it, stored per register version and rebuilt in the background; until it is
rebuilt, a search answers "being updated" rather than read stale text."""

# The shared fixtures are imported by name, so pytest finds them: not redefinitions.
# ruff: noqa: F811

import html
import re

import pytest
from django.db import connection
from pytest_django import Settings

from reviewdesk.audit.models import AuditEvent
from reviewdesk.chronology import actions, merge, search_text
from reviewdesk.chronology.filters import (
    TEXT_FIELDS,
    anonymised_person_forms,
    filter_entries,
)
from reviewdesk.chronology.models import AnonymisedText, Entry, SearchRegister
from reviewdesk.chronology.tests.fixtures import (  # noqa: F401
    chronology_review,
    csv_file,
    health,
    import_by_command,
    nurse,
    police,
)
from reviewdesk.chronology.tests.test_merged_pages import (  # noqa: F401
    CHILD,
    HEADER,
    MOTHER,
    merged_review,
    url,
)
from reviewdesk.reviews import actions as review_actions
from reviewdesk.reviews.models import IdentityEntry
from reviewdesk.testing import ClientResponse

pytestmark = pytest.mark.django_db

UPDATING = "The search is being updated"


def text(response: ClientResponse) -> str:
    return html.unescape(response.content.decode())


def count_line(page: str) -> str:
    found = re.search(r"([\d,]+) entr(?:y|ies) match the filters", page)
    return found.group(1) if found else ""


@pytest.fixture
def queued_only(settings: Settings) -> None:
    """Background tasks are queued and not run (as when the worker is busy), so the test sees
    what a reader sees before the rebuild."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


# --- What a pseudonym-only reader's filters read -----------------------------------------------

def test_a_pseudonym_only_reader_s_keyword_finds_only_what_the_page_shows(
        merged_review, partner, client_for):
    client = client_for(partner)
    nowhere = count_line(text(client.get(url(merged_review), {"keyword": "Xqzvw"})))
    assert nowhere == "0"
    for probe in (MOTHER, "Qirella", "Moorcroft", "Kayden", "Qira", "irel", "oorc", "ayde"):
        assert count_line(text(client.get(url(merged_review), {"keyword": probe}))) == nowhere, probe
    assert count_line(text(client.get(url(merged_review), {"keyword": "mother called"}))) == "1"
    # A forged personalised view changes nothing.
    forged = text(client.get(url(merged_review), {"keyword": "Qirella", "view": "personalised"}))
    assert count_line(forged) == "0"


def test_the_anonymised_view_searches_what_it_shows_even_for_those_who_may_see_names(
        merged_review, lead_reviewer, client_for):
    client = client_for(lead_reviewer)
    # They open it personalised; the anonymised view is the one they switch to.
    anonymised = {"view": "anonymised"}
    assert count_line(text(client.get(url(merged_review), {"keyword": "Qirella",
                                                            **anonymised}))) == "0"
    assert count_line(text(client.get(url(merged_review), {"keyword": "Mother was calm",
                                                            **anonymised}))) == "1"
    personalised = text(client.get(url(merged_review), {"keyword": "Qirella",
                                                        "view": "personalised"}))
    assert count_line(personalised) == "1" and f"{MOTHER} called 999" in personalised


def test_the_person_filter_of_the_anonymised_view_finds_the_pseudonym_as_shown(
        merged_review, partner, client_for):
    mother = IdentityEntry.objects.get(real_name=MOTHER)
    child = IdentityEntry.objects.get(real_name=CHILD)
    client = client_for(partner)
    for person in (mother, child):
        by_person = text(client.get(url(merged_review), {"person": person.pk}))
        by_label = text(client.get(url(merged_review), {"keyword": person.pseudonym}))
        assert count_line(by_person) == count_line(by_label) != "0", person.pseudonym
    qs = merge.merged_entries(merged_review)
    assert {e.event for e in filter_entries(qs, person=mother, anonymised=True)} == {
        f"{MOTHER} called 999 about {CHILD}."}
    # An entry the anonymised view shows with the pseudonym is found by it, whoever wrote it so.
    assert filter_entries(qs, keyword="mother was", anonymised=True).count() == 1


def test_the_entries_a_public_person_picks_out_tell_nothing_about_hidden_people(
        merged_review, police, business_manager):
    actions.reopen_chronology(merged_review, police, by=business_manager, reason="Minutes.")
    import_by_command(merged_review, police, csv_file(
        [["07/03/2024", "", "Police log", "Officer", "Rita Holloway chaired the meeting.", "",
          ""], ["08/03/2024", "", "Police log", "Officer", "Holloway sent the minutes.", "", ""]],
        HEADER), "police v2.csv")
    rita = review_actions.save_identity(merged_review, by=business_manager,
                                        kind=IdentityEntry.Kind.PROFESSIONAL,
                                        real_name="Rita Holloway", pseudonym="Lead reviewer",
                                        is_public=True)

    search_text.rebuild(merged_review.pk)
    picked = {e.event for e in filter_entries(merge.merged_entries(merged_review), person=rita,
                                              anonymised=True)}
    assert picked == {"Rita Holloway chaired the meeting."}  # her name as written, nothing else
    forms = anonymised_person_forms(rita)
    # Her forms never depend on the rest of the register (a hidden relative sharing her
    # surname), which the reader may not see.
    review_actions.save_identity(merged_review, by=business_manager,
                                 kind=IdentityEntry.Kind.FAMILY, real_name="Tom Holloway",
                                 pseudonym="Uncle", role_title="Uncle")
    assert anonymised_person_forms(IdentityEntry.objects.get(pk=rita.pk)) == forms


def test_the_timeline_s_keyword_reads_the_anonymised_text_too(
        merged_review, scrutineer, client_for):
    client = client_for(scrutineer)
    hidden = text(client.get(url(merged_review, "timeline/"), {"keyword": "Qirella"}))
    nowhere = text(client.get(url(merged_review, "timeline/"), {"keyword": "Xqzvwxy"}))
    assert "No entries match the filters" in hidden and "No entries match the filters" in nowhere
    shown = text(client.get(url(merged_review, "timeline/"), {"keyword": "Mother"}))
    assert "No entries match the filters" not in shown and "Mar 2024" in shown


# --- Stored, keyed to the register's version, rebuilt ------------------------------------------

def test_the_stored_text_is_exactly_what_the_anonymised_page_shows(merged_review):
    # Accepting a chronology queues the rebuild once committed (never, in a test's transaction).
    assert search_text.rebuild(merged_review.pk) == 6
    assert search_text.rebuild(merged_review.pk) == 0  # nothing stale: nothing done
    anon = search_text.anonymised_view(merged_review)
    entries = list(merge.current_entries(merged_review))
    stored = {t.entry_id: t.text for t in AnonymisedText.objects.all()}
    assert len(stored) == len(entries) == 6
    for e in entries:
        assert stored[e.pk] == "\x01".join(anon.text(getattr(e, f)) for f in TEXT_FIELDS)
    assert all(name not in t for t in stored.values() for name in ("Qirella", "Kayden"))


def test_until_the_text_is_rebuilt_a_search_says_it_is_being_updated_and_shows_no_count(
        merged_review, partner, business_manager, client_for, queued_only):
    client = client_for(partner)
    page = text(client.get(url(merged_review), {"keyword": "Mother"}))
    assert UPDATING in page and "match the filters" not in page and "Mother was calm" not in page
    timeline = text(client.get(url(merged_review, "timeline/"), {"keyword": "Mother"}))
    assert UPDATING in timeline and "Mar 2024" not in timeline
    # Unfiltered (or filtered without text) the page is as ever: nothing is searched.
    assert UPDATING not in text(client.get(url(merged_review)))
    assert SearchRegister.objects.get(review=merged_review).queued_at is not None  # queued once
    search_text.rebuild(merged_review.pk)  # the worker runs the task
    assert count_line(text(client.get(url(merged_review), {"keyword": "Mother"}))) == "1"

    # A new alias: the text built for the old register would still show it.
    child = IdentityEntry.objects.get(real_name=CHILD)
    review_actions.save_identity(merged_review, by=business_manager, entry=child,
                                 aliases="Kayden")
    page = text(client.get(url(merged_review), {"keyword": "Officers visited"}))
    assert UPDATING in page and "match the filters" not in page
    search_text.rebuild(merged_review.pk)
    page = text(client.get(url(merged_review), {"keyword": "Officers visited"}))
    assert count_line(page) == "1" and UPDATING not in page


def test_a_register_change_no_signal_announces_is_found_by_its_fingerprint(
        merged_review, partner, client_for, queued_only):
    search_text.rebuild(merged_review.pk)
    client = client_for(partner)
    assert count_line(text(client.get(url(merged_review), {"keyword": "Mother"}))) == "1"
    version = SearchRegister.objects.get(review=merged_review).version
    # A bulk update sends no signal: the next search still sees the register changed.
    IdentityEntry.objects.filter(real_name=MOTHER).update(pseudonym="Parent")
    assert UPDATING in text(client.get(url(merged_review), {"keyword": "Mother"}))
    assert SearchRegister.objects.get(review=merged_review).version == version + 1
    search_text.rebuild(merged_review.pk)
    assert count_line(text(client.get(url(merged_review), {"keyword": "Parent"}))) == "1"
    assert count_line(text(client.get(url(merged_review), {"keyword": "Mother"}))) == "0"


def test_a_newly_accepted_chronology_is_searched_only_once_its_text_is_built(
        merged_review, police, partner, business_manager, client_for, queued_only):
    search_text.rebuild(merged_review.pk)
    actions.reopen_chronology(merged_review, police, by=business_manager, reason="More visits.")
    import_by_command(merged_review, police, csv_file(
        [["06/03/2024", "", "Police log", "Officer", f"{MOTHER} seen again.", "", ""]], HEADER),
        "police v2.csv")
    client = client_for(partner)
    assert UPDATING in text(client.get(url(merged_review), {"keyword": "seen again"}))
    search_text.rebuild(merged_review.pk)
    page = text(client.get(url(merged_review), {"keyword": "seen again"}))
    assert count_line(page) == "1" and "Mother seen again." in page


def test_with_a_worker_that_runs_tasks_at_once_the_first_search_builds_the_text(
        merged_review, partner, client_for):
    assert not AnonymisedText.objects.exists()
    page = text(client_for(partner).get(url(merged_review), {"keyword": "Mother"}))
    assert count_line(page) == "1" and AnonymisedText.objects.count() == 6
    assert SearchRegister.objects.get(review=merged_review).queued_at is None


def test_a_change_to_the_register_queues_the_rebuild_once_committed(
        merged_review, business_manager, django_capture_on_commit_callbacks):
    search_text.rebuild(merged_review.pk)
    child = IdentityEntry.objects.get(real_name=CHILD)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        review_actions.save_identity(merged_review, by=business_manager, entry=child,
                                     aliases="Officers")  # an alias no one would choose
    assert callbacks
    officers = Entry.objects.get(action="Officers visited Kayden Moorcroft.")
    assert AnonymisedText.objects.get(entry=officers).text.split("\x01")[1] == (
        "Child A visited Child A.")


# --- Audit ----------------------------------------------------------------------------------------

def test_the_audit_row_records_the_filter_values(merged_review, police, partner, client_for):
    mother = IdentityEntry.objects.get(real_name=MOTHER)
    client_for(partner).get(url(merged_review), {"keyword": "Qirel", "person": mother.pk,
                                                 "agency": police.pk, "from-year": "2024"})
    data = AuditEvent.objects.filter(event_type="chronology.merged_viewed").latest("seq").data
    assert data["filters"] == {"agencies": [police.pk], "from": "2024-01-01",
                               "person": mother.pk, "keyword": "Qirel"}
    client_for(partner).get(url(merged_review, "timeline/"), {"keyword": "Kay"})
    data = AuditEvent.objects.filter(event_type="chronology.merged_viewed").latest("seq").data
    assert data["filters"] == {"keyword": "Kay"} and data["personalised"] is False


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="PostgreSQL's trigram index (the suite runs on PostgreSQL in CI)")
def test_anonymised_filters_use_the_trigram_index(merged_review):
    search_text.rebuild(merged_review.pk)
    mother = IdentityEntry.objects.get(real_name=MOTHER)
    qs = Entry.objects.all()
    with connection.cursor() as cursor:
        # A handful of rows: walking the primary key must not look cheaper than the index.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        for filtered in (filter_entries(qs, keyword="strategy", anonymised=True),
                         filter_entries(qs, person=mother, anonymised=True)):
            sql, params = filtered.query.sql_with_params()
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "chron_anon_text_trgm" in plan, plan


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="PostgreSQL's planner statistics (the suite runs on PostgreSQL in CI)")
def test_a_rebuild_refreshes_the_statistics_the_filters_are_planned_with(merged_review):
    def statistics() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = %s AND attname = 'text'",
                           [AnonymisedText._meta.db_table])
            return cursor.fetchone()[0]

    assert statistics() == 0
    assert search_text.rebuild(merged_review.pk) == 6
    # How common a pseudonym is decides the plan: by the date order, or from the trigram index.
    assert statistics() == 1
