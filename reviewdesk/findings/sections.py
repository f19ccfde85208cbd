""""Findings and recommendations" on a review's page, from the report stage on, for everyone
who reads the action plan: how many there are, the review's themes, and the way to the list."""

from typing import cast

from django.db.models import Count, Q
from django.http import HttpRequest

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import User
from reviewdesk.findings import actions, selectors
from reviewdesk.reviews.models import Review, Stage
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.sections import Section

ORDER = 97  # after the publication stage's
STAGES = (Stage.REPORT, Stage.PUBLICATION, Stage.ACTION_PLAN, Stage.CLOSED)


def findings_section(request: HttpRequest, review: Review, names: Names) -> Section | None:
    if review.stage not in STAGES:
        return None
    user = cast(User, request.user)
    if not access.can(user, review, Permission.VIEW_ACTION_PLAN):
        return None
    counts = Review.objects.filter(pk=review.pk).aggregate(
        findings=Count("findings", filter=Q(findings__removed_at__isnull=True), distinct=True),
        recommendations=Count("recommendations",
                              filter=Q(recommendations__removed_at__isnull=True), distinct=True))
    return Section("findings/_section.html", ORDER, {
        "review": review, "findings": counts["findings"],
        "recommendations": counts["recommendations"],
        "themes": [t.name for t in selectors.review_themes(review)],
        "may_change": actions.may_change(user, review)})
