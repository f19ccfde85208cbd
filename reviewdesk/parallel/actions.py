"""Every change to a review's parallel processes goes through a function here: one transaction,
a timeline entry and an audit event.

``by`` is the signed-in person typing (the business manager); ``on_behalf_of`` the person whose
word it is, when they have a sign-in (the police's partner for the senior investigating officer,
who rarely has one: their name is typed as who leads the process). Without it, the audit
context's is used.

The history is never edited: a change of status, or a correction, is a new dated row, and the
process's ``state`` follows its latest row. A process is opened, may be adjourned or listed for a
date (again and again), and concludes with its outcome in a sentence; a concluded process may
only be opened again.
"""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import Agency, User
from reviewdesk.parallel.models import ParallelProcess, ProcessKind, ProcessState, ProcessStatus
from reviewdesk.reviews.actions import check_effective_date
from reviewdesk.reviews.history import Step, record_step
from reviewdesk.reviews.models import Review

# Which status may follow which. Listing again gives the new date; a concluded process reopens.
NEXT_STATES: dict[str, set[str]] = {
    ProcessState.OPENED: {ProcessState.ADJOURNED, ProcessState.LISTED, ProcessState.CONCLUDED},
    ProcessState.ADJOURNED: {ProcessState.OPENED, ProcessState.LISTED, ProcessState.CONCLUDED},
    ProcessState.LISTED: {ProcessState.OPENED, ProcessState.ADJOURNED, ProcessState.LISTED,
                          ProcessState.CONCLUDED},
    ProcessState.CONCLUDED: {ProcessState.OPENED},
}
# How a status reads after the process's name on the timeline.
STATE_WORDS = {
    ProcessState.OPENED: "opened",
    ProcessState.ADJOURNED: "adjourned",
    ProcessState.LISTED: "listed for a date",
    ProcessState.CONCLUDED: "concluded",
}


def timeline_name(process: ParallelProcess) -> str:
    """The kind's own words: the timeline's titles are not redacted, so never the free text of
    an 'Other' process."""
    if process.kind == ProcessKind.OTHER:
        return "A parallel process"
    return ProcessKind(process.kind).label


def _may_manage(review: Review, by: User) -> None:
    if not access.can(by, review, Permission.MANAGE_PARALLEL_PROCESSES):
        raise PermissionDenied("Only the business manager records parallel processes and their "
                               "status.")


def _own(on_behalf_of: User | None, by: User) -> User | None:
    return None if on_behalf_of is not None and on_behalf_of.pk == by.pk else on_behalf_of


@transaction.atomic
def record_process(
    review: Review,
    *,
    by: User,
    kind: str,
    opened_on: date,
    other_kind: str = "",
    reference: str = "",
    lead_name: str = "",
    lead_role: str = "",
    lead_agency: Agency | None = None,
    lead_person: User | None = None,
    lead_contact: str = "",
    note: str = "",
    on_behalf_of: User | None = None,
) -> ParallelProcess:
    """A police investigation, prosecution, inquest, set of proceedings or court order running
    beside the review, with its first status: opened on ``opened_on``."""
    _may_manage(review, by)
    other_kind, reference = other_kind.strip(), reference.strip()
    errors: dict[str, Any] = {}
    if kind not in ProcessKind.values:
        errors["kind"] = ("Choose what kind of process it is: a police investigation, a charging "
                          "decision or prosecution, an inquest, family proceedings, a reporting "
                          "restriction or other court order, or other.")
    elif kind == ProcessKind.OTHER and not other_kind:
        errors["other_kind"] = "Say what kind of process it is, for example a fatal accident " \
                               "inquiry."
    elif kind != ProcessKind.OTHER and other_kind:
        errors["other_kind"] = "Say what kind of process it is only when you choose 'Other'."
    if lead_agency is not None and lead_agency.partnership_id != review.partnership_id:
        errors["lead_agency"] = "Choose one of the partnership's agencies."
    if lead_person is not None and lead_person.partnership_id != review.partnership_id:
        errors["lead_person"] = "Choose someone in the partnership."
    if opened_on is None:
        errors["opened_on"] = "Enter the date it opened."
    else:
        try:
            check_effective_date(opened_on, what="The date it opened", field="opened_on")
        except ValidationError as exc:
            exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    on_behalf_of = _own(on_behalf_of, by)
    process = ParallelProcess.objects.create(
        review=review, kind=kind, other_kind=other_kind if kind == ProcessKind.OTHER else "",
        reference=reference, lead_name=lead_name.strip(), lead_role=lead_role.strip(),
        lead_agency=lead_agency, lead_person=lead_person, lead_contact=lead_contact.strip(),
        opened_on=opened_on, state=ProcessState.OPENED, created_by=by, on_behalf_of=on_behalf_of)
    ProcessStatus.objects.create(process=process, state=ProcessState.OPENED,
                                 effective_on=opened_on, note=note.strip(), recorded_by=by,
                                 on_behalf_of=on_behalf_of)
    # The timeline is read by everyone on the review: the kind and date only (who leads it and
    # the notes are on the processes page, through the redactor like every name).
    record_step("parallel.process_recorded", review=review, by=by, on_behalf_of=on_behalf_of,
                step=Step(f"{timeline_name(process)}: opened", opened_on,
                          detail="Details are on the review's parallel processes page."),
                summary=f"Recorded a parallel process: {ProcessKind(kind).label}",
                data={"process": process.pk, "kind": kind,
                      "opened_on": opened_on.isoformat()})
    return process


@transaction.atomic
def record_process_status(
    process: ParallelProcess,
    *,
    by: User,
    state: str,
    effective_on: date,
    listed_for: date | None = None,
    outcome: str = "",
    note: str = "",
    on_behalf_of: User | None = None,
) -> ProcessStatus:
    """A change in the process's status on the day it happened: adjourned, listed for a date,
    concluded (with the outcome in a sentence) or opened again. Appended to the history."""
    # Serialises changes to one process: two at once cannot both follow the same latest status.
    process = ParallelProcess.objects.select_for_update().select_related("review").get(
        pk=process.pk)
    review = process.review
    _may_manage(review, by)
    outcome, note = outcome.strip(), note.strip()
    latest = process.statuses.order_by("-effective_on", "-pk").first()
    errors: dict[str, Any] = {}
    if state not in ProcessState.values:
        errors["state"] = "Choose what happened: opened again, adjourned, listed for a date, " \
                          "or concluded."
    elif state not in NEXT_STATES[ProcessState(process.state)]:
        errors["state"] = _not_next(process, state)
    if state == ProcessState.LISTED and listed_for is None:
        errors["listed_for"] = "Enter the date it is listed for."
    elif state != ProcessState.LISTED and listed_for is not None:
        errors["listed_for"] = "Give a date it is listed for only when it has been listed " \
                               "for a date."
    elif listed_for is not None and effective_on is not None and listed_for < effective_on:
        errors["listed_for"] = "The date it is listed for cannot be before the date it was " \
                               "listed."
    if state == ProcessState.CONCLUDED and not outcome:
        errors["outcome"] = "Give the outcome in a sentence, for example 'No further action' " \
                            "or 'Narrative verdict'."
    elif state != ProcessState.CONCLUDED and outcome:
        errors["outcome"] = "Give an outcome only when it has concluded; use the note for " \
                            "anything else."
    if effective_on is None:
        errors["effective_on"] = "Enter the date it happened."
    else:
        # Never before the latest status: the history reads in the order things happened.
        since = latest.effective_on if latest else process.opened_on
        words = (f"when it was recorded as {STATE_WORDS[ProcessState(latest.state)]}"
                 if latest else "when it opened")
        try:
            check_effective_date(effective_on, not_before=since, what="The date it happened",
                                 since=words, field="effective_on")
        except ValidationError as exc:
            exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    on_behalf_of = _own(on_behalf_of, by)
    status = ProcessStatus.objects.create(
        process=process, state=state, effective_on=effective_on, listed_for=listed_for,
        outcome=outcome, note=note, recorded_by=by, on_behalf_of=on_behalf_of)
    process.state = state
    process.save(update_fields=["state"])
    what = (f"listed for {listed_for:%-d %B %Y}" if listed_for
            else STATE_WORDS[ProcessState(state)])
    record_step("parallel.status_recorded", review=review, by=by, on_behalf_of=on_behalf_of,
                step=Step(f"{timeline_name(process)}: {what}",
                          effective_on,
                          detail="Details are on the review's parallel processes page."),
                summary=f"Recorded that a {ProcessKind(process.kind).label.lower()} "
                        f"{STATE_WORDS[ProcessState(state)]}",
                data={"process": process.pk, "status": status.pk, "state": state,
                      "effective_on": effective_on.isoformat(),
                      "listed_for": listed_for.isoformat() if listed_for else None})
    return status


def _not_next(process: ParallelProcess, state: str) -> str:
    name = process.kind_label
    if process.state == ProcessState.CONCLUDED:
        return f"The {lower_first(name)} has concluded: record it as opened again first if it has " \
               "reopened."
    if state == process.state:
        return f"The {lower_first(name)} is already {STATE_WORDS[ProcessState(state)]}."
    return f"The {lower_first(name)} is {STATE_WORDS[ProcessState(process.state)]}: it cannot be " \
           f"{STATE_WORDS[ProcessState(state)]} next."


def lower_first(label: str) -> str:
    return label[:1].lower() + label[1:]
