"""Queries per page do not grow with the number of reviews (issue 22).

Every GET page of the access matrix (its URL list comes from Django's resolver, so a new page is
counted here too) is opened by the business manager and by one other person whose page it is, in
the matrix's world at the action plan stage; the partnership then takes more reviews, at several
stages and with their registers, teams, chronologies and action plans, and each page is opened
again. A list of every review must make one query per list, not one per review, and a page about
one review must not notice the others at all: no count may grow.

The world is built once for the module (about as long as one stage of the matrix); conftest puts
the whole module in one xdist group, so it is built once when the suite runs in several processes.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
import time_machine
from django.db import connection, reset_queries, transaction
from django.http import StreamingHttpResponse
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoDbBlocker

from conftest import TEST_TODAY, _ten_in_the_morning
from reviewdesk.accounts.models import Agency, User
from reviewdesk.accounts.testing import reauthenticated
from reviewdesk.action_plan.testing import (
    at_action_plan,
    make_action,
    make_finding,
    make_meeting,
    make_recommendation,
)
from reviewdesk.audit.context import as_system
from reviewdesk.chronology import actions as chronology
from reviewdesk.chronology.tests.access_rows import HEADER
from reviewdesk.commissioning.testing import walk
from reviewdesk.publication.testing import make_publication
from reviewdesk.reviews import actions
from reviewdesk.reviews.models import IdentityEntry, Incident, Review, ReviewRole, Stage
from reviewdesk.reviews.tests.test_access_matrix import (
    AUTHOR_P,
    BM,
    EXECUTIVE,
    HERE_MARKER_NAMES,
    HERE_PEOPLE,
    LEAD,
    LEARNING,
    MANAGER_P,
    OTHER_SUBGROUP,
    OUTSIDER,
    PARTNER,
    PRACT,
    SCRUTINEER,
    SIGNED_IN,
    SUBGROUP,
    MatrixContext,
    all_url_names,
    build_partnership,
    rows_for,
)

# The stage of the matrix's world: every app has made its records by then (chronologies, drafts,
# the report, the publication, the action plan), so nearly every page shows what it lists.
STAGE = "action_plan"

# Pages not counted here, and why. Every other GET page must be opened by someone below.
EXCLUDED = {
    # Public pages for visitors not signed in (a signed-in person is sent on): no review's data.
    "accounts:sign_in": "signed-in people are sent on",
    # A set-password link's token is invalid in the matrix (a page of its own tests).
    "accounts:set_password": "needs a real token sent by e-mail",
}

# The business manager opens every page that is theirs; the first of these whose page it is
# opens it too (so a page the business manager may not open still has a reader).
OTHERS = [LEAD, PARTNER, AUTHOR_P, PRACT, MANAGER_P, SUBGROUP, SCRUTINEER, EXECUTIVE, LEARNING,
          OTHER_SUBGROUP, OUTSIDER]

# The other reviews the partnership takes: each stage's own records come with it.
MORE_AT = [Stage.NOTIFICATION, Stage.CHRONOLOGY, Stage.REPORT, Stage.PUBLICATION,
           Stage.ACTION_PLAN]


@dataclass
class Counted:
    rows: dict
    before: dict[tuple[str, str], tuple[int, int]]
    after: dict[tuple[str, str], tuple[int, int]]
    reviews_before: int
    reviews_after: int
    # References of the partnership's reviews missing from the business manager's dashboard.
    not_on_dashboard: list[str]


def is_post_only(row: tuple) -> bool:
    """A GET is refused (405) for everyone signed in: the matrix asserts it for every such URL."""
    get_expected = row[1]
    return all(get_expected[person] == 405 for person in SIGNED_IN)


# A page shown (200), or a GET that sends its reader on (302: to confirm it's them before an
# export, which the counting client has just done, or to the page that does the work).
OPENED = {200, 302}


def viewers(row: tuple) -> list[str]:
    """The business manager if the page is theirs, and the first other person whose page it
    is."""
    get_expected = row[1]
    chosen = [BM] if get_expected[BM] in OPENED else []
    chosen += [person for person in OTHERS if get_expected[person] in OPENED][:1]
    return chosen


def queries(client: Client, url: str) -> tuple[int, int]:
    """The status of one GET and the queries it makes, its streamed body (an export) read to
    the end."""
    # The log keeps 9,000 queries: emptied, so a count is never of a full log.
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if isinstance(response, StreamingHttpResponse):
            # Read as a browser would; the test client closes it at the end (never by hand:
            # closing fires request_finished, which drops the connection on PostgreSQL).
            b"".join(response)
    return response.status_code, len(captured.captured_queries)


def client_as(person: User | None) -> Client:
    """Signed in, and having just confirmed it's them (so an export is counted, not the confirm
    page it would send them to)."""
    assert person is not None
    client = Client()
    client.force_login(person)
    return reauthenticated(client)


def count_all(rows: dict, people: dict[str, User | None], *, first_viewer_only: bool = False
              ) -> dict[tuple[str, str], tuple[int, int]]:
    """(status, queries) of each page for each of its viewers."""
    clients: dict[str, Client] = {}
    counts = {}
    for name, row in sorted(rows.items()):
        if name in EXCLUDED or is_post_only(row):
            continue
        for person in viewers(row)[:1] if first_viewer_only else viewers(row):
            if person not in clients:
                clients[person] = client_as(people[person])
            counts[name, person] = queries(clients[person], row[0])
    return counts


CHRONOLOGY = (HEADER + "03/03/2026,10:00,Police log,Police officer,A call about Child B.,"
              "Seen the same day.,\n04/03/2026,,Police log,Police officer,A visit,,\n")


def more_reviews(ctx: MatrixContext, *, batch: int) -> None:
    """Reviews of the same partnership at several stages, each with a register, the same team
    (so the lead reviewer's and the practitioner's lists grow too), tasks and its stage's
    records."""
    bm = ctx.business_manager
    people = {key: person for key, person in ctx.people.items() if person is not None}
    partnership = ctx.review.partnership
    agencies = {a.kind: a for a in Agency.objects.filter(partnership=partnership)}
    team = {ReviewRole.LEAD_REVIEWER: people[LEAD], ReviewRole.AGENCY_AUTHOR: people[AUTHOR_P],
            ReviewRole.PRACTITIONER: people[PRACT], ReviewRole.SUBGROUP_MEMBER: people[SUBGROUP],
            ReviewRole.MANAGER: people[MANAGER_P]}
    for number, stage in enumerate(MORE_AT, start=batch * 10):
        aware = date(2026, 3, 2)
        child = f"Child {number} Other"
        day_of_birth = date(2018, 5, 1) + timedelta(days=number)
        review = actions.record_incident(
            partnership, by=bm, what_happened=Incident.WhatHappened.SERIOUS_HARM,
            abuse_or_neglect=Incident.AbuseOrNeglect.SUSPECTED, incident_date=aware,
            la_aware_on=aware, agencies=[agencies["police"], agencies["health"]],
            summary=f"{child} was hurt at home.",
            children=[{"name": child, "date_of_birth": day_of_birth,
                       "looked_after": False}])
        actions.save_identity(review, by=bm, kind=IdentityEntry.Kind.FAMILY,
                              real_name=f"Mother {number} Other", pseudonym="Mother",
                              role_title="Mother")
        for role, person in team.items():
            actions.add_member(review, person, role, by=bm, started_on=date(2026, 3, 3),
                               no_contact=True if role == ReviewRole.SUBGROUP_MEMBER else None)
        for owner in (bm, people[LEAD], people[PARTNER], people[PRACT]):
            actions.add_task(review, by=bm, title=f"Read the file on {child}",
                             due_on=date(2026, 3, 25), owner=owner)
        if stage == Stage.ACTION_PLAN:
            at_action_plan(review, by=bm)
            finding = make_finding(review, by=bm)
            meeting = make_meeting(review, by=bm, held_on=date(2026, 10, 1))
            recommendation = make_recommendation(review, by=bm, findings=(finding,))
            make_action(review, by=bm, owner=people[PARTNER], meeting=meeting,
                        recommendations=(recommendation,))
            make_publication(review, by=bm, title=f"Child {number}")
        elif stage != Stage.NOTIFICATION:
            walk(review, bm, stage)
        if stage == Stage.CHRONOLOGY:
            with as_system("command import_chronology"):
                chronology.import_file(review, agencies["police"], CHRONOLOGY.encode(),
                                       "police chronology.csv", by=None,
                                       received_on=date(2026, 5, 20),
                                       accepted_on=date(2026, 5, 20))


@pytest.fixture(scope="module")
def counted(django_db_setup: None, django_db_blocker: DjangoDbBlocker,
            tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
            ) -> Iterator[Counted]:
    """The matrix's world at STAGE with a review more at each of MORE_AT, every page counted;
    then as many reviews again, every page counted again. All in one transaction rolled back at
    the end (as the matrix's ``world``), on the suite's fixed day."""
    shift = max(request.config.getoption("--clock-shift"), 0)
    media: Path = tmp_path_factory.mktemp("media-queries")
    with django_db_blocker.unblock(), transaction.atomic():
        with (time_machine.travel(_ten_in_the_morning(TEST_TODAY + timedelta(days=shift)),
                                  tick=True),
              override_settings(MEDIA_ROOT=media)):
            here = build_partnership(
                STAGE, name="Testshire Safeguarding Children Partnership", code="TS",
                place="Testshire", names=HERE_PEOPLE, email_domain="example.test",
                markers=HERE_MARKER_NAMES)
            rows = rows_for(here)
            # Reviews at every stage of MORE_AT already, so a list asked for only when it has
            # something in it is asked for before as after: what may not grow is the count per
            # review.
            more_reviews(here, batch=1)
            reviews = Review.objects.filter(partnership=here.review.partnership)
            reviews_before = reviews.count()
            # Each page seen once first: its first visit may work out once what it keeps (the
            # merged chronology's duplicates), and templates are compiled.
            count_all(rows, here.people, first_viewer_only=True)
            before = count_all(rows, here.people)
            more_reviews(here, batch=2)
            reviews_after = reviews.count()
            # The first visit since the new reviews came: nothing kept for them yet.
            after = count_all(rows, here.people)
            dashboard = client_as(here.people[BM]).get("/dashboard/").content.decode()
            listed = [r.reference for r in reviews if r.reference not in dashboard]
        yield Counted(rows, before, after, reviews_before, reviews_after, listed)
        transaction.set_rollback(True)


def test_the_partnership_took_more_reviews_and_the_dashboard_lists_them(counted: Counted,
                                                                        db: None) -> None:
    assert counted.reviews_after == counted.reviews_before + len(MORE_AT)
    assert not counted.not_on_dashboard


@pytest.mark.parametrize("name", sorted(all_url_names()))
def test_queries_do_not_grow_with_the_number_of_reviews(name: str, counted: Counted,
                                                        db: None) -> None:
    if name in EXCLUDED:
        return
    assert name in counted.rows, f"{name} has no row in the access matrix"
    row = counted.rows[name]
    if is_post_only(row):
        return
    people = viewers(row)
    assert people, (f"Nobody opens {name} at {STAGE}: give it a viewer (OTHERS) or say why it "
                    "is left out (EXCLUDED)")
    for person in people:
        (status, before), (status_after, after) = (counted.before[name, person],
                                                   counted.after[name, person])
        assert status == status_after, f"GET {name} as {person}: {status}, then {status_after}"
        assert after <= before, (
            f"GET {name} as {person}: {before} queries, then {after} with "
            f"{counted.reviews_after - counted.reviews_before} more reviews")
