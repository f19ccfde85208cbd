"""What the comment rounds' pages, home items and reminders read: a round's state, who may
comment, the version's paragraphs to anchor a comment to, and what waits for whom.

A round "takes comments" from the day it opens to the end of its closing date; after that it is
"closed for comments" and waits for the lead reviewer's answers; once every comment is answered
it is "closed as answered". Only one round of a review is in progress (not closed as answered)
at a time.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from reviewdesk import access
from reviewdesk.accounts.models import PartnershipRole, User
from reviewdesk.reports.models import Comment, CommentRound, ReportVersion
from reviewdesk.reviews.models import Review, ReviewMembership, ReviewRole, Stage
from reviewdesk.reviews.needs import WAITING, Need, state_for

TAKING, CLOSED, ANSWERED = "taking", "closed", "answered"
STATE_LABELS = {TAKING: "Taking comments", CLOSED: "Closed for comments: answers due",
                ANSWERED: "Closed as answered"}
STATE_COLOURS = {TAKING: "blue", CLOSED: "yellow", ANSWERED: "green"}
# Rounds are a step of the report stage; a review past it keeps its rounds readable.
STAGES = (Stage.REPORT, Stage.PUBLICATION, Stage.ACTION_PLAN, Stage.CLOSED)


def state(round_: CommentRound, today: date) -> str:
    if round_.answered_on is not None:
        return ANSWERED
    return TAKING if today <= round_.closes_on else CLOSED


def in_progress(review: Review) -> CommentRound | None:
    """The review's round not yet closed as answered (there is one at most)."""
    return (CommentRound.objects.filter(review=review, answered_on__isnull=True)
            .select_related("version").first())


def latest_version(review: Review) -> ReportVersion | None:
    return ReportVersion.objects.filter(review=review).defer("outline").order_by("-number").first()


def _subgroup_memberships(review: Review) -> QuerySet[ReviewMembership]:
    return review.memberships.filter(role=ReviewRole.SUBGROUP_MEMBER, ended_at__isnull=True,
                                     person__is_active=True)


def commenters(review: Review) -> list[User]:
    """Who is asked to comment: the review's subgroup members (each agency speaks through its
    member) and the partnership's three safeguarding partners."""
    members = [m.person for m in _subgroup_memberships(review).select_related("person")]
    partners = list(User.objects.filter(
        partnership_id=review.partnership_id, role=PartnershipRole.SAFEGUARDING_PARTNER,
        is_active=True).exclude(partner_for="").exclude(pk__in=[p.pk for p in members])
        .order_by("partner_for", "full_name"))
    return members + partners


def is_commenter(person: User, review: Review) -> bool:
    return (_subgroup_memberships(review).filter(person=person).exists()
            or access.is_partner_of(person, review))


def agency_of(person: User, review: Review) -> int | None:
    """The agency a subgroup member speaks for on this review: their membership's, else their
    own; none for a partner (they speak for their partner, shown from ``partner_for``)."""
    membership = _subgroup_memberships(review).filter(person=person).select_related(
        "person").first()
    if membership is None:
        return None
    return membership.agency_id or person.agency_id


def lead_reviewers(review: Review) -> list[User]:
    return [m.person for m in review.memberships.filter(
        role=ReviewRole.LEAD_REVIEWER, ended_at__isnull=True).select_related("person")]


def who_speaks(comment: Comment) -> str:
    """What the commenter speaks for: their agency, or the partner they are."""
    if comment.agency_id and comment.agency is not None:
        return comment.agency.name
    if comment.author.partner_for:
        return f"Safeguarding partner: {comment.author.get_partner_for_display()}"
    return ""


@dataclass(frozen=True)
class Anchor:
    """A paragraph a comment may be anchored to: its place in the outline and its label."""

    block: int
    label: str
    section: str
    text: str
    kind: str = "paragraph"

    def choice(self, redact: Callable[[str], str], length: int = 70) -> str:
        """How it is offered in a list: "1.2: The health visitor…", the paragraph's opening
        words (without its own number) through the reader's redactor."""
        words = self.text.strip()
        if self.kind == "heading":
            return f"{redact(words)} (heading)"
        if words.startswith(self.label):
            words = words[len(self.label):].lstrip(" .):\t")
        words = redact(words)
        words = words if len(words) <= length else words[:length - 1].rstrip() + "…"
        return f"{redact(self.label)}: {words}"


def anchors(version: ReportVersion) -> list[Anchor]:
    """Every heading and paragraph of the version, as the outline reader labelled them."""
    out = []
    for item in version.outline or []:
        if not str(item.get("text", "")).strip():
            continue
        out.append(Anchor(int(item["index"]), str(item.get("label", "")),
                          str(item.get("section", "")), str(item.get("text", "")),
                          str(item.get("kind", "paragraph"))))
    return out


def unanswered(round_: CommentRound) -> int:
    return round_.comments.filter(answer="").count()


def rounds_of(review: Review) -> list[CommentRound]:
    """The review's rounds, newest first, with their counts (two queries)."""
    return list(CommentRound.objects.filter(review=review).select_related("version")
                .annotate(n_comments=Count("comments"),
                          n_unanswered=Count("comments", filter=Q(comments__answer="")),
                          n_late=Count("comments", filter=Q(comments__late=True)))
                .order_by("-number"))


def round_url(round_: CommentRound) -> str:
    return reverse("comments:round", args=[round_.review.uuid, round_.number])


# --- Home items -----------------------------------------------------------------------------------

def needs(viewer: User, today: date) -> list[Need]:
    """A commenter's "Comment on version N of the report" while a round takes comments and they
    have not commented; the lead reviewer's "Answer N comments" once a round in progress has
    comments without an answer. Three queries."""
    return _comment_needs(viewer, today) + _answer_needs(viewer)


def _comment_needs(viewer: User, today: date) -> list[Need]:
    if not viewer.is_authenticated:
        return []
    who = Q(review__in=access.reviews_in_role(viewer, ReviewRole.SUBGROUP_MEMBER))
    if viewer.role == PartnershipRole.SAFEGUARDING_PARTNER and viewer.partner_for:
        who |= Q(review__partnership_id=viewer.partnership_id)
    elif ReviewRole.SUBGROUP_MEMBER not in access.roles_ever_held(viewer):
        return []
    taking = (CommentRound.objects.filter(who, answered_on__isnull=True, closes_on__gte=today,
                                          opened_on__lte=today)
              .exclude(comments__author=viewer)
              .select_related("review", "review__partnership", "version")
              .order_by("closes_on", "pk"))
    return [Need(r.review, f"Comment on version {r.version.number} of the report by "
                           f"{r.closes_on:%-d %B %Y}", round_url(r),
                 state_for(r.closes_on, today), due_on=r.closes_on, since=r.opened_on)
            for r in taking]


def _answer_needs(viewer: User) -> list[Need]:
    if not viewer.is_authenticated or (
            ReviewRole.LEAD_REVIEWER not in access.roles_ever_held(viewer)):
        return []
    waiting = (CommentRound.objects.filter(
        answered_on__isnull=True,
        review__in=access.reviews_in_role(viewer, ReviewRole.LEAD_REVIEWER))
        .annotate(n=Count("comments", filter=Q(comments__answer=""), distinct=True))
        .filter(n__gt=0).select_related("review", "review__partnership").distinct())
    out = []
    for r in waiting:
        words = f"Answer {r.n} comment{'' if r.n == 1 else 's'} on the report"
        # Answers are due once the round has closed for comments; until then they can wait.
        out.append(Need(r.review, words, round_url(r), WAITING, since=r.opened_on))
    return out

