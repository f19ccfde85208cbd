"""The "Sign-off" panel on a review's page: where the sign-off stands, and the way to its page.
Four queries."""

from django.http import HttpRequest

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.reviews.models import Review, Stage
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.sections import Section
from reviewdesk.signoff.selectors import approval_state, completion

ORDER = 85
STAGES = (Stage.REPORT,)


def signoff_section(request: HttpRequest, review: Review, names: Names) -> Section | None:
    if review.stage not in (Stage.REPORT, Stage.PUBLICATION, Stage.ACTION_PLAN, Stage.CLOSED):
        return None
    if not access.can(request.user, review, Permission.READ_REPORT):  # type: ignore[arg-type]
        return None
    state = approval_state(review)
    if state.version is None and review.stage != Stage.REPORT:
        return None
    return Section("signoff/_section.html", ORDER, {
        "review": review, "state": state, "completion": completion(review, state)})
