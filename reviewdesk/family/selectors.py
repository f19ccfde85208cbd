"""Reads of the family's involvement that need rules: where each person stands, the count and
status partners see, and the report offers the report and publication stages read."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q
from django.urls import reverse

from reviewdesk import access
from reviewdesk.accounts.models import PartnershipRole, User
from reviewdesk.family.models import Contact, FamilyMember, SiblingDecision
from reviewdesk.family.rules import approach_refusal
from reviewdesk.reviews.models import Review, ReviewRole, Stage
from reviewdesk.reviews.needs import WAITING, Need


@dataclass(frozen=True)
class Status:
    """Where a family member stands: a short tag, its colour, and whether it counts as
    approached or contributed in the summary partners see."""

    text: str
    colour: str
    approached: bool = False
    contributed: bool = False


def members(review: Review) -> list[FamilyMember]:
    """The review's family members with everything their status needs, in a fixed number of
    queries whatever their number."""
    return list(
        FamilyMember.objects.filter(review=review)
        .select_related("identity", "sibling_decision")
        .prefetch_related(Prefetch("contacts", queryset=Contact.objects.order_by(
            "happened_on", "pk")), "meetings", "contributions")
    )


def _sibling_decision(member: FamilyMember) -> SiblingDecision | None:
    try:
        return member.sibling_decision
    except SiblingDecision.DoesNotExist:
        return None


def status(member: FamilyMember) -> Status:
    """Derived from the contact log: what they gave, else their latest response, else whether
    anyone has tried to reach them; or why they are not (yet) to be approached."""
    contributed = bool(list(member.contributions.all()) or list(member.meetings.all()))
    contacts = list(member.contacts.all())
    approached = any(c.kind == Contact.Kind.ATTEMPT for c in contacts) or contributed
    if contributed:
        return Status("Contributed", "green", approached=True, contributed=True)
    responses = [c for c in contacts if c.kind == Contact.Kind.RESPONSE and c.response]
    if responses:
        latest = responses[-1]
        colour = {Contact.Response.AGREED_TO_MEET: "green", Contact.Response.WILL_WRITE: "green",
                  Contact.Response.DECLINED: "red"}.get(Contact.Response(latest.response), "grey")
        return Status(latest.get_response_display(), colour, approached=True)
    if approached:
        return Status("Approached", "blue", approached=True)
    if not member.to_approach:
        return Status("Not approached", "grey")
    if member.is_sibling:
        decision = _sibling_decision(member)
        if decision is None:
            return Status("Sibling decision needed", "orange")
        if not decision.contact_appropriate:
            return Status("Not to be contacted", "grey")
    return Status("Not yet approached", "yellow")


@dataclass(frozen=True)
class Summary:
    considered: int
    approached: int
    contributed: int

    def sentence(self) -> str:
        people = "person" if self.considered == 1 else "people"
        return (f"{self.considered} {people} considered, {self.approached} approached, "
                f"{self.contributed} contributed")


def summary(review: Review, found: list[FamilyMember] | None = None) -> Summary:
    """The count and status partners see: never who, or what anyone said."""
    statuses = [status(m) for m in (members(review) if found is None else found)]
    return Summary(len(statuses), sum(s.approached for s in statuses),
                   sum(s.contributed for s in statuses))


def may_approach(member: FamilyMember) -> bool:
    return approach_refusal(member) is None


def report_offers(review: Review) -> list[FamilyMember]:
    """The family members offered the draft report, or whose wishes about it are recorded, for
    the report and publication stages: ``wants_to_see_draft`` (send them the draft),
    ``wants_publication_date`` (tell them the date). Their identity is selected with them."""
    return list(
        FamilyMember.objects.filter(review=review).exclude(
            offered_draft_on__isnull=True, wants_to_see_draft__isnull=True,
            wants_publication_date__isnull=True).select_related("identity").order_by("pk"))


def wants_to_see_draft(review: Review) -> list[FamilyMember]:
    return [m for m in report_offers(review) if m.wants_to_see_draft]


def wants_publication_date(review: Review) -> list[FamilyMember]:
    return [m for m in report_offers(review) if m.wants_publication_date]


def needs(viewer: User, today: date) -> list[Need]:
    """Home items: each sibling to be approached who has no sibling decision yet, for the
    review's lead reviewer(s) and the business manager (who may record it for them). One query
    whatever the number of reviews."""
    bm = viewer.role == PartnershipRole.BUSINESS_MANAGER and viewer.partnership_id is not None
    where = (Q(review__partnership_id=viewer.partnership_id) if bm else Q(
        review__in=access.reviews_in_role(viewer, ReviewRole.LEAD_REVIEWER)))
    if not bm and ReviewRole.LEAD_REVIEWER not in access.roles_ever_held(viewer):
        return []
    waiting = (FamilyMember.objects.filter(where, is_sibling=True, to_approach=True,
                                           sibling_decision__isnull=True)
               .exclude(review__stage=Stage.CLOSED).select_related("review", "identity")
               .order_by("created_at", "pk"))
    return [Need(m.review, f"Record the sibling decision about {m.identity.pseudonym} before "
                           f"anyone approaches them",
                 reverse("family:sibling_decision", args=[m.review.uuid, m.pk]), WAITING,
                 since=m.created_at.date(),
                 # The business unit may record it, but it is the lead reviewer's decision.
                 who="The lead reviewer" if bm else "You")
            for m in waiting]

