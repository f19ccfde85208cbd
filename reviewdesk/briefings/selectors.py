"""Reads of a review's briefings, in a fixed number of queries, and the reflections in aggregate:
never a name, never an answer beside its agency, and agencies with fewer than five answers merged
so that nobody can be picked out."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q

from reviewdesk.accounts.models import User
from reviewdesk.action_plan.models import Briefing, BriefingDocument, Finding, Reflection
from reviewdesk.reviews.models import Review
from reviewdesk.staff.models import Invitation

if TYPE_CHECKING:
    from reviewdesk.reviews.needs import Need

# How long after a session the home page offers its reflection form.
REFLECT_DAYS = 30
# Fewer answers than this from one agency are counted with the other small agencies.
SMALLEST_GROUP = 5


def briefings_of(review: Review) -> list[Briefing]:
    """The review's briefing sessions, latest first, with their counts (one query)."""
    return list(
        Briefing.objects.filter(meeting__review=review).select_related("meeting")
        .annotate(invited=Count("meeting__invitations", filter=Q(
                      meeting__invitations__withdrawn_at__isnull=True), distinct=True),
                  came=Count("meeting__invitations", filter=Q(
                      meeting__invitations__withdrawn_at__isnull=True,
                      meeting__invitations__attended=True), distinct=True),
                  answered=Count("reflections", distinct=True))
        .order_by("-meeting__starts_at", "-pk"))


def briefing_of(review: Review, pk: int) -> Briefing | None:
    current = Invitation.objects.filter(withdrawn_at__isnull=True).select_related(
        "person", "person__agency", "practitioner__identity", "practitioner__agency").order_by("pk")
    return (Briefing.objects.filter(meeting__review=review, pk=pk)
            .select_related("meeting", "recorded_by", "on_behalf_of")
            .prefetch_related("agencies", Prefetch("meeting__invitations", queryset=current,
                                                   to_attr="current"))
            .first())


def documents_of(review: Review) -> list[BriefingDocument]:
    return list(BriefingDocument.objects.filter(review=review).select_related("approved_by")
                .order_by("-number"))


def findings_of(review: Review) -> list[Finding]:
    return list(Finding.objects.filter(review=review, removed_at__isnull=True).order_by("number"))


@dataclass
class Aggregate:
    answers: list[str] = field(default_factory=list)
    # (agency or "Other agencies", how many answered), largest first; the merged group last.
    by_agency: list[tuple[str, int]] = field(default_factory=list)
    useful: dict[int, int] = field(default_factory=dict)
    total: int = 0

    @property
    def useful_average(self) -> float | None:
        rated = sum(self.useful.values())
        if not rated:
            return None
        return round(sum(k * n for k, n in self.useful.items()) / rated, 1)


def merge_small(counts: dict[str, int], smallest: int = SMALLEST_GROUP) -> list[tuple[str, int]]:
    """Counts by agency with every group under ``smallest`` merged into "Other agencies (n)".
    When the merged group would hold a single agency, or itself be under ``smallest`` while it is
    the only other group, it still says only "Other agencies": the reader is never told which."""
    kept = sorted(((name, n) for name, n in counts.items() if n >= smallest),
                  key=lambda row: (-row[1], row[0]))
    merged = sum(n for n in counts.values() if n < smallest)
    if merged:
        kept.append((f"Other agencies ({merged})", merged))
    return kept


def aggregate(reflections: list[Reflection]) -> Aggregate:
    """The answers, in an order that says nothing of who gave them (their words' order, not
    when they were answered), the counts by agency with small groups merged, and the ratings."""
    counts: dict[str, int] = {}
    useful: dict[int, int] = {}
    for reflection in reflections:
        name = reflection.agency.name if reflection.agency else "No agency given"
        counts[name] = counts.get(name, 0) + 1
        if reflection.useful:
            useful[reflection.useful] = useful.get(reflection.useful, 0) + 1
    return Aggregate(answers=sorted(r.will_do_differently for r in reflections),
                     by_agency=merge_small(counts), useful=useful, total=len(reflections))


def reflections_of(review: Review, briefing: Briefing | None = None) -> list[Reflection]:
    found = Reflection.objects.filter(briefing__meeting__review=review).select_related("agency")
    if briefing is not None:
        found = found.filter(briefing=briefing)
    return list(found)


def own_briefing_invitations(viewer: User, review: Review) -> list[Invitation]:
    """The viewer's own invitations to the review's briefings, latest first (one query), each
    with ``reflected`` set."""
    found: list[Invitation] = list(Invitation.objects.filter(person=viewer, meeting__review=review,
                                           meeting__briefing__isnull=False)
                 .select_related("meeting", "meeting__briefing")
                 .annotate(reflected=Count("meeting__briefing__reflections", filter=Q(
                     meeting__briefing__reflections__invitation__person=viewer)))
                 .order_by("-meeting__starts_at", "-pk"))
    return found


def needs(viewer: User, today: date) -> list["Need"]:
    """Home items: for someone recorded as attending a briefing now finished, the reflection
    form, until they answer it (one query). Offered for 30 days after the session."""
    from django.urls import reverse
    from django.utils import timezone

    from reviewdesk.reviews.needs import WAITING, Need

    now = timezone.now()
    waiting = (Invitation.objects.filter(
        person=viewer, attended=True, withdrawn_at__isnull=True,
        meeting__briefing__isnull=False, meeting__cancelled_at__isnull=True,
        meeting__ends_at__lt=now, meeting__ends_at__gte=now - timedelta(days=REFLECT_DAYS))
        .exclude(meeting__briefing__reflections__invitation__person=viewer)
        .select_related("meeting__review", "meeting__review__partnership", "meeting__briefing")
        .order_by("meeting__starts_at", "pk"))
    return [Need(i.meeting.review, "Reflect on the briefing you attended",
                 reverse("briefings:reflect", args=[i.meeting.review.uuid,
                                                    i.meeting.briefing.pk]),
                 WAITING, since=timezone.localtime(i.meeting.ends_at).date())
            for i in waiting]
