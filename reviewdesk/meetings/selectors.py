"""Reads of a review's meetings with staff, in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from reviewdesk import access
from reviewdesk.accounts.models import PartnershipRole, User
from reviewdesk.reviews.models import Review, ReviewRole, Stage
from reviewdesk.reviews.needs import DUE_SOON, WAITING, Need
from reviewdesk.staff.models import Invitation, Meeting, Practitioner
from reviewdesk.staff.selectors import practitioners_of

# The kinds the review's meetings page diarises itself (a reviewer's conversation is booked from
# the conversations app, which calls the same actions).
PAGE_KINDS = [Meeting.Kind.LEARNING_EVENT, Meeting.Kind.BRIEFING]


def _current_invitations() -> Prefetch:
    return Prefetch("invitations", queryset=Invitation.objects.filter(
        withdrawn_at__isnull=True).select_related("person", "practitioner__identity",
                                                  "practitioner__agency").order_by("pk"),
        to_attr="current")


def kinds_for(viewer: User, review: Review) -> list[str]:
    """The kinds of meeting the meetings pages run: learning events and briefings. The
    reviewer's conversations are run from the conversations pages (their state, the
    practitioner's consent and the note are kept there), never from these, by anyone."""
    return [str(k) for k in PAGE_KINDS]


def meetings_of(review: Review, kinds: list[str]) -> list[Meeting]:
    """The review's meetings of these kinds, the coming ones first, each with its current
    invitations (``current``): two queries."""
    now = timezone.now()
    meetings = list(Meeting.objects.filter(review=review, kind__in=kinds).prefetch_related(
        _current_invitations()).order_by("starts_at", "pk"))

    def done(m: Meeting) -> bool:
        return m.cancelled_at is not None or m.ends_at < now

    # Coming first, soonest first; then those held or cancelled, latest first.
    return sorted(meetings, key=lambda m: (done(m), (-1 if done(m) else 1)
                                           * m.starts_at.timestamp()))


def meeting_of(review: Review, pk: int, kinds: list[str]) -> Meeting | None:
    return (Meeting.objects.filter(review=review, pk=pk, kind__in=kinds)
            .select_related("review__partnership", "recorded_by", "on_behalf_of")
            .prefetch_related(_current_invitations()).first())


@dataclass
class Answers:
    """How the current invitees answered, counted."""

    invited: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    def sentence(self) -> str:
        parts = [f"{n} {label.lower()}" for value, label in Invitation.Response.choices
                 if (n := self.counts.get(value, 0))]
        return f"{self.invited} invited" + (f": {', '.join(parts)}" if parts else "")


def answers(meeting: Meeting) -> Answers:
    current: list[Invitation] | None = getattr(meeting, "current", None)
    if current is None:
        current = list(meeting.invitations.filter(withdrawn_at__isnull=True))
    counts: dict[str, int] = {}
    for invitation in current:
        counts[invitation.response] = counts.get(invitation.response, 0) + 1
    return Answers(len(current), counts)


def may_record_attendance(meeting: Meeting) -> bool:
    """From the day of the meeting, unless it was cancelled."""
    return meeting.cancelled_at is None and (
        timezone.localdate() >= timezone.localtime(meeting.starts_at).date())


def practitioners_to_invite(review: Review, meeting: Meeting | None = None) -> list[Practitioner]:
    """The review's practitioners not invited (or whose invitation was withdrawn)."""
    found = practitioners_of(review)  # those still on the review
    if meeting is not None:
        found = found.exclude(invitations__meeting=meeting,
                              invitations__withdrawn_at__isnull=True)
    return list(found)


def own_invitations(viewer: User, review: Review) -> list[Invitation]:
    """The viewer's own invitations on this review, the coming ones first (one query)."""
    now = timezone.now()
    found = list(Invitation.objects.filter(person=viewer, meeting__review=review)
                 .select_related("meeting").order_by("meeting__starts_at", "pk"))
    return sorted(found, key=lambda i: (i.meeting.ends_at < now or i.withdrawn_at is not None
                                        or i.meeting.cancelled_at is not None,
                                        i.meeting.starts_at))


def own_invitation(viewer: User, review: Review, pk: int) -> Invitation | None:
    return (Invitation.objects.filter(pk=pk, person=viewer, meeting__review=review)
            .select_related("meeting__review__partnership", "person", "practitioner__identity")
            .first())


def own_briefing_invitation(viewer: User, review_uuid: Any, pk: int) -> Invitation | None:
    """The viewer's own invitation to a briefing on the review, whatever their part in it."""
    return (Invitation.objects.filter(pk=pk, person=viewer, meeting__review__uuid=review_uuid,
                                      meeting__kind=Meeting.Kind.BRIEFING)
            .select_related("meeting__review__partnership", "person", "practitioner__identity")
            .first())


def open_meetings(review: Review) -> QuerySet[Meeting]:
    return Meeting.objects.filter(review=review, cancelled_at__isnull=True,
                                  ends_at__gte=timezone.now())


def summary(review: Review) -> dict[str, int]:
    counted = Meeting.objects.filter(review=review, kind__in=PAGE_KINDS).aggregate(
        coming=Count("pk", filter=Q(cancelled_at__isnull=True, ends_at__gte=timezone.now())),
        held=Count("pk", filter=Q(cancelled_at__isnull=True, ends_at__lt=timezone.now())))
    return {"coming": counted["coming"], "held": counted["held"]}


def needs(viewer: User, today: date) -> list[Need]:
    """Home items. An invitee: each invitation to a coming meeting not yet answered (one
    query). Whoever diarises meetings (the business manager, a lead reviewer): each invitee who
    asked to rearrange a coming meeting, and each meeting held whose attendance is not recorded
    (one query each)."""
    now = timezone.now()
    items: list[Need] = []
    # Answered on the invitee's own page, which is a practitioner's (ACT_AS_PRACTITIONER): the
    # lead reviewer in a conversation they booked is its organiser, with nothing to answer.
    waiting = (Invitation.objects.filter(person=viewer, withdrawn_at__isnull=True, response="",
                                         meeting__cancelled_at__isnull=True,
                                         meeting__ends_at__gt=now,
                                         meeting__review__in=access.reviews_in_role(
                                             viewer, ReviewRole.PRACTITIONER))
               # A conversation's date was agreed on the conversation's own page.
               .exclude(meeting__kind=Meeting.Kind.CONVERSATION)
               .exclude(meeting__review__stage=Stage.CLOSED)
               .select_related("meeting__review", "meeting__review__partnership")
               .order_by("meeting__starts_at", "pk"))
    for invitation in waiting:
        meeting = invitation.meeting
        day = timezone.localtime(meeting.starts_at).date()
        items.append(Need(
            meeting.review, f"Say whether you can come to the {meeting.get_kind_display().lower()}"
                            f" on {day:%-d %B %Y}",
            reverse("meetings:invitation", args=[meeting.review.uuid, invitation.pk]),
            DUE_SOON if (day - today).days <= 7 else WAITING, due_on=day))
    bm = viewer.role == PartnershipRole.BUSINESS_MANAGER and viewer.partnership_id is not None
    where = (Q(review__partnership_id=viewer.partnership_id) if bm else Q(
        review__in=access.reviews_in_role(viewer, ReviewRole.LEAD_REVIEWER)))
    if not bm and ReviewRole.LEAD_REVIEWER not in access.roles_ever_held(viewer):
        return items
    rearrange = (Meeting.objects.filter(where, cancelled_at__isnull=True, ends_at__gt=now,
                                        invitations__response=Invitation.Response.REARRANGE,
                                        invitations__withdrawn_at__isnull=True)
                 .exclude(kind=Meeting.Kind.CONVERSATION)
                 .select_related("review").distinct().order_by("starts_at", "pk"))
    for meeting in rearrange:
        items.append(Need(meeting.review, f"An invitee asked to rearrange: {meeting.title}",
                          reverse("meetings:meeting", args=[meeting.review.uuid, meeting.pk]),
                          WAITING, due_on=timezone.localtime(meeting.starts_at).date()))
    unrecorded = (Meeting.objects.filter(where, cancelled_at__isnull=True, starts_at__lt=now,
                                         invitations__withdrawn_at__isnull=True,
                                         invitations__attended__isnull=True)
                  .exclude(kind=Meeting.Kind.CONVERSATION).exclude(review__stage=Stage.CLOSED)
                  .select_related("review").distinct().order_by("starts_at", "pk"))
    for meeting in unrecorded:
        day = timezone.localtime(meeting.starts_at).date()
        items.append(Need(meeting.review, f"Record who came: {meeting.title}",
                          reverse("meetings:attendance", args=[meeting.review.uuid, meeting.pk]),
                          WAITING, since=day))
    return items
