""""Holds and the advance copy" on a review's page, from the publication stage on: the holds in
force and the advance copy with the earliest publication date, for everyone who reads the
publication stage."""

from typing import cast

from django.http import HttpRequest

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import User
from reviewdesk.holds import selectors
from reviewdesk.reviews.models import Review, Stage
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.sections import Section

ORDER = 96  # after the final report's
STAGES = (Stage.PUBLICATION, Stage.ACTION_PLAN, Stage.CLOSED)


def holds_section(request: HttpRequest, review: Review, names: Names) -> Section | None:
    if review.stage not in STAGES:
        return None
    if not access.can(cast(User, request.user), review, Permission.VIEW_PUBLICATION):
        return None
    in_force = []
    for hold in selectors.in_force(review):
        decided = f"decided on {hold.decided_on:%-d %B %Y}"
        if hold.process is None:
            in_force.append(f"A hold that stands alone, {decided}")
        else:
            reference = names.redact(hold.process.reference)
            in_force.append(f"Waiting for the {names.redact(hold.process.kind_label).lower()}"
                            f"{f' ({reference})' if reference else ''}, {decided}")
    return Section("holds/_section.html", ORDER, {
        "review": review, "in_force": in_force,
        "state": selectors.advance_copy_state(review)})
