"""What the time on the website and the request log read: the report's publication, where an
early withdrawal stands, each request's state and due date, and the home items."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet
from django.urls import reverse

from reviewdesk.accounts.models import PartnerFor, Partnership, PartnershipRole, User
from reviewdesk.lib.workingdays import add_working_days
from reviewdesk.publication.models import Publication, ReportRequest, WithdrawalAgreement
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.needs import DUE_SOON, WAITING, Need, state_for

P = Publication.State
# The business manager is told this many days before a report's time on the website ends.
WARNING_DAYS = 7
# Each partner in a sentence ("the health (ICB) safeguarding partner").
PARTNERS = [PartnerFor.LOCAL_AUTHORITY, PartnerFor.HEALTH, PartnerFor.POLICE]
PARTNER_WORDS = {PartnerFor.LOCAL_AUTHORITY: "local authority", PartnerFor.HEALTH: "health (ICB)",
                 PartnerFor.POLICE: "police"}
# A publication that may still be withdrawn early: on the website, or available on request.
WITHDRAWABLE = (P.PUBLISHED, P.ON_REQUEST)


def publication_of(review: Review) -> Publication | None:
    """The review's live publication (scheduled, published or on request), else its latest one
    (withdrawn or cancelled: kept as history)."""
    rows = list(review.publications.order_by("-pk"))
    live = [p for p in rows if p.state in (P.SCHEDULED, P.PUBLISHED, P.ON_REQUEST)]
    chosen = live or rows
    return chosen[0] if chosen else None


def due_on_for(partnership: Partnership, received_on: date) -> date:
    """When a request received on ``received_on`` must be answered: the partnership's number of
    working days later, with England's bank holidays."""
    return add_working_days(received_on, partnership.request_working_days)


# --- Early withdrawal -----------------------------------------------------------------------------

@dataclass(frozen=True)
class PartnerAgreement:
    partner_for: str
    label: str  # "The police safeguarding partner"
    agreement: WithdrawalAgreement | None


@dataclass(frozen=True)
class Withdrawal:
    """Where an early withdrawal stands: started (a reason given) or not, each partner's
    agreement, and whether it may now be done."""

    publication: Publication
    started: bool
    agreements: list[PartnerAgreement]

    @property
    def missing(self) -> list[PartnerAgreement]:
        return [a for a in self.agreements if a.agreement is None]

    @property
    def all_agreed(self) -> bool:
        return self.started and not self.missing

    @property
    def last_agreed_on(self) -> date | None:
        return max((a.agreement.agreed_on for a in self.agreements if a.agreement), default=None)

    @property
    def done(self) -> bool:
        return self.publication.state == P.WITHDRAWN


def withdrawal(publication: Publication) -> Withdrawal:
    given = {a.partner_for: a for a in publication.withdrawal_agreements.select_related(
        "recorded_by", "on_behalf_of")}
    started = bool(publication.withdrawal_reason) and (
        publication.state in WITHDRAWABLE or publication.state == P.WITHDRAWN)
    return Withdrawal(publication, started, [
        PartnerAgreement(p, f"The {PARTNER_WORDS[p]} safeguarding partner", given.get(p))
        for p in PARTNERS])


def missing_words(state: Withdrawal) -> str:
    """'the health (ICB) and police safeguarding partners'."""
    words = [PARTNER_WORDS[PartnerFor(a.partner_for)] for a in state.missing]
    joined = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
    return f"the {joined} safeguarding partner{'' if len(words) == 1 else 's'}"


# --- Requests -------------------------------------------------------------------------------------

OPEN, OVERDUE, SENT, DECLINED = "open", "overdue", "sent", "declined"
STATE_LABELS = {OPEN: "Open", OVERDUE: "Overdue", SENT: "Sent", DECLINED: "Declined"}
STATE_COLOURS = {OPEN: "blue", OVERDUE: "red", SENT: "green", DECLINED: "grey"}
FILTERS = {"open": "Open (overdue included)", "overdue": "Overdue", "all": "All"}


def request_state(asked: ReportRequest, today: date) -> str:
    if asked.response:
        return SENT if asked.response == ReportRequest.Response.SENT else DECLINED
    return OVERDUE if today > asked.due_on else OPEN


def requests_of(partnership_id: int, show: str, today: date) -> QuerySet[ReportRequest]:
    """The partnership's requests, due first; ``show`` is one of FILTERS."""
    rows = ReportRequest.objects.filter(publication__review__partnership_id=partnership_id)
    if show == "open":
        rows = rows.filter(response="")
    elif show == "overdue":
        rows = rows.filter(response="", due_on__lt=today)
    return rows.select_related("publication").order_by("due_on", "received_at", "pk")


def open_requests(publication: Publication) -> int:
    return publication.requests.filter(response="").count()


def business_unit(partnership: Partnership) -> list[str]:
    """Where the business unit is told: its inbox, else each business manager's address."""
    if partnership.business_unit_email:
        return [partnership.business_unit_email]
    return list(User.objects.filter(partnership_id=partnership.pk, is_active=True,
                                    role=PartnershipRole.BUSINESS_MANAGER)
                .values_list("email", flat=True))


# --- The end of the period --------------------------------------------------------------------------

def ending_by(today: date) -> QuerySet[Publication]:
    """Reports on the website whose time ends within the warning period or has ended."""
    return (Publication.objects.filter(state=P.PUBLISHED, ends_on__isnull=False,
                                       ends_on__lte=today + timedelta(days=WARNING_DAYS))
            .select_related("review__partnership").order_by("ends_on", "pk"))


# --- Home items -------------------------------------------------------------------------------------

def needs(viewer: User, today: date) -> list[Need]:
    """The business manager: reports whose time on the website ends within a week, withdrawals
    waiting for the partners or ready to be done, open requests for reports. A safeguarding
    partner: a withdrawal waiting for their agreement. Three queries, whatever the number of
    reviews."""
    partnership = viewer.partnership_id
    if partnership is None or not viewer.is_active or viewer.role not in {
            PartnershipRole.BUSINESS_MANAGER, PartnershipRole.SAFEGUARDING_PARTNER}:
        return []
    bm = viewer.role == PartnershipRole.BUSINESS_MANAGER
    if not bm and not viewer.partner_for:
        return []
    items: list[Need] = []
    # Withdrawals started and not yet done.
    started = list(Publication.objects.filter(
        review__partnership_id=partnership, state__in=WITHDRAWABLE).exclude(
        withdrawal_reason="").select_related("review__partnership")
        .prefetch_related("withdrawal_agreements"))
    for pub in started:
        agreed = {a.partner_for for a in pub.withdrawal_agreements.all()}
        url = reverse("on_request:website", args=[pub.review.uuid])
        if bm:
            if agreed >= set(PARTNERS):
                items.append(Need(pub.review, "Withdraw the report from the website: all three "
                                              "partners have agreed", url, DUE_SOON))
            else:
                items.append(Need(pub.review, "Early withdrawal of the report: waiting for the "
                                              "partners' agreement", url, WAITING,
                                  who="The safeguarding partners"))
        elif viewer.partner_for not in agreed:
            items.append(Need(pub.review, "Agree to withdraw the report from the website early",
                              url, WAITING))
    if not bm:
        return items
    for pub in ending_by(today).filter(review__partnership_id=partnership):
        if pub.ends_on and pub.ends_on > today:
            items.append(Need(pub.review, "The report's time on the website ends: it will then "
                                          "be available on request",
                              reverse("on_request:website", args=[pub.review.uuid]), DUE_SOON,
                              due_on=pub.ends_on))
    for asked in ReportRequest.objects.filter(
            publication__review__partnership_id=partnership, response="").select_related(
            "publication__review__partnership").order_by("due_on", "pk"):
        items.append(Need(asked.publication.review,
                          f"Answer a request for the report '{asked.publication.title}'",
                          reverse("on_request:request", args=[asked.uuid]),
                          state_for(asked.due_on, today), due_on=asked.due_on,
                          who="The business unit"))
    return items
