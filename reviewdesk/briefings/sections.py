"""Briefings on a review's page (for those who read them), and on a practitioner's own page:
their invitations to briefings and the review's findings, once the subgroup has signed the
report off."""

from typing import cast

from django.http import HttpRequest

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import User
from reviewdesk.briefings import actions, selectors
from reviewdesk.meetings.calendar import uk_time
from reviewdesk.reviews.models import Review, Stage
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.sections import Section

ORDER = 112
STAGES = (Stage.PUBLICATION, Stage.ACTION_PLAN, Stage.CLOSED)


def review_section(request: HttpRequest, review: Review, names: Names) -> Section | None:
    if review.stage not in STAGES:
        return None
    if not access.can(cast(User, request.user), review, Permission.VIEW_BRIEFINGS):
        return None
    sessions = selectors.briefings_of(review)
    return Section("briefings/_section.html", ORDER, {
        "review": review, "sessions": len(sessions),
        "held": sum(1 for b in sessions if getattr(b, "came", 0)),
        "answered": sum(getattr(b, "answered", 0) for b in sessions),
        "document": actions.current_document(review)})


def practitioner_section(request: HttpRequest, review: Review, names: Names) -> Section | None:
    """The practitioner's briefing invitations and the review's findings (through their own
    redactor), once the subgroup has signed the report off: before that the findings are not
    settled and not theirs to read."""
    user = cast(User, request.user)
    if not access.can(user, review, Permission.ACT_AS_PRACTITIONER):
        return None
    if not access.subgroup_has_signed_off(review):
        return None
    invitations = selectors.own_briefing_invitations(user, review)
    return Section("briefings/_practitioner_section.html", 45, {
        "review": review,
        "rows": [{"invitation": i, "when": uk_time(i.meeting),
                  "may_reflect": not actions.may_reflect(i) and not getattr(i, "reflected", 0)}
                 for i in invitations],
        "findings": [names.redact(f.text) for f in selectors.findings_of(review)]})
