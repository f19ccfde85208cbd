"""The learning dashboard: the counts over the reviews the viewer may see, themes over time,
actions by status and overdue (the action plan's one rule), recommendations per theme with
their actions' impact; a fixed number of queries whatever the number of reviews."""

from datetime import date

from django.urls import reverse

from reviewdesk.accounts.models import User
from reviewdesk.action_plan.models import Action
from reviewdesk.learning import selectors
from reviewdesk.learning.tests.conftest import Learned
from reviewdesk.reviews.models import Stage
from reviewdesk.testing import ClientFor, TodayIs

URL = reverse("learning:dashboard")


def test_the_dashboard_counts_reviews_themes_and_actions(
        client_for: ClientFor, learned_review: Learned, partner: User, today_is: TodayIs) -> None:
    today_is(date(2027, 8, 2))
    learned_review("Ada Brook", aware=date(2025, 2, 3), completed_on=date(2025, 8, 20),
                   review_themes=("Neglect",), actions=(
                       {"status": Action.Status.IMPACT_SHOWN},
                       {"status": Action.Status.COMPLETED}))
    # Due on Saturday 31 July 2027: overdue from Sunday 1 August.
    learned_review("Bea Cole", aware=date(2026, 3, 2), completed_on=date(2027, 2, 1),
                   actions=({"due_on": date(2027, 7, 31)},))
    board = selectors.dashboard(partner, date(2027, 8, 2))
    assert board.reviews == 2 and board.years[-1] == 2027
    assert board.by_kind[0][1][-3:] == [1, 1, 0]  # 2025, 2026, 2027
    assert board.completed[-3:] == [1, 0, 1]
    # 20 August 2025 is within six months of 28 February 2025; 1 February 2027 is not of 28
    # March 2026.
    assert board.completed_in_six_months[-3:] == [1, 0, 0]
    by_name = {row.theme.name: row for row in board.themes}
    assert by_name["Non-accidental injury"].total == 2
    assert by_name["Neglect"].by_year[-3:] == [1, 0, 0]
    assert board.overdue == 1
    counts = {status: n for status, _, n in board.action_statuses}
    assert counts[Action.Status.IMPACT_SHOWN] == 1 and counts[Action.Status.NOT_STARTED] == 1
    injury = {r.theme.name: r for r in board.theme_recommendations}["Non-accidental injury"]
    assert (injury.recommendations, injury.actions, injury.impact_shown, injury.completed,
            injury.overdue) == (2, 3, 1, 1, 1)
    page = client_for(partner).get(URL).content.decode()
    assert "Themes over time" in page and "Non-accidental injury" in page
    assert 'role="img"' in page and "The same figures are in the table below" in page
    # Counts only: no child is named, even by pseudonym.
    assert "Ada Brook" not in page and "Child A" not in page


def test_the_overdue_count_moves_with_the_date(learned_review: Learned, partner: User,
                                               today_is: TodayIs) -> None:
    learned_review(actions=({"due_on": date(2027, 7, 31)},))
    assert selectors.dashboard(partner, today_is(date(2027, 7, 31))).overdue == 0
    assert selectors.dashboard(partner, today_is(date(2027, 8, 1))).overdue == 1


def test_each_viewer_counts_only_the_reviews_they_may_see(
        learned_review: Learned, executive: User, partner: User) -> None:
    learned_review("Early Stage", stage=Stage.CHRONOLOGY)
    learned_review("Late Stage", stage=Stage.ACTION_PLAN)
    assert selectors.dashboard(partner, date(2026, 12, 5)).reviews == 2
    # The executive group sees reviews from the report stage on.
    assert selectors.dashboard(executive, date(2026, 12, 5)).reviews == 1
    assert selectors.dashboard(executive, date(2026, 12, 5)).actions == 1


def test_who_may_see_the_dashboard(client_for: ClientFor, partner: User, learning_lead: User,
                                   executive: User, practitioner: User, lead_reviewer: User
                                   ) -> None:
    for person in (partner, learning_lead, executive):
        assert client_for(person).get(URL).status_code == 200
    for person in (practitioner, lead_reviewer):
        assert client_for(person).get(URL).status_code == 403
    assert client_for(None).get(URL).status_code == 302


def test_the_queries_do_not_grow_with_the_reviews(
        client_for: ClientFor, learned_review: Learned, partner: User,
        django_assert_max_num_queries: object) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(partner)
    learned_review("One Child")
    with CaptureQueriesContext(connection) as one:
        assert client.get(URL).status_code == 200
    for n in range(5):
        learned_review(f"Child Number{n}", aware=date(2025, 1 + n, 3),
                       actions=({}, {"status": Action.Status.COMPLETED}))
    with CaptureQueriesContext(connection) as six:
        assert client.get(URL).status_code == 200
    assert len(six) == len(one), [q["sql"] for q in six.captured_queries]
