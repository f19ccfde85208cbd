"""The business manager's dashboard: every review, overdue first, and a constant query count."""

from datetime import date, timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reviewdesk.accounts.models import User
from reviewdesk.lib.workingdays import add_working_days
from reviewdesk.rapid_review.actions import start_rapid_review
from reviewdesk.reviews.models import ReviewRole
from reviewdesk.testing import ClientFor, MakeReview


def queries_for(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_queries_do_not_grow_with_the_number_of_reviews(make_review: MakeReview, business_manager: User,
                                                       partner: User, client_for: ClientFor) -> None:
    for n in range(2):
        make_review(child_name=f"Child Number{n}")
    bm, other = client_for(business_manager), client_for(partner)
    few = queries_for(bm, "/dashboard/"), queries_for(other, "/dashboard/")
    for n in range(2, 8):
        make_review(child_name=f"Child Number{n}")
    many = queries_for(bm, "/dashboard/"), queries_for(other, "/dashboard/")
    assert many == few


def test_home_page_queries_do_not_grow_with_memberships(make_review: MakeReview, business_manager: User,
                                                       practitioner: User, client_for: ClientFor) -> None:
    from reviewdesk.reviews import actions

    def join(n: int) -> None:
        review = make_review(child_name=f"Child Home{n}")
        actions.add_member(review, practitioner, ReviewRole.PRACTITIONER, by=business_manager,
                           started_on=date(2026, 3, 3))

    join(0)
    join(1)
    client = client_for(practitioner)
    few = queries_for(client, "/")
    for n in range(2, 6):
        join(n)
    assert queries_for(client, "/") == few


def test_overdue_reviews_come_first_and_filters_work(make_review: MakeReview, business_manager: User,
                                                    client_for: ClientFor) -> None:
    today = timezone.localdate()
    on_track = make_review(child_name="Alfie Ontrack", aware=today)
    overdue = make_review(child_name="Betty Overdue", aware=today - timedelta(days=30))
    in_rapid = make_review(child_name="Carl Rapid", aware=today)
    start_rapid_review(in_rapid, by=business_manager, effective_on=today)
    body = client_for(business_manager).get("/dashboard/").content.decode()
    table = body[body.index("Reviews, overdue first"):]
    assert table.index(overdue.reference) < table.index(on_track.reference)
    assert "Overdue by" in body
    filtered = client_for(business_manager).get("/dashboard/?stage=rapid_review").content.decode()
    assert in_rapid.reference in filtered
    assert on_track.reference not in filtered and overdue.reference not in filtered


def test_the_chart_has_a_table_with_the_same_figures(make_review: MakeReview, business_manager: User,
                                                    client_for: ClientFor) -> None:
    today = timezone.localdate()
    make_review(child_name="Dora Late", aware=today - timedelta(days=40))
    body = client_for(business_manager).get("/dashboard/").content.decode()
    assert '<svg class="rd-chart" role="img"' in body
    assert "Show the chart as a table" in body
    # Two clocks started at intake, both overdue: the Panel notification and the rapid review.
    assert body.count('class="rd-fill-overdue"') == 2


def test_due_dates_on_the_review_page_skip_bank_holidays(make_review: MakeReview, business_manager: User,
                                                        client_for: ClientFor) -> None:
    review = make_review(aware=date(2025, 12, 22))
    body = client_for(business_manager).get(f"/reviews/{review.uuid}/").content.decode()
    assert add_working_days(date(2025, 12, 22), 5) == date(2025, 12, 31)
    assert "Wednesday 31 December 2025" in body  # Panel notification
    assert "Thursday 15 January 2026" in body  # rapid review


def test_a_learning_review_can_draw_on_a_second_case(make_review: MakeReview, business_manager: User,
                                                    client_for: ClientFor) -> None:
    review = make_review()
    response = client_for(business_manager).post(f"/reviews/{review.uuid}/cases/add/", {
        "child_1_name": "Second Casechild", "child_1_dob-day": "1", "child_1_dob-month": "2",
        "child_1_dob-year": "2020", "what_happened": "serious_harm",
        "abuse_or_neglect": "suspected", "incident_date-day": "3", "incident_date-month": "1",
        "incident_date-year": "2025", "la_aware_on-day": "4", "la_aware_on-month": "1",
        "la_aware_on-year": "2025", "summary": "An earlier case with the same learning.",
    })
    assert response.status_code == 302
    assert review.incidents.count() == 2
    assert review.clocks.count() == 2  # no new deadlines for an earlier case
    assert review.identities.filter(kind="child").order_by("pk").last().pseudonym == "Child B"
    assert review.timeline.filter(title="Another case added to the review").exists()
