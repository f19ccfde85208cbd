"""The matrix's records for these pages, checked cheaply (the matrix itself runs them at every
stage): the marker names are on the list, seen by those who see staff identities only."""

import html

import pytest
from django.test import Client

from reviewdesk.accounts.models import User
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.tests.test_access_matrix import (
    BM,
    PARTNER,
    PRACTITIONER,
    SEES_REVIEW_AT,
    STAFF_MARKERS,
    TYPED,
    MatrixContext,
    marked_review,  # noqa: F401 (a fixture)
    people,  # noqa: F401 (a fixture)
    rows_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def stage() -> str:
    return "chronology"


def test_the_rows_records_name_the_markers_only_to_those_who_see_staff_identities(
        marked_review: Review, people: dict[str, User | None],  # noqa: F811
        business_manager: User) -> None:
    # Every app's rows, as the matrix makes them (the other staff apps' rows after these).
    ctx = MatrixContext(marked_review, people, "chronology", SEES_REVIEW_AT["chronology"],
                        business_manager)
    url = rows_for(ctx)["staff:practitioners"][0]

    def page(person: str) -> str:
        client = Client()
        user = people[person]
        assert user is not None
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        return html.unescape(response.content.decode())

    shown = page(BM)
    assert f"{PRACTITIONER} Junior" in shown and PRACTITIONER in shown
    assert "Gale Gone" in shown and "Moved away" not in shown
    labels = page(PARTNER)
    leaks = [m for m in STAFF_MARKERS if m.lower() in labels.lower()]
    assert leaks == []
    assert TYPED not in labels and "Health Visitor 2" in labels
