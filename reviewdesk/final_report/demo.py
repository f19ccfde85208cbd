"""The demo's final report (called by ``manage.py load_demo`` once every review is at its stage,
after the sign-off app's demo).

Review 13's report is approved by everyone who must approve it (the sign-off app's demo): its
final report is made with LibreOffice, as the lead reviewer would. Where LibreOffice is not
installed, or the report is not approved (the sign-off app not merged yet), or a final report
already stands (a second run), nothing is made and the page says why.
"""

from typing import Any

from reviewdesk.final_report import actions, converter
from reviewdesk.reviews.models import Review, ReviewRole


def _say(command: Any, message: str) -> None:
    out = getattr(command, "stdout", None)
    if out is not None:
        out.write(message)


def load(command: Any) -> None:
    review = Review.objects.get(pk=command.reviews[13].pk)
    if converter.soffice_path() is None:
        _say(command, f"Review 13's final report not made: LibreOffice is not installed "
                      f"(Debian package {converter.PACKAGE}).")
        return
    if actions.current(review) is not None or not actions.readiness(review).ready:
        return
    membership = review.memberships.filter(role=ReviewRole.LEAD_REVIEWER,
                                           ended_at__isnull=True).select_related("person").first()
    by = membership.person if membership is not None else command.people["business.manager"]
    actions.produce(review, by=by)
