"""Reads of the support for staff. Support records are confidential (``access.STAFF_CONFIDENTIAL``):
every read here is for one of the people allowed — the business manager, the practitioner
concerned, the senior contact for one escalated request — and none feeds an export, a search or
the timeline."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.urls import reverse

from reviewdesk.accounts.models import Agency, PartnershipRole, User
from reviewdesk.lib.workingdays import add_working_days
from reviewdesk.reviews.models import Review, ReviewRole, Stage
from reviewdesk.reviews.needs import DUE_SOON, OVERDUE, Need, state_for
from reviewdesk.staff.models import (
    Practitioner,
    SupportEscalationContact,
    SupportOffer,
    SupportRequest,
    SupportService,
    TeamSupportSession,
)
from reviewdesk.staff.selectors import all_practitioners_of

# The business manager answers "I can't get the support I need" within this many working days;
# after that it goes, once, to the partnership's senior contact.
ANSWER_WITHIN_WORKING_DAYS = 2


def answer_due_on(asked_on: date) -> date:
    return add_working_days(asked_on, ANSWER_WITHIN_WORKING_DAYS)


def business_managers(partnership_id: int) -> list[User]:
    return list(User.objects.filter(partnership_id=partnership_id, is_active=True,
                                    role=PartnershipRole.BUSINESS_MANAGER).order_by("pk"))


def escalation_contact(partnership_id: int) -> User | None:
    found = (SupportEscalationContact.objects.filter(partnership_id=partnership_id)
             .select_related("person").first())
    return found.person if found is not None and found.person.is_active else None


def service_for(agency: Agency | None) -> SupportService | None:
    if agency is None:
        return None
    return SupportService.objects.filter(agency=agency).first()


def practitioners(review: Review) -> list[Practitioner]:
    """Every practitioner ever on the review (their support records stay with them)."""
    return list(all_practitioners_of(review))


@dataclass
class PractitionerSupport:
    """One practitioner's support as the business manager's page shows it."""

    practitioner: Practitioner
    offers: list[SupportOffer] = field(default_factory=list)
    requests: list[SupportRequest] = field(default_factory=list)


def review_support(review: Review) -> list[PractitionerSupport]:
    """Every practitioner on the review with their offers and requests, in three queries."""
    rows = {p.pk: PractitionerSupport(p) for p in practitioners(review)}
    for offer in SupportOffer.objects.filter(review=review):
        if offer.practitioner_id in rows:
            rows[offer.practitioner_id].offers.append(offer)
    for asked in SupportRequest.objects.filter(review=review).select_related("escalated_to"):
        if asked.practitioner_id in rows:
            rows[asked.practitioner_id].requests.append(asked)
    return list(rows.values())


def open_requests(review: Review) -> int:
    return SupportRequest.objects.filter(review=review, answered_on__isnull=True).count()


def is_manager_on(user: User, review: Review) -> bool:
    return review.memberships.filter(person=user, role=ReviewRole.MANAGER,
                                     ended_at__isnull=True).exists()


def team_sessions(review: Review, manager: User) -> list[TeamSupportSession]:
    return list(TeamSupportSession.objects.filter(review=review, manager=manager))


def requests_due_for_escalation(today: date) -> list[SupportRequest]:
    """Unanswered requests past their answer date, not yet escalated, on open reviews."""
    waiting = (SupportRequest.objects.filter(answered_on__isnull=True, escalated_on__isnull=True)
               .exclude(review__stage=Stage.CLOSED)
               .select_related("review__partnership", "practitioner"))
    return [r for r in waiting if today > answer_due_on(r.asked_on)]


def needs(viewer: User, today: date) -> list[Need]:
    """Home items for the business manager: support offers whose follow-up date has come or is
    near (the unanswered requests are their tasks, reviews.needs.task_needs). The words carry
    no name: the practitioner is named on the support page only."""
    if viewer.role != PartnershipRole.BUSINESS_MANAGER or viewer.partnership_id is None:
        return []
    offers = (SupportOffer.objects.filter(review__partnership_id=viewer.partnership_id,
                                          follow_up_on__isnull=False)
              .exclude(review__stage=Stage.CLOSED).select_related("review")
              .order_by("follow_up_on", "pk"))
    items = []
    for offer in offers:
        state = state_for(offer.follow_up_on, today)
        if offer.follow_up_on == today:
            state = DUE_SOON
        if state not in {OVERDUE, DUE_SOON}:
            continue
        items.append(Need(offer.review, "Follow up support offered to a member of staff",
                          reverse("support:change_offer", args=[offer.review.uuid, offer.pk]),
                          state, due_on=offer.follow_up_on))
    return items


def escalated_to(user: User) -> list[SupportRequest]:
    """The requests escalated to this person that they have not yet noted."""
    return list(SupportRequest.objects.filter(
        Q(escalated_to=user) & Q(escalated_on__isnull=False) & Q(escalation_noted_on__isnull=True))
        .select_related("review"))
