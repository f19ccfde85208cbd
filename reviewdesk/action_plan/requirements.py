"""What closing a review requires of its action plan (named by dotted path in
``reviews.transitions.FLOW``, so the reviews app imports nothing from here)."""

from django.urls import reverse

from reviewdesk.action_plan.models import Action
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.transitions import Blocker

CONCLUDED = (Action.Status.IMPACT_SHOWN, Action.Status.CLOSED)


def every_action_concluded(review: Review) -> list[Blocker]:
    """The review closes when the subgroup agrees every action has shown its impact or has been
    closed with reasons: each one still short of that is named."""
    waiting = list(Action.objects.filter(review=review).exclude(status__in=CONCLUDED)
                   .order_by("number").values_list("number", "status"))
    if not waiting:
        return []
    labels = dict(Action.Status.choices)
    listed = "; ".join(f"action {number} ({labels[status].lower()})" for number, status in waiting)
    return [Blocker(
        f"Every action must have its impact shown, or be closed with reasons, before the review "
        f"closes. Still open: {listed}.", "The CSPR subgroup",
        reverse("action_plan:page", args=[review.uuid]))]
