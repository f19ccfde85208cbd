from datetime import date

from reviewdesk.accounts.models import Partnership, User
from reviewdesk.action_plan import rules
from reviewdesk.action_plan.models import NATIONAL_THEMES, Action, Theme
from reviewdesk.action_plan.testing import at_action_plan, make_action, make_recommendation
from reviewdesk.reviews.models import Review, Stage


def test_a_new_partnership_starts_with_the_national_themes(db: None) -> None:
    partnership = Partnership.objects.create(name="Westvale Safeguarding Children Partnership")
    names = set(Theme.objects.filter(partnership=partnership).values_list("name", flat=True))
    assert names == set(NATIONAL_THEMES)


def test_a_review_at_the_action_plan_with_an_action(review: Review,
                                                    business_manager: User) -> None:
    final = at_action_plan(review, by=business_manager)
    assert review.stage == Stage.ACTION_PLAN and final.review_id == review.pk
    recommendation = make_recommendation(review, by=business_manager, themes=("Neglect",))
    action = make_action(review, by=business_manager, recommendations=(recommendation,),
                         due_on=date(2027, 7, 31))
    assert list(action.recommendations.all()) == [recommendation]
    # Due on Saturday 31 July 2027: overdue on the Sunday, not on the day.
    assert not rules.is_overdue(action, date(2027, 7, 31))
    assert rules.is_overdue(action, date(2027, 8, 1))
    assert Action.objects.filter(rules.overdue_q(date(2027, 8, 1))).get() == action
    assert rules.rag(action, date(2027, 8, 1)) == rules.Rag.RED
    assert rules.rag(action, date(2027, 7, 26)) == rules.Rag.AMBER
    assert rules.rag(action, date(2027, 6, 1)) == rules.Rag.GREEN
