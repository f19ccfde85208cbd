"""The demo's final report (called by ``manage.py load_demo`` once every review is at its stage,
after the sign-off app's demo).

Reviews 13 to 16's reports are approved by everyone who must approve them (the sign-off app's
demo): their final reports are made with LibreOffice, as the lead reviewer would. Where
LibreOffice is not installed, or a report is not approved, or a final report already stands (a
second run), nothing is made and the page says why.
"""

from typing import Any

from reviewdesk.final_report import actions, converter
from reviewdesk.reviews.models import Review, ReviewRole, Stage


def _say(command: Any, message: str) -> None:
    out = getattr(command, "stdout", None)
    if out is not None:
        out.write(message)


# Review 13 waits at the report stage; 14, 15 and 16 went on to publication, 17 and 18 on to the
# action plan (their final reports made on the day they moved to publication, as the publication
# demo's dates need).
DEMO_REVIEWS = (13, 14, 15, 16, 17, 18)


def load(command: Any) -> None:
    if converter.soffice_path() is None:
        _say(command, f"The demo's final reports not made: LibreOffice is not installed "
                      f"(Debian package {converter.PACKAGE}).")
        return
    for index in DEMO_REVIEWS:
        if index not in command.reviews:  # a demo loaded without it (its tests load one)
            continue
        review = Review.objects.get(pk=command.reviews[index].pk)
        if actions.current(review) is not None or not actions.readiness(review).ready:
            continue
        membership = review.memberships.filter(
            role=ReviewRole.LEAD_REVIEWER, ended_at__isnull=True).select_related("person").first()
        by = membership.person if membership is not None else command.people["business.manager"]
        moved = review.timeline.filter(to_stage=Stage.PUBLICATION).order_by("-effective_on").first()
        actions.produce(review, by=by, produced_on=moved.effective_on if moved else None)
