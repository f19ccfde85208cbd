"""One function per stage transition.

Each checks where the review may move from and what must be true first, records who, when (the
date it took effect, entered by the user) and why, and writes the stage change to the review's
timeline and the audit trail. A refused transition raises ``TransitionRefused`` saying why.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

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


# What other apps require before a step (e.g. commissioning: the notices sent before set-up
# can finish). Each returns the list of what is still missing, in words for the user.
Requirement = Callable[[Review], list[str]]
REQUIREMENTS: dict[str, list[Requirement]] = {}


@contextmanager
def requirements_suspended() -> Iterator[None]:
    """For building the demo only: walk reviews through their history first, then each app's
    demo loader fills in the records (notices, terms of reference…) the requirements ask for."""
    saved = dict(REQUIREMENTS)
    REQUIREMENTS.clear()
    try:
        yield
    finally:
        REQUIREMENTS.update(saved)


def add_requirement(transition_name: str, requirement: Requirement) -> None:
    REQUIREMENTS.setdefault(transition_name, [])
    if requirement not in REQUIREMENTS[transition_name]:
        REQUIREMENTS[transition_name].append(requirement)


def hand_over(transition_name: str, url_name: str) -> None:
    """Let another app's page take a step (its button on the review page goes there)."""
    TRANSITIONS[transition_name] = replace(TRANSITIONS[transition_name], handled_by=url_name)


def _has_active(review: Review, role: str) -> bool:
    return review.memberships.filter(role=role, ended_at__isnull=True).exists()


def _needs_lead_reviewer(review: Review) -> list[str]:
    if not _has_active(review, ReviewRole.LEAD_REVIEWER):
        return ["Appoint a lead reviewer first: add them to the review team."]
    return []


def _needs_agency_author(review: Review) -> list[str]:
    if not _has_active(review, ReviewRole.AGENCY_AUTHOR):
        return ["Name at least one agency's chronology author first: add them to the review team."]
    return []


def _nothing(review: Review) -> list[str]:
    return []


@dataclass(frozen=True)
class Transition:
    name: str
    label: str  # the button
    from_stages: frozenset[str]
    to_stage: str
    next_step: str  # what happens next, and who must act, once the review is in to_stage
    needs: Callable[[Review], list[str]] = _nothing
    reason_required: bool = False
    kinds: tuple[str, ...] = field(default_factory=tuple)  # for the decision to initiate
    # The URL name of the page that takes this step when another app owns it (the decision
    # pages record the partners' decisions, then call initiate_review or decide_no_review).
    handled_by: str = ""

    def unmet(self, review: Review, *, imported: bool = False) -> list[str]:
        """What stops the step. For a step done before Review Desk (``imported``) only the
        review's own needs count: other apps' requirements ask for their records of the step
        (a rapid review record, notices sent…), which were kept elsewhere."""
        if review.stage not in self.from_stages:
            allowed = ", ".join(Stage(s).label.lower() for s in self.from_stages)
            return [f"A review can only do this from the {allowed} stage; this one is at "
                    f"{review.get_stage_display().lower()}."]
        problems = self.needs(review)
        if imported:
            return problems
        for requirement in REQUIREMENTS.get(self.name, []):
            problems += requirement(review)
        return problems


def _t(name: str, label: str, frm: Stage, to: Stage, next_step: str, **kw: Any) -> Transition:
    return Transition(name, label, frozenset({frm}), to, next_step, **kw)


START_RAPID_REVIEW = _t(
    "start_rapid_review", "Start the rapid review", Stage.NOTIFICATION, Stage.RAPID_REVIEW,
    "Business manager: request a summary from each agency involved and arrange the rapid review "
    "meeting; the rapid review is due 15 working days after the local authority became aware.",
)
COMPLETE_RAPID_REVIEW = _t(
    "complete_rapid_review", "Mark the rapid review complete", Stage.RAPID_REVIEW, Stage.DECISION,
    "The three safeguarding partners: each record a decision on whether to hold a review. The "
    "independent scrutineer settles any disagreement.",
)
INITIATE_REVIEW = _t(
    "initiate_review", "Record the decision to hold a review", Stage.DECISION, Stage.COMMISSIONING,
    "Business manager: alert partner agencies, Ofsted, the Department for Education and the "
    "National Panel, and have every agency secure its case files.",
    reason_required=True,
    kinds=(ReviewKind.LOCAL_CSPR, ReviewKind.LEARNING_REVIEW, ReviewKind.OTHER_LEARNING,
           ReviewKind.NATIONAL),
)
DECIDE_NO_REVIEW = _t(
    "decide_no_review", "Record the decision not to hold a review", Stage.DECISION, Stage.CLOSED,
    "Nothing more: the case is closed with the partners' reasons kept.", reason_required=True,
)
COMPLETE_COMMISSIONING = _t(
    "complete_commissioning", "Mark commissioning complete", Stage.COMMISSIONING, Stage.SET_UP,
    "Business manager and CSPR subgroup: appoint the lead reviewer(s), draft the terms of "
    "reference, and have each agency name a chronology author.",
)
COMPLETE_SET_UP = _t(
    "complete_set_up", "Mark set-up complete", Stage.SET_UP, Stage.INFORMING_STAFF,
    "Business manager: tell every practitioner and manager who worked with the family about the "
    "review, share the terms of reference and the dates to diarise.",
    needs=_needs_lead_reviewer,
)
START_CHRONOLOGY = _t(
    "start_chronology", "Start the chronology", Stage.INFORMING_STAFF, Stage.CHRONOLOGY,
    "Agency authors: submit each agency's chronology; the business unit collates them.",
    needs=_needs_agency_author,
)
START_CONVERSATIONS = _t(
    "start_conversations", "Start conversations with staff", Stage.CHRONOLOGY, Stage.CONVERSATIONS,
    "Lead reviewer: meet the practitioners; practitioners may raise areas for the reviewer.",
)
START_FAMILY_INVOLVEMENT = _t(
    "start_family_involvement", "Start family involvement", Stage.CONVERSATIONS, Stage.FAMILY,
    "Lead reviewer: invite the family (and friends) to contribute, in writing or in person.",
)
START_REPORT = _t(
    "start_report", "Start the report", Stage.FAMILY, Stage.REPORT,
    "Lead reviewer: write the draft report for the CSPR subgroup's comments and sign-off, then the "
    "executive group's sign-off and agreement to publish.",
)
APPROVE_PUBLICATION = _t(
    "approve_publication", "Record the executive group's agreement to publish", Stage.REPORT,
    Stage.PUBLICATION,
    "Business manager: send the advance copy to the Panel and the Secretary of State, publish the "
    "report, and send copies to Ofsted, the DfE and the Panel.",
)
START_ACTION_PLAN = _t(
    "start_action_plan", "Start the action plan", Stage.PUBLICATION, Stage.ACTION_PLAN,
    "CSPR subgroup: agree actions, timescales, success criteria and how impact is shown; the L&D "
    "subgroup runs briefings for staff.",
)
CLOSE_REVIEW = _t(
    "close_review", "Close the review", Stage.ACTION_PLAN, Stage.CLOSED,
    "Nothing more: every action has been shown to have worked.", reason_required=True,
)

TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        START_RAPID_REVIEW, COMPLETE_RAPID_REVIEW, INITIATE_REVIEW, DECIDE_NO_REVIEW,
        COMPLETE_COMMISSIONING, COMPLETE_SET_UP, START_CHRONOLOGY, START_CONVERSATIONS,
        START_FAMILY_INVOLVEMENT, START_REPORT, APPROVE_PUBLICATION, START_ACTION_PLAN,
        CLOSE_REVIEW,
    ]
}


def available(review: Review) -> list[Transition]:
    """The transitions that leave the review's current stage (met or not)."""
    return [t for t in TRANSITIONS.values() if review.stage in t.from_stages]


def next_step(review: Review) -> str:
    if review.stage == Stage.NOTIFICATION:
        return ("The local authority's safeguarding partner (or the business manager for them): "
                "notify the National Panel and tell the local partners within 5 working days of "
                "the local authority becoming aware. Business manager: then start the rapid "
                "review.")
    for t in TRANSITIONS.values():
        if t.to_stage == review.stage and (review.stage != Stage.CLOSED or t.name != "close_review"):
            return t.next_step
    return ""


BEFORE_REVIEW_DESK = "Done before Review Desk: recorded by an import."


@transaction.atomic
def _move(transition: Transition, review: Review, *, by: User, effective_on: date, reason: str,
          on_behalf_of: User | None, data: dict[str, Any] | None = None,
          imported: bool = False) -> Review:
    review = Review.objects.select_for_update().get(pk=review.pk)
    problems = transition.unmet(review, imported=imported)
    if problems:
        raise TransitionRefused(problems)
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


def start_rapid_review(review: Review, *, by: User, effective_on: date, reason: str = "",
                       on_behalf_of: User | None = None,
                       imported: bool = False) -> Review:
    return _move(START_RAPID_REVIEW, review, by=by, effective_on=effective_on, reason=reason,
                 on_behalf_of=on_behalf_of, imported=imported)


@transaction.atomic
def complete_rapid_review(review: Review, *, by: User, effective_on: date, reason: str = "",
                          on_behalf_of: User | None = None,
                          imported: bool = False) -> Review:
    # The rapid review clock ("complete, copy to the Panel") is not met here: it is met on the
    # date the copy was sent to the Panel (rapid_review.actions.record_panel_copy), which may be
    # before or after the day the rapid review is marked complete. A review brought in from
    # outside (import_review) did all that before Review Desk: the import meets its clock on the
    # day the file gives, or marks it met before Review Desk by the next date it knows.
    return _move(COMPLETE_RAPID_REVIEW, review, by=by, effective_on=effective_on, reason=reason,
                 on_behalf_of=on_behalf_of, imported=imported)


@transaction.atomic
def initiate_review(review: Review, *, by: User, effective_on: date, kind: str, reason: str,
                    on_behalf_of: User | None = None,
                    imported: bool = False) -> Review:
    """The partners' decision to hold a review: sets its kind and starts the six-month clock."""
    if kind not in INITIATE_REVIEW.kinds:
        raise TransitionRefused({"kind": "Choose the kind of review the partners decided on."})
    review = _move(INITIATE_REVIEW, review, by=by, effective_on=effective_on, reason=reason,
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
    review = _move(DECIDE_NO_REVIEW, review, by=by, effective_on=effective_on, reason=reason,
                   on_behalf_of=on_behalf_of)
    review.closed_reason = reason
    review.save(update_fields=["closed_reason"])
    return review


def _simple(transition: Transition) -> Callable[..., Review]:
    def move(review: Review, *, by: User, effective_on: date, reason: str = "",
             on_behalf_of: User | None = None,
             imported: bool = False) -> Review:
        return _move(transition, review, by=by, effective_on=effective_on, reason=reason,
                     on_behalf_of=on_behalf_of, imported=imported)

    move.__name__ = transition.name
    move.__doc__ = f"{transition.label}."
    return move


complete_commissioning = _simple(COMPLETE_COMMISSIONING)
complete_set_up = _simple(COMPLETE_SET_UP)
start_chronology = _simple(START_CHRONOLOGY)
start_conversations = _simple(START_CONVERSATIONS)
start_family_involvement = _simple(START_FAMILY_INVOLVEMENT)
start_report = _simple(START_REPORT)
approve_publication = _simple(APPROVE_PUBLICATION)
start_action_plan = _simple(START_ACTION_PLAN)
close_review = _simple(CLOSE_REVIEW)

FUNCTIONS: dict[str, Callable[..., Review]] = {
    "start_rapid_review": start_rapid_review,
    "complete_rapid_review": complete_rapid_review,
    "initiate_review": initiate_review,
    "decide_no_review": decide_no_review,
    "complete_commissioning": complete_commissioning,
    "complete_set_up": complete_set_up,
    "start_chronology": start_chronology,
    "start_conversations": start_conversations,
    "start_family_involvement": start_family_involvement,
    "start_report": start_report,
    "approve_publication": approve_publication,
    "start_action_plan": start_action_plan,
    "close_review": close_review,
}
