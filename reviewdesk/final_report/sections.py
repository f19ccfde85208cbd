"""The "Final report" panel on a review's page, at the report and publication stages: whether
the report is ready to be made, and the final report that stands."""

from typing import cast

from django.http import HttpRequest

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import User
from reviewdesk.final_report import actions
from reviewdesk.reviews.models import Review, Stage
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.sections import Section

ORDER = 95
STAGES = (Stage.REPORT, Stage.PUBLICATION)


def final_report_section(request: HttpRequest, review: Review, names: Names) -> Section | None:
    if not access.can(cast(User, request.user), review, Permission.VIEW_REPORT_FILES):
        return None
    return Section("final_report/_section.html", ORDER, {
        "review": review, "current": actions.current(review),
        "ready": actions.readiness(review),
    })
