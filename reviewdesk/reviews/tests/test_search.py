"""Search from every page: reviews by reference, pseudonym or (for those who may see it) the
child's name; people as the reader may see them; audited; a constant number of queries."""

from datetime import date
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from reviewdesk.accounts.models import User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.reviews import actions
from reviewdesk.reviews.models import Review, ReviewRole
from reviewdesk.reviews.tests.test_access_matrix import (  # noqa: F401 (fixtures)
    ANON,
    CHILD,
    CHILD_ALIAS,
    CHILD_FIRST,
    CHILD_INITIALS,
    EVERYONE,
    FAMILY_SURNAME,
    MANAGER_P,
    NOWHERE,
    PRACT,
    PRACTITIONER,
    PRACTITIONER_FIRST,
    PRACTITIONER_INITIALS,
    PRACTITIONER_SURNAME,
    SEES_FAMILY,
    SEES_REVIEW_AT,
    SEES_STAFF,
    add_manager,
    marked_review,
    people,
    without_echo,
)
from reviewdesk.testing import ClientFor, MakeReview

# Each kind of marker a reader might type: full name, first name, surname, initials, nickname.
CHILD_PROBES = {"full name": CHILD, "first name": CHILD_FIRST, "surname": FAMILY_SURNAME,
                "initials": CHILD_INITIALS, "nickname": CHILD_ALIAS}
PRACTITIONER_PROBES = {"full name": PRACTITIONER, "first name": PRACTITIONER_FIRST,
                       "surname": PRACTITIONER_SURNAME, "initials": PRACTITIONER_INITIALS}


@pytest.fixture
def stage() -> str:
    return "notification"


def search_page(client: Client, query: str) -> str:
    response = client.get("/search/?" + urlencode({"q": query}))
    assert response.status_code == 200
    return response.content.decode()


def test_each_kind_of_name_finds_only_what_the_reader_may_see(
        people: dict[str, User | None], marked_review: Review,  # noqa: F811 (fixtures)
        client_for: ClientFor) -> None:
    link = f"/reviews/{marked_review.uuid}/"
    practitioner, manager, bm = people[PRACT], people[MANAGER_P], people["business_manager"]
    assert practitioner is not None and manager is not None and bm is not None
    add_manager(marked_review, practitioner, manager, by=bm)  # the practitioner's line manager
    checked = 0
    for person in EVERYONE:
        if person == ANON:
            continue
        client = client_for(people[person])
        nowhere = without_echo(search_page(client, NOWHERE), NOWHERE)
        assert link not in nowhere
        for kind, probe in CHILD_PROBES.items():
            body = search_page(client, probe)
            if person in SEES_FAMILY:
                assert link in body, f"{person} typed the child's {kind} and did not find it"
                assert "found by its child&#39;s name" in body or "found by its child's name" in body
            else:
                assert without_echo(body, probe) == nowhere, (
                    f"{person} typed the child's {kind} ({probe!r}): the page differs from a word "
                    "found nowhere")
            checked += 1
        for kind, probe in PRACTITIONER_PROBES.items():
            body = search_page(client, probe)
            # The practitioner finds themself; their manager finds their own staff.
            if person in SEES_STAFF or person in {PRACT, MANAGER_P}:
                assert PRACTITIONER in body, f"{person} typed the practitioner's {kind}"
            else:
                assert without_echo(body, probe) == nowhere, (
                    f"{person} typed the practitioner's {kind} ({probe!r}) and the page differs")
            checked += 1
    assert checked == (len(EVERYONE) - 1) * (len(CHILD_PROBES) + len(PRACTITIONER_PROBES))


def test_the_reference_and_the_pseudonym_find_the_review_for_everyone_who_sees_it(
        people: dict[str, User | None], marked_review: Review,  # noqa: F811 (fixtures)
        client_for: ClientFor) -> None:
    link = f"/reviews/{marked_review.uuid}/"
    for person in EVERYONE:
        if person == ANON:
            continue
        client = client_for(people[person])
        sees = person in SEES_REVIEW_AT["notification"]
        for probe in [marked_review.reference, marked_review.reference[-3:], "Child A"]:
            assert (link in search_page(client, probe)) == sees, (person, probe)


def test_a_reference_typed_in_the_header_goes_straight_to_the_review(
        make_review: MakeReview, business_manager: User, partner: User, outsider: User,
        client_for: ClientFor) -> None:
    review = make_review()
    response = client_for(partner).get(f"/search/?go=1&q={review.reference.lower()}")
    assert response.status_code == 302
    assert response["Location"] == f"/reviews/{review.uuid}/"
    # Someone who may not see it gets the (empty) results page, as for any other reference.
    assert client_for(outsider).get(f"/search/?go=1&q={review.reference}").status_code == 200
    # Part of a reference lists what it matches.
    assert client_for(partner).get("/search/?go=1&q=TS-2026").status_code == 200


def test_every_page_has_the_search_box(business_manager: User, client_for: ClientFor) -> None:
    body = client_for(business_manager).get("/dashboard/").content.decode()
    assert 'id="header-search"' in body and 'action="/search/"' in body


def test_a_page_of_results_is_audited_as_a_read(make_review: MakeReview, business_manager: User,
                                                client_for: ClientFor) -> None:
    review = make_review(child_name="Kayden Moorcroft")
    client = client_for(business_manager)
    before = AuditEvent.objects.count()
    search_page(client, "Moorcroft")
    event = AuditEvent.objects.filter(event_type="search.results_viewed").get()
    assert event.actor == business_manager
    assert event.data["reviews"] == [review.pk] and event.data["query"] == "Moorcroft"
    assert "Moorcroft" not in event.summary
    # Nothing found, nothing read.
    search_page(client, NOWHERE)
    assert AuditEvent.objects.filter(event_type="search.results_viewed").count() == 1
    assert AuditEvent.objects.count() > before


def test_too_short_a_search_says_how_to_fix_it(business_manager: User,
                                               client_for: ClientFor) -> None:
    body = search_page(client_for(business_manager), "K")
    assert "Type at least 2 letters or numbers" in body
    assert "<title>Error: Search – Review Desk</title>" in body
    assert "Reviews (" not in body


def test_people_as_each_reader_may_see_them(
        review: Review, business_manager: User, partner: User, practitioner: User,
        agency_author: User, lead_reviewer: User, subgroup_member: User, outsider: User,
        client_for: ClientFor) -> None:
    # The outsider is on no review: the business manager finds them, no one else does.
    assert outsider.full_name in search_page(client_for(business_manager), "Oscar")
    for reader in [partner, subgroup_member, lead_reviewer, agency_author, practitioner]:
        assert outsider.full_name not in search_page(client_for(reader), "Oscar")
    # Officers act under their own names: everyone finds them.
    assert business_manager.full_name in search_page(client_for(outsider), "Bea")
    # Staff on a review: those who see staff identities there (and themselves).
    for reader, finds in [(partner, False), (agency_author, False), (subgroup_member, True),
                          (lead_reviewer, True), (practitioner, True)]:
        assert (practitioner.full_name in search_page(client_for(reader), "Polly")) == finds
    # The lead reviewer is named in published reports: everyone who sees their review.
    assert lead_reviewer.full_name in search_page(client_for(partner), "Rita")


def queries_for(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_queries_do_not_grow_with_the_number_of_reviews(
        make_review: MakeReview, business_manager: User, partner: User, practitioner: User,
        client_for: ClientFor) -> None:
    def review_with_practitioner(n: int) -> None:
        review = make_review(child_name=f"Kim Number{n}")
        actions.add_member(review, practitioner, ReviewRole.PRACTITIONER, by=business_manager,
                           started_on=date(2026, 3, 3))

    for n in range(2):
        review_with_practitioner(n)
    readers = [client_for(business_manager), client_for(partner), client_for(practitioner)]
    urls = ["/search/?q=Number", "/search/?q=TS-2026", "/search/?q=Child"]
    few = [queries_for(c, u) for c in readers for u in urls]
    for n in range(2, 8):
        review_with_practitioner(n)
    many = [queries_for(c, u) for c in readers for u in urls]
    assert many == few
    # And the searches found the new reviews.
    assert search_page(readers[0], "Number").count("/reviews/") >= 8
