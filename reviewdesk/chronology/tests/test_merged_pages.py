"""The merged chronology's pages: who reads it and in which view, its labels, filters,
keyset pagination, the timeline and its table, marking significant entries, deciding on
duplicates, editing on the real text only, and exports."""

# The shared fixtures are imported by name, so pytest finds them: not redefinitions.
# ruff: noqa: F811

import html
import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from reviewdesk.accounts.models import Agency, User
from reviewdesk.accounts.testing import reauthenticated
from reviewdesk.audit.models import AuditEvent
from reviewdesk.chronology import actions, merge, merged_views
from reviewdesk.chronology.filters import filter_entries
from reviewdesk.chronology.models import DuplicateDecision, Entry, Significance
from reviewdesk.chronology.tests.fixtures import (  # noqa: F401
    chronology_review,
    csv_file,
    health,
    import_by_command,
    nurse,
    police,
)
from reviewdesk.reviews import actions as review_actions
from reviewdesk.reviews.models import IdentityEntry, Review
from reviewdesk.testing import ClientResponse

pytestmark = pytest.mark.django_db

CHILD = "Kayden Moorcroft"  # the conftest review's child
MOTHER = "Qirella Moorcroft"
HEADER = ("Date", "Time", "Source of information", "Practitioner role", "Event / contact",
          "Action / outcome", "Analysis / comment")
POLICE_ROWS = [
    ["03/03/2024", "10:00", f"Police log about {CHILD}", f"Officer who met {MOTHER}",
     f"{MOTHER} called 999 about {CHILD}.", f"Officers visited {CHILD}.",
     f"{MOTHER} was calm."],
    ["03/2024", "", "Police log", "Officer", "Home visit planned.", "", ""],
    ["04/03/2024", "", "Police log", "Officer", "Strategy meeting held with social care.",
     "Section 47 enquiry agreed.", ""],
    ["05/03/2024", "", "Police log", "Officer", "Neighbour reported shouting.", "", ""],
]
HEALTH_ROWS = [
    ["04/03/2024", "09:00", "GP record", "GP", "Strategy meeting with police and social care.",
     "Section 47 enquiry agreed.", ""],
    ["01/06/2024", "", "GP record", "GP", "Routine immunisation.", "", ""],
]


def text(response: ClientResponse) -> str:
    return html.unescape(response.content.decode())


def words(page: str) -> str:
    return re.sub(r"<[^>]+>", "", page)


def url(review: Review, more: str = "") -> str:
    return f"/reviews/{review.uuid}/chronology/merged/{more}"


@pytest.fixture
def merged_review(chronology_review: Review, police: Agency, health: Agency,
                  business_manager: User) -> Review:
    review = chronology_review
    review_actions.save_identity(review, by=business_manager, kind=IdentityEntry.Kind.FAMILY,
                                 real_name=MOTHER, pseudonym="Mother", role_title="Mother",
                                 aliases="Qira")
    import_by_command(review, police, csv_file(POLICE_ROWS, HEADER),
                      f"{CHILD} police chronology.csv")
    import_by_command(review, health, csv_file(HEALTH_ROWS, HEADER), "health.csv")
    return review


def entry_with(fragment: str) -> Entry:
    return Entry.objects.get(event__contains=fragment)


# --- Who sees what -----------------------------------------------------------------------------

def test_the_review_s_side_reads_it_oversight_reads_it_anonymised_others_may_not(
        merged_review, business_manager, lead_reviewer, subgroup_member, partner, scrutineer,
        agency_author, practitioner, outsider, client_for):
    for person in (business_manager, lead_reviewer, subgroup_member):
        page = text(client_for(person).get(url(merged_review) + "?view=personalised"))
        assert CHILD in page and MOTHER in page and "Personalised view" in page
    for person in (partner, scrutineer):
        response = client_for(person).get(url(merged_review) + "?view=personalised")
        page = text(response)
        assert response.status_code == 200 and "Anonymised view" in page
        assert CHILD not in page and MOTHER not in page and "Qira" not in page
        assert "Switch to the personalised view" not in page
    for person in (agency_author, practitioner):
        assert client_for(person).get(url(merged_review)).status_code == 403
    assert client_for(outsider).get(url(merged_review)).status_code == 404


def test_those_who_may_see_identities_open_it_personalised_one_click_from_anonymised(
        merged_review, business_manager, lead_reviewer, subgroup_member, partner, client_for):
    for person in (business_manager, lead_reviewer, subgroup_member):
        client = client_for(person)
        response = client.get(url(merged_review))
        page = text(response)
        assert "Personalised view" in page and f"called 999 about {CHILD}" in page
        switch = re.search(r'<a class="govuk-link" href="([^"]+)">Switch to the anonymised view',
                           response.content.decode()).group(1)
        anonymised = text(client.get(html.unescape(switch)))
        assert "Anonymised view" in anonymised and "called 999 about Child A" in anonymised
        assert CHILD not in anonymised.split('id="view"', 1)[1]
        # The other views, the filters and the significance links keep it anonymised.
        assert f'{url(merged_review, "timeline/")}?view=anonymised' in anonymised
        assert 'name="view" value="anonymised"' in anonymised
        assert "Switch to the personalised view" in anonymised
    # Oversight readers only ever see it anonymised.
    page = text(client_for(partner).get(url(merged_review)))
    assert "Anonymised view" in page and CHILD not in page


def test_an_export_is_personalised_only_when_asked_for(merged_review, lead_reviewer, client_for):
    response = client_for(lead_reviewer).post(url(merged_review, "export/"), {"format": "csv"})
    assert "anonymised.csv" in response["Content-Disposition"]
    assert MOTHER not in b"".join(response.streaming_content).decode()


def test_the_anonymised_view_never_shows_a_real_name_in_any_field(
        merged_review, lead_reviewer, client_for):
    entry = entry_with("called 999")
    Significance.objects.create(review=merged_review, entry=entry, marked_by=lead_reviewer,
                                note=f"{MOTHER} was not asked about {CHILD}.")
    Entry.objects.filter(pk=entry.pk).update(
        warnings=[{"code": "CHR-W01", "message": f"{CHILD} named", "severity": "warning"}])
    page = text(client_for(lead_reviewer).get(url(merged_review) + "?view=anonymised"))
    assert "Anonymised view" in page
    for name in (CHILD, MOTHER, "Kayden", "Moorcroft"):
        assert name not in page.split('id="view"', 1)[1], name  # the header names the review
    assert "Mother called 999" in page and "Mother was calm." in page
    assert "police chronology.csv" in page  # the file, its name anonymised


def test_each_entry_is_labelled_with_agency_source_file_row_and_its_date_as_read(
        merged_review, lead_reviewer, client_for):
    page = text(client_for(lead_reviewer).get(url(merged_review)))
    assert "Testshire Police" in page and "health.csv" in page and "Record 3" in page
    assert "March 2024" in page and "Month only" in page
    assert "1 March 2024" not in page  # a month-only date never gets a guessed day
    # Merged order: the month-only entry opens March, then 3, 4 (timed first) and 5 March.
    order = [page.index(s) for s in ("Home visit planned", "called 999",
                                     "Strategy meeting with police", "Strategy meeting held",
                                     "Neighbour reported", "Routine immunisation")]
    assert order == sorted(order)


# --- Filters -----------------------------------------------------------------------------------

def test_each_filter_alone_and_combined(merged_review, police, health, lead_reviewer):
    qs = merge.merged_entries(merged_review)
    mother = IdentityEntry.objects.get(real_name=MOTHER)

    def events(result: QuerySet[Entry]) -> list[str]:
        return [e.event[:12] for e in result]

    assert len(filter_entries(qs, agencies=[health.pk])) == 2
    assert len(filter_entries(qs, date_from=date(2024, 3, 4))) == 4
    assert len(filter_entries(qs, date_to=date(2024, 3, 3))) == 2
    assert events(filter_entries(qs, person=mother)) == ["Qirella Moor"]
    assert len(filter_entries(qs, keyword="STRATEGY meeting")) == 2
    Significance.objects.create(review=merged_review, entry=entry_with("Neighbour"),
                                marked_by=lead_reviewer)
    assert events(filter_entries(qs, significant=True)) == ["Neighbour re"]
    combined = filter_entries(qs, agencies=[police.pk], keyword="strategy",
                              date_from=date(2024, 3, 1), date_to=date(2024, 3, 31))
    assert events(combined) == ["Strategy mee"]
    assert not filter_entries(qs, agencies=[health.pk], person=mother).exists()


def test_the_person_filter_finds_a_person_as_the_register_matcher_does(
        chronology_review, police, business_manager):
    review = chronology_review
    for kind, name, pseudonym, aliases in [
            (IdentityEntry.Kind.FAMILY, MOTHER, "Mother", "Qira"),
            (IdentityEntry.Kind.FAMILY, "Ian O'Dowd", "Mother's partner", ""),
            (IdentityEntry.Kind.FAMILY, "Jaxon O'Dowd", "Sibling", "")]:
        review_actions.save_identity(review, by=business_manager, kind=kind, real_name=name,
                                     pseudonym=pseudonym, role_title=pseudonym, aliases=aliases)
    rows = [[f"0{day}/03/2024", "", "Police log", "Officer", event, "", ""] for day, event in
            enumerate([
                "Qirella\nMoorcroft attended the meeting.",  # a name split over two lines
                "Qira’s phone was off.",  # the alias, possessive, the other apostrophe
                "Ms Moorcroft was seen.",  # her surname, which the child (registered) shares
                "Ian attended with Christian, a friend.",  # the partner's first name
                "Christian and Brian visited; it was okay.",  # "Ian" inside other words
                "Mr O'Dowd called.",  # a surname the partner and the sibling share
                "I. O’Dowd called back.",  # the partner's initial and surname
                "Jaxon went to school.",
            ], start=1)]
    import_by_command(review, police, csv_file(rows, HEADER), "police.csv")
    qs = merge.merged_entries(review)

    def found(name: str) -> list[str]:
        person = IdentityEntry.objects.get(review=review, real_name=name)
        return [e.event.split()[0] for e in filter_entries(qs, person=person)]

    # The mother, in every form but the surname alone, which the child shares.
    assert found(MOTHER) == ["Qirella", "Qira’s"]
    # The partner: his first name as a whole word only, his initial and surname; never the
    # surname he shares with the sibling alone (it does not say which of them is meant).
    assert found("Ian O'Dowd") == ["Ian", "I."]
    assert found("Jaxon O'Dowd") == ["Jaxon"]
    # A phone number in the register is found as written (the matcher has no word form for it).
    phone = review_actions.save_identity(
        review, by=business_manager, kind=IdentityEntry.Kind.IDENTIFIER, real_name="07700 900123",
        pseudonym="[phone number]", identifier_type="phone")
    actions.reopen_chronology(review, police, by=business_manager, reason="One more call.")
    import_by_command(review, police, csv_file(
        [["09/03/2024", "", "Police log", "Officer", "Called 07700 900123 twice.", "", ""]],
        HEADER), "more.csv")
    assert [e.event for e in filter_entries(merge.merged_entries(review), person=phone)] == [
        "Called 07700 900123 twice."]


def test_the_person_filter_never_picks_out_entries_by_words_the_anonymised_view_shows(
        chronology_review, police, business_manager, partner, client_for):
    # A name that is also an ordinary word, or a month: the matcher replaces it only where it is
    # written as a name, so the filter finds only those; otherwise a reader of the anonymised
    # view could learn the name from the entries it picked out.
    review = chronology_review
    grace = review_actions.save_identity(
        review, by=business_manager, kind=IdentityEntry.Kind.FAMILY, real_name="Grace Young",
        pseudonym="Aunt", role_title="Aunt")
    june = review_actions.save_identity(
        review, by=business_manager, kind=IdentityEntry.Kind.OTHER_PERSON,
        real_name="June Halloran", pseudonym="Neighbour", role_title="Neighbour")
    events = ["The young person was seen at school.", "Officer will return, by grace of the school.",
              "Grace Young attended.", "Strategy meeting on 3 June 2024.", "June called the police.",
              "Aunt visited.", "The aunt was not told."]
    rows = [[f"{day:02d}/04/2024", "", "Police log", "Officer", event, "", ""]
            for day, event in enumerate(events, start=1)]
    import_by_command(review, police, csv_file(rows, HEADER), "police.csv")
    qs = merge.merged_entries(review)
    assert [e.event for e in filter_entries(qs, person=grace)] == [
        "Grace Young attended.", "Aunt visited.", "The aunt was not told."]
    assert [e.event for e in filter_entries(qs, person=june)] == ["June called the police."]
    # The same through the page, as an oversight reader (anonymised view only).
    page = text(client_for(partner).get(url(review), {"person": grace.pk}))
    assert "3 entries match the filters" in page
    assert "young person" not in page and "by grace" not in page and "Grace Young" not in page


def test_no_keyword_or_name_is_found_across_two_fields(
        chronology_review, police, business_manager):
    review = chronology_review
    for name in ("Ed Odell", "Kim Odell"):  # a shared surname, and a first name too short alone
        review_actions.save_identity(review, by=business_manager, kind=IdentityEntry.Kind.FAMILY,
                                     real_name=name, pseudonym=f"Relative {name[0]}",
                                     role_title="Relative")
    ed = IdentityEntry.objects.get(review=review, real_name="Ed Odell")
    rows = [["01/04/2024", "", "Police log", "Officer", "Seen with Ed", "Odell's van outside", ""],
            ["02/04/2024", "", "Police log", "Officer", "Ed\nOdell (s.47) visited", "", ""],
            ["03/04/2024", "", "Police log", "Officer", "Ed went to the shop.", "", ""]]
    import_by_command(review, police, csv_file(rows, HEADER), "police.csv")
    qs = merge.merged_entries(review)
    # "Ed" ends one field and "Odell" starts the next: that is not his name. Split over two lines
    # of one field, it is. "Ed" alone is too short to look for; "Odell" alone could be Kim.
    assert [e.event for e in filter_entries(qs, person=ed)] == ["Ed\nOdell (s.47) visited"]
    assert len(filter_entries(qs, keyword="with ed odell")) == 0
    # Characters with a meaning in a pattern are plain text in a keyword.
    assert len(filter_entries(qs, keyword="(S.47)")) == 1
    assert len(filter_entries(qs, keyword="s?47")) == 0


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="PostgreSQL's trigram index (the suite runs on PostgreSQL in CI)")
def test_filters_use_the_trigram_index(merged_review):
    # Migration 0004 indexes the expression filters.SearchText renders: if the two ever differ,
    # PostgreSQL reads every row for a keyword and this plan shows it.
    mother = IdentityEntry.objects.get(real_name=MOTHER)
    qs = Entry.objects.all()  # a handful of rows: no other index or a scan must look cheaper
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for filtered in (filter_entries(qs, keyword="strategy"), filter_entries(qs, person=mother)):
            sql, params = filtered.query.sql_with_params()
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "chron_entry_text_trgm" in plan, plan


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="PostgreSQL's plans (the suite runs on PostgreSQL in CI)")
def test_a_page_s_entries_are_picked_from_the_merged_order_index(merged_review):
    # At 500,000 entries about 450 share a day: a page's ids must come from the index holding
    # every column of the order (a day's keys, a few index pages), not from the rows themselves.
    qs = merge.merged_entries(merged_review).select_related("significance")
    middle = qs[2].pk
    period = filter_entries(qs, date_from=date(2024, 1, 1), date_to=date(2024, 12, 31))
    with connection.cursor() as cursor:
        # A test's handful of rows makes any plan cheap, and with the statistics earlier tests
        # left (an empty table) PostgreSQL may read them through another index and sort them.
        # The entries' other plain indexes are dropped for this test (inside its transaction,
        # rolled back after it): what is checked is that the merged-order index alone serves
        # every page's ids, without reading the rows (the bench's EXPLAIN at 500,000 entries
        # shows PostgreSQL choosing it by cost there: docs/decisions/0037).
        for index, details in connection.introspection.get_constraints(
                cursor, "chronology_entry").items():
            if (details["index"] and not details["unique"] and not details["primary_key"]
                    and index != "chron_entry_merged_order"):
                cursor.execute(f'DROP INDEX "{index}"')
        cursor.execute("SET LOCAL enable_seqscan = off")
        for entries, params in ((qs, ""), (qs, f"after={middle}"), (qs, f"before={middle}"),
                                (period, ""), (period, f"after={middle}")):
            with CaptureQueriesContext(connection) as queries:
                page = merged_views.keyset_page(entries, QueryDict(params))
            assert page.entries, params
            cursor.execute("EXPLAIN " + queries[-1]["sql"])
            plan = "\n".join(row[0] for row in cursor.fetchall())
            # Index Only: every column the ids' subquery reads is in the index.
            assert re.search(r"Index Only Scan (Backward )?using chron_entry_merged_order", plan), plan


def test_the_filter_panel_filters_the_page(merged_review, health, lead_reviewer, client_for):
    client = client_for(lead_reviewer)
    page = text(client.get(url(merged_review), {"agency": health.pk, "keyword": "strategy"}))
    assert "1 entry match the filters" in page and "Strategy meeting with police" in page
    page = text(client.get(url(merged_review), {"from-month": "6", "from-year": "2024"}))
    assert "Routine immunisation" in page and "Neighbour" not in page
    response = client.get(url(merged_review), {"from-month": "13", "from-year": "2024"})
    assert "There is a problem" in text(response) and "Error:" in text(response)


def test_the_person_filter_lists_people_as_the_viewer_may_see_them(
        merged_review, lead_reviewer, partner, client_for):
    assert f">{MOTHER} (Mother)<" in text(client_for(lead_reviewer).get(
        url(merged_review) + "?view=personalised"))
    page = text(client_for(partner).get(url(merged_review)))
    assert ">Mother<" in page and MOTHER not in page


# --- Pagination --------------------------------------------------------------------------------

def test_keyset_pages_walk_forward_and_back_with_no_gap_or_repeat(
        merged_review, lead_reviewer, client_for):
    client = client_for(lead_reviewer)
    expected = list(merge.merged_entries(merged_review).values_list("pk", flat=True))
    seen, pages, link = [], [], url(merged_review) + "?size=2"
    while link:
        page = text(client.get(link))
        ids = [int(n) for n in re.findall(r'id="entry-(\d+)"', page)]
        seen += ids
        pages.append((link, ids))
        found = re.search(r'govuk-pagination__next">\s*<a[^>]*href="([^"]+)"', page)
        link = html.unescape(found.group(1)) if found else None
    assert seen == expected and len(pages) == 3
    last_page = text(client.get(pages[-1][0]))
    back = re.search(r'govuk-pagination__prev">\s*<a[^>]*href="([^"]+)"', last_page).group(1)
    page = text(client.get(html.unescape(back)))
    assert [int(n) for n in re.findall(r'id="entry-(\d+)"', page)] == pages[1][1]


def test_the_page_size_is_capped(merged_review, lead_reviewer, client_for):
    page = text(client_for(lead_reviewer).get(url(merged_review) + "?size=100000"))
    assert len(re.findall(r'id="entry-\d+"', page)) == 6


def test_the_page_takes_the_same_queries_however_many_entries(
        merged_review, police, lead_reviewer, business_manager, client_for):
    client = client_for(lead_reviewer)
    client.get(url(merged_review))
    with CaptureQueriesContext(connection) as few:
        client.get(url(merged_review))
    actions.reopen_chronology(merged_review, police, by=business_manager, reason="More visits.")
    import_by_command(merged_review, police, csv_file(
        [[f"{d:02d}/04/2024", "", "Police log", "Officer", f"Visit {d}.", "", ""]
         for d in range(1, 29)], HEADER), "police v2.csv")
    with CaptureQueriesContext(connection) as many:
        client.get(url(merged_review))
    assert len(many) == len(few)


# --- Views and editing -------------------------------------------------------------------------

def test_change_links_only_once_reopened_in_the_personalised_view_and_the_edit_keeps_real_names(
        merged_review, business_manager, lead_reviewer, police, client_for):
    client = client_for(business_manager)
    entry = entry_with("called 999")
    change = f"/reviews/{merged_review.uuid}/chronology/{entry.agency_id}/entries/{entry.pk}/change/"
    # Accepted and settled: no Change link, and the form itself is refused, saying why.
    assert change not in text(client.get(url(merged_review)))
    refused = client.get(change)
    assert refused.status_code == 403 and "business manager reopens" in text(refused)
    assert client.post(change, {"event": "Changed."}).status_code == 403
    actions.reopen_chronology(merged_review, police, by=business_manager,
                               reason="The action taken was recorded wrongly.")
    assert change not in text(client.get(url(merged_review) + "?view=anonymised"))
    assert change in text(client.get(url(merged_review)))
    # The lead reviewer may read, never edit: no Change link in either view.
    assert change not in text(client_for(lead_reviewer).get(url(merged_review) +
                                                            "?view=personalised"))
    # The link opens the entry's copy in the version being written.
    copy = Entry.objects.get(carried_from=entry)
    opened = client.get(change)
    assert opened.status_code == 302 and f"/entries/{copy.pk}/change/" in opened.url
    form = text(client.get(opened.url))
    assert f"{MOTHER} called 999 about {CHILD}." in form  # the real text, never pseudonyms
    response = client.post(opened.url, {"date": "03/03/2024", "time": "10:00",
                                        "source": entry.source, "role": entry.role,
                                        "event": entry.event,
                                        "action": "Officers went at once.",
                                        "analysis": entry.analysis, "version": copy.version})
    assert response.status_code == 302
    copy.refresh_from_db()
    assert copy.event == f"{MOTHER} called 999 about {CHILD}."
    assert copy.analysis == f"{MOTHER} was calm." and copy.action == "Officers went at once."
    entry.refresh_from_db()  # the accepted version stays as it was until the new one is accepted
    assert entry.action == f"Officers visited {CHILD}."


def test_a_change_started_on_the_merged_page_returns_there_with_its_filters(
        merged_review, business_manager, police, client_for):
    client = client_for(business_manager)
    entry = entry_with("called 999")
    actions.reopen_chronology(merged_review, police, by=business_manager, reason="Check.")
    merged = url(merged_review) + f"?view=personalised&agency={police.pk}"
    page = client.get(merged).content.decode()
    link = re.search(rf'href="([^"]*/entries/{entry.pk}/change/\?next=[^"]*)"', page)
    assert link, "no Change link that says where to come back"
    opened = client.get(html.unescape(link.group(1)))
    assert opened.status_code == 302  # on to the copy, with the same next
    form_url = opened.url
    form = client.get(form_url).content.decode()
    assert "Back to the merged chronology" in form
    assert html.escape(merged) in form  # the back link and the form's next keep the filters
    values = {"date": "03/03/2024", "time": "10:00", "source": entry.source, "role": entry.role,
              "event": entry.event, "action": "Officers went at once.",
              "analysis": entry.analysis, "next": merged}

    def latest(**changed: str) -> dict:  # each save moves the copy to its next version
        return {**values, "version": Entry.objects.get(carried_from=entry).version, **changed}

    response = client.post(form_url, latest())
    assert response.status_code == 302 and response.url == f"{merged}#entry-{entry.pk}"
    # A form with an error keeps where to return.
    response = client.post(form_url, latest(date="31/02/2024"))
    assert response.status_code == 200 and "Back to the merged chronology" in text(response)
    # Opened from the agency's page (or sent anywhere else), it returns to the agency's page.
    plain = form_url.split("?")[0]
    base = url(merged_review)
    for elsewhere in ("", "https://example.com/", "/reviews/", "//example.com" + base,
                      base + "../../../../sign-out/", base + "%2e%2e/%2E%2E/", base + "..\\x"):
        response = client.post(plain, latest(next=elsewhere))
        assert response.status_code == 302
        assert response.url == f"/reviews/{merged_review.uuid}/chronology/{police.pk}/#entries"


# --- Significant entries and duplicates --------------------------------------------------------

def test_marking_significant_with_a_note_and_unmarking_are_audited(
        merged_review, lead_reviewer, partner, client_for):
    entry = entry_with("Neighbour")
    mark_url = url(merged_review, f"entries/{entry.pk}/significant/")
    assert client_for(partner).get(mark_url).status_code == 403
    assert client_for(partner).post(mark_url, {"note": "x"}).status_code == 403
    client = client_for(lead_reviewer)
    assert "Mark an entry as significant" in text(client.get(mark_url))
    response = client.post(mark_url, {"note": f"{MOTHER} was not seen.",
                                      "next": url(merged_review)})
    assert response.status_code == 302
    assert Significance.objects.get(entry=entry).note == f"{MOTHER} was not seen."
    assert AuditEvent.objects.filter(event_type="chronology.entry_marked_significant").exists()
    page = text(client.get(url(merged_review) + "?view=anonymised&significant=1"))
    assert "1 entry match" in page and "Mother was not seen." in page
    response = client.post(url(merged_review, f"entries/{entry.pk}/not-significant/"))
    assert response.status_code == 302 and not Significance.objects.exists()
    assert AuditEvent.objects.filter(event_type="chronology.entry_unmarked_significant").exists()


def test_duplicates_are_suggested_linked_and_dismissed_by_the_review_s_side_only(
        merged_review, lead_reviewer, partner, client_for):
    police_meeting, health_meeting = entry_with("Strategy meeting held"), entry_with(
        "Strategy meeting with")
    assert client_for(partner).get(url(merged_review, "duplicates/")).status_code == 403
    client = client_for(lead_reviewer)
    page = text(client.get(url(merged_review, "duplicates/")))
    assert "Possible duplicate 1" in page and "Same event" in page and "Not the same" in page
    same = url(merged_review, f"entries/{health_meeting.pk}/same-event-as/{police_meeting.pk}/")
    assert client_for(partner).post(same).status_code == 403
    assert client.post(same, {"reason": "Same day"}).status_code == 302
    decision = DuplicateDecision.objects.get()
    assert decision.decision == DuplicateDecision.Decision.LINKED
    assert AuditEvent.objects.filter(event_type="chronology.duplicate_linked").exists()
    page = text(client.get(url(merged_review)))
    assert "Same event as entry" in page and "(Testshire Health / ICB)" in page
    assert Entry.objects.count() == 6  # nothing deleted
    not_same = url(merged_review,
                   f"entries/{health_meeting.pk}/not-same-event-as/{police_meeting.pk}/")
    assert client.post(not_same).status_code == 302
    decision.refresh_from_db()
    assert decision.decision == DuplicateDecision.Decision.DISMISSED
    assert AuditEvent.objects.filter(event_type="chronology.duplicate_dismissed").exists()


def test_the_duplicates_page_says_how_many_there_are_and_pages_through_all_of_them(
        chronology_review, police, health, lead_reviewer, client_for):
    # 55 strategy meetings each recorded by both agencies: 55 suggestions, 50 to a page.
    days = [date(2024, 1, 1) + timedelta(days=3 * n) for n in range(55)]
    rows = [[f"{d:%d/%m/%Y}", "", "Log", "Officer", f"Strategy meeting {n} held about the child.",
             "Section 47 enquiry agreed.", ""] for n, d in enumerate(days)]
    import_by_command(chronology_review, police, csv_file(rows, HEADER), "police.csv")
    import_by_command(chronology_review, health, csv_file(rows, HEADER), "health.csv")
    client = client_for(lead_reviewer)
    first = text(client.get(url(chronology_review, "duplicates/")))
    assert "55 possible duplicates: showing 1 to 50." in words(first)
    assert "Possible duplicate 50:" in first and "Possible duplicate 51:" not in first
    assert 'href="?view=personalised&page=2#count"' in first
    second = client.get(url(chronology_review, "duplicates/") + "?view=personalised&page=2")
    page = text(second)
    assert "55 possible duplicates: showing 51 to 55." in words(page)
    assert "Possible duplicate 51:" in page and "Possible duplicate 55:" in page
    # A decision taken on the second page returns to it.
    found = re.search(r'action="([^"]+/same-event-as/[^"]+)"', second.content.decode()).group(1)
    response = client.post(found, {"reason": "Same day",
                                   "next": url(chronology_review, "duplicates/")
                                   + "?view=personalised&page=2"})
    assert response["Location"] == url(chronology_review, "duplicates/") + (
        "?view=personalised&page=2")
    assert "54 possible duplicates: showing 51 to 54." in words(text(client.get(
        response["Location"])))


# --- Timeline and exports ----------------------------------------------------------------------

def test_the_timeline_has_a_lane_per_agency_and_a_table(merged_review, lead_reviewer,
                                                        client_for):
    Significance.objects.create(review=merged_review, entry=entry_with("Neighbour"),
                                marked_by=lead_reviewer)
    page = text(client_for(lead_reviewer).get(url(merged_review, "timeline/")))
    assert '<svg class="rd-chart" role="img"' in page and "<title id=\"timeline-title\">" in page
    assert "Testshire Police, 5 March 2024: significant entry" in page
    assert "Entries per agency per month" in page and "<polygon" in page
    zoomed = text(client_for(lead_reviewer).get(url(merged_review, "timeline/"),
                                                {"from-year": "2024", "to-year": "2024"}))
    assert "Jan to Mar 2024" in zoomed and "style=" not in zoomed


@pytest.mark.parametrize(("first_year", "unit", "columns", "first_column"), [
    (2022, "month", 36, "Jan 2022"),  # three years: a review's usual period, month by month
    (2020, "quarter", 20, "Jan–Mar 2020"),
    (2012, "year", 13, "2012"),  # a child's whole life
])
def test_the_timeline_shows_months_for_up_to_three_years(
        merged_review, lead_reviewer, client_for, first_year, unit, columns, first_column):
    page = text(client_for(lead_reviewer).get(url(merged_review, "timeline/"), {
        "from-year": first_year, "to-year": 2024}))
    assert f"Entries per agency per {unit}" in page
    table = page.split('<table class="govuk-table', 1)[1].split("</table>", 1)[0]
    head = re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', table)
    assert head[0] == "Agency" and head[-1] == "Total"
    assert len(head) - 2 == columns and head[1] == first_column
    # The health entries (March and June 2024) are counted where they fall.
    health_row = re.search(r"Testshire Health[^<]*</th>(.*?)</tr>", table, re.S).group(1)
    counts = [int(n) for n in re.findall(r">(\d+)</td>", health_row)]
    assert sum(counts[:-1]) == counts[-1] == 2


def test_exports_carry_the_reference_and_follow_the_viewer_s_rights(
        merged_review, lead_reviewer, partner, client_for):
    response = reauthenticated(client_for(lead_reviewer)).post(
        url(merged_review, "export/"), {"format": "csv", "view": "personalised"})
    body = b"".join(response.streaming_content).decode()
    assert response.status_code == 200 and MOTHER in body
    assert f"{merged_review.reference}-chronology-personalised.csv" in response[
        "Content-Disposition"]
    response = client_for(partner).post(url(merged_review, "export/"),
                                        {"format": "csv", "view": "personalised"})
    body = b"".join(response.streaming_content).decode()
    assert MOTHER not in body and CHILD not in body
    assert "anonymised.csv" in response["Content-Disposition"]
    assert AuditEvent.objects.filter(event_type="chronology.exported").count() == 2


def test_the_overview_links_to_the_merged_chronology(merged_review, lead_reviewer, client_for):
    page = text(client_for(lead_reviewer).get(f"/reviews/{merged_review.uuid}/chronology/"))
    assert url(merged_review) in page
    assert Agency.objects.exists()
