"""What the statement's pages read: the versions of a review's statement, where the approved one
is (beside the report, with the national bodies), and what is left to do."""

import hashlib
from dataclasses import dataclass, field

from reviewdesk.action_plan.models import ActionsStatement
from reviewdesk.notices.models import Notice
from reviewdesk.publication.models import NationalBody, NationalCopy, Publication
from reviewdesk.reviews.models import Review
from reviewdesk.statement.notices import PURPOSE

# A publication that stands: scheduled, published or available on request.
LIVE_STATES = (Publication.State.SCHEDULED, Publication.State.PUBLISHED,
               Publication.State.ON_REQUEST)
ADDRESS_FIELDS = {NationalBody.OFSTED.value: "ofsted_email", NationalBody.DFE.value: "dfe_email",
                  NationalBody.PANEL.value: "panel_email"}


def body_label(body: str) -> str:
    return str(NationalBody(body).label)


def labels(bodies: list[str]) -> str:
    """'Ofsted, the Department for Education and the National Panel'."""
    words = ["the Department for Education" if b == NationalBody.DFE else body_label(b)
             for b in bodies]
    words = [w[0].lower() + w[1:] if w.startswith("The ") else w for w in words]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def notice_key(statement: ActionsStatement, body: str) -> str:
    """One notice per version and body."""
    return f"actions_statement:{statement.pk}:{body}"


def sent_bodies(statement: ActionsStatement) -> set[str]:
    prefix = f"actions_statement:{statement.pk}:"
    keys = Notice.objects.filter(review_id=statement.review_id, dedupe_key__startswith=prefix
                                 ).values_list("dedupe_key", flat=True)
    return {k.removeprefix(prefix) for k in keys}


def versions(review: Review) -> list[ActionsStatement]:
    """Newest first."""
    return list(ActionsStatement.objects.filter(review=review)
                .select_related("recorded_by", "on_behalf_of", "approved_by", "changed_by"))


def live_publication(review: Review) -> Publication | None:
    return Publication.objects.filter(review=review, state__in=LIVE_STATES).first()


def _sha(field: object) -> str:
    try:
        with field.open("rb") as handle:  # type: ignore[attr-defined]
            return hashlib.sha256(handle.read()).hexdigest()
    except (FileNotFoundError, ValueError):
        return ""


@dataclass
class SentStatement:
    notice: Notice
    version: int
    body: str
    label: str


@dataclass
class StatementState:
    review: Review
    versions: list[ActionsStatement]
    publication: Publication | None
    # The version whose PDF is on the publication; None when another document is (one uploaded
    # when the report was published) or none.
    with_report: ActionsStatement | None
    other_document: bool
    have_report: list[str]  # national bodies sent the final report
    sent: list[SentStatement] = field(default_factory=list)  # newest first
    copies: list[NationalCopy] = field(default_factory=list)

    @property
    def current(self) -> ActionsStatement | None:
        return self.versions[0] if self.versions else None

    @property
    def earlier(self) -> list[ActionsStatement]:
        return self.versions[1:]

    @property
    def public(self) -> bool:
        return bool(self.publication and self.publication.actions_published
                    and self.publication.actions_document)

    def sent_of(self, statement: ActionsStatement) -> set[str]:
        return {s.body for s in self.sent if s.version == statement.number}

    @property
    def to_send(self) -> list[str]:
        """Bodies with the report that have not been sent the current approved version (nor
        had it go with their copy of the report)."""
        current = self.current
        if current is None or current.approved_at is None:
            return []
        done = self.sent_of(current)
        # A copy of the report sent after this version was approved and put with it carried it.
        done |= {c.body for c in self.copies if c.with_actions and current.approved_at
                 and c.recorded_at >= current.approved_at and self.with_report == current}
        return [b for b in self.have_report if b not in done]


def statement_state(review: Review) -> StatementState:
    """A fixed number of queries (and one read of each file on the publication and of the
    approved versions', to say which is there)."""
    found = versions(review)
    publication = live_publication(review)
    with_report, other = None, False
    if publication is not None and publication.actions_document:
        on_publication = _sha(publication.actions_document)
        approved = [s for s in found if s.approved_at is not None and s.pdf]
        with_report = next((s for s in approved if _sha(s.pdf) == on_publication), None)
        other = with_report is None
    copies = list(NationalCopy.objects.filter(review=review))
    have = {c.body for c in copies}
    by_pk = {s.pk: s for s in found}
    sent = []
    for notice in (Notice.objects.filter(review=review, purpose=PURPOSE).order_by("-pk")):
        _, pk, body = (notice.dedupe_key.split(":") + ["", ""])[:3]
        statement = by_pk.get(int(pk)) if pk.isdigit() else None
        if statement is not None and body in ADDRESS_FIELDS:
            sent.append(SentStatement(notice, statement.number, body, body_label(body)))
    return StatementState(review, found, publication, with_report, other,
                          [b.value for b in NationalBody if b.value in have], sent, copies)
