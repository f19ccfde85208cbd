"""What the chronology stage asks before the review moves on to conversations with staff: every
agency in scope's chronology accepted. The guide lets the lead reviewer start meeting staff while
an agency's chronology is still to come, so each one missing is work left outstanding: the
business manager confirms the move naming it, with the reason (docs/decisions/0039)."""

from django.urls import reverse

from reviewdesk.chronology import status
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.transitions import Blocker

ACCEPTS = "The business manager or a lead reviewer"


def chronologies_accepted(review: Review) -> list[Blocker]:
    missing: list[Blocker] = []
    for s in status.agency_statuses(review):
        if s.status == status.ACCEPTED:
            continue
        name = s.agency.name
        url = reverse("chronology:agency", args=[review.uuid, s.agency.pk])
        author = f"{name}'s chronology author"
        if s.status == status.REOPENED:
            text, who = f"{name}'s chronology was reopened and is not accepted again yet.", author
        elif s.status == status.PROBLEMS:
            text, who = (f"{name}'s chronology was received with problems to correct before it "
                         "can be accepted."), author
        elif s.pending is not None:
            text, who = f"{name}'s chronology was received and is not accepted yet.", ACCEPTS
            url = reverse("chronology:submission",
                          args=[review.uuid, s.agency.pk, s.pending.version])
        elif s.status == status.OVERDUE:
            text, who = (f"{name}'s chronology is overdue: due {s.due_on:%-d %B %Y}, "
                         f"{s.overdue_days} working day{'' if s.overdue_days == 1 else 's'} "
                         "late."), author
        elif s.due_on is not None:
            text, who = (f"{name}'s chronology has not been received: due "
                         f"{s.due_on:%-d %B %Y}."), author
        else:
            text, who = f"{name}'s chronology has not been received.", author
        missing.append(Blocker(text, who, url, outstanding=True))
    return missing
