""""Actions taken, their impact and what more will be done" on a review's page, at the action plan
stage and after: where the statement stands (a draft, approved, with the report), for everyone
who reads the action plan."""

from typing import cast

from django.http import HttpRequest

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import User
from reviewdesk.action_plan.models import ActionsStatement
from reviewdesk.reviews.models import Review, Stage
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.sections import Section

ORDER = 103  # after the action plan's own
STAGES = (Stage.ACTION_PLAN, Stage.CLOSED)


def statement_section(request: HttpRequest, review: Review, names: Names) -> Section | None:
    if review.stage not in STAGES:
        return None
    if not access.can(cast(User, request.user), review, Permission.VIEW_ACTION_PLAN):
        return None
    current = ActionsStatement.objects.filter(review=review).first()
    return Section("statement/_section.html", ORDER, {"review": review, "current": current})
