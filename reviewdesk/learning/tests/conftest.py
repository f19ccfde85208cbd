"""Reviews of the partnership over two years, made directly (the learning pages read them and
change none): each with its incident summary naming the child, a partners' decision, findings
and recommendations tagged with themes, and agreed actions."""

from collections.abc import Callable
from datetime import date

import pytest

from reviewdesk.accounts.models import User
from reviewdesk.action_plan.models import Action, ReviewTheme
from reviewdesk.action_plan.testing import make_action, make_finding, make_recommendation, theme
from reviewdesk.decisions.models import DecisionOutcome, Outcome
from reviewdesk.reviews.models import Clock, ClockKind, Review, ReviewKind, Stage

BABY = "Tobias Wrenfield"  # the bruised baby's review: 'Child A' in pseudonyms
BRUISING = ("Health visitors did not see bruising on a non-mobile baby as a warning sign, and "
            "no one asked who cared for the baby.")
BRUISING_RECOMMENDATION = "The partnership should audit its bruising protocol for non-mobile babies."

Learned = Callable[..., Review]


@pytest.fixture
def learned_review(make_review: Callable[..., Review], business_manager: User) -> Learned:
    def make(child: str = BABY, *, aware: date = date(2026, 3, 2),
             summary: str = "", stage: str = Stage.ACTION_PLAN,
             kind: str = ReviewKind.LOCAL_CSPR, outcome: str = Outcome.LOCAL_CSPR,
             initiated_on: date | None = None, completed_on: date | None = None,
             findings: tuple[tuple[str, tuple[str, ...]], ...] = ((BRUISING, ("Non-accidental "
                                                                               "injury",)),),
             recommendations: tuple[tuple[str, tuple[str, ...]], ...] = (
                 (BRUISING_RECOMMENDATION, ("Non-accidental injury",)),),
             review_themes: tuple[str, ...] = (),
             actions: tuple[dict, ...] = ({},)) -> Review:
        review = make_review(child_name=child, aware=aware,
                             summary=summary or f"{child} was bruised at home.")
        initiated_on = initiated_on or aware.replace(day=28)
        Review.objects.filter(pk=review.pk).update(stage=stage, kind=kind,
                                                   initiated_on=initiated_on)
        review.refresh_from_db()
        DecisionOutcome.objects.create(
            review=review, outcome=outcome, route=DecisionOutcome.Route.AGREEMENT,
            decided_on=initiated_on, reasons="The criteria are met.", review_kind=kind,
            recorded_by=business_manager)
        Clock.objects.filter(review=review, kind=ClockKind.RAPID_REVIEW).update(
            met_on=aware.replace(day=20))
        if completed_on:
            Clock.objects.create(review=review, kind=ClockKind.REVIEW_COMPLETION,
                                 started_on=initiated_on, due_on=initiated_on.replace(
                                     year=initiated_on.year + 1), met_on=completed_on,
                                 owed_by="The lead reviewer", rule_source="WT 2023",
                                 rule_text="Six months")
        recs = []
        for number, (text, themes) in enumerate(findings, start=1):
            make_finding(review, by=business_manager, number=number, text=text, themes=themes)
        for number, (text, themes) in enumerate(recommendations, start=1):
            recs.append(make_recommendation(review, by=business_manager, number=number,
                                            text=text, themes=themes))
        for name in review_themes:
            ReviewTheme.objects.create(review=review, theme=theme(review, name),
                                       recorded_by=business_manager)
        for values in actions:
            make_action(review, by=business_manager, recommendations=tuple(recs[:1]),
                        **({"agreed_on": initiated_on} | values))
        return review

    return make


__all__ = ["Action", "BABY", "BRUISING", "Learned"]
