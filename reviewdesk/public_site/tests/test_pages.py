"""The public pages as a visitor who is not signed in: the list, a report's page in each state,
the downloads, and the headers every public response carries."""

import re
from datetime import date

import pytest
from django.test import Client

from reviewdesk.accounts.models import Partnership, User
from reviewdesk.publication.models import Publication
from reviewdesk.publication.testing import make_publication
from reviewdesk.reviews import actions as review_actions
from reviewdesk.reviews.models import Incident
from reviewdesk.testing import ClientFor

State = Publication.State


def test_the_list_shows_the_published_reports_and_those_available_on_request(
        client: Client, publications: dict[str, Publication]) -> None:
    response = client.get("/published/")
    assert response.status_code == 200
    page = response.content.decode()
    published, on_request = publications[State.PUBLISHED], publications[State.ON_REQUEST]
    assert published.title in page and published.summary in page
    assert published.review.get_kind_display() in page
    assert published.review.partnership.name in page
    assert f"/published/{published.slug}/report.pdf" in page
    assert f"/published/{published.slug}/actions.pdf" in page
    assert on_request.title in page and f"/published/{on_request.slug}/request/" in page
    assert f"/published/{on_request.slug}/report.pdf" not in page
    for state in (State.SCHEDULED, State.WITHDRAWN, State.CANCELLED):
        assert publications[state].title not in page
        assert publications[state].slug not in page


def test_the_list_groups_and_filters_by_partnership(
        client: Client, publications: dict[str, Publication], business_manager: User) -> None:
    elsewhere = Partnership.objects.create(name="Elsewhere Safeguarding Children Partnership",
                                           code="EW")
    other_bm = User.objects.create_user("bm@elsewhere.test", "x", full_name="Elsie Where",
                                        partnership=elsewhere, role="business_manager")
    review = review_actions.record_incident(
        elsewhere, by=other_bm, children=[{"name": "Ned Nobody", "looked_after": False}],
        what_happened=Incident.WhatHappened.SERIOUS_HARM,
        abuse_or_neglect=Incident.AbuseOrNeglect.SUSPECTED,
        incident_date=date(2026, 3, 2), la_aware_on=date(2026, 3, 2), summary="Hurt.", agencies=[])
    theirs = make_publication(review, by=other_bm, title="Child Q", slug="child-q",
                              published_on=publications[State.PUBLISHED].published_on)
    page = client.get("/published/").content.decode()
    assert "Elsewhere Safeguarding Children Partnership" in page and theirs.title in page
    assert "?partnership=ew" in page
    only = client.get("/published/?partnership=ew").content.decode()
    assert theirs.title in only and publications[State.PUBLISHED].title not in only
    assert "Published reports – Elsewhere Safeguarding Children Partnership" in only
    # With several partnerships and none chosen, the page shows the latest reports and, for
    # each partnership, how many it has on its website and on request, linking to its list
    # (every report of every partnership would make a page of thousands).
    ours = publications[State.ON_REQUEST]
    code = ours.review.partnership.code.lower()
    assert f"/published/{ours.slug}/request/" not in page
    row = re.search(rf'<tr class="govuk-table__row">\s*<th scope="row" class="govuk-table__header">'
                    rf'<a class="govuk-link" href="/published/\?partnership={code}">[^<]+</a></th>'
                    rf'\s*<td[^>]*>(\d+)</td>\s*<td[^>]*>(\d+)</td>', page)
    assert row is not None and row.groups() == ("1", "1"), page
    chosen = client.get(f"/published/?partnership={code}").content.decode()
    assert f"/published/{ours.slug}/request/" in chosen and theirs.title not in chosen
    # The request form lists only the partnership's own reports.
    form = client.get(f"/published/{ours.slug}/request/").content.decode()
    assert f'value="{ours.slug}"' in form and 'value="child-q"' not in form


def test_a_published_report_s_page(client: Client, published: Publication) -> None:
    response = client.get(f"/published/{published.slug}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert published.title in page and published.summary in page
    assert published.review.partnership.name in page
    assert f"/published/{published.slug}/report.pdf" in page
    assert f"/published/{published.slug}/actions.pdf" in page


def test_a_report_available_on_request_shows_the_request_form(
        client: Client, on_request: Publication) -> None:
    response = client.get(f"/published/{on_request.slug}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "available on request" in page
    assert f'action="/published/{on_request.slug}/request/"' in page
    assert "report.pdf" not in page


def test_a_withdrawn_report_says_so_with_410(client: Client,
                                             publications: dict[str, Publication]) -> None:
    withdrawn = publications[State.WITHDRAWN]
    response = client.get(f"/published/{withdrawn.slug}/")
    assert response.status_code == 410
    assert "this report has been withdrawn" in response.content.decode()
    assert withdrawn.summary not in response.content.decode()


@pytest.mark.parametrize("state", [State.SCHEDULED, State.CANCELLED])
def test_scheduled_and_cancelled_reports_are_not_there(
        client: Client, publications: dict[str, Publication], state: str) -> None:
    response = client.get(f"/published/{publications[state].slug}/")
    unknown = client.get("/published/no-such-report/")
    assert response.status_code == unknown.status_code == 404
    assert without_nonce(response) == without_nonce(unknown)


def without_nonce(response: object) -> str:
    return re.sub(r'nonce="[^"]*"', "", response.content.decode())  # type: ignore[attr-defined]


def test_the_report_downloads_as_an_attachment_named_from_its_title(
        client: Client, published: Publication) -> None:
    response = client.get(f"/published/{published.slug}/report.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Child L.pdf"'
    with published.document.open("rb") as stored:
        assert b"".join(response.streaming_content) == stored.read()  # type: ignore[attr-defined]
    assert str(published.document.name).rsplit("/", 1)[-1] not in response["Content-Disposition"]
    actions = client.get(f"/published/{published.slug}/actions.pdf")
    assert actions.status_code == 200 and actions["Content-Type"] == "application/pdf"
    assert actions["Content-Disposition"] == (
        'attachment; filename="Child L - actions taken.pdf"')
    assert actions["X-Content-Type-Options"] == "nosniff"
    b"".join(actions.streaming_content)  # type: ignore[attr-defined]


def test_the_actions_document_is_not_there_unless_the_partnership_publishes_it(
        client: Client, published: Publication) -> None:
    published.actions_published = False
    published.save()
    assert client.get(f"/published/{published.slug}/actions.pdf").status_code == 404
    assert "actions.pdf" not in client.get(f"/published/{published.slug}/").content.decode()


@pytest.mark.parametrize("state", [State.SCHEDULED, State.ON_REQUEST, State.WITHDRAWN,
                                   State.CANCELLED])
@pytest.mark.parametrize("name", ["report.pdf", "actions.pdf"])
def test_files_are_downloadable_only_while_published(
        client: Client, publications: dict[str, Publication], state: str, name: str) -> None:
    assert client.get(f"/published/{publications[state].slug}/{name}").status_code == 404


def test_public_pages_carry_security_and_cache_headers_and_set_no_cookie(
        client: Client, published: Publication, publications: dict[str, Publication]) -> None:
    for url in ["/published/", f"/published/{published.slug}/",
                f"/published/{published.slug}/report.pdf",
                f"/published/{publications[State.WITHDRAWN].slug}/", "/robots.txt"]:
        response = client.get(url)
        assert response.status_code in (200, 410), url
        assert response["Cache-Control"] == "public, max-age=300", url
        assert "default-src 'self'" in response["Content-Security-Policy"], url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "same-origin", url
        assert response["X-Frame-Options"] == "DENY", url
        assert not response.cookies, f"{url} sets {list(response.cookies)}"
        if response.streaming:
            # Read to the end, as the test client closes it: closing it by hand sends
            # request_finished, which closes the test's database connection on PostgreSQL.
            response.getvalue()


def test_pages_with_the_request_form_set_the_csrf_cookie_and_are_not_kept(
        client: Client, published: Publication, on_request: Publication) -> None:
    for url in [f"/published/{published.slug}/request/", f"/published/{on_request.slug}/"]:
        response = client.get(url)
        assert response.status_code == 200
        assert set(response.cookies) == {"csrftoken"}, url
        assert "no-store" in response["Cache-Control"], url


def test_a_signed_in_person_s_copy_of_a_public_page_is_never_kept(
        client_for: ClientFor, business_manager: User, published: Publication) -> None:
    client = client_for(business_manager)
    for url in ["/published/", f"/published/{published.slug}/"]:
        response = client.get(url)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]
    # No staff menu on the public pages, even for staff.
    assert "Dashboard" not in client.get("/published/").content.decode()


def test_unknown_addresses_are_not_kept_either(client: Client, db: None) -> None:
    assert "no-store" in client.get("/published/nothing-here/")["Cache-Control"]


def test_robots_txt_lets_crawlers_read_only_the_published_reports(client: Client) -> None:
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "User-agent: *", "Allow: /published/", "Allow: /static/", "Disallow: /"]


def test_the_list_s_queries_do_not_grow_with_the_reports(
        client: Client, publications: dict[str, Publication],
        django_assert_max_num_queries: object) -> None:
    with django_assert_max_num_queries(6):  # type: ignore[operator]
        client.get("/published/")
