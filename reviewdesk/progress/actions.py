"""Every change this app makes, audited, with the effective date and on whose behalf.

``by`` is the signed-in person typing. An action's owner updates their own action; the business
manager and the CSPR subgroup (MANAGE_ACTION_PLAN) may type an update for the owner: recorded on
the owner's behalf when the owner has a sign-in, and said in the history when they have none.

* ``post_update`` — a progress update with evidence (text and files), dated; the first moves the
  action from not started to in progress.
* ``complete`` — completed: a completion date and evidence (text or a file) are required.
* ``add_impact_evidence`` — the impact evidence against the success criteria, after completion.
* ``record_monitoring_meeting`` — a CSPR subgroup monitoring meeting (date, attendance).
* ``accept_impact`` — the subgroup accepts the impact at a monitoring meeting: impact shown.
* ``evidence_file`` — an evidence file's bytes, the download audited.
* ``remind_before``, ``remind_on_day``, ``escalate`` — the daily reminders (decision 0052: each
  stamps the action with the due date it was sent for, so each is sent once per due date).
"""

import hashlib
import pathlib
import secrets
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import PartnershipRole, User
from reviewdesk.action_plan import rules
from reviewdesk.action_plan.models import Action, ActionUpdate, EvidenceFile, PlanMeeting
from reviewdesk.audit import context as audit_context
from reviewdesk.audit.services import record
from reviewdesk.progress import notices
from reviewdesk.reviews.actions import check_effective_date
from reviewdesk.versioning import UNCHECKED, claim

# Evidence: an audit, a policy, training figures, a photograph of a poster.
EVIDENCE_KINDS = {".docx": "Word document", ".doc": "Word document", ".pdf": "PDF",
                  ".xlsx": "spreadsheet", ".xls": "spreadsheet", ".csv": "CSV file",
                  ".odt": "OpenDocument text", ".ods": "OpenDocument spreadsheet",
                  ".pptx": "presentation", ".txt": "plain text", ".rtf": "rich text",
                  ".jpg": "photograph", ".jpeg": "photograph", ".png": "image"}
CONTENT_TYPES = {".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 ".doc": "application/msword", ".pdf": "application/pdf",
                 ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 ".xls": "application/vnd.ms-excel", ".csv": "text/csv",
                 ".odt": "application/vnd.oasis.opendocument.text",
                 ".ods": "application/vnd.oasis.opendocument.spreadsheet",
                 ".pptx": "application/vnd.openxmlformats-officedocument.presentationml"
                          ".presentation",
                 ".txt": "text/plain", ".rtf": "application/rtf", ".jpg": "image/jpeg",
                 ".jpeg": "image/jpeg", ".png": "image/png"}
EVIDENCE_MAX_MEGABYTES = 20
EVIDENCE_MAX_BYTES = EVIDENCE_MAX_MEGABYTES * 1024 * 1024
TEXT_MAX = 10_000

OWNER_OR_SUBGROUP = ("Only the action's owner, the business manager and the CSPR subgroup update "
                     "an action.")


@dataclass(frozen=True)
class Upload:
    """A file as it came: its name (never used to store it) and its bytes."""

    name: str
    data: bytes


def check_evidence_file(filename: str, size: int) -> None:
    """The file's kind and size, before anything is kept."""
    suffix = pathlib.PurePath(filename or "").suffix.lower()
    if suffix not in EVIDENCE_KINDS:
        raise ValidationError({"file": "The selected file must be a document (.docx, .pdf, .odt, "
                                       ".txt, .rtf), a spreadsheet (.xlsx, .csv, .ods), a "
                                       "presentation (.pptx) or an image (.jpg, .png). Save it in "
                                       "one of these formats and upload it again."})
    if size == 0:
        raise ValidationError({"file": "The selected file is empty. Choose the file again."})
    if size > EVIDENCE_MAX_BYTES:
        raise ValidationError({"file": f"The selected file must be smaller than "
                                       f"{EVIDENCE_MAX_MEGABYTES} MB. Save it smaller and upload "
                                       "it again."})


def may_update(user: User, action: Action) -> bool:
    return access.owns_action(user, action) or access.can(user, action.review,
                                                          Permission.MANAGE_ACTION_PLAN)


def may_record_monitoring(user: User) -> bool:
    """A monitoring meeting across the partnership's reviews: the business manager or a member
    of the CSPR subgroup."""
    return access.is_business_manager(user) or (
        access.may_monitor_actions(user) and user.role == PartnershipRole.SUBGROUP_MEMBER)


def _on_behalf_of(action: Action, by: User, given: User | None) -> User | None:
    """Typed for someone else: the owner (when they have a sign-in), or whoever was chosen."""
    if given is None and (context := audit_context.current()) is not None:
        given = context.on_behalf_of
    if given is None and action.owner_id and action.owner_id != by.pk:
        given = action.owner
    return None if given is not None and given.pk == by.pk else given


def _for_owner_without_sign_in(action: Action, by: User) -> str:
    """Said in the history when someone posts for an owner who has no sign-in."""
    if action.owner_id is None:
        return action.owner_name
    return ""


def _locked(action: Action) -> Action:
    locked = Action.objects.select_for_update(of=("self",)).select_related(
        "review__partnership", "owner").get(pk=action.pk)
    return locked


def _check_text(text: str, field: str, what: str, errors: dict[str, Any]) -> str:
    text = (text or "").strip()
    if len(text) > TEXT_MAX:
        errors[field] = f"{what} must be {TEXT_MAX:,} characters or fewer: attach the rest as a file."
    return text


def _store_files(update: ActionUpdate, files: Sequence[Upload]) -> list[EvidenceFile]:
    kept = []
    stored = _STORED.get()
    for upload in files:
        suffix = pathlib.PurePath(upload.name).suffix.lower()
        evidence = EvidenceFile(
            update=update, name=pathlib.PurePath(upload.name).name[-255:],
            content_type=CONTENT_TYPES.get(suffix, "application/octet-stream"),
            size=len(upload.data), sha256=hashlib.sha256(upload.data).hexdigest())
        # A random name in storage: the one it came with may name someone.
        evidence.file.save(secrets.token_hex(16) + suffix, ContentFile(upload.data), save=False)
        if stored is not None and evidence.file.name:
            stored.append((evidence.file.storage, evidence.file.name))
        kept.append(evidence)
    EvidenceFile.objects.bulk_create(kept)
    return kept


# Files stored in the running action's transaction, deleted again if it fails (see _run).
_STORED: ContextVar[list[tuple[Any, str]] | None] = ContextVar("stored_evidence", default=None)


def _check_files(files: Sequence[Upload], errors: dict[str, Any]) -> None:
    for upload in files:
        try:
            check_evidence_file(upload.name, len(upload.data))
        except ValidationError as exc:
            exc.update_error_dict(errors)


def _history(action: Action, *, by: User, kind: str, written_on: date, text: str,
             on_behalf_of: User | None, status_to: str = "",
             files: Sequence[Upload] = ()) -> ActionUpdate:
    update = ActionUpdate.objects.create(
        action=action, kind=kind, written_on=written_on, text=text, recorded_by=by,
        on_behalf_of=on_behalf_of, status_from=action.status if status_to else "",
        status_to=status_to)
    _store_files(update, files)
    return update


def _audit(event: str, action: Action, *, by: User | None, on_behalf_of: User | None,
           summary: str, effective_on: date, update: ActionUpdate | None = None,
           **more: Any) -> None:
    data: dict[str, Any] = {"action": action.pk, "number": action.number,
                            "effective_on": effective_on.isoformat(), **more}
    if update is not None:
        data["update"] = update.pk
        files = list(update.files.all())
        if files:
            data["files"] = [{"file": f.pk, "size": f.size, "sha256": f.sha256} for f in files]
    record(event, actor=by, on_behalf_of=on_behalf_of, review=action.review, summary=summary,
           data=data)


def _run[T](work: Callable[[], T]) -> T:
    """Run ``work`` in one transaction; files it stored are deleted again if it fails, so
    nothing is half-kept."""
    stored: list[tuple[Any, str]] = []
    token = _STORED.set(stored)
    try:
        with transaction.atomic():
            return work()
    except BaseException:
        for storage, name in stored:
            storage.delete(name)
        raise
    finally:
        _STORED.reset(token)


def post_update(action: Action, *, by: User, text: str, written_on: date | None = None,
                files: Sequence[Upload] = (), on_behalf_of: User | None = None) -> ActionUpdate:
    """A progress update with evidence. Open actions only (a completed one takes impact
    evidence). The first update moves it from not started to in progress."""

    def work() -> ActionUpdate:
        nonlocal written_on
        locked = _locked(action)
        if not may_update(by, locked):
            raise PermissionDenied(OWNER_OR_SUBGROUP)
        written_on = written_on or timezone.localdate()
        errors: dict[str, Any] = {}
        if not locked.is_open:
            raise ValidationError(
                f"Action {locked.number} is {locked.get_status_display().lower()}: progress "
                "updates are for actions not started or in progress."
                + (" Add the impact evidence instead." if locked.status == Action.Status.COMPLETED
                   else ""))
        body = _check_text(text, "text", "The update", errors)
        if not body and not files:
            errors["text"] = ("Say what has been done since the last update, or attach evidence "
                              "(or both).")
        _check_files(files, errors)
        try:
            check_effective_date(written_on, not_before=locked.agreed_on,
                                 what="The date of the update",
                                 since="when the action was agreed", field="written_on")
        except ValidationError as exc:
            exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)
        behalf = _on_behalf_of(locked, by, on_behalf_of)
        status_to = (Action.Status.IN_PROGRESS if locked.status == Action.Status.NOT_STARTED
                     else "")
        update = _history(locked, by=by, kind=ActionUpdate.Kind.PROGRESS, written_on=written_on,
                          text=body, on_behalf_of=behalf, status_to=status_to, files=files)
        if status_to:
            locked.status = status_to
        locked.last_update_on = max(locked.last_update_on or written_on, written_on)
        claim(locked, UNCHECKED, thing="the action", by=by)
        locked.save(update_fields=["status", "last_update_on"])
        _audit("progress.update_posted", locked, by=by, on_behalf_of=behalf,
               summary=f"Posted a progress update on action {locked.number}",
               effective_on=written_on, update=update,
               for_owner_without_sign_in=bool(_for_owner_without_sign_in(locked, by)))
        return update

    return _run(work)


def complete(action: Action, *, by: User, completed_on: date | None, evidence: str,
             files: Sequence[Upload] = (), on_behalf_of: User | None = None,
             version: Any = UNCHECKED) -> Action:
    """Completed: refused without a completion date and evidence (text or a file), saying
    what is missing."""

    def work() -> Action:
        locked = _locked(action)
        if not may_update(by, locked):
            raise PermissionDenied(OWNER_OR_SUBGROUP)
        if not locked.is_open:
            raise ValidationError(
                f"Action {locked.number} is already {locked.get_status_display().lower()}: only "
                "an action not started or in progress can be marked completed.")
        errors: dict[str, Any] = {}
        body = _check_text(evidence, "evidence", "The evidence", errors)
        if completed_on is None:
            errors["completed_on"] = "Enter the date the action was completed."
        else:
            try:
                check_effective_date(completed_on, not_before=locked.agreed_on,
                                     what="The completion date",
                                     since="when the action was agreed", field="completed_on")
            except ValidationError as exc:
                exc.update_error_dict(errors)
        if not body and not files:
            errors["evidence"] = ("Give the evidence that the action is completed: describe it, "
                                  "attach a file, or both. An action is not completed without "
                                  "evidence.")
        _check_files(files, errors)
        if errors:
            raise ValidationError(errors)
        assert completed_on is not None
        claim(locked, version, thing="the action", by=by)
        behalf = _on_behalf_of(locked, by, on_behalf_of)
        update = _history(locked, by=by, kind=ActionUpdate.Kind.COMPLETED,
                          written_on=completed_on, text=body, on_behalf_of=behalf,
                          status_to=Action.Status.COMPLETED, files=files)
        locked.status = Action.Status.COMPLETED
        locked.completed_on = completed_on
        locked.completion_evidence = body or "See the attached evidence."
        locked.last_update_on = max(locked.last_update_on or completed_on, completed_on)
        locked.save(update_fields=["status", "completed_on", "completion_evidence",
                                   "last_update_on"])
        _audit("progress.completed", locked, by=by, on_behalf_of=behalf,
               summary=f"Marked action {locked.number} completed", effective_on=completed_on,
               update=update)
        return locked

    return _run(work)


def add_impact_evidence(action: Action, *, by: User, evidence: str,
                        written_on: date | None = None, files: Sequence[Upload] = (),
                        on_behalf_of: User | None = None, version: Any = UNCHECKED) -> Action:
    """The impact evidence against the success criteria, once the action is completed. It may
    be added to later (each addition is kept in the history; the action holds the latest)."""

    def work() -> Action:
        nonlocal written_on
        locked = _locked(action)
        if not may_update(by, locked):
            raise PermissionDenied(OWNER_OR_SUBGROUP)
        if locked.status != Action.Status.COMPLETED:
            raise ValidationError(
                f"Action {locked.number} is {locked.get_status_display().lower()}: impact "
                "evidence is added once the action is completed"
                + (" (and before the subgroup accepts it)." if locked.status in rules.DONE
                   else ". Mark it completed first, with its evidence."))
        written_on = written_on or timezone.localdate()
        errors: dict[str, Any] = {}
        body = _check_text(evidence, "evidence", "The impact evidence", errors)
        if not body:
            errors["evidence"] = ("Describe the impact against the success criteria: what was "
                                  "measured, from where, and what it shows.")
        _check_files(files, errors)
        try:
            check_effective_date(written_on, not_before=locked.completed_on,
                                 what="The date of the evidence",
                                 since="when the action was completed", field="written_on")
        except ValidationError as exc:
            exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)
        claim(locked, version, thing="the action", by=by)
        behalf = _on_behalf_of(locked, by, on_behalf_of)
        update = _history(locked, by=by, kind=ActionUpdate.Kind.IMPACT, written_on=written_on,
                          text=body, on_behalf_of=behalf, files=files)
        locked.impact_evidence = body
        locked.last_update_on = max(locked.last_update_on or written_on, written_on)
        locked.save(update_fields=["impact_evidence", "last_update_on"])
        _audit("progress.impact_evidence_added", locked, by=by, on_behalf_of=behalf,
               summary=f"Added impact evidence to action {locked.number}",
               effective_on=written_on, update=update)
        return locked

    return _run(work)


@transaction.atomic
def record_monitoring_meeting(*, by: User, held_on: date, attendees: Sequence[User] = (),
                              other_attendees: str = "", notes: str = "",
                              on_behalf_of: User | None = None) -> PlanMeeting:
    """A monitoring meeting of the CSPR subgroup, across the partnership's reviews."""
    if not may_record_monitoring(by):
        raise PermissionDenied("Only the business manager and the CSPR subgroup record a "
                               "monitoring meeting.")
    errors: dict[str, Any] = {}
    try:
        check_effective_date(held_on, what="The date it was held", field="held_on")
    except ValidationError as exc:
        exc.update_error_dict(errors)
    others = (other_attendees or "").strip()
    if any(person.partnership_id != by.partnership_id for person in attendees):
        errors["attendees"] = "Choose attendees from the partnership's own people."
    if not attendees and not others:
        errors["attendees"] = ("Say who attended: tick the people with a sign-in, or type the "
                               "others, one a line.")
    if errors:
        raise ValidationError(errors)
    if on_behalf_of is None and (context := audit_context.current()) is not None:
        on_behalf_of = context.on_behalf_of
    assert by.partnership_id is not None  # may_record_monitoring: an officer of one
    meeting = PlanMeeting.objects.create(
        partnership_id=by.partnership_id, review=None, kind=PlanMeeting.Kind.MONITORING,
        held_on=held_on, other_attendees=others, notes=(notes or "").strip(), recorded_by=by,
        on_behalf_of=on_behalf_of)
    meeting.attendees.set(attendees)
    record("progress.monitoring_meeting_recorded", actor=by, on_behalf_of=on_behalf_of,
           partnership_id=by.partnership_id, summary="Recorded a monitoring meeting",
           data={"meeting": meeting.pk, "attendees": len(attendees),
                 "effective_on": held_on.isoformat()})
    return meeting


def accept_impact(action: Action, *, by: User, meeting: PlanMeeting | None,
                  note: str = "", on_behalf_of: User | None = None,
                  version: Any = UNCHECKED) -> Action:
    """The subgroup accepts the impact at a monitoring meeting: impact shown. Refused without
    impact evidence, or without the meeting."""

    def work() -> Action:
        locked = _locked(action)
        if not access.can(by, locked.review, Permission.MANAGE_ACTION_PLAN):
            raise PermissionDenied("Only the business manager and the CSPR subgroup accept an "
                                   "action's impact, at a monitoring meeting.")
        errors: dict[str, Any] = {}
        if locked.status != Action.Status.COMPLETED:
            raise ValidationError(
                f"Action {locked.number} is {locked.get_status_display().lower()}: the subgroup "
                "accepts impact on a completed action with its impact evidence.")
        if not locked.impact_evidence:
            errors["__all__"] = [
                f"Action {locked.number} has no impact evidence yet: the owner (or you, for them) "
                "adds the evidence against the success criteria first, then the subgroup can "
                "accept it."]
        if meeting is None:
            errors["meeting"] = ("Choose the monitoring meeting that accepted it. Record the "
                                 "meeting first if it is not in the list.")
        elif (meeting.kind != PlanMeeting.Kind.MONITORING
              or meeting.partnership_id != locked.review.partnership_id):
            errors["meeting"] = "Choose one of the partnership's monitoring meetings."
        elif locked.completed_on and meeting.held_on < locked.completed_on:
            errors["meeting"] = (f"That meeting was held on {meeting.held_on:%-d %B %Y}, before "
                                 f"the action was completed on {locked.completed_on:%-d %B %Y}. "
                                 "Choose a later meeting.")
        if errors:
            raise ValidationError(errors)
        assert meeting is not None
        claim(locked, version, thing="the action", by=by)
        behalf = on_behalf_of
        if behalf is None and (context := audit_context.current()) is not None:
            behalf = context.on_behalf_of
        update = _history(locked, by=by, kind=ActionUpdate.Kind.IMPACT_ACCEPTED,
                          written_on=meeting.held_on, text=(note or "").strip(),
                          on_behalf_of=behalf, status_to=Action.Status.IMPACT_SHOWN)
        locked.status = Action.Status.IMPACT_SHOWN
        locked.impact_accepted_at = meeting
        locked.save(update_fields=["status", "impact_accepted_at"])
        _audit("progress.impact_accepted", locked, by=by, on_behalf_of=behalf,
               summary=f"The subgroup accepted the impact of action {locked.number}",
               effective_on=meeting.held_on, update=update, meeting=meeting.pk)
        return locked

    return _run(work)


def evidence_file(evidence: EvidenceFile, action: Action, *, by: User) -> bytes:
    """An evidence file for someone who may read the action; the download audited."""
    if not (access.owns_action(by, action)
            or access.can(by, action.review, Permission.VIEW_ACTION_PLAN)):
        raise PermissionDenied("Only the action's owner and those who read the action plan may "
                               "open its evidence.")
    try:
        with evidence.file.open("rb") as handle:
            data: bytes = handle.read()
    except OSError as exc:
        raise ValidationError("The evidence file is no longer in storage. Ask the owner to add "
                              "it again.") from exc
    record("progress.evidence_downloaded", actor=by, review=action.review,
           summary=f"Downloaded evidence on action {action.number}",
           data={"action": action.pk, "file": evidence.pk, "sha256": evidence.sha256})
    return data


# --- The daily reminders -----------------------------------------------------------------------

def _remind_owner(action: Action, *, today: date, sent_for: str, event: str, summary: str,
                  kind: str) -> bool:
    """The owner reminded once per due date (``sent_for`` holds the due date it was sent for)."""
    locked = _locked(action)
    if not locked.is_open or getattr(locked, sent_for) == locked.due_on:
        return False
    address = owner_address(locked)
    setattr(locked, sent_for, locked.due_on)
    locked.save(update_fields=[sent_for])
    record(event, review=locked.review, summary=summary.format(number=locked.number),
           data={"action": locked.pk, "due_on": locked.due_on.isoformat(),
                 "effective_on": today.isoformat(), "sent": bool(address)})
    if address:
        notices.remind_owner(locked, kind, address)
    return True


@transaction.atomic
def remind_before(action: Action, *, today: date) -> bool:
    """The owner, some working days before the due date: once per due date."""
    return _remind_owner(action, today=today, sent_for="reminded_before_for",
                         event="progress.reminded_before",
                         summary="Reminded the owner that action {number} is due soon",
                         kind=notices.DUE_SOON)


@transaction.atomic
def remind_on_day(action: Action, *, today: date) -> bool:
    """The owner, on the due date (or the first run after it): once per due date."""
    return _remind_owner(action, today=today, sent_for="reminded_on_day_for",
                         event="progress.reminded_on_day",
                         summary="Reminded the owner that action {number} is due",
                         kind=notices.DUE_TODAY if today == action.due_on
                         else notices.NOW_OVERDUE)


@transaction.atomic
def escalate(action: Action, *, today: date) -> bool:
    """The CSPR subgroup and the business manager, once, when the action is
    ``rules.ESCALATE_AFTER_WORKING_DAYS`` working days overdue (once per due date)."""
    locked = _locked(action)
    if (locked.escalated_for == locked.due_on
            or rules.working_days_overdue(locked, today) < rules.ESCALATE_AFTER_WORKING_DAYS):
        return False
    recipients = subgroup_addresses(locked)
    locked.escalated_for = locked.due_on
    locked.save(update_fields=["escalated_for"])
    record("progress.escalated", review=locked.review,
           summary=f"Told the CSPR subgroup action {locked.number} is overdue",
           data={"action": locked.pk, "due_on": locked.due_on.isoformat(),
                 "working_days_overdue": rules.working_days_overdue(locked, today),
                 "effective_on": today.isoformat(), "recipients": len(recipients)})
    if recipients:
        notices.escalate_to_subgroup(locked, recipients, today=today)
    return True


def owner_address(action: Action) -> str:
    if action.owner is not None:
        return action.owner.email if action.owner.is_active else ""
    return action.owner_email


def subgroup_addresses(action: Action) -> list[str]:
    """The partnership's CSPR subgroup members and business manager(s), active ones."""
    people = User.objects.filter(
        partnership_id=action.review.partnership_id, is_active=True,
        role__in=[PartnershipRole.SUBGROUP_MEMBER, PartnershipRole.BUSINESS_MANAGER])
    return sorted({p.email for p in people if p.email})
