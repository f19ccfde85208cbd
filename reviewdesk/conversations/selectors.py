"""Reads for the reviewer's conversations with staff and the areas staff raise.

Who reads what is access.py's (``MANAGE_CONVERSATIONS``, ``READ_AREAS_RAISED``,
``may_read_conversation_note``); these only gather. Nothing here is counted or listed outside the
lead reviewer's pages and the practitioner's own (separate from discipline).
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from reviewdesk import access
from reviewdesk.accounts.models import User
from reviewdesk.conversations import booking
from reviewdesk.reviews.models import Review, ReviewRole, Stage
from reviewdesk.reviews.needs import WAITING, Need
from reviewdesk.staff.models import AreaRaised, Conversation, Practitioner
from reviewdesk.staff.selectors import practitioners_of

Status = Conversation.Status
OPEN = (Status.REQUESTED, Status.OTHER_DATE_ASKED, Status.BOOKED)


def when(at: datetime) -> str:
    """A conversation's time as the pages say it: Thursday 14 January 2027, 2:00pm to 3:00pm."""
    start = timezone.localtime(at)
    end = start + booking.DURATION

    def clock(moment: datetime) -> str:
        return moment.strftime("%-I:%M%p").replace("AM", "am").replace("PM", "pm")

    return f"{start:%A %-d %B %Y}, {clock(start)} to {clock(end)}"


def current(conversations: list[Conversation]) -> Conversation | None:
    """The conversation that matters now: the open one, else the latest."""
    return next((c for c in conversations if c.status in OPEN), None) or (
        conversations[0] if conversations else None)


@dataclass
class Row:
    practitioner: Practitioner
    conversation: Conversation | None
    held: int
    areas: int
    new_areas: int
    conversations: list[Conversation] = field(default_factory=list)


def rows(review: Review) -> list[Row]:
    """Every practitioner on the review, their conversation's state and how many areas they
    raised: three queries whatever the number."""
    people = list(practitioners_of(review).annotate(
        areas_count=Count("areas_raised", distinct=True),
        new_areas=Count("areas_raised", filter=Q(areas_raised__status=""), distinct=True)))
    by_practitioner: dict[int, list[Conversation]] = {p.pk: [] for p in people}
    for conversation in Conversation.objects.filter(review=review).select_related("meeting"):
        by_practitioner.setdefault(conversation.practitioner_id, []).append(conversation)
    return [Row(p, current(by_practitioner[p.pk]),
                sum(c.status == Status.HELD for c in by_practitioner[p.pk]),
                p.areas_count, p.new_areas,
                by_practitioner[p.pk]) for p in people]


def areas(review: Review) -> list[AreaRaised]:
    """Every area raised on the review, those not yet looked at first."""
    found = AreaRaised.objects.filter(review=review).select_related(
        "practitioner__identity", "replied_by")
    return sorted(found, key=lambda a: (a.status != "", -a.raised_on.toordinal(), -a.pk))


def own_conversations(practitioner: Practitioner) -> list[Conversation]:
    return list(practitioner.conversations.select_related("meeting"))


def own_areas(practitioner: Practitioner) -> list[AreaRaised]:
    return list(practitioner.areas_raised.all())


def _lead_reviews(viewer: User) -> Q:
    return Q(review__in=access.reviews_in_role(viewer, ReviewRole.LEAD_REVIEWER))


def needs(viewer: User, today: date) -> list[Need]:
    """Home items. For the lead reviewer: a practitioner asked for another date; a new area
    raised; a booked conversation whose day has come, to record as held. For a practitioner: a
    date to answer. A fixed number of queries whatever the number of reviews."""
    found: list[Need] = []
    lead = _lead_reviews(viewer)
    # Never a lead reviewer: their three queries would find nothing (none() asks no query).
    is_lead = ReviewRole.LEAD_REVIEWER in access.roles_ever_held(viewer)
    conversations = Conversation.objects.all() if is_lead else Conversation.objects.none()
    areas = AreaRaised.objects.all() if is_lead else AreaRaised.objects.none()
    for c in (conversations.filter(lead, status=Status.OTHER_DATE_ASKED)
              .exclude(review__stage=Stage.CLOSED)
              .select_related("review", "practitioner__identity")):
        found.append(Need(c.review, f"{c.practitioner.identity.pseudonym} asked for another date "
                                    f"to speak with you: offer new dates",
                          reverse("conversations:conversation", args=[c.review.uuid, c.pk]),
                          WAITING, since=timezone.localdate(c.changed_at) if c.changed_at
                          else c.requested_on))
    now = timezone.now()
    for c in (conversations.filter(lead, status=Status.BOOKED, meeting__starts_at__lte=now)
              .exclude(review__stage=Stage.CLOSED)
              .select_related("review", "practitioner__identity", "meeting")):
        assert c.meeting is not None
        found.append(Need(c.review, f"Record your conversation with "
                                    f"{c.practitioner.identity.pseudonym} as held",
                          reverse("conversations:record_held", args=[c.review.uuid, c.pk]),
                          WAITING, since=timezone.localdate(c.meeting.starts_at)))
    new_areas: dict[int, tuple[Review, int, date]] = {}
    for a in (areas.filter(lead, status="").exclude(review__stage=Stage.CLOSED)
              .select_related("review").order_by("raised_on", "pk")):
        review, count, since = new_areas.get(a.review_id, (a.review, 0, a.raised_on))
        new_areas[a.review_id] = (review, count + 1, since)
    for review, count, since in new_areas.values():
        found.append(Need(review, f"{count} new area{'' if count == 1 else 's'} raised by staff "
                                  f"for you to consider",
                          reverse("conversations:areas", args=[review.uuid]), WAITING,
                          since=since))
    for c in (Conversation.objects.filter(
            practitioner__person=viewer, practitioner__membership__ended_at__isnull=True,
            status=Status.REQUESTED).exclude(review__stage=Stage.CLOSED)
            .select_related("review")):
        found.append(Need(c.review, "The lead reviewer asked to speak with you: choose a date, or "
                                    "ask for another",
                          reverse("conversations:reply", args=[c.review.uuid, c.pk]), WAITING,
                          since=c.requested_on))
    return found
