"""The "Chronology" panel on a review's page: the period under review and each agency's status,
for the review's team; an agency's author sees only their own agency. Shown once chronology
authors are named or the review has reached the chronology stage."""

from django.http import HttpRequest

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.chronology import status
from reviewdesk.reviews.models import STAGE_ORDER, Review, Stage
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.sections import Section

ORDER = 70  # after commissioning and set-up (60), before the publication check (80)
STAGES = (Stage.CHRONOLOGY, Stage.CONVERSATIONS, Stage.FAMILY, Stage.REPORT)


def chronology_section(request: HttpRequest, review: Review, names: Names) -> Section | None:
    user = request.user
    started = STAGE_ORDER.index(Stage(review.stage)) >= STAGE_ORDER.index(Stage.CHRONOLOGY)
    if not started and not review.chronology_authors.exists():
        return None
    sees_all = access.can(user, review, Permission.VIEW_CHRONOLOGIES)
    # Entries restricted by advice are not counted for those it does not name.
    statuses = status.agency_statuses(review, hidden=access.restricted_chronology_entries(
        user, review, prefix="entries__"))
    if not sees_all:
        statuses = [s for s in statuses
                    if access.may_view_agency_chronology(user, review, s.agency)]
        if not statuses:
            return None
    return Section("chronology/_section.html", ORDER, {
        "review": review, "statuses": statuses, "sees_all": sees_all,
        "period": status.period_under_review(review),
    })
