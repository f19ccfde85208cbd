"""For tests that walk a review to its end (``commissioning.testing.walk``): what closing the
review requires of the action plan, met the way the subgroup would, through the actions."""

from datetime import date

from reviewdesk.accounts.models import User
from reviewdesk.action_plan import actions
from reviewdesk.action_plan.models import Action
from reviewdesk.reviews.models import Review

WALK_REASON = "Overtaken: the subgroup agreed it is no longer needed."


def conclude_every_action(review: Review, *, by: User, on: date) -> None:
    """Close, with reasons, every action not yet concluded (none when the plan has none)."""
    for action in (Action.objects.filter(review=review).exclude(status__in=actions.CONCLUDED)
                   .select_related("review")):
        actions.close_action(action, by=by, reason=WALK_REASON,
                             closed_on=max(on, action.agreed_on))
