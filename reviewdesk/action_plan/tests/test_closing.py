"""Closing the review waits for every action to have shown its impact or been closed with
reasons, naming those still open; a closed review's action plan is reopened with a reason, from
the action plan's page, and only for a review that had one."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reviewdesk.accounts.models import User
from reviewdesk.action_plan import actions
from reviewdesk.action_plan.models import Action
from reviewdesk.action_plan.testing import make_action
from reviewdesk.action_plan.tests.conftest import day
from reviewdesk.commissioning.testing import walk
from reviewdesk.reviews import transitions
from reviewdesk.reviews.models import Review, Stage
from reviewdesk.reviews.transitions import HandedOver, TransitionRefused
from reviewdesk.testing import ClientFor


def test_the_review_closes_only_when_every_action_is_concluded_then_reopens(
        client_for: ClientFor, planned: Review, business_manager: User, partner: User) -> None:
    today = timezone.localdate()
    first = make_action(planned, by=business_manager, status=Action.Status.IMPACT_SHOWN)
    second = make_action(planned, by=business_manager, status=Action.Status.IN_PROGRESS)
    with pytest.raises(TransitionRefused) as exc:
        transitions.move(planned, "close_review", by=business_manager, effective_on=today,
                         reason="Done.")
    assert exc.value.messages == [
        "Every action must have its impact shown, or be closed with reasons, before the review "
        "closes. Still open: action 2 (in progress)."]
    assert first.number == 1
    actions.close_action(second, by=business_manager, reason="Overtaken.", closed_on=today)
    transitions.move(planned, "close_review", by=business_manager, effective_on=today,
                     reason="Every action shown to work or closed.")
    planned.refresh_from_db()
    assert planned.stage == Stage.CLOSED
    # The review page never offers reopening; the action plan's page does, to the business
    # manager only, and only through its owner.
    with pytest.raises(HandedOver):
        transitions.move(planned, "reopen_action_plan", by=business_manager, effective_on=today,
                         reason="More to do.")
    url = reverse("action_plan:reopen", args=[planned.uuid])
    assert client_for(partner).post(url, {"reason": "x", **day("effective_on", today)}
                                    ).status_code == 403
    page = client_for(business_manager).get(reverse("action_plan:page", args=[planned.uuid]))
    assert "Reopen the action plan" in page.content.decode()
    refused = client_for(business_manager).post(url, {"reason": "",
                                                       **day("effective_on", today)})
    assert refused.status_code == 200 and "Give the reasons" in refused.content.decode()
    done = client_for(business_manager).post(url, {
        "reason": "The audit showed the change did not last.", **day("effective_on", today)})
    assert done.status_code == 302
    planned.refresh_from_db()
    assert planned.stage == Stage.ACTION_PLAN
    assert planned.timeline.filter(to_stage=Stage.ACTION_PLAN).count() == 2


def test_a_case_closed_without_a_review_has_no_action_plan_to_reopen(
        review: Review, business_manager: User) -> None:
    closed = walk(review, business_manager, Stage.CLOSED, kind="")
    with pytest.raises(TransitionRefused, match="closed at the end of its action plan"):
        actions.reopen_action_plan(closed, by=business_manager, reason="Why not.",
                                   effective_on=timezone.localdate() - timedelta(days=0))
