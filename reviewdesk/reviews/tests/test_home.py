"""Home is "what needs me": each person's items, most urgent first, as they may see them, with
a query count that does not grow with the number of reviews."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from reviewdesk.accounts.models import Agency, PartnershipRole, User
from reviewdesk.commissioning.testing import walk
from reviewdesk.rapid_review import actions as rapid_review
from reviewdesk.reviews import actions
from reviewdesk.reviews.models import Review, ReviewRole, Stage
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.needs import PROVIDERS, providers
from reviewdesk.reviews.tests.test_dashboard import queries_for
from reviewdesk.testing import ClientFor, MakeReview


def _with_summary_asked(make_review: MakeReview, business_manager: User, author: User,
                        agency: Agency, n: int, due_on: date) -> Review:
    """A review in its rapid review, with the author asked for the agency's summary and a task
    (naming the child) owned by the author."""
    today = timezone.localdate()
    review = make_review(child_name=f"Ollie Numbered{n}", aware=today - timedelta(days=12))
    review = rapid_review.start_rapid_review(review, by=business_manager,
                                             effective_on=today - timedelta(days=11))
    rapid_review.request_summaries(review, by=business_manager, contacts=[(agency, author)],
                                   due_on=due_on, requested_on=today - timedelta(days=10))
    actions.add_task(review, by=business_manager, title=f"Ring Ollie Numbered{n}'s school",
                     due_on=today + timedelta(days=30), owner=author)
    return review


def test_every_provider_resolves() -> None:
    assert len(providers()) == len(PROVIDERS)
    assert all(callable(p) for p in providers())


def test_an_agency_author_sees_their_summary_overdue_first_then_a_task(
        make_review: MakeReview, business_manager: User, agency_author: User,
        agencies: dict[str, Agency], client_for: ClientFor) -> None:
    today = timezone.localdate()
    police = agencies["police"]
    late = _with_summary_asked(make_review, business_manager, agency_author, police, 1,
                               due_on=today - timedelta(days=1))
    body = client_for(agency_author).get("/").content.decode()
    send = body.index(f"Send {police.name}&#39;s summary for the rapid review")
    assert body.index("Overdue", body.index('data-testid="needs"')) < send
    assert send < body.index("Ring")
    assert f"/rapid-review/summaries/{late.summary_requests.get().uuid}/" in body
    # A member of the family's team sees the child's name; the redactor is applied all the same.
    assert "Ring Ollie Numbered1&#39;s school" in body


def test_items_show_no_name_the_viewer_may_not_see(
        make_review: MakeReview, business_manager: User, partner: User,
        client_for: ClientFor) -> None:
    review = make_review(child_name="Zebedee Markername")
    actions.add_task(review, by=business_manager, title="Ask Zebedee Markername's GP for notes",
                     due_on=timezone.localdate() + timedelta(days=1), owner=partner)
    body = client_for(partner).get("/").content.decode()
    assert "Ask Child A&#39;s GP for notes" in body
    for marker in ("Zebedee", "Markername"):
        assert marker not in body


@pytest.mark.parametrize("who", ["business_manager", "agency_author", "partner", "scrutineer",
                                 "executive", "subgroup_member"])
def test_home_queries_do_not_grow_with_the_number_of_reviews(
        who: str, request: pytest.FixtureRequest, make_review: MakeReview,
        business_manager: User, agency_author: User, agencies: dict[str, Agency],
        client_for: ClientFor) -> None:
    viewer = request.getfixturevalue(who)
    today = timezone.localdate()

    def add(n: int) -> None:
        _with_summary_asked(make_review, business_manager, agency_author, agencies["police"], n,
                            due_on=today + timedelta(days=n - 3))

    add(0)
    add(1)
    client = client_for(viewer)
    few = queries_for(client, "/")
    for n in range(2, 6):
        add(n)
    assert queries_for(client, "/") == few


def test_who_to_ask_is_the_authors_own_agencys_representative(
        review: Review, agency_author: User, subgroup_member: User, partnership: object,
        agencies: dict[str, Agency], client_for: ClientFor) -> None:
    # The review's subgroup member speaks for Health; the author works for the Police.
    body = client_for(agency_author).get("/").content.decode()
    assert subgroup_member.display_name not in body
    assert f"No one represents {agencies['police'].name} on the CSPR subgroup: ask the " \
           "business manager." in body
    police_rep = User.objects.create_user(
        "police.rep@example.test", "a-long-test-password", full_name="Ronan Rep",
        partnership=agencies["police"].partnership, role=PartnershipRole.SUBGROUP_MEMBER,
        agency=agencies["police"])
    body = client_for(agency_author).get("/").content.decode()
    assert f"{police_rep.display_name} ({agencies['police'].name}'s representative" in body
    assert subgroup_member.display_name not in body


def test_the_executive_sees_the_reviews_at_their_stages(
        make_review: MakeReview, business_manager: User, executive: User, learning_lead: User,
        client_for: ClientFor) -> None:
    at_report = walk(make_review(child_name="Rory Reported"), business_manager, Stage.REPORT)
    early = make_review(child_name="Edie Early")
    body = client_for(executive).get("/").content.decode()
    assert "Reviews at your group's stages" in body
    assert at_report.reference in body and early.reference not in body
    assert "Rory" not in body  # the executive group sees pseudonyms
    learning = client_for(learning_lead).get("/").content.decode()
    assert at_report.reference not in learning  # publication and after only


def test_the_business_managers_home_counts_the_partnerships_deadlines(
        make_review: MakeReview, business_manager: User, client_for: ClientFor) -> None:
    today = timezone.localdate()
    make_review(child_name="Olga Late", aware=today - timedelta(days=40))
    make_review(child_name="Nina New", aware=today)
    body = client_for(business_manager).get("/").content.decode()
    counts = body[body.index('data-testid="partnership-counts"'):]
    assert "<strong>1</strong> review is overdue" in counts
    assert "/dashboard/" in counts
    # Its clocks are items of their own, most urgent first.
    assert "Deadline: Panel notification" in body


def test_an_officer_on_no_review_team_is_pointed_to_the_dashboard_not_told_of_no_reviews(
        make_review: MakeReview, business_manager: User, outsider: User,
        client_for: ClientFor) -> None:
    make_review(child_name="Olga Late")
    body = client_for(business_manager).get("/").content.decode()
    assert "You are not part of any review" not in body
    assert "Every open review of the partnership, with its next deadline, is on" in body
    # Someone who may not see the dashboard is told plainly they are on no review.
    assert "You are not part of any review at the moment." in client_for(outsider).get(
        "/").content.decode()


def test_closed_reviews_are_listed_by_title_not_as_cards(
        review: Review, make_review: MakeReview, business_manager: User, agency_author: User,
        client_for: ClientFor) -> None:
    closed = make_review(child_name="Clara Closed")
    actions.add_member(closed, agency_author, ReviewRole.AGENCY_AUTHOR, by=business_manager,
                       started_on=date(2026, 3, 3))
    closed = walk(closed, business_manager, Stage.CLOSED, kind="")
    body = client_for(agency_author).get("/").content.decode()
    cards = body[body.index("Your reviews"):body.index('data-testid="closed-reviews"')]
    listed = body[body.index('data-testid="closed-reviews"'):]
    assert review.reference in cards and closed.reference not in cards
    assert "Closed reviews you are part of (1)" in listed
    # Its title as the author may see it, linking to its page.
    assert f'href="/reviews/{closed.uuid}/">{Names(closed, agency_author).title}</a>' in listed
    assert "Agency author" in listed


def test_someone_whose_reviews_are_all_closed_is_told_so(
        review: Review, business_manager: User, agency_author: User,
        client_for: ClientFor) -> None:
    walk(review, business_manager, Stage.CLOSED, kind="")
    body = client_for(agency_author).get("/").content.decode()
    assert "None of the reviews you are part of is open." in body
    assert "You are not part of any review" not in body


def test_home_asks_no_query_for_a_role_the_viewer_has_never_held(
        review: Review, make_review: MakeReview, business_manager: User, agency_author: User,
        lead_reviewer: User) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reviewdesk.family.tests.helpers import add, register_family
    from reviewdesk.reviews.needs import needs_for

    tables = ("staff_conversation", "staff_arearaised", "family_familymember")

    def tables_asked(viewer: User) -> dict[str, int]:
        with CaptureQueriesContext(connection) as captured:
            needs_for(viewer, date(2026, 12, 5))
        return {t: sum(f'FROM "{t}"' in q["sql"] for q in captured.captured_queries)
                for t in tables}

    # The agency author has never led a review: the lead reviewer's queries are not asked.
    before = tables_asked(agency_author)
    assert before["staff_arearaised"] == before["family_familymember"] == 0
    assert tables_asked(lead_reviewer) != before
    # Once they lead one, they are (as many as for a lead reviewer), and find what is theirs.
    other = make_review(child_name="Lena Led")
    actions.add_member(other, agency_author, ReviewRole.LEAD_REVIEWER, by=business_manager,
                       started_on=date(2026, 3, 3))
    entries = register_family(other, business_manager)
    add(other, agency_author, entries["sister"], relationship="sister", is_sibling=True)
    assert tables_asked(agency_author) == tables_asked(lead_reviewer)
    assert any("sibling decision" in n.what for n in needs_for(agency_author, date(2026, 12, 5)))
