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
from datetime import date, timedelta
from functools import cache, wraps
from typing import Any, TypeVar

from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
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


def hard(blockers: list[Blocker]) -> list[Blocker]:
    """What must be done before the step: it is refused while any is missing."""
    return [b for b in blockers if not b.outstanding]


def outstanding(blockers: list[Blocker]) -> list[Blocker]:
    """What the step may leave outstanding, once the person moving it on confirms why."""
    return [b for b in blockers if b.outstanding]


def outstanding_words(blockers: list[Blocker]) -> str:
    """The outstanding items as the timeline keeps them, one a line."""
    return "\n".join(f"Outstanding: {b.text}" for b in blockers)


def _has_active(review: Review, role: str) -> bool:
    return review.memberships.filter(role=role, ended_at__isnull=True).exists()


def needs_lead_reviewer(review: Review) -> list[Blocker]:
    if not _has_active(review, ReviewRole.LEAD_REVIEWER):
        return [Blocker("Appoint a lead reviewer first: add them to the review team.",
                        "The business manager", reverse("reviews:team", args=[review.uuid]))]
    return []


def needs_agency_author(review: Review) -> list[Blocker]:
    if not _has_active(review, ReviewRole.AGENCY_AUTHOR):
        return [Blocker("Name at least one agency's chronology author first: add them to the "
                        "review team.", "The business manager",
                        reverse("reviews:team", args=[review.uuid]))]
    return []


def closed_after_action_plan(review: Review) -> list[Blocker]:
    """Only a review closed at the end of its action plan has one to reopen (not a case closed
    by the partners' decision not to hold a review)."""
    last = (review.timeline.filter(kind=TimelineEntry.Kind.STAGE_CHANGED, to_stage=Stage.CLOSED)
            .order_by("-pk").first())
    if last is None or last.from_stage != Stage.ACTION_PLAN:
        return [Blocker("Only a review closed at the end of its action plan can reopen it: this "
                        "one was closed before it had an action plan.")]
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
        # Each agency's chronology accepted; one still to come may be left outstanding.
        requires=("reviewdesk.chronology.requirements.chronologies_accepted",),
        needs=(needs_lead_reviewer,),
    ),
    Transition(
        "start_family_involvement", "Start family involvement", Stage.CONVERSATIONS, Stage.FAMILY,
        Permission.CHANGE_STAGE,
        "Lead reviewer: invite the family (and friends) to contribute, in writing or in person.",
        needs=(needs_lead_reviewer,),
    ),
    Transition(
        "start_report", "Start the report", Stage.FAMILY, Stage.REPORT, Permission.CHANGE_STAGE,
        "Lead reviewer: write the draft report for the CSPR subgroup's comments and sign-off, "
        "then the executive group's sign-off and agreement to publish.",
        needs=(needs_lead_reviewer,),
    ),
    Transition(
        "approve_publication", "Record the executive group's agreement to publish", Stage.REPORT,
        Stage.PUBLICATION, Permission.CHANGE_STAGE,
        "Business manager: send the advance copy to the Panel and the Secretary of State, publish "
        "the report, and send copies to Ofsted, the DfE and the Panel.",
        # Approved on its latest version by everyone who must, and agreed to be published.
        requires=("reviewdesk.signoff.requirements.report_approved",),
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
        # Every action's impact shown, or the action closed with reasons.
        requires=("reviewdesk.action_plan.requirements.every_action_concluded",),
    ),
    # The subgroup finds more must be done (an action's impact did not last, or new learning):
    # the closed review goes back to its action plan, with the reason. Taken from the action
    # plan's page, and only for a review closed at the end of its action plan.
    Transition(
        "reopen_action_plan", "Reopen the action plan", Stage.CLOSED, Stage.ACTION_PLAN,
        Permission.CHANGE_STAGE,
        "CSPR subgroup: agree the further actions, and monitor them until each has shown its "
        "impact or is closed with reasons.",
        needs=(closed_after_action_plan,), reason_required=True,
        owner="reviewdesk.action_plan.actions.reopen_action_plan", page="action_plan:reopen",
        on_review_page=False,
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
          imported: bool = False, accept_outstanding: bool = False) -> Review:
    _refuse_unless_its_owner(transition)
    review = Review.objects.select_for_update().get(pk=review.pk)
    problems = transition.unmet(review, imported=imported)
    if hard(problems):
        raise TransitionRefused([p.text for p in hard(problems)])
    left = outstanding(problems)
    if left and not accept_outstanding:
        raise TransitionRefused({"accept_outstanding": [
            "This step leaves work outstanding: " + " ".join(p.text for p in left)
            + " Confirm that the review moves on with it outstanding, and give the reason."]})
    if left and not reason.strip():
        raise TransitionRefused({"reason": "Say why the review moves on with this work "
                                           "outstanding: the reason is kept on the review."})
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
    if left:
        # What was still to do when the review moved on, kept beside the reason.
        reason = f"{reason.strip()}\n{outstanding_words(left)}"
        data = {**(data or {}), "outstanding": [p.text for p in left]}
    from_stage = review.stage
    review.stage = transition.to_stage
    review.stage_since = effective_on
    review.save(update_fields=["stage", "stage_since"])
    title = f"Moved to {Stage(transition.to_stage).label.lower()}"
    if left:
        title += ", with work outstanding"
    record_step(f"review.{transition.name}", review=review, by=by, on_behalf_of=on_behalf_of,
                step=Step(title, effective_on, kind=TimelineEntry.Kind.STAGE_CHANGED,
                          from_stage=from_stage, to_stage=transition.to_stage, detail=reason),
                summary=f"{transition.label} ({Stage(from_stage).label} → "
                        f"{Stage(transition.to_stage).label})",
                data={"from": from_stage, "to": transition.to_stage,
                      "effective_on": effective_on.isoformat(), **(data or {})})
    return review


def move(review: Review, name: str, *, by: User, effective_on: date, reason: str = "",
         on_behalf_of: User | None = None, imported: bool = False,
         accept_outstanding: bool = False) -> Review:
    """Take the step ``name`` of ``FLOW``: the review page's way, and every owner's for a step
    with nothing more to it. A handed-over step is refused unless its owner is taking it. Work
    the step may leave outstanding is refused too unless ``accept_outstanding``, with a reason:
    both are kept on the timeline and in the audit trail. What must be done first is always
    refused."""
    transition = TRANSITIONS[name]
    if not transition.owner and not can(by, review, transition.who_may):
        raise PermissionDenied(f"You may not {transition.label.lower()} on this review.")
    return _move(transition, review, by=by, effective_on=effective_on, reason=reason,
                 on_behalf_of=on_behalf_of, imported=imported,
                 accept_outstanding=accept_outstanding)


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


# --- Undoing a move recorded by mistake -----------------------------------------------------------

UNDO = "undo_stage_move"  # its audit event is review.undo_stage_move
UNDONE_TITLE = "Stage move undone"
# A move may be undone on the day it was recorded and the next day (the real date, whatever date
# the move took effect): long enough to notice a slip, short enough that no one has acted on the
# new stage.
UNDO_DAYS = 1


@dataclass(frozen=True)
class LastMove:
    """The move that brought the review to its stage, and whether it may still be undone."""

    entry: TimelineEntry
    transition: Transition | None  # None: not a step of FLOW (an undo, or an older record)
    back_to_since: date | None  # the date the review was in its previous stage since
    refusal: str  # why it cannot be undone; "" when it can

    @property
    def undoable(self) -> bool:
        return not self.refusal


def _row_for(entry: TimelineEntry) -> Transition | None:
    if entry.title.startswith(UNDONE_TITLE):
        return None
    return next((t for t in FLOW if t.from_stage == entry.from_stage
                 and t.to_stage == entry.to_stage), None)


def last_move(review: Review) -> LastMove | None:
    """The last stage change recorded on the review (by when it was recorded), or None."""
    moves = list(review.timeline.filter(kind=TimelineEntry.Kind.STAGE_CHANGED)
                 .order_by("-recorded_at", "-pk")[:50])
    if not moves:
        return None
    entry, earlier = moves[0], moves[1:]
    row = _row_for(entry)
    before = next((e for e in earlier if e.to_stage == entry.from_stage), None)
    since = before.effective_on if before else None
    recorded_on = timezone.localdate(entry.recorded_at)
    if entry.to_stage != review.stage:
        refusal = "The review's stage has changed since that move was recorded."
    elif row is None:
        refusal = ("The last stage change was itself an undo, or not a step of the flow: it "
                   "cannot be undone.")
    elif row.owner:
        refusal = (f"“{row.label}” keeps its own records (taken from its own page), so it "
                   "cannot be undone here. Ask the system administrator.")
    elif timezone.localdate() > recorded_on + timedelta(days=UNDO_DAYS):
        refusal = (f"That move was recorded on {recorded_on:%-d %B %Y}: a move can be undone "
                   "only on the day it was recorded or the next day.")
    elif since is None:
        refusal = "The date the review entered its previous stage is not known."
    else:
        refusal = ""
    return LastMove(entry, row, since, refusal)


@transaction.atomic
def undo_last_move(review: Review, *, by: User, entry_id: int, reason: str,
                   on_behalf_of: User | None = None) -> Review:
    """Put the review back where it was before its last move (``entry_id``, the move the person
    saw): the previous stage, with the date it was in it since. The business manager only, on the
    day the move was recorded or the next, with a reason; written to the timeline and the audit
    trail like any other move. Only steps taken from the review page are undone: they start and
    meet no clocks and keep no records of their own, so the stage is all there is to put back."""
    if not can(by, review, Permission.UNDO_STAGE_MOVE):
        raise PermissionDenied("Only the business manager may undo a stage move.")
    review = Review.objects.select_for_update().get(pk=review.pk)
    last = last_move(review)
    if last is None:
        raise TransitionRefused("No stage move has been recorded on this review.")
    if last.entry.pk != entry_id:
        raise TransitionRefused("The review has moved since you opened this page: check its "
                                "last move and try again.")
    if last.refusal:
        raise TransitionRefused(last.refusal)
    if not reason.strip():
        raise TransitionRefused({"reason": "Say why the move is undone: the reason is kept on "
                                           "the review."})
    assert last.transition is not None and last.back_to_since is not None
    moved_from, back_to = review.stage, last.transition.from_stage
    review.stage, review.stage_since = back_to, last.back_to_since
    review.save(update_fields=["stage", "stage_since"])
    record_step(f"review.{UNDO}", review=review, by=by, on_behalf_of=on_behalf_of,
                step=Step(f"{UNDONE_TITLE}, back to {Stage(back_to).label.lower()}",
                          timezone.localdate(), kind=TimelineEntry.Kind.STAGE_CHANGED,
                          from_stage=moved_from, to_stage=back_to,
                          detail=f"{reason.strip()}\nUndoes “{last.entry.title}” of "
                                 f"{last.entry.effective_on:%-d %B %Y}."),
                summary=f"Undid “{last.transition.label}” ({Stage(moved_from).label} → "
                        f"{Stage(back_to).label})",
                data={"undoes": last.entry.pk, "step": last.transition.name, "from": moved_from,
                      "to": back_to, "stage_since": last.back_to_since.isoformat()})
    return review
