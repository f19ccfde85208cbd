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

Every change to the advice to staff goes through a function here: one transaction, an audit
event and a timeline entry, and the notices to everyone on the review kept in it (sent once it
is committed).

``by`` is the signed-in person typing: only the business manager sets and lifts advice, usually
at the senior investigating officer's request (``requested_by``, typed, since they rarely have a
sign-in) and sometimes on behalf of someone with one (``on_behalf_of``, from the audit context
unless given). Every date is the day the thing happened: never in the future.

New advice replaces the advice in force (which stays, as history, ended as replaced); lifting
ends the advice and with it every restriction it carries; one restriction may be lifted alone.
"""

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import Agency, User
from reviewdesk.audit import context as audit_context
from reviewdesk.audit.services import record
from reviewdesk.parallel import notices
from reviewdesk.parallel.models import (
    Acknowledgement,
    Advice,
    ChronologyRestriction,
    NoContact,
    ParallelProcess,
    ProcessKind,
    ProcessState,
    ProcessStatus,
    TopicRestriction,
)
from reviewdesk.parallel.restrictions import PERSON_KINDS
from reviewdesk.reviews.actions import check_effective_date
from reviewdesk.reviews.history import Step, record_step
from reviewdesk.reviews.models import IdentityEntry, Review

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


Restriction = NoContact | TopicRestriction | ChronologyRestriction
TOPIC_LENGTH = TopicRestriction._meta.get_field("topic").max_length or 300
REQUESTED_BY_LENGTH = Advice._meta.get_field("requested_by").max_length or 200


def _check_manager(review: Review, by: User) -> None:
    if not access.can(by, review, Permission.MANAGE_ADVICE):
        raise PermissionDenied("Only the business manager sets or lifts advice to staff.")


def _on_behalf_of(by: User, on_behalf_of: User | None) -> User | None:
    return audit_context.acting_for(by, on_behalf_of)


def _locked_in_force(review: Review) -> Advice | None:
    # Locks the review first: two people setting advice at once cannot both replace the same.
    Review.objects.select_for_update().get(pk=review.pk)
    return Advice.objects.select_for_update().in_force().filter(review=review).first()


def _dates(on: date) -> str:
    return f"{on:%-d %B %Y}"


def _no_contact_errors(review: Review, people: Iterable[IdentityEntry]) -> tuple[
        list[IdentityEntry], list[str]]:
    chosen, errors = [], []
    for entry in people:
        if entry.review_id != review.pk:
            errors.append("Choose people from this review's identity register.")
        elif entry.kind not in PERSON_KINDS:
            errors.append(f"{entry.pseudonym} is not a person ({entry.get_kind_display().lower()}"
                          "): choose the people not to contact.")
        elif entry not in chosen:
            chosen.append(entry)
    return chosen, errors


def _topic_errors(topics: Iterable[str]) -> tuple[list[str], list[str]]:
    chosen: list[str] = []
    errors: list[str] = []
    for topic in (t.strip() for t in topics):
        if not topic:
            continue
        if len(topic) > TOPIC_LENGTH:
            errors.append(f"Each topic must be {TOPIC_LENGTH} characters or fewer: shorten "
                          f"'{topic[:40]}…', or split it over two lines.")
        elif topic.casefold() not in {c.casefold() for c in chosen}:
            chosen.append(topic)
    return chosen, errors


def _range_errors(review: Review, number: int, spec: Mapping[str, Any]) -> list[str]:
    """What is wrong with one range of restricted chronology entries ('Range 1: …')."""
    errors = []
    start, end = spec.get("date_from"), spec.get("date_to")
    if start is None or end is None:
        errors.append("enter the date the entries start from and the date they end on")
    elif start > end:
        errors.append(f"the start, {_dates(start)}, is after the end, {_dates(end)}: enter "
                      "the earlier date first")
    elif end > timezone.localdate():
        errors.append("chronology entries are never dated in the future: end the range today "
                      "or earlier")
    agencies = [a for a in [spec.get("agency"), *(spec.get("agencies_see") or [])] if a]
    if any(a.partnership_id != review.partnership_id for a in agencies):
        errors.append("choose agencies of this partnership")
    return [f"Range {number}: {e}." for e in errors]


def _check_advice(review: Review, *, text: str, effective_on: date | None,
                  process: ParallelProcess | None, requested_by: str,
                  no_contact: Iterable[IdentityEntry], topics: Iterable[str],
                  chronology_restrictions: Sequence[Mapping[str, Any]],
                  in_force: Advice | None) -> tuple[list[IdentityEntry], list[str]]:
    errors: dict[str, Any] = {}
    if not (text or "").strip():
        errors["text"] = ("Enter the advice to staff, in plain English: everyone on the review "
                          "reads it.")
    if effective_on is None:
        errors["effective_on"] = "Enter the date the advice was given."
    else:
        try:
            check_effective_date(
                effective_on, not_before=in_force.effective_on if in_force else None,
                what="The date the advice was given",
                since="when the advice in force now was given", field="effective_on")
        except ValidationError as exc:
            exc.update_error_dict(errors)
    if process is not None and process.review_id != review.pk:
        errors["process"] = "Choose one of this review's parallel processes, or none."
    if len(requested_by or "") > REQUESTED_BY_LENGTH:
        errors["requested_by"] = (f"Who asked for it must be {REQUESTED_BY_LENGTH} characters "
                                  "or fewer: a name and role is enough.")
    people, people_errors = _no_contact_errors(review, no_contact)
    if people_errors:
        errors["no_contact"] = people_errors
    chosen_topics, topic_errors = _topic_errors(topics)
    if topic_errors:
        errors["topics"] = topic_errors
    range_errors = [e for n, spec in enumerate(chronology_restrictions, start=1)
                    for e in _range_errors(review, n, spec)]
    if range_errors:
        errors["chronology_restrictions"] = range_errors
    if errors:
        raise ValidationError(errors)
    return people, chosen_topics


@transaction.atomic
def set_advice(review: Review, *, by: User, text: str, effective_on: date,
               process: ParallelProcess | None = None, requested_by: str = "",
               no_contact: Iterable[IdentityEntry] = (), topics: Iterable[str] = (),
               chronology_restrictions: Sequence[Mapping[str, Any]] = (),
               on_behalf_of: User | None = None) -> Advice:
    """New advice, with its restrictions; the advice in force (if any) ends, replaced by it.

    ``chronology_restrictions``: one mapping per range, with ``date_from``, ``date_to``, and
    optionally ``agency`` (only that agency's entries), ``lead_reviewers_see``,
    ``business_manager_sees`` (both True unless given) and ``agencies_see`` (agencies whose
    users may still see the entries). Everyone on the review is told at once (a notice each).
    """
    _check_manager(review, by)
    in_force = _locked_in_force(review)
    people, chosen_topics = _check_advice(
        review, text=text, effective_on=effective_on, process=process,
        requested_by=requested_by, no_contact=no_contact, topics=topics,
        chronology_restrictions=chronology_restrictions, in_force=in_force)
    on_behalf_of = _on_behalf_of(by, on_behalf_of)
    now = timezone.now()
    if in_force is not None:
        # Ended first: the database allows one advice in force per review.
        in_force.ended, in_force.ended_on, in_force.ended_at = (
            Advice.Ended.REPLACED, effective_on, now)
        in_force.ended_by, in_force.ended_on_behalf_of = by, on_behalf_of
        in_force.save(update_fields=["ended", "ended_on", "ended_at", "ended_by",
                                     "ended_on_behalf_of"])
    try:
        advice = Advice.objects.create(
            review=review, process=process, text=text.strip(),
            requested_by=(requested_by or "").strip(), effective_on=effective_on,
            recorded_by=by, on_behalf_of=on_behalf_of)
    except IntegrityError as exc:  # pragma: no cover - the lock above makes this a race only
        raise ValidationError("Someone set other advice at the same moment: open the advice "
                              "page again to see it, then try again.") from exc
    if in_force is not None:
        in_force.replaced_by = advice
        in_force.save(update_fields=["replaced_by"])
    NoContact.objects.bulk_create([NoContact(advice=advice, identity=p) for p in people])
    TopicRestriction.objects.bulk_create([TopicRestriction(advice=advice, topic=t)
                                          for t in chosen_topics])
    for spec in chronology_restrictions:
        restriction = ChronologyRestriction.objects.create(
            advice=advice, review=review, date_from=spec["date_from"], date_to=spec["date_to"],
            agency=spec.get("agency"),
            lead_reviewers_see=spec.get("lead_reviewers_see", True),
            business_manager_sees=spec.get("business_manager_sees", True))
        restriction.agencies_see.set(spec.get("agencies_see") or [])
    carries = _carries(len(people), len(chosen_topics), len(chronology_restrictions))
    title = ("New advice to staff replaced the advice of " + _dates(in_force.effective_on)
             if in_force else "Advice to staff was set")
    record_step("advice.replaced" if in_force else "advice.set", review=review, by=by,
                on_behalf_of=on_behalf_of,
                # Counts only: the advice and the people it names are on its own page.
                summary=f"{title} ({carries})",
                step=Step(title=title, effective_on=effective_on,
                          detail=f"It carries {carries}. Everyone on the review was asked to "
                                 "read and acknowledge it."),
                data={"advice": advice.pk, "replaced": in_force.pk if in_force else None,
                      "no_contact": [p.pk for p in people], "topics": len(chosen_topics),
                      "chronology_ranges": len(chronology_restrictions)})
    notices.tell_everyone(advice, by=by, replaced=in_force)
    return advice


def _carries(people: int, topics: int, ranges: int) -> str:
    parts = [f"no contact with {people} {'person' if people == 1 else 'people'}" if people else "",
             f"{topics} topic{'s' if topics != 1 else ''} not to be discussed" if topics else "",
             f"{ranges} range{'s' if ranges != 1 else ''} of chronology entries restricted"
             if ranges else ""]
    return "; ".join(p for p in parts if p) or "no restrictions"


@transaction.atomic
def lift_advice(advice: Advice, *, by: User, lifted_on: date, reason: str,
                on_behalf_of: User | None = None) -> Advice:
    """End the advice in force, and every restriction it carries; it stays in the history."""
    review = advice.review
    _check_manager(review, by)
    in_force = _locked_in_force(review)
    errors: dict[str, Any] = {}
    if in_force is None or in_force.pk != advice.pk:
        raise ValidationError("This advice is no longer in force: it was already lifted or "
                              "replaced. The advice page shows the advice in force now.")
    if not (reason or "").strip():
        errors["reason"] = "Say why the advice is lifted: everyone on the review is told."
    if lifted_on is None:
        errors["lifted_on"] = "Enter the date the advice was lifted."
    else:
        try:
            check_effective_date(lifted_on, not_before=advice.effective_on,
                                 what="The date the advice was lifted",
                                 since="when the advice was given", field="lifted_on")
        except ValidationError as exc:
            exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    on_behalf_of = _on_behalf_of(by, on_behalf_of)
    in_force.ended, in_force.ended_on, in_force.ended_at = (Advice.Ended.LIFTED, lifted_on,
                                                            timezone.now())
    in_force.ended_by, in_force.ended_on_behalf_of = by, on_behalf_of
    in_force.end_reason = reason.strip()
    in_force.save(update_fields=["ended", "ended_on", "ended_at", "ended_by",
                                 "ended_on_behalf_of", "end_reason"])
    title = f"The advice to staff of {_dates(in_force.effective_on)} was lifted"
    record_step("advice.lifted", review=review, by=by, on_behalf_of=on_behalf_of,
                summary=title, step=Step(title=title, effective_on=lifted_on,
                                         detail="Its restrictions no longer apply."),
                data={"advice": in_force.pk})
    notices.tell_everyone_lifted(in_force, by=by)
    return in_force


def restriction_words(restriction: Restriction) -> str:
    """What a restriction is, without a name (for the trail and the timeline)."""
    if isinstance(restriction, NoContact):
        return "no contact with a named person"
    if isinstance(restriction, TopicRestriction):
        return "a topic not to be discussed"
    return (f"chronology entries dated {_dates(restriction.date_from)} to "
            f"{_dates(restriction.date_to)} restricted")


@transaction.atomic
def lift_restriction(restriction: Restriction, *, by: User, lifted_on: date,
                     on_behalf_of: User | None = None) -> Restriction:
    """Lift one restriction; the advice and its other restrictions stay in force."""
    advice = restriction.advice
    review = advice.review
    _check_manager(review, by)
    _locked_in_force(review)
    restriction = type(restriction).objects.select_for_update().get(pk=restriction.pk)
    if not restriction.in_force:
        raise ValidationError("This restriction is no longer in force: it, or its advice, was "
                              "already lifted or replaced.")
    if lifted_on is None:
        raise ValidationError({"lifted_on": "Enter the date the restriction was lifted."})
    check_effective_date(lifted_on, not_before=advice.effective_on,
                         what="The date the restriction was lifted",
                         since="when the advice was given", field="lifted_on")
    restriction.lifted_on, restriction.lifted_at, restriction.lifted_by = (
        lifted_on, timezone.now(), by)
    restriction.save(update_fields=["lifted_on", "lifted_at", "lifted_by"])
    words = restriction_words(restriction)
    title = f"One restriction of the advice to staff was lifted: {words}"
    subject = restriction.identity if isinstance(restriction, NoContact) else None
    record_step("advice.restriction_lifted", review=review, by=by,
                on_behalf_of=_on_behalf_of(by, on_behalf_of), summary=title,
                step=Step(title=title, effective_on=lifted_on, subject=subject),
                data={"advice": advice.pk, "restriction": restriction.pk,
                      "kind": type(restriction).__name__})
    return restriction


@transaction.atomic
def acknowledge(advice: Advice, *, person: User) -> Acknowledgement:
    """The person, on the review's team, has read the advice in force. Once is enough."""
    review = advice.review
    if not access.can(person, review, Permission.ACKNOWLEDGE_ADVICE):
        raise PermissionDenied("Only the people on the review's team acknowledge its advice.")
    advice = Advice.objects.select_for_update().get(pk=advice.pk)
    if not advice.in_force:
        raise ValidationError("This advice is no longer in force: read the advice in force now "
                              "on the review's page.")
    existing = Acknowledgement.objects.filter(advice=advice, person=person).first()
    if existing is not None:
        return existing
    acknowledgement = Acknowledgement.objects.create(advice=advice, person=person)
    # Not on the timeline (one row per person would bury it); the advice page lists them.
    record("advice.acknowledged", actor=person, review=review,
           summary="Acknowledged the advice to staff", data={"advice": advice.pk})
    return acknowledgement
