"""The flow of a review: every stage transition, declared once in ``FLOW`` below.

A row says where the review moves from and to, who may take the step, what must be true first
and, when another app owns the step, the one action that takes it. Each move checks where the
review may move from and what must be true first, records who, when (the date it took effect,
entered by the user) and why, and writes the stage change to the review's timeline and the audit
trail. A refused move raises ``TransitionRefused`` saying why.

To add a stage: add its rows to ``FLOW``. A requirement that belongs to a later stage's app is
named by its dotted path (imports point one way: this module never imports a stage app; the path
is resolved when the requirement is checked). A step another app must take itself (it keeps its
own records in the same transaction) names that action as ``owner`` and its page as ``page``; the
action is marked ``@transitions.takes("name")``, and no other code can take the step.
"""

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from functools import cache, wraps
from typing import Any, TypeVar

from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.module_loading import import_string

from reviewdesk.access import Permission, can
from reviewdesk.accounts.models import User
from reviewdesk.reviews import clocks
from reviewdesk.reviews.actions import check_effective_date
from reviewdesk.reviews.history import Step, record_step
from reviewdesk.reviews.models import (
    ClockKind,
    Review,
    ReviewKind,
    ReviewRole,
    Stage,
    TimelineEntry,
)


class TransitionRefused(ValidationError):
    pass


class HandedOver(RuntimeError):
    """A step its owning action must take (with the records it keeps), called from elsewhere."""


@dataclass(frozen=True)
class Blocker:
    """One thing that stops a step, in words for the user: what is missing, who must act and
    where it is done (the review page's "What happens next" and the move-on page show all three)."""

    text: str
    who: str = ""  # who must act, in words: "Eastvale Police's chronology author"
    url: str = ""  # the page where it is done
    # Work the guide lets the review move on without: the button names it and asks for a reason.
    outstanding: bool = False

    def __str__(self) -> str:
        return self.text


# Each returns what is still missing: a sentence, or a Blocker that also says who and where.
Requirement = Callable[[Review], "list[str] | list[Blocker] | list[str | Blocker]"]


def as_blocker(problem: "str | Blocker") -> Blocker:
    return problem if isinstance(problem, Blocker) else Blocker(problem)


def _has_active(review: Review, role: str) -> bool:
    return review.memberships.filter(role=role, ended_at__isnull=True).exists()


def needs_lead_reviewer(review: Review) -> list[str]:
    if not _has_active(review, ReviewRole.LEAD_REVIEWER):
        return ["Appoint a lead reviewer first: add them to the review team."]
    return []


def needs_agency_author(review: Review) -> list[str]:
    if not _has_active(review, ReviewRole.AGENCY_AUTHOR):
        return ["Name at least one agency's chronology author first: add them to the review team."]
    return []


@cache
def _resolve(path: str) -> Requirement:
    requirement: Requirement = import_string(path)
    return requirement


@dataclass(frozen=True)
class Transition:
    name: str
    label: str  # the button
    from_stage: Stage
    to_stage: Stage
    who_may: Permission
    next_step: str  # what happens next, and who must act, once the review is in to_stage
    # What the review itself must have (its team): asked of every move, imported or not.
    needs: tuple[Requirement, ...] = ()
    # The records a stage's app keeps for this step, by dotted path. Not asked of a step done
    # before Review Desk (``imported``): those records were kept elsewhere.
    requires: tuple[str, ...] = ()
    # The one action that takes this step (dotted path), when an app owns it; then ``page`` is
    # the URL name of its page, where the review page's button leads, and ``who_may`` is what
    # that page asks (the action applies its own finer rules).
    owner: str = ""
    page: str = ""
    reason_required: bool = False
    kinds: tuple[str, ...] = ()  # for the decision to initiate
    # A step the review page never offers: it happens only as part of its owner's action.
    on_review_page: bool = True

    def unmet(self, review: Review, *, imported: bool = False) -> list[Blocker]:
        """What stops the step. For a step done before Review Desk (``imported``) only the
        review's own needs count: other apps' requirements ask for their records of the step
        (a rapid review record, notices sent…), which were kept elsewhere."""
        if review.stage != self.from_stage:
            return [Blocker(f"A review can only do this from the {self.from_stage.label.lower()} "
                            f"stage; this one is at {review.get_stage_display().lower()}.")]
        problems = [as_blocker(p) for need in self.needs for p in need(review)]
        if not imported:
            problems += [as_blocker(p) for path in self.requires for p in _resolve(path)(review)]
        return problems


# The flow, in the order of a review. ``next_step`` and ``available`` read it top to bottom.
FLOW: tuple[Transition, ...] = (
    Transition(
        "start_rapid_review", "Start the rapid review", Stage.NOTIFICATION, Stage.RAPID_REVIEW,
        Permission.MANAGE_RAPID_REVIEW,
        "Business manager: request a summary from each agency involved and arrange the rapid "
        "review meeting; the rapid review is due 15 working days after the local authority "
        "became aware.",
        # Its page makes the rapid review's plan in the same transaction.
        owner="reviewdesk.rapid_review.actions.start_rapid_review", page="rapid_review:start",
    ),
    Transition(
        "complete_rapid_review", "Mark the rapid review complete", Stage.RAPID_REVIEW,
        Stage.DECISION, Permission.CHANGE_STAGE,
        "The three safeguarding partners: each record a decision on whether to hold a review. The "
        "independent scrutineer settles any disagreement.",
        requires=("reviewdesk.rapid_review.selectors.record_requirement",),
        # The rapid review clock ("complete, copy to the Panel") is not met by this step but on
        # the date the copy was sent to the Panel (rapid_review.actions.record_panel_copy), which
        # may be before or after it. A review imported past it (import_review) did all that
        # before Review Desk: the import meets its clock on the day the file gives, or marks it
        # met before Review Desk by the next date it knows.
    ),
    # The partners' decisions (or the scrutineer's) take these two steps, never a single click.
    Transition(
        "initiate_review", "Record the decision to hold a review", Stage.DECISION,
        Stage.COMMISSIONING, Permission.RECORD_PARTNER_DECISION,
        "Business manager: alert partner agencies, Ofsted, the Department for Education and the "
        "National Panel, and have every agency secure its case files.",
        owner="reviewdesk.decisions.actions._settle", page="decisions:decision",
        reason_required=True,
        kinds=(ReviewKind.LOCAL_CSPR, ReviewKind.LEARNING_REVIEW, ReviewKind.OTHER_LEARNING,
               ReviewKind.NATIONAL),
    ),
    Transition(
        "decide_no_review", "Record the decision not to hold a review", Stage.DECISION,
        Stage.CLOSED, Permission.RECORD_PARTNER_DECISION,
        "Nothing more: the case is closed with the partners' reasons kept.",
        owner="reviewdesk.decisions.actions._settle", page="decisions:decision",
        reason_required=True,
    ),
    Transition(
        "complete_commissioning", "Mark commissioning complete", Stage.COMMISSIONING,
        Stage.SET_UP, Permission.CHANGE_STAGE,
        "Business manager and CSPR subgroup: appoint the lead reviewer(s), draft the terms of "
        "reference, and have each agency name a chronology author.",
        requires=("reviewdesk.commissioning.requirements.commissioning_done",),
    ),
    Transition(
        "complete_set_up", "Mark set-up complete", Stage.SET_UP, Stage.INFORMING_STAFF,
        Permission.CHANGE_STAGE,
        "Business manager: tell every practitioner and manager who worked with the family about "
        "the review, share the terms of reference and the dates to diarise.",
        needs=(needs_lead_reviewer,),
        requires=("reviewdesk.commissioning.requirements.set_up_done",),
    ),
    Transition(
        "start_chronology", "Start the chronology", Stage.INFORMING_STAFF, Stage.CHRONOLOGY,
        Permission.CHANGE_STAGE,
        "Agency authors: submit each agency's chronology; the business unit collates them.",
        needs=(needs_agency_author,),
        requires=("reviewdesk.commissioning.requirements.terms_of_reference_shared",),
    ),
    Transition(
        "start_conversations", "Start conversations with staff", Stage.CHRONOLOGY,
        Stage.CONVERSATIONS, Permission.CHANGE_STAGE,
        "Lead reviewer: meet the practitioners; practitioners may raise areas for the reviewer.",
    ),
    Transition(
        "start_family_involvement", "Start family involvement", Stage.CONVERSATIONS, Stage.FAMILY,
        Permission.CHANGE_STAGE,
        "Lead reviewer: invite the family (and friends) to contribute, in writing or in person.",
    ),
    Transition(
        "start_report", "Start the report", Stage.FAMILY, Stage.REPORT, Permission.CHANGE_STAGE,
        "Lead reviewer: write the draft report for the CSPR subgroup's comments and sign-off, "
        "then the executive group's sign-off and agreement to publish.",
    ),
    Transition(
        "approve_publication", "Record the executive group's agreement to publish", Stage.REPORT,
        Stage.PUBLICATION, Permission.CHANGE_STAGE,
        "Business manager: send the advance copy to the Panel and the Secretary of State, publish "
        "the report, and send copies to Ofsted, the DfE and the Panel.",
    ),
    Transition(
        "start_action_plan", "Start the action plan", Stage.PUBLICATION, Stage.ACTION_PLAN,
        Permission.CHANGE_STAGE,
        "CSPR subgroup: agree actions, timescales, success criteria and how impact is shown; the "
        "L&D subgroup runs briefings for staff.",
    ),
    Transition(
        "close_review", "Close the review", Stage.ACTION_PLAN, Stage.CLOSED,
        Permission.CHANGE_STAGE,
        "Nothing more: every action has been shown to have worked.", reason_required=True,
    ),
    # No local review was to be held, then the National Panel took the case: recording the
    # Panel's response reopens it at commissioning as a national review.
    Transition(
        "reopen_as_national", "Reopen as a national review", Stage.CLOSED, Stage.COMMISSIONING,
        Permission.CHANGE_STAGE,
        "Business manager: alert partner agencies, Ofsted, the Department for Education and the "
        "National Panel, and have every agency secure its case files.",
        owner="reviewdesk.decisions.actions._reopen_as_national", page="decisions:decision",
        on_review_page=False,
    ),
)

TRANSITIONS: dict[str, Transition] = {t.name: t for t in FLOW}


def available(review: Review) -> list[Transition]:
    """The transitions that leave the review's current stage (met or not)."""
    return [t for t in FLOW if review.stage == t.from_stage and t.on_review_page]


def next_step(review: Review) -> str:
    if review.stage == Stage.NOTIFICATION:
        return ("The local authority's safeguarding partner (or the business manager for them): "
                "notify the National Panel and tell the local partners within 5 working days of "
                "the local authority becoming aware. Business manager: then start the rapid "
                "review.")
    for t in FLOW:
        if t.to_stage == review.stage and (review.stage != Stage.CLOSED or t.name != "close_review"):
            return t.next_step
    return ""


# --- Handed-over steps: only their owner takes them -----------------------------------------------

# The handed-over steps the action running now owns (set by ``takes`` for the length of its call).
_taking: ContextVar[frozenset[str]] = ContextVar("taking", default=frozenset())
Action = TypeVar("Action", bound=Callable[..., Any])


def takes(*names: str) -> Callable[[Action], Action]:
    """Marks the action that owns these steps in ``FLOW``; only while it runs can they be taken.
    Refuses, when the action's module is imported, an action the table does not name."""
    def mark(action: Action) -> Action:
        path = f"{action.__module__}.{action.__qualname__}"
        for name in names:
            if TRANSITIONS[name].owner != path:
                raise ImproperlyConfigured(
                    f"{path} takes {name!r}, but the flow names "
                    f"{TRANSITIONS[name].owner or 'the review page'} as its owner.")

        @wraps(action)
        def taking(*args: Any, **kwargs: Any) -> Any:
            token = _taking.set(_taking.get() | set(names))
            try:
                return action(*args, **kwargs)
            finally:
                _taking.reset(token)

        taking.takes = frozenset(names)  # type: ignore[attr-defined]
        return taking  # type: ignore[return-value]
    return mark


def _refuse_unless_its_owner(transition: Transition) -> None:
    if transition.owner and transition.name not in _taking.get():
        raise HandedOver(f"{transition.label!r} is taken by {transition.owner} only, with the "
                         f"records it keeps.")


# --- Moving a review ------------------------------------------------------------------------------

BEFORE_REVIEW_DESK = "Done before Review Desk: recorded by an import."


@transaction.atomic
def _move(transition: Transition, review: Review, *, by: User, effective_on: date, reason: str,
          on_behalf_of: User | None, data: dict[str, Any] | None = None,
          imported: bool = False) -> Review:
    _refuse_unless_its_owner(transition)
    review = Review.objects.select_for_update().get(pk=review.pk)
    problems = transition.unmet(review, imported=imported)
    if problems:
        raise TransitionRefused([p.text for p in problems])
    if transition.reason_required and not reason.strip():
        raise TransitionRefused({"reason": "Give the reasons: they are kept on the review."})
    try:
        check_effective_date(effective_on, not_before=review.stage_since,
                             what="The date it took effect")
    except ValidationError as exc:
        raise TransitionRefused({"effective_on": exc.messages}) from exc
    if imported:
        reason = f"{BEFORE_REVIEW_DESK} {reason}".strip()
        data = {**(data or {}), "imported": True}
    from_stage = review.stage
    review.stage = transition.to_stage
    review.stage_since = effective_on
    review.save(update_fields=["stage", "stage_since"])
    title = f"Moved to {Stage(transition.to_stage).label.lower()}"
    record_step(f"review.{transition.name}", review=review, by=by, on_behalf_of=on_behalf_of,
                step=Step(title, effective_on, kind=TimelineEntry.Kind.STAGE_CHANGED,
                          from_stage=from_stage, to_stage=transition.to_stage, detail=reason),
                summary=f"{transition.label} ({Stage(from_stage).label} → "
                        f"{Stage(transition.to_stage).label})",
                data={"from": from_stage, "to": transition.to_stage,
                      "effective_on": effective_on.isoformat(), **(data or {})})
    return review


def move(review: Review, name: str, *, by: User, effective_on: date, reason: str = "",
         on_behalf_of: User | None = None, imported: bool = False) -> Review:
    """Take the step ``name`` of ``FLOW``: the review page's way, and every owner's for a step
    with nothing more to it. A handed-over step is refused unless its owner is taking it."""
    transition = TRANSITIONS[name]
    if not transition.owner and not can(by, review, transition.who_may):
        raise PermissionDenied(f"You may not {transition.label.lower()} on this review.")
    return _move(transition, review, by=by, effective_on=effective_on, reason=reason,
                 on_behalf_of=on_behalf_of, imported=imported)


@transaction.atomic
def initiate_review(review: Review, *, by: User, effective_on: date, kind: str, reason: str,
                    on_behalf_of: User | None = None, imported: bool = False) -> Review:
    """The partners' decision to hold a review: sets its kind and starts the six-month clock."""
    transition = TRANSITIONS["initiate_review"]
    if kind not in transition.kinds:
        raise TransitionRefused({"kind": "Choose the kind of review the partners decided on."})
    review = _move(transition, review, by=by, effective_on=effective_on, reason=reason,
                   on_behalf_of=on_behalf_of, data={"kind": kind},
                   imported=imported)
    review.kind = kind
    review.initiated_on = effective_on
    review.save(update_fields=["kind", "initiated_on"])
    clocks.start_clock(review, ClockKind.REVIEW_COMPLETION, effective_on)
    return review


@transaction.atomic
def decide_no_review(review: Review, *, by: User, effective_on: date, reason: str,
                     on_behalf_of: User | None = None) -> Review:
    review = _move(TRANSITIONS["decide_no_review"], review, by=by, effective_on=effective_on,
                   reason=reason, on_behalf_of=on_behalf_of)
    review.closed_reason = reason
    review.save(update_fields=["closed_reason"])
    return review
