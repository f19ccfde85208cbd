""""The action plan" on a review's page: how many actions were agreed, how many are overdue and
how many concluded, with the link to the stage's hub page. From the action plan stage on, and
earlier once an action on interim learning has been agreed, for everyone who reads the plan."""

from typing import cast

from django.http import HttpRequest
from django.utils import timezone

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import User
from reviewdesk.action_plan import actions, selectors
from reviewdesk.reviews.models import Review, Stage
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.sections import Section

ORDER = 100  # after publication's
STAGES = (Stage.ACTION_PLAN, Stage.CLOSED)


def action_plan_section(request: HttpRequest, review: Review, names: Names) -> Section | None:
    if not access.can(cast(User, request.user), review, Permission.VIEW_ACTION_PLAN):
        return None
    at_stage = review.stage in STAGES
    if not at_stage and not review.plan_actions.exists() and not actions.interim_clocks(review):
        return None
    rows = selectors.plan(review, timezone.localdate())
    return Section("action_plan/_section.html", ORDER, {
        "review": review, "counts": selectors.counts(rows), "at_stage": at_stage})
