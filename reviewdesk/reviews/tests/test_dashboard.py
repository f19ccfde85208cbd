"""The business manager's dashboard: every review, overdue first, and a constant query count."""

import io
import re
from datetime import date, timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reviewdesk.accounts.models import User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.lib.workingdays import add_working_days, working_days_between
from reviewdesk.rapid_review.actions import start_rapid_review
from reviewdesk.reviews.models import ReviewRole
from reviewdesk.testing import ClientFor, ClientResponse, MakeReview


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


def test_counts_next_deadline_and_who_must_act(make_review: MakeReview, business_manager: User,
                                               client_for: ClientFor) -> None:
    today = timezone.localdate()
    make_review(child_name="Gail Late", aware=today - timedelta(days=40))
    make_review(child_name="Hal Later", aware=today - timedelta(days=41))
    # Aware on the day that puts its Panel notification (5 working days) within 2 working days.
    aware = next(today - timedelta(days=back) for back in range(12)
                 if 0 <= working_days_between(today, add_working_days(today - timedelta(days=back),
                                                                      5)) <= 2)
    soon = make_review(child_name="Ivy Soon", aware=aware)
    body = client_for(business_manager).get("/dashboard/").content.decode()
    overdue = body[body.index('id="count-overdue"'):body.index('id="count-due-soon"')]
    assert ">2</span>" in overdue and "reviews overdue" in overdue
    due_soon = body[body.index('id="count-due-soon"'):body.index('id="next-deadline"')]
    assert ">1</span>" in due_soon and "review due within 2 working days" in due_soon
    # The next deadline still to come, in one line: the review, the deadline, its date, who acts.
    line = body[body.index('id="next-deadline"'):body.index("</p>", body.index('id="next-deadline"'))]
    clock = soon.clocks.filter(met_on__isnull=True).order_by("due_on").first()
    assert clock is not None and clock.effective_due_on >= today
    assert soon.reference in line and clock.owed_by.lower() in line
    assert f"{clock.effective_due_on:%-d %B %Y}" in line
    assert "Who must act" in body and "Business manager, for the local authority" in body


def test_the_bars_carry_their_numbers(make_review: MakeReview, business_manager: User,
                                      client_for: ClientFor) -> None:
    today = timezone.localdate()
    for n in range(3):
        make_review(child_name=f"Jo Late{n}", aware=today - timedelta(days=40))
    body = client_for(business_manager).get("/dashboard/").content.decode()
    numbers = re.findall(r'class="rd-bar-number rd-bar-number--overdue"[^>]*>(\d+)</text>', body)
    assert numbers == ["3", "3"]  # the Panel notification and the rapid review, 3 each
    assert 'class="govuk-width-container rd-full-width"' in body
    assert 'class="rd-scroll-x" role="region" aria-label="Reviews, overdue first" tabindex="0"' in body


def workbook_rows(response: ClientResponse) -> dict[str, list[list]]:
    from openpyxl import load_workbook

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(response.content))
    return {sheet.title: [list(r) for r in sheet.iter_rows(values_only=True)]
            for sheet in book.worksheets}


def test_the_export_has_the_pages_rows_names_as_the_reader_sees_them(
        make_review: MakeReview, business_manager: User, partner: User,
        client_for: ClientFor) -> None:
    today = timezone.localdate()
    late = make_review(child_name="Kit Latimer", aware=today - timedelta(days=40))
    review = make_review(child_name="=HYPERLINK(\"http://x\") Lou", aware=today)
    start_rapid_review(review, by=business_manager, effective_on=today)
    mine = workbook_rows(client_for(business_manager).get("/dashboard/export.xlsx"))
    theirs = workbook_rows(client_for(partner).get("/dashboard/export.xlsx"))
    header = mine["Reviews"][3]
    assert header[:3] == ["Review", "Kind", "Stage"] and "Who must act" in header
    assert mine["Reviews"][4][0] == f"{late.reference}: Kit Latimer"  # overdue first
    assert theirs["Reviews"][4][0] == f"{late.reference}: Child A"
    assert "Kit Latimer" not in str(theirs)
    # A name that looks like a formula stays text.
    assert f"{review.reference}: =HYPERLINK" in str(mine["Reviews"])
    assert mine["Reviews"][4][4] is not None  # the due date, as a date
    assert mine["Reviews"][1][0].startswith("1 overdue, 0 due within 2 working days")
    assert mine["Deadlines by state"][0][:2] == ["Deadline", "Overdue"]
    # Filtered as the page was.
    filtered = workbook_rows(client_for(business_manager).get(
        "/dashboard/export.xlsx?stage=rapid_review"))
    assert [r[0].split(":")[0] for r in filtered["Reviews"][4:]] == [review.reference]
    events = AuditEvent.objects.filter(event_type="dashboard.exported")
    assert events.count() == 3
    assert set(events.values_list("actor", flat=True)) == {business_manager.pk, partner.pk}


def test_export_queries_do_not_grow_and_only_officers_take_it(
        make_review: MakeReview, business_manager: User, practitioner: User,
        client_for: ClientFor) -> None:
    make_review(child_name="Max Number0")
    client = client_for(business_manager)
    few = queries_for(client, "/dashboard/export.xlsx")
    for n in range(1, 6):
        make_review(child_name=f"Max Number{n}")
    assert queries_for(client, "/dashboard/export.xlsx") == few
    assert client_for(practitioner).get("/dashboard/export.xlsx").status_code == 403
