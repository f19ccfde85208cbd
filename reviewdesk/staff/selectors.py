"""Reads of the practitioners on a review, for this app's pages and the staff side's other apps
(informing, meetings, conversations, support).

A practitioner is active while their practitioner membership of the review is (removing them
ends the membership and keeps the record).
"""

from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse

from reviewdesk import access
from reviewdesk.accounts.models import Agency, PartnershipRole, User
from reviewdesk.reviews.models import Review, ReviewMembership, ReviewRole, Stage
from reviewdesk.reviews.needs import WAITING, Need
from reviewdesk.staff.models import Practitioner

_RELATED = ("identity", "agency", "person", "manager", "membership")


def practitioners_of(review: Review) -> QuerySet[Practitioner]:
    """The review's active practitioners, with what their rows show selected with them."""
    return (Practitioner.objects.filter(review=review, membership__ended_at__isnull=True)
            .select_related(*_RELATED))


def all_practitioners_of(review: Review) -> QuerySet[Practitioner]:
    """Every practitioner ever on the review, those removed included (the record is kept)."""
    return Practitioner.objects.filter(review=review).select_related(*_RELATED)


def practitioner_for(user: User, review: Review) -> Practitioner | None:
    """The signed-in person's own practitioner record on this review, while they are on it."""
    if not user.is_authenticated:
        return None
    return practitioners_of(review).filter(person=user).first()


def managed_by(user: User, review: Review) -> QuerySet[Practitioner]:
    """The active practitioners on the review whose manager this person is."""
    return practitioners_of(review).filter(manager=user)


def subgroup_rep_for(review: Review, agency: Agency) -> ReviewMembership | None:
    """The review's active CSPR subgroup member from this agency (who answers its staff's
    questions), else None (the business manager then does)."""
    return (ReviewMembership.objects.filter(
        review=review, role=ReviewRole.SUBGROUP_MEMBER, agency=agency, ended_at__isnull=True)
        .select_related("person").order_by("started_on", "pk").first())


def counts(review: Review) -> dict[str, int]:
    """How many practitioners are on the review, with a manager, told, and removed."""
    rows = list(Practitioner.objects.filter(review=review).values_list(
        "membership__ended_at", "manager_id", "told_on"))
    active = [r for r in rows if r[0] is None]
    return {"active": len(active), "with_manager": sum(1 for r in active if r[1]),
            "told": sum(1 for r in active if r[2]), "removed": len(rows) - len(active)}


def needs(viewer: User, today: date) -> list[Need]:
    """Home items: each review informing its staff with nobody on its list of practitioners
    yet, for the business manager and the review's lead reviewer(s). One query."""
    bm = viewer.role == PartnershipRole.BUSINESS_MANAGER and viewer.partnership_id is not None
    where = (Q(partnership_id=viewer.partnership_id) if bm else Q(
        pk__in=access.reviews_in_role(viewer, ReviewRole.LEAD_REVIEWER)))
    if not bm and ReviewRole.LEAD_REVIEWER not in access.roles_ever_held(viewer):
        return []
    listed = Practitioner.objects.filter(review=OuterRef("pk"),
                                         membership__ended_at__isnull=True)
    waiting = (Review.objects.filter(where, stage=Stage.INFORMING_STAFF)
               .exclude(Exists(listed)).order_by("stage_since", "pk"))
    return [Need(review, "Add the practitioners who worked with the child or family, so they "
                         "can be told about the review",
                 reverse("staff:practitioners", args=[review.uuid]), WAITING,
                 since=review.stage_since, who="You")
            for review in waiting]
