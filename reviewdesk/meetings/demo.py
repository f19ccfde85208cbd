"""The demo's meetings with staff (``manage.py load_demo``), all through the actions.

On the review at the chronology stage (the one with the staff side): a practitioner learning
event in three weeks, its invitations sent as calendar invitations to the review's
practitioners (the practitioner list where the staff app's demo made one, else the review's
practitioner members), one attending, one asking to rearrange, the rest not yet answered; and a
briefing diarised, moved once (an update) and then cancelled.
"""

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from reviewdesk.accounts.models import User
from reviewdesk.meetings import actions
from reviewdesk.reviews.models import Review, ReviewRole, Stage
from reviewdesk.staff.models import Invitation, Meeting, Practitioner
from reviewdesk.staff.selectors import practitioners_of


def _at(days: int, hour: int, minute: int = 0) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


def _invitees(review: Review) -> list[Practitioner | User]:
    listed: list[Practitioner | User] = list(practitioners_of(review)[:6])
    if listed:
        return listed
    return [m.person for m in review.memberships.filter(
        role=ReviewRole.PRACTITIONER, ended_at__isnull=True).select_related("person")[:6]]


def load(command: Any) -> None:
    review = next((r for r in command.reviews.values() if r.stage == Stage.CHRONOLOGY), None)
    if review is None:
        return
    lead = review.memberships.filter(role=ReviewRole.LEAD_REVIEWER,
                                     ended_at__isnull=True).first()
    by = lead.person if lead else command.bm
    event = actions.schedule_meeting(
        review, kind=Meeting.Kind.LEARNING_EVENT, title="Practitioner learning event",
        starts_at=_at(21, 9, 30), ends_at=_at(21, 13), place="Committee Room 2, Kirkvale Civic "
        "Centre (step-free access)",
        agenda="1. Welcome and why we are here: learning, not blame\n"
               "2. The timeline as the chronologies show it\n"
               "3. What helped, what got in the way\n4. What would make a difference next time",
        by=by)
    for invitee in _invitees(review):
        try:
            actions.invite(event, [invitee], by=by)
        except ValidationError:
            continue  # the advice in force says not to contact them: they are not invited
    answers = [(Invitation.Response.ATTENDING, ""),
               (Invitation.Response.REARRANGE, "I am in court that morning; any afternoon that "
                                               "week suits me.")]
    for invitation, (response, note) in zip(event.invitations.order_by("pk"), answers,
                                            strict=False):
        actions.respond(invitation, response, note, by=invitation.person)
    briefing = actions.schedule_meeting(
        review, kind=Meeting.Kind.BRIEFING, title="Briefing for agency leads",
        starts_at=_at(14, 14), ends_at=_at(14, 15), place="Video call (link in the invitation)",
        agenda="The review's progress and what staff are being asked to do.",
        invitees=[i.practitioner or i.person for i in event.invitations.select_related(
            "practitioner", "person").order_by("pk")[:2]], by=command.bm)
    actions.change_meeting(briefing, by=command.bm, starts_at=_at(15, 14), ends_at=_at(15, 15))
    actions.cancel_meeting(briefing, by=command.bm, reason="Combined with the learning event.")
