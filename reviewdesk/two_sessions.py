"""Test helpers for edits made in two sessions at once (decision 0023): a second business
manager for the other session, both sessions opening one edit page, the version an edit page was
opened at, and what a refused save's page must show. Loaded as a pytest plugin by the root
conftest, so ``deputy`` is a fixture in every test module."""

import re
from typing import Any

import pytest
from django.test import Client

from reviewdesk.accounts.models import Partnership, PartnershipRole, User
from reviewdesk.testing import ClientResponse

STALE = "since you opened it"
NO_VERSION = "was opened before Review Desk checked for other people"


@pytest.fixture
def deputy(partnership: Partnership) -> User:
    """A second business manager, Dee Deputy, for the other session."""
    return User.objects.create_user("deputy@example.test", "a-long-test-password",
                                    full_name="Dee Deputy", partnership=partnership,
                                    role=PartnershipRole.BUSINESS_MANAGER)


def open_in_both(url: str, first: Client, second: Client) -> tuple[str, str]:
    """Both sessions open the edit page at ``url``: the version each was given, first's first."""
    return version_on(first.get(url)), version_on(second.get(url))


def version_on(response: ClientResponse) -> str:
    """The hidden version input of the edit page in ``response``."""
    assert response.status_code == 200, response.status_code
    match = re.search(r'<input type="hidden" name="version" value="([^"]+)"',
                      response.content.decode())
    assert match, "the edit page has no hidden version input"
    return match.group(1)


def assert_refused(response: ClientResponse, *, theirs: list[str], kept: list[str],
                   who: str = "") -> str:
    """A save refused because someone else saved first: the page (200, not a redirect) says so
    in the error summary, shows their version and keeps this person's input; returns the new
    version the re-rendered form carries."""
    assert response.status_code == 200, response.status_code
    page = response.content.decode()
    assert "govuk-error-summary" in page and STALE in page, page
    assert "Their version, as saved now" in page
    if who:
        assert f"({who} on " in page
    for text in theirs + kept:
        assert text in page, text
    return version_on(response)


def assert_refused_without_version(response: ClientResponse) -> str:
    assert response.status_code == 200, response.status_code
    page = response.content.decode()
    assert NO_VERSION in page and "Their version, as saved now" in page
    return version_on(response)


def posted(values: dict[str, Any], version: str | None) -> dict[str, Any]:
    return values | ({"version": version} if version is not None else {})
