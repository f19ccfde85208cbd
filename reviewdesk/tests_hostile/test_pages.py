"""Hostile text sent to the pages themselves: every form page of the access matrix POSTed
anything in every box it shows, and every page opened with anything in its query string.

A POST is never a server error; a form refused (the page again, 200) changes nothing. A GET with
hostile filters, searches, page numbers and dates is never a server error either, and one with a
NUL in its address is a bad request (PostgreSQL refuses a NUL in any text). The test
client raises what a view raises, so a server error fails here with its own traceback.
"""

from collections.abc import Callable
from functools import partial
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from reviewdesk.reviews.tests.test_access_matrix import ANON, BM, MOVES_ON, World, body_for
from reviewdesk.tests_hostile.test_forms import TEXT
from reviewdesk.tests_hostile.test_markers import VISITORS

pytestmark = pytest.mark.django_db

# Three examples a page (the first the plainest: every box empty), the same on every run, not
# shrunk (a failure names its page and what was sent).
PAGES = settings(max_examples=3, deadline=None, derandomize=True, database=None,
                 phases=[Phase.explicit, Phase.generate],
                 suppress_health_check=list(HealthCheck))
# The tests are split in parts so two processes share them (-n 2).
PARTS = 4
# Apps whose rows record what happened (a refused form is still a page viewed), not what was
# changed.
NOT_CHANGES = {"audit", "sessions", "axes", "otp_totp", "otp_static", "django_tasks"}
# What people pick from and type into a list's filters, and what crafted links carry.
QUERY_KEYS = ["q", "keyword", "page", "after", "before", "agency", "person", "from", "to",
              "from-day", "from-month", "from-year", "to-day", "to-month", "to-year", "show",
              "hold", "partnership", "year", "status", "stage", "sort", "next", "go",
              "significant", "type", "event_type", "review"]
NUL_TEXT = st.sampled_from(["\x00", "a\x00b", "%00", "\x00" * 3 + "x"])
HOSTILE_TEXT = st.one_of(TEXT, NUL_TEXT)
# An address with a NUL anywhere is refused whole (middleware.refuse_null_characters): the query
# strings leave it out, so the rest of what they hold reaches the views, and each page is then
# asked once with a NUL in every key.
QUERY_TEXT = TEXT.map(lambda text: text.replace("\x00", ""))


class Forms(HTMLParser):
    """The names of the boxes of a page's forms, by method and where each form is sent."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, str, set[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "form":
            self.forms.append(((named.get("method") or "get").lower(), named.get("action") or "",
                               set()))
        elif tag in {"input", "select", "textarea", "button"} and self.forms and named.get("name"):
            self.forms[-1][2].add(str(named["name"]))


def boxes(html: str, url: str, method: str) -> set[str]:
    """The boxes of the page's forms of ``method`` that are sent to ``url`` (or to the page)."""
    parser = Forms()
    parser.feed(html)
    path = urlsplit(url).path
    return {name for form_method, action, names in parser.forms
            if form_method == method and urlsplit(action).path in {"", path}
            for name in names} - {"csrfmiddlewaretoken"}


def changes() -> dict[str, int]:
    """The number of rows of every table the app changes."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()
            if model.__module__.startswith("reviewdesk.")
            and model._meta.app_label not in NOT_CHANGES and model._meta.managed}


def visitor(expected: dict[str, int] | None) -> str | None:
    """The first person whose row expects the page (GET) or the form taken (POST)."""
    return next((p for p in VISITORS if p != ANON and expected and expected.get(p) in {200, 302}),
                None)


def part(rows: dict, index: int) -> list[tuple[str, tuple]]:
    return sorted(rows.items())[index::PARTS]


def hostile_file(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def hostile_value(valid: Any) -> st.SearchStrategy:
    """The row's own value or anything; a file, or a file of anything named anything."""
    if hasattr(valid, "read"):
        return st.one_of(st.builds(
            hostile_file, st.text(min_size=1, max_size=60).map(lambda n: n + ".csv"),
            st.binary(max_size=2000)), st.just(valid))
    return st.one_of(HOSTILE_TEXT, st.just(valid)) if valid is not None else HOSTILE_TEXT


def client_for(clients: dict[str, Client], world: World, person: str) -> Client:
    if person not in clients:
        user = world.here.people[person]
        assert user is not None
        clients[person] = Client()
        clients[person].force_login(user)
    return clients[person]


def failures(name: str, run: Callable[[], None]) -> list[str]:
    try:
        run()
    except Exception as failed:  # every failure of every page, not only the first
        notes = "\n    ".join(getattr(failed, "__notes__", []))
        return [f"{name}: {type(failed).__name__}: {str(failed)[:300]}\n    {notes}"]
    return []


def post_anything(client: Client, url: str, valid: Callable[[], dict], names: list[str]
                  ) -> Callable[[], None]:
    """Each box the row's own value or anything (a fresh valid form each time: it may carry a
    record's version or a file)."""

    @PAGES
    @given(st.data())
    def post(data: st.DataObject) -> None:
        body = valid()
        sent = {box: data.draw(hostile_value(body.get(box)), label=box) for box in names}
        with transaction.atomic():
            before = changes()
            response = client.post(url, sent)
            assert response.status_code < 500, response.status_code
            # The form again, with its errors (a download, also 200, is a form taken).
            if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
                assert changes() == before, "refused, yet changed"
            transaction.set_rollback(True)

    return post


def get_anything(client: Client, url: str, keys: list[str]) -> Callable[[], None]:
    @PAGES
    @given(st.data())
    def get(data: st.DataObject) -> None:
        query = {key: data.draw(st.one_of(QUERY_TEXT, st.integers(-(10**30), 10**30)),
                                label=key) for key in keys}
        with transaction.atomic():
            response = client.get(with_query(url, query))
            assert response.status_code < 500, response.status_code
            transaction.set_rollback(True)

    def get_with_nul() -> None:
        response = client.get(with_query(url, dict.fromkeys(keys, "a\x00b")))
        assert response.status_code == 400, f"a NUL in the address: {response.status_code}"
        get()

    return get_with_nul


def with_query(url: str, query: dict) -> str:
    return f"{url}{'&' if '?' in url else '?'}{urlencode(query)}"


@pytest.mark.parametrize("index", range(PARTS))
def test_anything_posted_in_every_box_is_never_a_server_error_and_a_refusal_changes_nothing(
        index: int, hostile_world: World) -> None:
    clients: dict[str, Client] = {}
    problems: list[str] = []
    posted = 0
    for name, row in part(hostile_world.rows, index):
        url, get_expected, post_expected = row[:3]
        person = visitor(post_expected)
        if person is None or name in MOVES_ON or name == "accounts:sign_out":
            continue
        client = client_for(clients, hostile_world, person)
        page = client.get(url)
        shown = boxes(page.content.decode(errors="replace"), url, "post") if (
            page.status_code == 200 and "text/html" in page.get("Content-Type", "")) else set()
        names = sorted(shown | set(body_for(name, row, hostile_world.here)))
        if not names:
            continue  # a button: nothing to type
        posted += 1

        problems += failures(f"POST {name} ({url}) as {person}", post_anything(
            client, url, partial(body_for, name, row, hostile_world.here), names))
    assert not problems, "\n".join(problems)
    assert posted > 10, posted  # the rows were found (a split that missed them proves nothing)


@pytest.mark.parametrize("index", range(PARTS))
def test_any_query_string_on_every_page_is_never_a_server_error(
        index: int, hostile_world: World) -> None:
    clients: dict[str, Client] = {}
    problems: list[str] = []
    for name, row in part(hostile_world.rows, index):
        url, get_expected = row[:2]
        person = visitor(get_expected)
        if person is None or name in MOVES_ON or name == "accounts:sign_out":
            continue
        client = client_for(clients, hostile_world, person)
        page = client.get(url)
        shown = boxes(page.content.decode(errors="replace"), url, "get") if (
            page.status_code == 200 and "text/html" in page.get("Content-Type", "")) else set()
        keys = sorted(shown | set(QUERY_KEYS))

        problems += failures(f"GET {name} ({url}) as {person}", get_anything(client, url, keys))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("address", [
    "/search/?q=a%00b", "/published/?partnership=%00", "/actions/?review=%00",
    "/actions/download/?owner=n%00", "/reviews/?q=%00", "/search/%00/", "/search/?%00=1",
])
def test_an_address_holding_a_nul_is_a_bad_request(address: str, hostile_world: World) -> None:
    # On PostgreSQL each of these was a server error ("cannot contain NUL (0x00) bytes", or
    # "unsupported Unicode escape sequence" from the audit event's data recording the search).
    assert client_for({}, hostile_world, BM).get(address).status_code == 400
