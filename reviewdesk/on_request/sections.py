"""The "Time on the website" panel on a review's page, from publication on: the report's state,
its planned end date, a withdrawal under way and the requests still open. Three queries."""

from typing import cast

from django.http import HttpRequest

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import User
from reviewdesk.on_request import selectors
from reviewdesk.publication.models import Publication
from reviewdesk.reviews.models import Review, Stage
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.sections import Section

ORDER = 110
STAGES = (Stage.PUBLICATION, Stage.ACTION_PLAN, Stage.CLOSED)


def website_section(request: HttpRequest, review: Review, names: Names) -> Section | None:
    if review.stage not in STAGES:
        return None
    if not access.can(cast(User, request.user), review, Permission.VIEW_PUBLICATION):
        return None
    publication = selectors.publication_of(review)
    if publication is None or publication.state in (Publication.State.SCHEDULED,
                                                     Publication.State.CANCELLED):
        return None
    return Section("on_request/_section.html", ORDER, {
        "review": review, "publication": publication,
        "withdrawal": selectors.withdrawal(publication),
        "open_requests": selectors.open_requests(publication)})
