"""What the sign-off stands at: ``approval_state(review)`` is the one answer to "is the report
approved?", for this app's pages, the move to publication and the final report (which must never
treat a partial set of approvals as approved). ``completion`` says how the review's six-month
clock stands against it; ``needs`` gives the home page's items.

Approved means (docs/decisions/0058): on the latest version, none withdrawn, the CSPR subgroup's
sign-off, the Executive Group's sign-off and each of the three safeguarding partners' approval.
The Executive Group's decision on publication is a separate decision: the move to publication
needs it too (agreeing), unless a learning review's subgroup has recorded that its report will not
be published.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Max
from django.urls import reverse

from reviewdesk.accounts.models import PartnerFor, PartnershipRole, User
from reviewdesk.reports.models import Approval, PublicationIntent, ReportVersion
from reviewdesk.reviews.models import Clock, ClockKind, Review, ReviewKind, ReviewRole, Stage
from reviewdesk.reviews.needs import WAITING, Need

Step = Approval.Step
# Kinds whose subgroup decides, case by case, whether the report is published.
INTENT_KINDS = {ReviewKind.LEARNING_REVIEW, ReviewKind.OTHER_LEARNING}
PARTNERS = [PartnerFor.LOCAL_AUTHORITY, PartnerFor.HEALTH, PartnerFor.POLICE]
# Each partner in a sentence ("the health (ICB) safeguarding partner").
PARTNER_WORDS = {PartnerFor.LOCAL_AUTHORITY: "local authority", PartnerFor.HEALTH: "health (ICB)",
                 PartnerFor.POLICE: "police"}


@dataclass(frozen=True)
class Required:
    """One approval the report needs: the step, for which partner, and whether it is given."""

    step: str
    partner_for: str
    label: str
    approval: Approval | None

    @property
    def given(self) -> bool:
        return self.approval is not None


@dataclass
class ApprovalState:
    """The sign-off of the review's latest version (``version``; None before any)."""

    review: Review
    version: ReportVersion | None
    required: list[Required] = field(default_factory=list)
    # Every standing approval of the version (subgroup members' own sign-offs included).
    approvals: list[Approval] = field(default_factory=list)
    publication: Approval | None = None  # the Executive Group's decision on publication
    intent: PublicationIntent | None = None  # a learning review's: the latest stands

    @property
    def given(self) -> list[Required]:
        return [r for r in self.required if r.given]

    @property
    def missing(self) -> list[Required]:
        return [r for r in self.required if not r.given]

    @property
    def is_approved(self) -> bool:
        """Every required approval, on the latest version, none withdrawn."""
        return self.version is not None and not self.missing

    @property
    def approved_on(self) -> date | None:
        """The date of the last required approval, once every one is given: the day the review
        was completed."""
        if not self.is_approved:
            return None
        return max(r.approval.decided_on for r in self.required if r.approval is not None)

    @property
    def count(self) -> str:
        return f"{len(self.given)} of {len(self.required)} approvals"

    @property
    def subgroup(self) -> Approval | None:
        return self._approval(Step.SUBGROUP)

    @property
    def executive(self) -> Approval | None:
        return self._approval(Step.EXECUTIVE)

    @property
    def member_sign_offs(self) -> list[Approval]:
        return [a for a in self.approvals if a.step == Step.SUBGROUP_MEMBER]

    def _approval(self, step: str) -> Approval | None:
        return next((a for a in self.approvals if a.step == step), None)

    def partner(self, partner_for: str) -> Approval | None:
        return next((a for a in self.approvals
                     if a.step == Step.PARTNER and a.partner_for == partner_for), None)

    @property
    def publication_required(self) -> bool:
        """The Executive Group's decision on publication is needed, unless a learning review's
        subgroup has recorded that the report will not be published."""
        return not (self.intent is not None and not self.intent.will_publish)

    @property
    def may_move_to_publication(self) -> bool:
        """Approved, and the Executive Group agreed to publish (where its decision is needed)."""
        if not self.is_approved:
            return False
        if not self.publication_required:
            return True
        return self.publication is not None and self.publication.agrees


def latest_version(review: Review) -> ReportVersion | None:
    return review.report_versions.order_by("-number").first()


def latest_intent(review: Review) -> PublicationIntent | None:
    if review.kind not in INTENT_KINDS:
        return None
    return review.publication_intents.order_by("-decided_on", "-pk").first()


def approval_state(review: Review) -> ApprovalState:
    """The sign-off as it stands: the latest version, its required approvals given and missing,
    ``is_approved`` and ``approved_on`` (the date of the last required approval). Three queries."""
    return approval_state_of(review, latest_version(review))


def approval_state_of(review: Review, version: ReportVersion | None) -> ApprovalState:
    """The standing approvals of one version (the latest, but for ``approval_state``'s callers
    that must know what an earlier version had)."""
    approvals = [] if version is None else list(
        Approval.objects.filter(version=version, withdrawn_at__isnull=True)
        .select_related("approver", "recorded_by", "on_behalf_of").order_by("decided_on", "pk"))
    state = ApprovalState(review, version, approvals=approvals, intent=latest_intent(review))
    state.publication = state._approval(Step.PUBLICATION)
    state.required = [
        Required(Step.SUBGROUP, "", "The CSPR subgroup's sign-off", state.subgroup),
        Required(Step.EXECUTIVE, "", "The Executive Group's sign-off", state.executive),
        *[Required(Step.PARTNER, p, f"The {PARTNER_WORDS[p]} safeguarding partner's "
                                    "approval", state.partner(p)) for p in PARTNERS],
    ]
    return state


def completion_clock(review: Review) -> Clock | None:
    return review.clocks.filter(kind=ClockKind.REVIEW_COMPLETION).first()


@dataclass(frozen=True)
class Completion:
    """How the review's six-month clock stands against the report's approval."""

    clock: Clock
    completed_on: date | None
    # Days after the target (0 or less: met), and after the revised date where a delay was
    # recorded; None until the review is completed.
    late_by: int | None
    late_by_revised: int | None

    @staticmethod
    def words(late_by: int) -> str:
        if late_by <= 0:
            return "met"
        return f"missed by {late_by} day{'' if late_by == 1 else 's'}"

    @property
    def against_target(self) -> str:
        return "" if self.late_by is None else self.words(self.late_by)

    @property
    def against_revised(self) -> str:
        return "" if self.late_by_revised is None else self.words(self.late_by_revised)


def completion(review: Review, state: ApprovalState) -> Completion | None:
    """The six-month clock (None for a review without one): completed on the date of the last
    required approval of the final version; met or missed by so many days against its target
    and, where a delay was recorded, its revised date."""
    clock = completion_clock(review)
    if clock is None:
        return None
    done = state.approved_on
    if done is None:
        return Completion(clock, None, None, None)
    revised = (done - clock.revised_due_on).days if clock.revised_due_on else None
    return Completion(clock, done, (done - clock.due_on).days, revised)


# --- Home ------------------------------------------------------------------------------------

def needs(viewer: User, today: date) -> list[Need]:
    """"Sign off version N of the report": for the review's subgroup members until the subgroup
    has signed it off, the executive group's members once it has (until the Executive Group has),
    the safeguarding partners once the Executive Group has (until their own approval is in).
    Four queries, whatever the number of reviews."""
    partnership = viewer.partnership_id
    if partnership is None or not viewer.is_active:
        return []
    role = viewer.role
    member_of: set[int] = set()
    if role not in {PartnershipRole.EXECUTIVE_MEMBER, PartnershipRole.SAFEGUARDING_PARTNER}:
        member_of = set(viewer.memberships.filter(
            role=ReviewRole.SUBGROUP_MEMBER, ended_at__isnull=True,
            review__stage=Stage.REPORT).values_list("review_id", flat=True))
        if not member_of:
            return []
    reviews = Review.objects.filter(partnership_id=partnership, stage=Stage.REPORT)
    if member_of:
        reviews = reviews.filter(pk__in=member_of)
    reviews_list = list(reviews.annotate(latest=Max("report_versions__number"))
                        .filter(latest__isnull=False))
    if not reviews_list:
        return []
    latest = {r.pk: r.latest for r in reviews_list}
    versions = {v.review_id: v for v in ReportVersion.objects.filter(
        review__in=reviews_list).only("pk", "review_id", "number")
        if v.number == latest[v.review_id]}
    approvals: dict[int, list[Approval]] = {}
    for a in Approval.objects.filter(version__in=list(versions.values()),
                                     withdrawn_at__isnull=True):
        approvals.setdefault(a.version_id, []).append(a)
    items = []
    for review in reviews_list:
        version = versions[review.pk]
        given = approvals.get(version.pk, [])
        steps = {a.step for a in given}
        url = reverse("signoff:page", args=[review.uuid])
        what = f"Sign off version {version.number} of the report"
        since = None
        if role == PartnershipRole.EXECUTIVE_MEMBER:
            if Step.SUBGROUP in steps and Step.EXECUTIVE not in steps:
                since = next(a.decided_on for a in given if a.step == Step.SUBGROUP)
            else:
                continue
        elif role == PartnershipRole.SAFEGUARDING_PARTNER:
            mine = any(a.step == Step.PARTNER and a.partner_for == viewer.partner_for
                       for a in given)
            if Step.EXECUTIVE in steps and not mine and viewer.partner_for:
                since = next(a.decided_on for a in given if a.step == Step.EXECUTIVE)
                what = f"Approve version {version.number} of the report"
            else:
                continue
        else:
            signed = any(a.step == Step.SUBGROUP_MEMBER and a.approver_id == viewer.pk
                         for a in given)
            if Step.SUBGROUP in steps or signed:
                continue
        items.append(Need(review, what, url, WAITING, since=since))
    return items
