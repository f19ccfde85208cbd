"""The "Publication" panel on a review's page, from the publication stage on: where publishing
stands (scheduled, published, the planned end of its time on the website) and how many checks are
unmet, with the way to the publication page."""

from typing import cast

from django.http import HttpRequest
from django.utils import timezone

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import User
from reviewdesk.publication import checks, selectors
from reviewdesk.reviews.models import Review, Stage
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.sections import Section

ORDER = 100
STAGES = (Stage.PUBLICATION, Stage.ACTION_PLAN, Stage.CLOSED)


def publication_section(request: HttpRequest, review: Review, names: Names) -> Section | None:
    if review.stage not in STAGES:
        return None
    if not access.can(cast(User, request.user), review, Permission.VIEW_PUBLICATION):
        return None
    live = selectors.live_publication(review)
    unmet = []
    if live is None or live.state == live.State.SCHEDULED:
        on = live.scheduled_for if live and live.scheduled_for else timezone.localdate()
        unmet = [c for c in checks.run(review, on) if not c.met]
    return Section("publication/_section.html", ORDER, {
        "review": review, "live": live, "unmet": unmet})
