"""Chronology entries restricted by advice: while a police investigation runs, the
business manager's advice restricts the entries of a date range (here, the police's entries of
April 2024) to named roles. For everyone else they are absent from every page, filter, count,
suggestion and export, and from the command's output; lifting the restriction, or ending the
advice, brings them back at once. Another agency's entries in the range stay visible.

The restricted entries carry a marker word found nowhere else, so "absent" is checked on
everything a reader gets (pages, CSV, Word, Excel and PDF files read as text)."""

# The shared fixtures are imported by name, so pytest finds them: not redefinitions.
# ruff: noqa: F811

import html
import io
import pathlib
import re
from datetime import date
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reviewdesk import access
from reviewdesk.accounts.models import Agency, User
from reviewdesk.accounts.testing import reauthenticated
from reviewdesk.audit.models import AuditEvent
from reviewdesk.chronology import actions, compare, exports
from reviewdesk.chronology.models import Entry
from reviewdesk.chronology.tests.fixtures import (  # noqa: F401
    chronology_review,
    csv_file,
    health,
    import_by_command,
    nurse,
    police,
)
from reviewdesk.parallel.models import Advice, ChronologyRestriction
from reviewdesk.reviews import actions as review_actions
from reviewdesk.reviews.models import Review, ReviewRole
from reviewdesk.reviews.tests.test_access_matrix import readable
from reviewdesk.testing import ClientResponse

pytestmark = pytest.mark.django_db

MARK = "Zephyrine"  # in every restricted entry, and nowhere else
IN_RANGE = "Oriel clinic"  # health's entry in the restricted range: never restricted here
HEADER = ("Date", "Time", "Source of information", "Practitioner role", "Event / contact",
          "Action / outcome", "Analysis / comment")
POLICE_ROWS = [
    ["03/03/2024", "10:00", "Police log", "Officer", "Neighbour called 999.", "Officers visited.",
     ""],
    ["10/04/2024", "11:00", f"Police log {MARK}", "Officer",
     f"Strategy meeting with health and social care {MARK}.", "Section 47 enquiry agreed.",
     f"Operation {MARK} opened."],
    ["12/04/2024", "", "Police log", "Officer", f"Father arrested: operation {MARK}.", "", ""],
    ["01/06/2024", "", "Police log", "Officer", "Neighbour reported shouting.", "", ""],
]
HEALTH_ROWS = [
    ["10/04/2024", "09:00", "GP record", "GP", "Strategy meeting with police and social care.",
     "Section 47 enquiry agreed.", ""],
    ["11/04/2024", "", "GP record", "GP", f"Seen at the {IN_RANGE}.", "", ""],
]
# What only the restricted entries say (the marker alone is also in the address of a keyword
# search for it, echoed in the page).
ITS_WORDS = (f"social care {MARK}", f"operation {MARK}", f"Operation {MARK}", f"Police log {MARK}")
APRIL = (date(2024, 4, 1), date(2024, 4, 30))
EXPORTS = list(exports.EXPORT_FORMATS)


@pytest.fixture
def restricted_review(chronology_review: Review, police: Agency, health: Agency,
                      executive: User, learning_lead: User) -> Review:
    import_by_command(chronology_review, police, csv_file(POLICE_ROWS, HEADER), "police.csv")
    import_by_command(chronology_review, health, csv_file(HEALTH_ROWS, HEADER), "health.csv")
    return chronology_review


def restrict(review: Review, by: User, *, agency: Agency | None, leads: bool = True,
             bm: bool = True, agencies: tuple[Agency, ...] = ()) -> ChronologyRestriction:
    """Advice in force restricting April 2024's entries (of ``agency``, or every agency's)."""
    advice = Advice.objects.create(
        review=review, text="Do not discuss the events of April 2024 while the police "
                            "investigate.", requested_by="Senior investigating officer",
        effective_on=date(2026, 12, 1), recorded_by=by)
    restriction = ChronologyRestriction.objects.create(
        advice=advice, review=review, date_from=APRIL[0], date_to=APRIL[1], agency=agency,
        lead_reviewers_see=leads, business_manager_sees=bm)
    restriction.agencies_see.set(agencies)
    return restriction


def restricted() -> list[Entry]:
    return list(Entry.objects.filter(event__contains=MARK).order_by("pk"))


def merged_url(review: Review, more: str = "") -> str:
    return f"/reviews/{review.uuid}/chronology/merged/{more}"


def pages(review: Review, police: Agency) -> list[str]:
    """Every page that shows, counts, filters or suggests entries, as each reader asks for it."""
    entry = restricted()[0]
    april = "from-day=1&from-month=4&from-year=2024&to-day=30&to-month=4&to-year=2024"
    return [
        merged_url(review, "?view=personalised"),
        merged_url(review, "?view=anonymised"),
        merged_url(review, f"?keyword={MARK}"),
        merged_url(review, f"?view=anonymised&keyword={MARK}"),
        merged_url(review, f"?agency={police.pk}&{april}"),
        merged_url(review, f"?at={entry.pk}"),
        merged_url(review, "timeline/"),
        merged_url(review, f"timeline/?{april}"),
        merged_url(review, "duplicates/"),
        reverse("chronology:merged_mark_significant", args=[review.uuid, entry.pk]),
        reverse("chronology:overview", args=[review.uuid]),
        reverse("chronology:agency", args=[review.uuid, police.pk]),
        reverse("chronology:change_entry", args=[review.uuid, police.pk, entry.pk]),
        reverse("reviews:review", args=[review.uuid]),
    ]


def everything(client: Any, review: Review, police: Agency) -> list[tuple[str, str]]:
    """(what, its text as a reader sees it) for every page and every export."""
    seen = [(url, readable(client.get(url))) for url in pages(review, police)]
    reauthenticated(client)
    for fmt in EXPORTS:
        for view in ("anonymised", "personalised"):
            response = client.post(merged_url(review, "export/"), {"format": fmt, "view": view})
            seen.append((f"export {fmt} {view}", readable(response)))
    return seen


def shows(text: str) -> bool:
    """Whether a restricted entry shows in the text: any of its words."""
    return any(words in text for words in ITS_WORDS)


def absent_for(client: Any, review: Review, police: Agency) -> None:
    for what, text in everything(client, review, police):
        assert not shows(text), f"a restricted entry shown in {what}"


def present_for(client: Any, review: Review) -> None:
    assert shows(readable(client.get(merged_url(review, "?view=personalised"))))
    assert shows(readable(client.get(merged_url(review, f"?keyword={MARK}"))))
    assert shows(readable(client.get(merged_url(review, "duplicates/"))))
    response = client.post(merged_url(review, "export/"), {"format": "csv"})
    assert shows(readable(response))


def count_on(page: str) -> str:
    """The merged page's count sentence: '6 entries, in date order'."""
    found = re.search(r"([\d,]+) entr(?:y|ies)(?: match the filters)?, in date order", page)
    assert found, "no count on the page"
    return found.group(1)


def police_total(page: str, police: Agency | str) -> int:
    """The police's count in a table (the last number of its row, found by the agency's name
    or other words in it)."""
    words = police if isinstance(police, str) else police.name
    rows = [r for r in re.findall(r"<tr.*?</tr>", html.unescape(page), re.S) if words in r]
    assert len(rows) == 1, rows
    return int(re.findall(r">\s*(\d+)\s*<", rows[0])[-1])


# --- Who sees them ------------------------------------------------------------------------------

def test_the_restricted_entries_are_absent_for_every_role_the_advice_does_not_name(
        restricted_review, police, health, business_manager, lead_reviewer, subgroup_member,
        partner, scrutineer, agency_author, nurse, practitioner, executive, learning_lead,
        client_for):
    # Named: the lead reviewer and the health agency's users; not the business manager, and not
    # the police, who wrote the entries.
    restrict(restricted_review, business_manager, agency=police, bm=False,
             agencies=(health,))
    for person in (business_manager, subgroup_member, partner, scrutineer, agency_author, nurse,
                   practitioner, executive, learning_lead):
        absent_for(client_for(person), restricted_review, police)
    present_for(client_for(lead_reviewer), restricted_review)


def test_the_business_manager_sees_them_when_named_and_the_lead_reviewer_does_not(
        restricted_review, police, business_manager, lead_reviewer, client_for):
    restrict(restricted_review, business_manager, agency=police, leads=False)
    present_for(client_for(business_manager), restricted_review)
    absent_for(client_for(lead_reviewer), restricted_review, police)


def test_the_writing_agency_sees_them_only_when_named(
        restricted_review, police, business_manager, agency_author, client_for):
    agency_page = reverse("chronology:agency", args=[restricted_review.uuid, police.pk])
    restriction = restrict(restricted_review, business_manager, agency=police)
    assert not shows(readable(client_for(agency_author).get(agency_page)))
    restriction.agencies_see.set([police])
    assert shows(readable(client_for(agency_author).get(agency_page)))


def test_naming_an_agency_reaches_its_authors_and_practitioners_not_oversight_roles(
        restricted_review, police, health, business_manager, subgroup_member, practitioner):
    # Sue Subgroup works for health, but is on the review as a subgroup member: not reached.
    restrict(restricted_review, business_manager, agency=police, bm=False, leads=False,
             agencies=(health,))
    review = Review.objects.get(pk=restricted_review.pk)
    assert access.restricted_chronology_entries(subgroup_member, review) is not None
    assert access.restricted_chronology_entries(practitioner, review) is None
    assert access.restricted_chronology_entries(business_manager, review) is not None


def test_a_restriction_of_one_agency_leaves_other_agencies_entries_in_the_range_visible(
        restricted_review, police, business_manager, partner, lead_reviewer, client_for):
    restrict(restricted_review, business_manager, agency=police, leads=False)
    for person in (partner, lead_reviewer):
        page = readable(client_for(person).get(merged_url(restricted_review)))
        assert IN_RANGE in page and "Strategy meeting with police" in page
        assert MARK not in page


def test_a_restriction_of_every_agency_hides_every_agency_s_entries_in_the_range(
        restricted_review, business_manager, partner, client_for):
    restrict(restricted_review, business_manager, agency=None)
    page = readable(client_for(partner).get(merged_url(restricted_review)))
    assert IN_RANGE not in page and MARK not in page and "Neighbour reported shouting" in page
    assert count_on(page) == "2"


# --- Counts, filters and suggestions ------------------------------------------------------------

def test_they_are_not_counted_anywhere(restricted_review, police, business_manager, partner,
                                       lead_reviewer, agency_author, client_for):
    restrict(restricted_review, business_manager, agency=police, leads=False)
    hidden, named = client_for(lead_reviewer), client_for(business_manager)
    assert count_on(readable(hidden.get(merged_url(restricted_review)))) == "4"
    assert count_on(readable(named.get(merged_url(restricted_review)))) == "6"
    assert count_on(readable(client_for(partner).get(merged_url(restricted_review)))) == "4"
    # The keyword finds nothing, as for a word written nowhere.
    page = readable(hidden.get(merged_url(restricted_review, f"?keyword={MARK}")))
    assert "No entries match the filters." in page
    timeline = merged_url(restricted_review, "timeline/")
    assert police_total(readable(hidden.get(timeline)), police) == 2
    assert police_total(readable(named.get(timeline)), police) == 4
    # Each agency's count of entries: the overview and the agency's versions.
    overview = reverse("chronology:overview", args=[restricted_review.uuid])
    assert police_total(readable(hidden.get(overview)), police) == 2
    assert police_total(readable(named.get(overview)), police) == 4
    # The agency's page: its entries, and each version's count.
    agency_page = reverse("chronology:agency", args=[restricted_review.uuid, police.pk])
    author = client_for(agency_author)
    assert police_total(readable(author.get(agency_page)), "police.csv") == 2
    assert police_total(readable(named.get(agency_page)), "police.csv") == 4
    assert "2 entries in version 1" in readable(author.get(agency_page))
    review_page = reverse("reviews:review", args=[restricted_review.uuid])
    assert police_total(readable(hidden.get(review_page)), police) == 2
    assert police_total(readable(named.get(review_page)), police) == 4


def test_they_are_never_suggested_as_duplicates(restricted_review, police, business_manager,
                                                lead_reviewer, client_for):
    restrict(restricted_review, business_manager, agency=police, leads=False)
    suggestions = merged_url(restricted_review, "duplicates/")
    seen = readable(client_for(business_manager).get(suggestions))
    assert MARK in seen and "Strategy meeting with police" in seen
    page = readable(client_for(lead_reviewer).get(suggestions))
    assert MARK not in page and "Strategy meeting with police" not in page


def test_a_restricted_entry_cannot_be_opened_marked_or_linked(
        restricted_review, police, health, business_manager, lead_reviewer, client_for):
    restrict(restricted_review, business_manager, agency=police, leads=False)
    entry = restricted()[0]
    other = Entry.objects.get(event__startswith="Strategy meeting with police")
    client = client_for(lead_reviewer)
    mark = reverse("chronology:merged_mark_significant", args=[restricted_review.uuid, entry.pk])
    assert client.get(mark).status_code == 404
    assert client.post(mark, {"note": "Key"}).status_code == 404
    same = merged_url(restricted_review, f"{entry.pk}/same-event-as/{other.pk}/")
    assert client.post(same).status_code == 404
    assert not entry.duplicate_decisions.exists() and not hasattr(entry, "significance")


def test_a_visible_entry_linked_to_a_restricted_one_does_not_name_it(
        restricted_review, police, business_manager, lead_reviewer, client_for):
    entry = restricted()[0]
    other = Entry.objects.get(event__startswith="Strategy meeting with police")
    actions.link_duplicate(restricted_review, entry, other, by=business_manager)
    restrict(restricted_review, business_manager, agency=police, leads=False)
    page = readable(client_for(lead_reviewer).get(merged_url(restricted_review)))
    assert "Same event as entry" not in page and MARK not in page


def test_the_comparison_on_accepting_again_leaves_them_out(
        restricted_review, police, business_manager, lead_reviewer):
    new = actions.reopen_chronology(restricted_review, police, by=business_manager,
                                    reason="Another entry", reopened_on=date(2026, 12, 7))
    actions.add_entry(restricted_review, police, by=business_manager,
                      values={"date": "20/04/2024", "source": "Log",
                              "event": f"Interview under caution {MARK}."})
    restrict(restricted_review, business_manager, agency=police, leads=False)
    review = Review.objects.get(pk=restricted_review.pk)

    def hidden(day: date, agency_id: int) -> bool:
        return access.chronology_entry_hidden(lead_reviewer, review, day, agency_id)

    comparison = compare.comparison_for(new, hidden)
    assert comparison is not None and not comparison.added and comparison.unchanged == 2
    assert MARK not in str(comparison)
    shown = compare.comparison_for(new)
    assert shown is not None and [c.row.event for c in shown.added] == [
        f"Interview under caution {MARK}."]


# --- Lifting ------------------------------------------------------------------------------------

def test_lifting_the_restriction_brings_them_back_at_once(
        restricted_review, police, business_manager, partner, client_for):
    restriction = restrict(restricted_review, business_manager, agency=police)
    client = client_for(partner)
    assert MARK not in readable(client.get(merged_url(restricted_review)))
    restriction.lifted_at, restriction.lifted_on = timezone.now(), date(2026, 12, 7)
    restriction.lifted_by = business_manager
    restriction.save()
    page = readable(client.get(merged_url(restricted_review)))
    assert MARK in page and count_on(page) == "6"


def test_ending_the_advice_brings_them_back_at_once(
        restricted_review, police, business_manager, lead_reviewer, client_for):
    restriction = restrict(restricted_review, business_manager, agency=police, leads=False)
    client = client_for(lead_reviewer)
    assert MARK not in readable(client.post(merged_url(restricted_review, "export/"),
                                            {"format": "csv"}))
    Advice.objects.filter(pk=restriction.advice_id).update(
        ended="lifted", ended_on=date(2026, 12, 7), ended_at=timezone.now(),
        ended_by=business_manager)
    assert MARK in readable(client.post(merged_url(restricted_review, "export/"),
                                        {"format": "csv"}))
    assert MARK in readable(client.get(merged_url(restricted_review, "duplicates/")))


# --- Exports and the command --------------------------------------------------------------------

def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("export_chronology", *args, stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), str(exc)
    except SystemExit as exc:
        return int(str(exc.code)), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("fmt", EXPORTS)
def test_the_command_leaves_them_out_and_says_so(restricted_review, police, business_manager,
                                                 tmp_path: pathlib.Path, fmt):
    restrict(restricted_review, business_manager, agency=police)
    target = tmp_path / f"out.{fmt}"
    code, out, _ = run(restricted_review.reference, "--format", fmt, "-o", str(target))
    assert code == 0 and "Wrote 4 entries" in out and "were left out" in out
    assert MARK not in _readable_file(target)


def _readable_file(path: pathlib.Path) -> str:
    from reviewdesk.reviews.tests.test_access_matrix import _readable

    return _readable(path.read_bytes())


def test_the_command_includes_them_for_a_permitted_person_and_audits_it(
        restricted_review, police, business_manager, tmp_path):
    restrict(restricted_review, business_manager, agency=police)
    target = tmp_path / "out.csv"
    code, out, _ = run(restricted_review.reference, "--format", "csv", "--include-restricted",
                       "--by", business_manager.email, "-o", str(target))
    assert code == 0 and "Wrote 6 entries" in out and "left out" not in out
    assert MARK in target.read_text()
    event = AuditEvent.objects.filter(event_type="chronology.exported").latest("seq")
    assert event.data["restricted_included_for"] == business_manager.pk
    assert event.data["by_command"] is True


def test_the_command_refuses_to_include_them_for_anyone_else(
        restricted_review, police, business_manager, lead_reviewer, partner, agency_author,
        tmp_path):
    restrict(restricted_review, business_manager, agency=police, leads=False)
    target = tmp_path / "out.csv"
    for person in (lead_reviewer, partner, agency_author):
        code, _out, err = run(restricted_review.reference, "--format", "csv",
                              "--include-restricted", "--by", person.email, "-o", str(target))
        assert code == 2 and "may not see the chronology entries restricted" in err
        assert not target.exists()
    code, _out, err = run(restricted_review.reference, "--format", "csv",
                          "--include-restricted", "-o", str(target))
    assert code == 2 and "--include-restricted needs --by EMAIL" in err
    code, _out, err = run(restricted_review.reference, "--format", "csv", "--by",
                          business_manager.email, "-o", str(target))
    assert code == 2 and "give it with --include-restricted" in err


def test_an_export_for_the_web_is_audited_with_the_rows_the_reader_got(
        restricted_review, police, business_manager, partner, client_for):
    restrict(restricted_review, business_manager, agency=police)
    client_for(partner).post(merged_url(restricted_review, "export/"), {"format": "csv"})
    event = AuditEvent.objects.filter(event_type="chronology.exported").latest("seq")
    assert event.actor == partner and event.data["rows"] == 4


# --- Cost ---------------------------------------------------------------------------------------

def _queries(client: Any, url: str) -> int:
    client.get(url)  # warm: sessions, the first visit's reads
    with CaptureQueriesContext(connection) as captured:
        response: ClientResponse = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_merged_page_costs_one_small_query_more_and_no_more_with_a_restriction(
        restricted_review, police, health, business_manager, partner, lead_reviewer,
        client_for, monkeypatch):
    url = merged_url(restricted_review)
    # The advice is in force in both (every page shows it in the processes' panel): what is
    # measured is what its chronology restriction costs.
    advice = Advice.objects.create(
        review=restricted_review, text="Do not discuss the case among yourselves.",
        effective_on=date(2026, 12, 1), recorded_by=business_manager)
    with_none = {p: _queries(client_for(p), url) for p in (partner, lead_reviewer)}
    restriction = ChronologyRestriction.objects.create(
        advice=advice, review=restricted_review, date_from=APRIL[0], date_to=APRIL[1],
        agency=police, lead_reviewers_see=False, business_manager_sees=True)
    restriction.agencies_see.set((health,))
    with_one = {p: _queries(client_for(p), url) for p in (partner, lead_reviewer)}
    # The panel lists the restriction with the agencies that may still see its entries: one
    # query for those agencies, and nothing more for the page's entries.
    assert with_one == {p: n + 1 for p, n in with_none.items()}
    # And the restrictions' query is the only one they add: none read, one query fewer.
    monkeypatch.setattr(access, "chronology_restrictions", lambda review: [])
    assert _queries(client_for(partner), url) == with_one[partner] - 1


def test_several_restrictions_are_read_in_one_query(restricted_review, police, health,
                                                    business_manager, partner):
    restrict(restricted_review, business_manager, agency=police, agencies=(health, police))
    restrict_more = ChronologyRestriction.objects.create(
        advice=Advice.objects.get(review=restricted_review), review=restricted_review,
        date_from=date(2024, 6, 1), date_to=date(2024, 6, 30), agency=None)
    review = Review.objects.get(pk=restricted_review.pk)
    with CaptureQueriesContext(connection) as captured:
        rules = access.chronology_restrictions(review)
        access.chronology_restrictions(review)
    assert len(captured) == 1 and len(rules) == 2
    assert rules[0].agencies_see == {health.pk, police.pk} and rules[1].pk == restrict_more.pk
    hidden = access.restricted_chronology_entries(partner, review)
    assert Entry.objects.filter(review=review).exclude(hidden).count() == 3


def test_a_member_who_left_the_review_is_no_longer_reached(
        restricted_review, police, business_manager, agency_author):
    restrict(restricted_review, business_manager, agency=police, bm=False, leads=False,
             agencies=(police,))
    assert access.restricted_chronology_entries(
        agency_author, Review.objects.get(pk=restricted_review.pk)) is None
    membership = restricted_review.memberships.get(person=agency_author,
                                                   role=ReviewRole.AGENCY_AUTHOR)
    review_actions.remove_member(membership, by=business_manager, ended_on=date(2026, 12, 7),
                                 reason="Moved on")
    assert access.restricted_chronology_entries(
        agency_author, Review.objects.get(pk=restricted_review.pk)) is not None


def test_those_who_may_see_them_see_them_tagged_so_they_are_not_shared(
        restricted_review, police, business_manager, agency_author, lead_reviewer, client_for):
    restrict(restricted_review, business_manager, agency=police, agencies=(police,))
    merged = readable(client_for(lead_reviewer).get(merged_url(restricted_review)))
    assert merged.count("govuk-tag--orange\">Restricted") == 2 and 'id="restricted"' in merged
    agency_page = readable(client_for(agency_author).get(
        reverse("chronology:agency", args=[restricted_review.uuid, police.pk])))
    assert agency_page.count("govuk-tag--orange\">Restricted") == 2
    # Nothing is tagged once it is lifted.
    ChronologyRestriction.objects.update(lifted_at=timezone.now())
    merged = readable(client_for(lead_reviewer).get(merged_url(restricted_review)))
    assert "govuk-tag--orange\">Restricted" not in merged and 'id="restricted"' not in merged


def test_an_author_who_types_an_entry_into_a_range_restricted_from_them_is_told(
        chronology_review, police, business_manager, agency_author, client_for):
    restrict(chronology_review, business_manager, agency=police)
    client = client_for(agency_author)
    response = client.post(reverse("chronology:add_entry", args=[chronology_review.uuid,
                                                                 police.pk]),
                           {"date": "15/04/2024", "source": "Log",
                            "event": f"Call from the school {MARK}."}, follow=True)
    page = readable(response)
    assert "Entry added to the chronology." in page and "the advice in force restricts" in page
    assert f"Call from the school {MARK}" not in page
    assert Entry.objects.filter(event__contains="Call from the school").exists()
