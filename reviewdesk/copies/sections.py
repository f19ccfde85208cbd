"""The "Copies to national bodies" panel on a review's page, from the publication stage on: which
bodies have the final report and which are still to get it, and whether the deposit in the
national case review repository is recorded."""

from typing import cast

from django.http import HttpRequest

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import User
from reviewdesk.copies.selectors import COPY_STAGES, copies_state
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.sections import Section

ORDER = 97
STAGES = COPY_STAGES


def copies_section(request: HttpRequest, review: Review, names: Names) -> Section | None:
    if review.stage not in COPY_STAGES:
        return None
    if not access.can(cast(User, request.user), review, Permission.VIEW_PUBLICATION):
        return None
    return Section("copies/_section.html", ORDER, {"review": review,
                                                   "state": copies_state(review)})
