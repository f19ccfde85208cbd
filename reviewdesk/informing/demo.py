"""The demo's staff informing (``manage.py load_demo``), all through the actions.

Review 7, at the chronology: the business manager has told every practitioner on the list but the
last (still to be told), set the dates staff should expect for the coming stages and chosen the
e-mail digest. One practitioner's question has been answered by their agency's subgroup
representative (or the business manager); another's waits, brought in to the lead reviewer.

The practitioner list is the staff app's demo (run before this one); a demo loaded without it
lists the review's practitioners here, so this part of the story can still be told.
"""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from reviewdesk.informing import actions, selectors
from reviewdesk.reviews.models import Review, ReviewRole
from reviewdesk.staff import selectors as staff_selectors
from reviewdesk.staff.models import Practitioner

ACTIVE = 7  # the demo review at the chronology (load_demo's plans)


def _listed(command: Any, review: Review) -> list[Practitioner]:
    found = list(staff_selectors.practitioners_of(review).order_by("pk"))
    if found:
        return found
    for membership in review.memberships.filter(
            role=ReviewRole.PRACTITIONER, ended_at__isnull=True).select_related(
            "person", "identity", "agency"):
        person = membership.person
        agency = membership.agency or person.agency
        if membership.identity is None or agency is None:
            continue
        found.append(Practitioner.objects.create(
            review=review, person=person, membership=membership, identity=membership.identity,
            agency=agency, job_title=person.job_title or "Practitioner", email=person.email,
            added_on=membership.started_on, recorded_by=command.bm))
    return found


def load(command: Any) -> None:
    review = command.reviews[ACTIVE]
    if review.staff_updates.exists():
        return  # loaded already
    listed = _listed(command, review)
    if not listed:
        return
    bm = command.bm
    today = timezone.localdate()
    told_on = min(review.stage_since, today)
    # Everyone but the last on the list (not told yet: the page offers to tell them).
    to_tell = listed[:-1] if len(listed) > 1 else listed
    actions.tell_practitioners(review, by=bm, told_on=told_on, practitioners=to_tell)
    actions.set_expected_dates(review, by=bm, dates={
        "conversations": today + timedelta(days=21), "family": today + timedelta(days=60),
        "report": today + timedelta(days=120)})
    actions.set_email_digest(review, by=bm, email_digest=True)
    first = to_tell[0]
    answered = actions.ask_question(
        first, by=first.person,
        text="Can I talk to my team about the review, and what should I say if a parent at "
             "the children's centre asks me about it?")
    actions.answer_question(
        answered, by=answered.routed_to,
        answer="Yes: talk with your team about how you feel and the support you need, not about "
               "who did what or when. If a parent asks, say a review is looking at how services "
               "worked and that you cannot discuss it, and let me know.")
    waiting_from = to_tell[1] if len(to_tell) > 1 else first
    waiting = actions.ask_question(
        waiting_from, by=waiting_from.person,
        text="The advice says not to discuss the weeks before the incident. Does that include "
             "my supervision notes?")
    if selectors.lead_reviewers(review):
        actions.bring_in_lead_reviewer(waiting, by=waiting.routed_to)
