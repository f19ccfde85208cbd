"""Where the comment rounds show outside their own pages: a "Comments on the report" section on
the review's page (every round, its version and state, and the way to open one), and a panel
for a version's own page listing the rounds on that version (``version_panel``).

The reports app sits below this one and cannot import it: its version page takes the panel
through a registry of its own, if it has one (``reports.sections.register_version_panel``, see
apps.py), and includes ``section.template`` with ``section.context`` as the review page does.
"""

from datetime import date
from typing import Any, cast

from django.http import HttpRequest
from django.utils import timezone

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import User
from reviewdesk.comments import selectors
from reviewdesk.reports.models import CommentRound, ReportVersion
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.sections import Section

ORDER = 82


def _rows(rounds: list[CommentRound], today: date) -> list[dict[str, Any]]:
    rows = []
    for r in rounds:
        state = selectors.state(r, today)
        rows.append({"round": r, "state": state, "state_label": selectors.STATE_LABELS[state],
                     "colour": selectors.STATE_COLOURS[state]})
    return rows


def review_section(request: HttpRequest, review: Review, names: Names) -> Section | None:
    """For everyone who reads the report: the rounds, newest first (two queries)."""
    user = cast(User, request.user)
    if not access.can(user, review, Permission.READ_REPORT):
        return None
    rounds = selectors.rounds_of(review)
    today = timezone.localdate()
    manager = access.can(user, review, Permission.MANAGE_REPORT)
    in_progress = next((r for r in rounds if r.answered_on is None), None)
    return Section("comments/_section.html", ORDER, {
        "review": review, "rows": _rows(rounds, today),
        "may_open": manager and in_progress is None
                    and selectors.latest_version(review) is not None,
        "in_progress": in_progress,
    })


def version_panel(request: HttpRequest, version: ReportVersion, names: Names) -> Section | None:
    """For a version's page: the rounds of comments on this version, each with its state and a
    link to its comments (kept readable with the version after later versions arrive)."""
    review = version.review
    if not access.can(cast(User, request.user), review, Permission.READ_REPORT):
        return None
    rounds = [r for r in selectors.rounds_of(review) if r.version_id == version.pk]
    return Section("comments/_version_panel.html", ORDER, {
        "review": review, "version": version, "rows": _rows(rounds, timezone.localdate())})
