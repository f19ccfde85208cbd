"""Every change the action plan's hub makes, audited, with the effective date and on whose behalf.

``by`` is the signed-in person typing (the business manager or a CSPR subgroup member);
``on_behalf_of`` the person whose decision it is, when they have a sign-in. Every date a thing
happened is today or earlier, never the future (a due date is a plan, so it may be).

* ``record_meeting`` — the extraordinary CSPR subgroup meeting that agrees a review's actions:
  its date and who attended (partnership people ticked, others typed).
* ``agree_action`` — one action agreed at that meeting: linked to at least one of the review's
  recommendations, or to a deadline's interim learning while the review runs late (before the
  report); an agency and a named owner (with a sign-in, or a name and e-mail address without
  one); a due date; success criteria; and how impact will be assessed (measure, source, when).
* ``edit_action`` — the same fields but the due date, from the version the page showed.
* ``revise_due_date`` — a new due date with its reason; the action keeps the original, and each
  revision is kept (``DueDateRevision``).
* ``close_action`` — an action the subgroup closes with reasons (it will not be done, or is
  overtaken): it counts as concluded for closing the review.
* ``reopen_action_plan`` — a closed review back at the action plan, with the reason (the
  ``reopen_action_plan`` step of the review's flow).
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import Agency, User
from reviewdesk.action_plan.models import (
    Action,
    ActionUpdate,
    DueDateRevision,
    PlanMeeting,
    Recommendation,
)
from reviewdesk.audit import context as audit_context
from reviewdesk.reviews import transitions
from reviewdesk.reviews.actions import check_effective_date
from reviewdesk.reviews.history import Step, record_step
from reviewdesk.reviews.models import Clock, Review, Stage
from reviewdesk.versioning import UNCHECKED, claim

TEXT_LENGTH = 5000
CONCLUDED = (Action.Status.IMPACT_SHOWN, Action.Status.CLOSED)
# What an edit may change (the audit says which, by name; never the words).
EDITED = ("description", "agency_id", "owner_id", "owner_name", "owner_email", "success_criteria",
          "impact_measure", "impact_source", "impact_assessed_on", "interim_learning_id")


def _check_manager(review: Review, by: User) -> None:
    if not access.can(by, review, Permission.MANAGE_ACTION_PLAN):
        raise PermissionDenied("Only the business manager and the CSPR subgroup record the "
                               "subgroup's meetings and agree, change and close actions.")


def _on_behalf_of(by: User, on_behalf_of: User | None) -> User | None:
    return audit_context.acting_for(by, on_behalf_of)


def _day(on: date) -> str:
    return f"{on:%-d %B %Y}"


def _date_error(errors: dict[str, Any], on: date, **kwargs: Any) -> None:
    try:
        check_effective_date(on, **kwargs)
    except ValidationError as exc:
        exc.update_error_dict(errors)


def _long(errors: dict[str, Any], field: str, value: str, what: str) -> None:
    if len(value) > TEXT_LENGTH:
        errors[field] = f"{what} must be {TEXT_LENGTH:,} characters or fewer."


def interim_clocks(review: Review) -> list[Clock]:
    """The review's deadlines delayed with interim learning recorded: actions on that learning
    may be agreed at once, whatever the stage, before the report."""
    return [clock for clock in review.clocks.filter(revised_due_on__isnull=False)
            .exclude(interim_learning="").order_by("due_on", "pk")]


def may_agree_actions(review: Review) -> bool:
    """At the action plan stage, or earlier while a delay's interim learning is recorded."""
    return review.stage == Stage.ACTION_PLAN or (
        review.stage != Stage.CLOSED and bool(interim_clocks(review)))


# --- The extraordinary meeting -----------------------------------------------------------------

@transaction.atomic
def record_meeting(review: Review, *, by: User, held_on: date, attendees: list[User],
                   other_attendees: str = "", notes: str = "",
                   on_behalf_of: User | None = None) -> PlanMeeting:
    """The extraordinary CSPR subgroup meeting that agrees the review's actions."""
    _check_manager(review, by)
    Review.objects.select_for_update().filter(pk=review.pk).first()
    other_attendees, notes = (other_attendees or "").strip(), (notes or "").strip()
    errors: dict[str, Any] = {}
    if not may_agree_actions(review):
        raise ValidationError(
            "Actions are agreed at the action plan stage, or before it once a deadline's delay "
            "is recorded with its interim learning. This review is at "
            f"{review.get_stage_display().lower()}.")
    _date_error(errors, held_on, what="The date it was held", field="held_on")
    strangers = [p for p in attendees if p.partnership_id != review.partnership_id]
    if strangers:
        errors["attendees"] = "Choose attendees from this partnership's people only."
    if not attendees and not other_attendees:
        errors["attendees"] = ("Say who attended: tick the partnership's people who were there, "
                               "or type the others, one a line.")
    _long(errors, "other_attendees", other_attendees, "The other attendees")
    _long(errors, "notes", notes, "The notes")
    if errors:
        raise ValidationError(errors)
    on_behalf_of = _on_behalf_of(by, on_behalf_of)
    meeting = PlanMeeting.objects.create(
        partnership_id=review.partnership_id, review=review,
        kind=PlanMeeting.Kind.EXTRAORDINARY, held_on=held_on, other_attendees=other_attendees,
        notes=notes, recorded_by=by, on_behalf_of=on_behalf_of)
    meeting.attendees.set(attendees)
    title = "The CSPR subgroup held an extraordinary meeting to agree the action plan"
    record_step("action_plan.meeting_recorded", review=review, by=by, on_behalf_of=on_behalf_of,
                summary="Recorded the extraordinary subgroup meeting on the action plan",
                step=Step(title=title, effective_on=held_on),
                data={"meeting": meeting.pk, "attendees": len(attendees),
                      "effective_on": held_on.isoformat()})
    return meeting


# --- Agreeing and changing an action -----------------------------------------------------------

@dataclass
class ActionTerms:
    """What an action is: the fields agreeing and editing share (the due date is agreed once,
    then only revised with a reason)."""

    description: str
    agency: Agency | None
    recommendations: list[Recommendation]
    interim_learning: Clock | None = None
    owner: User | None = None
    owner_name: str = ""
    owner_email: str = ""
    success_criteria: str = ""
    impact_measure: str = ""
    impact_source: str = ""
    impact_assessed_on: date | None = None

    def cleaned(self) -> "ActionTerms":
        for name in ("description", "owner_name", "owner_email", "success_criteria",
                     "impact_measure", "impact_source"):
            setattr(self, name, (getattr(self, name) or "").strip())
        return self


def _check_terms(review: Review, terms: ActionTerms, errors: dict[str, Any], *,
                 due_on: date, kept: Action | None = None) -> None:
    if not terms.description:
        errors["description"] = "Describe the action: what will be done, and by whom."
    _long(errors, "description", terms.description, "The description")
    if not terms.recommendations and terms.interim_learning is None:
        errors["recommendations"] = (
            "Link the action to at least one of the review's recommendations, or to the interim "
            "learning recorded while the review was delayed.")
    if any(r.review_id != review.pk or r.removed_at is not None for r in terms.recommendations):
        errors["recommendations"] = "Choose from this review's current recommendations only."
    clock = terms.interim_learning
    if clock is not None and (clock.review_id != review.pk or clock.revised_due_on is None
                              or not clock.interim_learning.strip()):
        errors["interim_learning"] = ("Choose a deadline of this review that was delayed with "
                                      "interim learning recorded.")
    if terms.agency is None:
        errors["agency"] = "Choose the agency that owns the action."
    elif terms.agency.partnership_id != review.partnership_id or not (
            terms.agency.is_active or (kept is not None and kept.agency_id == terms.agency.pk)):
        errors["agency"] = "Choose one of the partnership's active agencies."
    if terms.owner is None and not terms.owner_name:
        errors["owner"] = ("Name the action's owner: choose a person with a sign-in, or type the "
                           "name and e-mail address of someone without one.")
    elif terms.owner is not None and terms.owner_name:
        errors["owner_name"] = ("Either choose a person with a sign-in or type a name, not both: "
                                "clear one of them.")
    elif terms.owner is not None and (not terms.owner.is_active or terms.owner.partnership_id
                                      not in (None, review.partnership_id)):
        errors["owner"] = "Choose an active person of this partnership as the owner."
    elif terms.owner is None and not terms.owner_email:
        errors["owner_email"] = ("Give the owner's e-mail address: reminders of the due date go "
                                 "to it, as they have no sign-in.")
    if len(terms.owner_name) > 200:
        errors["owner_name"] = "The owner's name must be 200 characters or fewer."
    if not terms.success_criteria:
        errors["success_criteria"] = ("Give the success criteria: how the subgroup will know the "
                                      "action has worked.")
    if not terms.impact_measure:
        errors["impact_measure"] = "Say what will be measured to show the action's impact."
    if not terms.impact_source:
        errors["impact_source"] = ("Say where the measure comes from, for example an audit of "
                                   "case records.")
    for name in ("success_criteria", "impact_measure", "impact_source"):
        _long(errors, name, getattr(terms, name), "This answer")
    if terms.impact_assessed_on is None:
        errors["impact_assessed_on"] = "Give the date the action's impact will be assessed."
    elif terms.impact_assessed_on < due_on:
        errors["impact_assessed_on"] = (
            f"The date impact will be assessed cannot be before the due date ({_day(due_on)}): "
            "impact is assessed once the action is done.")


def _next_number(review: Review) -> int:
    top = Action.objects.filter(review=review).aggregate(top=Max("number"))["top"]
    return (top or 0) + 1


@transaction.atomic
def agree_action(review: Review, *, by: User, meeting: PlanMeeting | None, terms: ActionTerms,
                 due_on: date | None, on_behalf_of: User | None = None) -> Action:
    """An action agreed at the review's extraordinary subgroup meeting. Every part is required:
    a link to a recommendation or to interim learning, the agency, a named owner, the due date,
    the success criteria and how impact will be assessed."""
    _check_manager(review, by)
    Review.objects.select_for_update().filter(pk=review.pk).first()
    terms = terms.cleaned()
    errors: dict[str, Any] = {}
    if not may_agree_actions(review):
        raise ValidationError(
            "Actions are agreed at the action plan stage, or before it once a deadline's delay "
            "is recorded with its interim learning. This review is at "
            f"{review.get_stage_display().lower()}.")
    if meeting is None:
        errors["meeting"] = ("Choose the subgroup meeting that agreed the action; record the "
                             "meeting first if it is not listed.")
    elif meeting.review_id != review.pk or meeting.kind != PlanMeeting.Kind.EXTRAORDINARY:
        errors["meeting"] = "Choose one of this review's extraordinary subgroup meetings."
    if due_on is None:
        errors["due_on"] = "Give the date the action is due to be completed."
    elif meeting is not None and due_on <= meeting.held_on:
        errors["due_on"] = (f"The due date must be after the meeting that agreed it "
                            f"({_day(meeting.held_on)}).")
    if terms.recommendations and review.stage != Stage.ACTION_PLAN:
        errors["recommendations"] = ("Before the action plan stage, actions are agreed on interim "
                                     "learning only: link it to the delayed deadline's learning.")
    _check_terms(review, terms, errors, due_on=due_on or date.min)
    if errors:
        raise ValidationError(errors)
    assert meeting is not None and due_on is not None and terms.agency is not None
    assert terms.impact_assessed_on is not None
    on_behalf_of = _on_behalf_of(by, on_behalf_of)
    action = Action.objects.create(
        review=review, number=_next_number(review), description=terms.description,
        interim_learning=terms.interim_learning, agreed_at=meeting, agreed_on=meeting.held_on,
        agency=terms.agency, owner=terms.owner, owner_name=terms.owner_name,
        owner_email=terms.owner_email, due_on=due_on, original_due_on=due_on,
        success_criteria=terms.success_criteria, impact_measure=terms.impact_measure,
        impact_source=terms.impact_source, impact_assessed_on=terms.impact_assessed_on,
        recorded_by=by, on_behalf_of=on_behalf_of)
    action.recommendations.set(terms.recommendations)
    title = f"Action {action.number} agreed, due {_day(due_on)}"
    record_step("action_plan.action_agreed", review=review, by=by, on_behalf_of=on_behalf_of,
                summary=f"Agreed action {action.number} of the action plan",
                step=Step(title=title, effective_on=meeting.held_on),
                data={"action": action.pk, "meeting": meeting.pk, "due_on": due_on.isoformat(),
                      "recommendations": [r.pk for r in terms.recommendations],
                      "interim_learning": terms.interim_learning.pk
                      if terms.interim_learning else None,
                      "effective_on": meeting.held_on.isoformat()})
    return action


def _lock(action: Action) -> Action:
    locked = Action.objects.select_for_update(of=("self",)).select_related("review").get(
        pk=action.pk)
    return locked


def _thing(action: Action) -> str:
    return f"action {action.number}"


@transaction.atomic
def edit_action(action: Action, *, by: User, terms: ActionTerms, version: Any = UNCHECKED,
                on_behalf_of: User | None = None) -> Action:
    """Change what was agreed (not the due date: that is revised with a reason). Refused from an
    older version than the action's (decision 0023), and once it is concluded."""
    review = action.review
    _check_manager(review, by)
    action = _lock(action)
    if action.status in CONCLUDED:
        raise ValidationError(
            f"Action {action.number} is {action.get_status_display().lower()}: it is kept as it "
            "was agreed.")
    terms = terms.cleaned()
    errors: dict[str, Any] = {}
    _check_terms(review, terms, errors, due_on=action.due_on, kept=action)
    if errors:
        raise ValidationError(errors)
    claim(action, version, thing=_thing(action), by=by)
    on_behalf_of = _on_behalf_of(by, on_behalf_of)
    assert terms.agency is not None and terms.impact_assessed_on is not None
    before = {name: getattr(action, name) for name in EDITED}
    action.description, action.agency = terms.description, terms.agency
    action.owner, action.owner_name, action.owner_email = (terms.owner, terms.owner_name,
                                                           terms.owner_email)
    action.success_criteria, action.impact_measure = terms.success_criteria, terms.impact_measure
    action.impact_source, action.interim_learning = terms.impact_source, terms.interim_learning
    action.impact_assessed_on = terms.impact_assessed_on
    changed = [name for name in EDITED if getattr(action, name) != before[name]]
    action.save()
    action.recommendations.set(terms.recommendations)
    today = timezone.localdate()
    record_step("action_plan.action_changed", review=review, by=by, on_behalf_of=on_behalf_of,
                summary=f"Changed action {action.number} of the action plan",
                step=Step(title=f"Action {action.number} changed", effective_on=today),
                data={"action": action.pk, "changed": changed,
                      "recommendations": [r.pk for r in terms.recommendations],
                      "effective_on": today.isoformat()})
    return action


@transaction.atomic
def revise_due_date(action: Action, *, by: User, new_due_on: date | None, reason: str,
                    decided_on: date, version: Any = UNCHECKED,
                    on_behalf_of: User | None = None) -> DueDateRevision:
    """A new due date, decided on ``decided_on`` for ``reason``. The action keeps its original
    due date; reminders start again for the new one (they remember the date they were sent for)."""
    review = action.review
    _check_manager(review, by)
    action = _lock(action)
    reason = (reason or "").strip()
    if not action.is_open:
        raise ValidationError(
            f"Action {action.number} is {action.get_status_display().lower()}: only an action "
            "not yet completed has a due date to revise.")
    errors: dict[str, Any] = {}
    if not reason:
        errors["reason"] = ("Give the reason for the new due date: it is kept beside the "
                            "original in the action's history.")
    _long(errors, "reason", reason, "The reason")
    _date_error(errors, decided_on, not_before=action.agreed_on, what="The date it was decided",
                since="when the action was agreed", field="decided_on")
    if new_due_on is None:
        errors["new_due_on"] = "Give the new due date."
    elif new_due_on == action.due_on:
        errors["new_due_on"] = (f"The new due date is the same as the current one "
                                f"({_day(action.due_on)}): enter a different date.")
    elif new_due_on < decided_on:
        errors["new_due_on"] = (f"The new due date cannot be before the date it was decided "
                                f"({_day(decided_on)}).")
    if errors:
        raise ValidationError(errors)
    assert new_due_on is not None
    claim(action, version, thing=_thing(action), by=by)
    on_behalf_of = _on_behalf_of(by, on_behalf_of)
    revision = DueDateRevision.objects.create(
        action=action, previous_due_on=action.due_on, new_due_on=new_due_on, reason=reason,
        decided_on=decided_on, recorded_by=by, on_behalf_of=on_behalf_of)
    previous = action.due_on
    action.due_on = new_due_on
    action.save(update_fields=["due_on"])
    record_step("action_plan.due_date_revised", review=review, by=by, on_behalf_of=on_behalf_of,
                summary=f"Revised the due date of action {action.number}",
                step=Step(title=f"Action {action.number}'s due date moved from {_day(previous)} "
                                f"to {_day(new_due_on)}", effective_on=decided_on,
                          detail=reason),
                data={"action": action.pk, "revision": revision.pk,
                      "previous_due_on": previous.isoformat(),
                      "new_due_on": new_due_on.isoformat(),
                      "original_due_on": action.original_due_on.isoformat(),
                      "effective_on": decided_on.isoformat()})
    return revision


@transaction.atomic
def close_action(action: Action, *, by: User, reason: str, closed_on: date,
                 version: Any = UNCHECKED, on_behalf_of: User | None = None) -> Action:
    """The subgroup closes the action with its reasons (it will not be done, or has been
    overtaken): concluded, like an action whose impact is shown."""
    review = action.review
    _check_manager(review, by)
    action = _lock(action)
    reason = (reason or "").strip()
    if action.status in CONCLUDED:
        raise ValidationError(
            f"Action {action.number} is already {action.get_status_display().lower()}.")
    errors: dict[str, Any] = {}
    if not reason:
        errors["reason"] = ("Give the subgroup's reasons for closing the action: they are kept "
                            "with it and count when the review is closed.")
    _long(errors, "reason", reason, "The reasons")
    _date_error(errors, closed_on, not_before=action.agreed_on, what="The date it was closed",
                since="when the action was agreed", field="closed_on")
    if errors:
        raise ValidationError(errors)
    claim(action, version, thing=_thing(action), by=by)
    on_behalf_of = _on_behalf_of(by, on_behalf_of)
    was = action.status
    action.status, action.closed_reason = Action.Status.CLOSED, reason
    action.save(update_fields=["status", "closed_reason"])
    ActionUpdate.objects.create(action=action, kind=ActionUpdate.Kind.CLOSED, written_on=closed_on,
                                text=reason, status_from=was, status_to=Action.Status.CLOSED,
                                recorded_by=by, on_behalf_of=on_behalf_of)
    record_step("action_plan.action_closed", review=review, by=by, on_behalf_of=on_behalf_of,
                summary=f"Closed action {action.number} with reasons",
                step=Step(title=f"Action {action.number} closed with reasons",
                          effective_on=closed_on, detail=reason),
                data={"action": action.pk, "from": was, "effective_on": closed_on.isoformat()})
    return action


# --- Reopening a closed review -----------------------------------------------------------------

@transitions.takes("reopen_action_plan")
def reopen_action_plan(review: Review, *, by: User, reason: str, effective_on: date,
                       on_behalf_of: User | None = None) -> Review:
    """A review closed at the end of its action plan, back at the action plan (more actions are
    needed, or one's impact did not last), with the reason kept on its timeline."""
    if not access.can(by, review, Permission.CHANGE_STAGE):
        raise PermissionDenied("Only the business manager reopens a closed review's action plan.")
    return transitions.move(review, "reopen_action_plan", by=by, effective_on=effective_on,
                            reason=reason, on_behalf_of=_on_behalf_of(by, on_behalf_of))
