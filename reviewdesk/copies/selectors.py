"""What the copies page, the review page's section and the home page read: which national bodies
a review's final report goes to, which have it, and what is left to do."""

from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse

from reviewdesk.accounts.models import PartnershipRole, User
from reviewdesk.copies.notices import PURPOSE
from reviewdesk.final_report import actions as final_report_actions
from reviewdesk.notices.models import Notice
from reviewdesk.publication.models import (
    CopiesDecision,
    NationalBody,
    NationalCopy,
    Publication,
    RepositoryDeposit,
)
from reviewdesk.reports.models import FinalReport
from reviewdesk.reviews.models import Review, ReviewKind, Stage
from reviewdesk.reviews.needs import WAITING, Need

# Copies go with the publication or after it.
COPY_STAGES = (Stage.PUBLICATION, Stage.ACTION_PLAN, Stage.CLOSED)
# Not subject to inspection by Ofsted: the subgroup decides which copies go.
DECIDED_KINDS = (ReviewKind.LEARNING_REVIEW, ReviewKind.OTHER_LEARNING)
BODIES = list(NationalBody)
ADDRESS_FIELDS = {NationalBody.OFSTED: "ofsted_email", NationalBody.DFE: "dfe_email",
                  NationalBody.PANEL: "panel_email"}


def notice_key(copy: NationalCopy) -> str:
    """One notice per copy: sending it again is a new copy (a newer final report)."""
    return f"national_copy:{copy.pk}"


def body_label(body: str) -> str:
    return str(NationalBody(body).label)


def labels(bodies: list[str]) -> str:
    """'Ofsted, the Department for Education and the National Panel'."""
    words = [body_label(b) if b != NationalBody.DFE else "the Department for Education"
             for b in bodies]
    words = [w[0].lower() + w[1:] if w.startswith("The ") else w for w in words]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def current_publication(review: Review) -> Publication | None:
    """The review's publication now: the live one, else the latest that was not cancelled."""
    return (Publication.objects.filter(review=review)
            .exclude(state=Publication.State.CANCELLED).order_by("-pk").first())


def latest_decision(review: Review) -> CopiesDecision | None:
    return (CopiesDecision.objects.filter(review=review).select_related("recorded_by",
                                                                        "on_behalf_of").first())


def due_bodies(review: Review, decision: CopiesDecision | None = None, *,
               asked: bool = False) -> list[str] | None:
    """The bodies the final report goes to: all three, or for a learning review the subgroup's
    choice (None while it has not decided). ``asked`` says ``decision`` is already the latest."""
    if review.kind not in DECIDED_KINDS:
        return [b.value for b in BODIES]
    if not asked:
        decision = latest_decision(review)
    if decision is None:
        return None
    return [b.value for b in BODIES if b.value in decision.bodies]


@dataclass
class SentCopy:
    copy: NationalCopy
    notice: Notice | None
    of_current: bool  # of the final report that stands

    @property
    def failed(self) -> bool:
        return self.notice is not None and self.notice.status == Notice.Status.FAILED


@dataclass
class BodyRow:
    body: str
    label: str
    due: bool
    address: str
    sent: list[SentCopy] = field(default_factory=list)  # newest first

    @property
    def current(self) -> SentCopy | None:
        return next((s for s in self.sent if s.of_current), None)


@dataclass
class CopiesState:
    review: Review
    final: FinalReport | None
    publication: Publication | None
    decides: bool  # a learning review: the subgroup decides which copies go
    decision: CopiesDecision | None
    decisions: list[CopiesDecision]
    rows: list[BodyRow]
    deposits: list[RepositoryDeposit]

    @property
    def awaiting_decision(self) -> bool:
        return self.decides and self.decision is None

    @property
    def to_send(self) -> list[str]:
        """Bodies due a copy of the final report that stands and not sent one yet."""
        return [r.body for r in self.rows if r.due and r.current is None]

    @property
    def sent(self) -> list[str]:
        return [r.body for r in self.rows if r.current is not None]

    @property
    def failed(self) -> list[SentCopy]:
        return [s for r in self.rows for s in r.sent if s.failed]

    @property
    def with_actions(self) -> bool:
        return bool(self.publication and self.publication.actions_document)

    @property
    def deposit(self) -> RepositoryDeposit | None:
        return self.deposits[0] if self.deposits else None


def copies_state(review: Review) -> CopiesState:
    final = final_report_actions.current(review)
    decides = review.kind in DECIDED_KINDS
    # Kept and shown whatever the kind (a review may have changed kind), read only for a
    # learning review.
    decisions = list(CopiesDecision.objects.filter(review=review)
                     .select_related("recorded_by", "on_behalf_of"))
    decision = decisions[0] if decisions and decides else None
    due = due_bodies(review, decision, asked=True) or []
    copies = list(NationalCopy.objects.filter(review=review)
                  .select_related("recorded_by", "on_behalf_of", "final_report__version")
                  .order_by("-sent_on", "-pk"))
    notices = {n.dedupe_key: n for n in Notice.objects.filter(
        review=review, dedupe_key__in=[notice_key(c) for c in copies])}
    partnership = review.partnership
    rows = []
    for body in BODIES:
        row = BodyRow(body.value, str(body.label), body.value in due,
                      getattr(partnership, ADDRESS_FIELDS[body]))
        row.sent = [SentCopy(c, notices.get(notice_key(c)),
                             final is not None and c.final_report_id == final.pk)
                    for c in copies if c.body == body.value]
        rows.append(row)
    deposits = list(RepositoryDeposit.objects.filter(review=review)
                    .select_related("recorded_by", "on_behalf_of"))
    return CopiesState(review, final, current_publication(review), decides, decision,
                       decisions, rows, deposits)


# --- Home ------------------------------------------------------------------------------------

def needs(viewer: User, today: date) -> list[Need]:
    """For the business manager: a review whose report has been published but whose copies have
    not all gone (or, for a learning review, whose subgroup has not decided which go), and a copy
    whose e-mail failed. Five queries, whatever the number of reviews."""
    if (viewer.partnership_id is None or not viewer.is_active
            or viewer.role != PartnershipRole.BUSINESS_MANAGER):
        return []
    published: dict[int, Publication] = {}
    for p in (Publication.objects.filter(review__partnership_id=viewer.partnership_id,
                                         published_on__isnull=False)
              .exclude(state=Publication.State.CANCELLED).select_related("review")
              .order_by("published_on", "pk")):
        published.setdefault(p.review_id, p)  # the first publication: since when it waits
    if not published:
        return []
    ids = list(published)
    finals = dict(FinalReport.objects.filter(review_id__in=ids, replaced_at__isnull=True)
                  .values_list("review_id", "pk"))
    sent: dict[int, set[tuple[str, int]]] = {}
    for review_id, body, final_id in NationalCopy.objects.filter(review_id__in=ids).values_list(
            "review_id", "body", "final_report_id"):
        sent.setdefault(review_id, set()).add((body, final_id))
    decisions: dict[int, CopiesDecision] = {}
    for d in CopiesDecision.objects.filter(review_id__in=ids):  # newest first
        decisions.setdefault(d.review_id, d)
    failed = set(Notice.objects.filter(review_id__in=ids, purpose=PURPOSE,
                                       status=Notice.Status.FAILED)
                 .values_list("review_id", flat=True))
    items = []
    for review_id, publication in published.items():
        review = publication.review
        url = reverse("copies:page", args=[review.uuid])
        due = due_bodies(review, decisions.get(review_id), asked=True)
        if due is None:
            items.append(Need(review, "Record the CSPR subgroup's decision on which national "
                                      "bodies get a copy of the report", url, WAITING,
                              since=publication.published_on))
            continue
        current = finals.get(review_id)
        missing = [b for b in due if (b, current) not in sent.get(review_id, set())]
        if missing and current is not None:
            items.append(Need(review, f"Send the final report to {labels(missing)}", url,
                              WAITING, since=publication.published_on))
        if review_id in failed:
            items.append(Need(review, "A copy of the final report to a national body was not "
                                      "sent: put it right and send it again", url, WAITING,
                              since=publication.published_on))
    return items
