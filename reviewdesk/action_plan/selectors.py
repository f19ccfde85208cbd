"""Reads with rules: a review's action plan as its hub page shows it, the overdue actions the
dashboard counts, and the home items of the business manager and the CSPR subgroup."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse

from reviewdesk import access
from reviewdesk.accounts.models import PartnershipRole, User
from reviewdesk.action_plan import rules
from reviewdesk.action_plan.models import Action, PlanMeeting
from reviewdesk.reviews.models import Review, Stage
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.needs import WAITING, Need


def optional_url(name: str, *args: object) -> str:
    """The page of a part of the stage another app serves ("" while that app has none), so the
    hub links to each part that exists."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def person(names: Names, user: User) -> str:
    """A person with a sign-in (an owner, or one offered as owner), as this viewer may see them:
    through the identity register when they are in it (a practitioner of the review), else by
    name, through the redactor (an agency's safeguarding lead outside the review)."""
    entry = next((e for e in names.entries if e.person_id == user.pk), None)
    return names.entry(entry) if entry is not None else names.redact(user.display_name)


@dataclass(frozen=True)
class PlanRow:
    action: Action
    rating: rules.Rating
    recommendations: list[int]  # their numbers

    @property
    def revised(self) -> bool:
        return self.action.due_on != self.action.original_due_on


def actions_of(review: Review) -> list[Action]:
    return list(Action.objects.filter(review=review)
                .select_related("agency", "owner", "interim_learning", "agreed_at")
                .prefetch_related("recommendations", "due_date_revisions__recorded_by")
                .order_by("number"))


def plan(review: Review, today: date) -> list[PlanRow]:
    """Every action, numbered, with its RAG rating as the one rule gives it."""
    return [PlanRow(action, rules.rating(action, today),
                    sorted(r.number for r in action.recommendations.all()))
            for action in actions_of(review)]


def meetings_of(review: Review) -> list[PlanMeeting]:
    return list(PlanMeeting.objects.filter(review=review).prefetch_related("attendees")
                .order_by("-held_on", "-pk"))


def counts(rows: list[PlanRow]) -> dict[str, int]:
    return {"total": len(rows), "overdue": sum(1 for r in rows if r.rating.overdue),
            "concluded": sum(1 for r in rows if r.action.status in rules.DONE)}


def overdue_count(today: date) -> Coalesce:
    """For the dashboard's review queryset: each review's overdue actions, by the one rule
    (``rules.overdue_q``), in the same query however many reviews."""
    return Coalesce(Subquery(
        Action.objects.filter(rules.overdue_q(today), review=OuterRef("pk"))
        .order_by().values("review").annotate(n=Count("pk")).values("n")[:1],
        output_field=IntegerField()), 0)


def plan_to_agree() -> Q:
    """Reviews at the action plan stage with no action agreed yet."""
    return Q(stage=Stage.ACTION_PLAN) & ~Q(Exists(Action.objects.filter(review=OuterRef("pk"))))


def needs(viewer: User, today: date) -> list[Need]:
    """Home items for the business manager and the CSPR subgroup's members: each review at the
    action plan stage with no action agreed (one query, whatever the number of reviews)."""
    if not viewer.is_active or viewer.role not in (PartnershipRole.BUSINESS_MANAGER,
                                                   PartnershipRole.SUBGROUP_MEMBER):
        return []
    reviews = access.reviews_visible_to(viewer).filter(plan_to_agree()).order_by("reference")
    return [Need(review, "Agree the action plan at an extraordinary CSPR subgroup meeting",
                 reverse("action_plan:page", args=[review.uuid]), WAITING,
                 who="The CSPR subgroup", since=review.stage_since)
            for review in reviews]
