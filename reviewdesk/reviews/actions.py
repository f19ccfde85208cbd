"""Every change to a review goes through a function here: one transaction, a timeline entry where
the review's history should show it, and an audit event.

``by`` is the signed-in person typing; ``on_behalf_of`` the named person whose decision or action
it is (a partner's delegate, the business support officer typing), when they differ.
"""

import re
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from reviewdesk.accounts.models import Agency, Partnership, User
from reviewdesk.audit.services import record
from reviewdesk.reviews import clocks
from reviewdesk.reviews.history import Step, record_step
from reviewdesk.reviews.models import (
    Clock,
    ClockKind,
    ClockRule,
    IdentityEntry,
    Incident,
    IncidentChild,
    Review,
    ReviewMembership,
    ReviewRole,
    Task,
    TimelineEntry,
)
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.register_file import ImportPlan, plan_import
from reviewdesk.reviews.role_words import role_word
from reviewdesk.versioning import UNCHECKED, claim

MAX_CHILDREN = 4


def check_effective_date(effective_on: date, *, not_before: date | None = None,
                         what: str = "The date", since: str = "when the previous step took effect",
                         field: str | None = None) -> None:
    """Refuse a date in the future, or before ``not_before`` (``since`` says what that was).

    With ``field`` the refusal is attached to that form field."""
    message = ""
    if effective_on > timezone.localdate():
        message = f"{what} cannot be in the future: enter today's date or an earlier one."
    elif not_before and effective_on < not_before:
        message = f"{what} cannot be before {not_before:%-d %B %Y}, {since}."
    if message:
        raise ValidationError({field: message} if field else message)


def _next_reference(partnership: Partnership, year: int) -> str:
    prefix = f"{partnership.code}-{year}-"
    taken = Review.objects.filter(partnership=partnership, reference__startswith=prefix)
    numbers = [int(ref.rsplit("-", 1)[1]) for ref in taken.values_list("reference", flat=True)
               if ref.rsplit("-", 1)[1].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


def _next_pseudonym(review: Review, stem: str, also_taken: set[str] | frozenset[str] = frozenset()
                    ) -> str:
    """'Child A', 'Child B'… or 'Health Visitor 1', 'Health Visitor 2'…

    ``also_taken`` holds pseudonyms chosen but not saved yet (in any case)."""
    taken = {p.casefold() for p in review.identities.values_list("pseudonym", flat=True)}
    taken |= {p.casefold() for p in also_taken}
    if stem == "Child":
        for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
            if f"child {letter}".casefold() not in taken:
                return f"Child {letter}"
    n = 1
    while f"{stem} {n}".casefold() in taken:
        n += 1
    return f"{stem} {n}"


def default_child_pseudonyms(review: Review | None, count: int = MAX_CHILDREN) -> list[str]:
    """The pseudonyms intake offers for the next ``count`` children: Child A, Child B… on a new
    review; the next free letters on a review that already has children."""
    if review is None:
        return [f"Child {letter}" for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[:count]]
    chosen: list[str] = []
    for _n in range(count):
        chosen.append(_next_pseudonym(review, "Child", set(chosen)))
    return chosen


PERSON_KINDS = {IdentityEntry.Kind.CHILD, IdentityEntry.Kind.FAMILY, IdentityEntry.Kind.OTHER_PERSON,
                IdentityEntry.Kind.PROFESSIONAL}
# What intake records about each child, beyond the name and date of birth.
CHILD_DETAILS = ["sex", "legal_status", "first_language", "interpreter_needed"]


@transaction.atomic
def record_incident(
    partnership: Partnership,
    *,
    by: User,
    children: list[dict[str, Any]],
    what_happened: str,
    abuse_or_neglect: str,
    incident_date: date,
    la_aware_on: date,
    summary: str,
    agencies: list[Agency],
    police_investigation: bool = False,
    inquest: bool = False,
    on_behalf_of: User | None = None,
) -> Review:
    """Open a review's case file from a serious incident notification and start its clocks.

    Each child is a dict: ``name`` (required), ``date_of_birth``, ``looked_after``,
    ``pseudonym`` (empty for the next free 'Child A', 'Child B'…), ``sex``, ``legal_status``,
    ``first_language`` and ``interpreter_needed``. The first child is the review's subject.
    """
    _check_incident(None, children, incident_date, la_aware_on)
    # Lock the partnership row so two intakes can never take the same reference.
    Partnership.objects.select_for_update().get(pk=partnership.pk)
    review = None
    for _attempt in range(3):
        try:
            with transaction.atomic():
                review = Review.objects.create(
                    partnership=partnership,
                    reference=_next_reference(partnership, la_aware_on.year),
                    stage_since=la_aware_on,
                    created_by=by,
                )
            break
        except IntegrityError:
            continue
    if review is None:
        raise ValidationError("Could not give the review a reference: please try again.")
    incident, entries = _create_incident(
        review, by=by, children=children, what_happened=what_happened,
        abuse_or_neglect=abuse_or_neglect, incident_date=incident_date, la_aware_on=la_aware_on,
        summary=summary, agencies=agencies, police_investigation=police_investigation,
        inquest=inquest)
    review.subject_child = entries[0]
    review.save(update_fields=["subject_child"])
    clocks.start_clock(review, ClockKind.PANEL_NOTIFICATION, la_aware_on, incident)
    clocks.start_clock(review, ClockKind.RAPID_REVIEW, la_aware_on, incident)
    record_step("review.incident_recorded", review=review, by=by, on_behalf_of=on_behalf_of,
                step=Step("Serious incident notification recorded", la_aware_on,
                          kind=TimelineEntry.Kind.INCIDENT_RECORDED,
                          detail=f"The local authority became aware on {la_aware_on:%-d %B %Y}."),
                summary=f"Recorded a serious incident and opened {review.reference}",
                data={"incident": incident.pk, "children": len(children)})
    return review


def _check_incident(review: Review | None, children: list[dict[str, Any]], incident_date: date,
                    la_aware_on: date) -> None:
    if not children:
        raise ValidationError("Enter at least one child.")
    if len(children) > MAX_CHILDREN:
        raise ValidationError(f"An incident can name at most {MAX_CHILDREN} children.")
    if la_aware_on < incident_date:
        raise ValidationError("The date the local authority became aware cannot be before the "
                              "incident date.")
    check_effective_date(la_aware_on, what="The date the local authority became aware")
    check_effective_date(incident_date, what="The incident date")
    errors = pseudonym_problems(review, children)
    errors.update(child_detail_problems(children))
    if errors:
        raise ValidationError(errors)


def pseudonym_problems(review: Review | None, children: list[dict[str, Any]]) -> dict[str, str]:
    """Each chosen pseudonym (an empty one takes the next free 'Child A'…): unique within the
    review in any capitals, and never a real name, nor holding a word of one (a pseudonym 'Sam'
    for Sam Ridley would name him). Keyed ``child_N_pseudonym`` for the intake form."""
    errors: dict[str, str] = {}
    existing = list(review.identities.values_list("pseudonym", "real_name", "kind")) if review \
        else []
    taken = {p.casefold() for p, _name, _kind in existing}
    names = [n for _p, n, kind in existing if kind in PERSON_KINDS] + [
        c.get("name", "") for c in children]
    # 'Child' is the pseudonyms' own word, even for a family whose surname it is.
    name_words = {w.casefold() for n in names for w in re.findall(r"[^\W\d_]{2,}", n)} - {
        "child"}
    seen: set[str] = set()
    for index, child in enumerate(children, start=1):
        n = child.get("slot") or index  # the intake form's slot, when a slot was left empty
        pseudonym = child.get("pseudonym")
        if pseudonym is None:
            continue
        field, text = f"child_{n}_pseudonym", " ".join(str(pseudonym).split())
        if not text:
            continue  # the next free 'Child A', 'Child B'…
        words = {w.casefold() for w in re.findall(r"[^\W\d_]{2,}", text)}
        if len(text) > 100:
            errors[field] = "The pseudonym must be 100 characters or fewer, such as Child K."
        elif any(text.casefold() == " ".join(name.split()).casefold() for name in names):
            errors[field] = (f"'{text}' is a real name in this case: choose a pseudonym such as "
                             "Child K.")
        elif words & name_words:
            errors[field] = (f"The pseudonym '{text}' contains part of a real name in this case: "
                             "choose one that names nobody, such as Child K.")
        elif text.casefold() in taken:
            errors[field] = (f"'{text}' is already used on this review: choose a different "
                             "pseudonym.")
        elif text.casefold() in seen:
            errors[field] = (f"Two children cannot both be '{text}': choose a different "
                             "pseudonym for each.")
        seen.add(text.casefold())
    return errors


def child_detail_problems(children: list[dict[str, Any]]) -> dict[str, str]:
    """The structured details, each optional: a value must be one of the choices, and a child
    whose legal status is 'looked after' is a looked-after child."""
    errors: dict[str, str] = {}
    for index, child in enumerate(children, start=1):
        n = child.get("slot") or index
        sex, status = child.get("sex") or "", child.get("legal_status") or ""
        if sex not in ["", *IncidentChild.Sex.values]:
            errors[f"child_{n}_sex"] = "Choose the child's sex from the list, or leave it empty."
        if status not in ["", *IncidentChild.LegalStatus.values]:
            errors[f"child_{n}_legal_status"] = ("Choose the child's legal status at the time "
                                                 "from the list, or leave it empty.")
        elif child.get("looked_after") and status not in (
                "", IncidentChild.LegalStatus.LOOKED_AFTER):
            label = IncidentChild.LegalStatus(status).label.lower()
            errors[f"child_{n}_legal_status"] = (
                f"Child {n} is recorded as a looked-after child, but their legal status as "
                f"'{label}': choose 'looked after', or untick looked-after.")
        if len(child.get("first_language") or "") > 100:
            errors[f"child_{n}_first_language"] = "The first language must be 100 characters or " \
                                                  "fewer."
    return errors


def _create_incident(review: Review, *, by: User, children: list[dict[str, Any]],
                     what_happened: str, abuse_or_neglect: str, incident_date: date,
                     la_aware_on: date, summary: str, agencies: list[Agency],
                     police_investigation: bool = False, inquest: bool = False,
                     ) -> tuple[Incident, list[IdentityEntry]]:
    """The incident and its children; the children's names go into the identity register."""
    incident = Incident.objects.create(
        review=review, what_happened=what_happened, abuse_or_neglect=abuse_or_neglect,
        incident_date=incident_date, la_aware_on=la_aware_on, summary=summary, recorded_by=by,
        police_investigation=police_investigation, inquest=inquest,
    )
    incident.agencies.set(agencies)
    position = IncidentChild.objects.filter(incident__review=review).count()
    chosen = {" ".join(str(c.get("pseudonym") or "").split()) for c in children} - {""}
    entries = []
    for child in children:
        position += 1
        pseudonym = " ".join(str(child.get("pseudonym") or "").split()) or _next_pseudonym(
            review, "Child", chosen)
        entry = IdentityEntry.objects.create(
            review=review, kind=IdentityEntry.Kind.CHILD, real_name=child["name"],
            pseudonym=pseudonym, date_of_birth=child.get("date_of_birth"),
            role_title="Subject child",
        )
        details = {k: child.get(k) or "" for k in CHILD_DETAILS if k != "interpreter_needed"}
        looked_after = bool(child.get("looked_after")) or (
            details["legal_status"] == IncidentChild.LegalStatus.LOOKED_AFTER)
        IncidentChild.objects.create(incident=incident, identity=entry, looked_after=looked_after,
                                     position=position, first_language=details["first_language"]
                                     .strip(), sex=details["sex"],
                                     legal_status=details["legal_status"],
                                     interpreter_needed=child.get("interpreter_needed"))
        entries.append(entry)
    return incident, entries


@transaction.atomic
def add_case(review: Review, *, by: User, children: list[dict[str, Any]], what_happened: str,
             abuse_or_neglect: str, incident_date: date, la_aware_on: date, summary: str,
             agencies: list[Agency], police_investigation: bool = False, inquest: bool = False,
             on_behalf_of: User | None = None) -> Incident:
    """Another case for a review that draws on several (a learning review often does).

    No clocks start: the case's own notification and rapid review were handled when it happened.
    The review's subject child stays the first case's.
    """
    _check_incident(review, children, incident_date, la_aware_on)
    if not review.is_open:
        raise ValidationError("This review is closed: cases cannot be added to it.")
    incident, _entries = _create_incident(
        review, by=by, children=children, what_happened=what_happened,
        abuse_or_neglect=abuse_or_neglect, incident_date=incident_date, la_aware_on=la_aware_on,
        summary=summary, agencies=agencies, police_investigation=police_investigation,
        inquest=inquest)
    record_step("review.case_added", review=review, by=by, on_behalf_of=on_behalf_of,
                step=Step("Another case added to the review", timezone.localdate(),
                          kind=TimelineEntry.Kind.INCIDENT_RECORDED,
                          detail=f"The incident happened on {incident_date:%-d %B %Y}."),
                summary="Added another case to the review",
                data={"incident": incident.pk, "children": len(children)})
    return incident


# What a subgroup member declares on joining a review (the guide: the review's subgroup
# representatives have had no direct contact or decision-making responsibility with the child or
# family), as the lead reviewer declares conflicts of interest on appointment.
NO_CONTACT_STATEMENT = ("I have had no direct contact with, or decision-making responsibility "
                        "for, the child or family.")
NO_CONTACT_REFUSED = (
    "A subgroup member on a review must have had no direct contact with, or decision-making "
    "responsibility for, the child or family. This person cannot declare that, so they cannot be "
    "added as a subgroup member: ask their agency for another representative.")


@transaction.atomic
def add_member(
    review: Review, person: User, role: str, *, by: User, started_on: date,
    agency: Agency | None = None, role_title: str = "", no_contact: bool | None = None,
    no_contact_note: str = "",
) -> ReviewMembership:
    """Give a person a role on a review. Staff on the team get an entry in the identity register,
    so everyone without staff-identity access sees their role label instead of their name.

    A subgroup member declares no contact with the child or family (``no_contact`` True: the
    person declares ``NO_CONTACT_STATEMENT``, ``by`` records it for them, with anything they add
    in ``no_contact_note``); one who cannot (False) is not added, nor one whose declaration is
    missing (None). Other roles declare nothing."""
    check_effective_date(started_on, what="The start date")
    if not person.is_active:
        raise ValidationError("This person's access has been deactivated: reactivate them first.")
    history = ReviewMembership.objects.filter(review=review, person=person)
    roles = set(history.filter(ended_at__isnull=True).values_list("role", flat=True))
    if role in roles:
        raise ValidationError("This person already has that role on this review.")
    # Direct contact with the family does not end when a practitioner leaves the team.
    was_practitioner = history.filter(role=ReviewRole.PRACTITIONER).exists()
    if (role == ReviewRole.PRACTITIONER and ReviewRole.SUBGROUP_MEMBER in roles) or (
            role == ReviewRole.SUBGROUP_MEMBER and was_practitioner):
        raise ValidationError(
            "No one may be both a practitioner and a subgroup member on the same review: subgroup "
            "members must have had no direct contact with the child or family."
        )
    if role == ReviewRole.SUBGROUP_MEMBER:
        if no_contact is None:
            raise ValidationError({"no_contact": "Say whether they declare they have had no "
                                                 "direct contact with, or decision-making "
                                                 "responsibility for, the child or family."})
        if not no_contact:
            raise ValidationError({"no_contact": NO_CONTACT_REFUSED})
    identity = None
    if role in {ReviewRole.PRACTITIONER, ReviewRole.AGENCY_AUTHOR, ReviewRole.LEAD_REVIEWER}:
        identity = review.identities.filter(person=person).first()
        if identity is None:
            title = role_title or person.job_title or ReviewRole(role).label
            stem = role_word(title)
            identity = IdentityEntry.objects.create(
                review=review, kind=IdentityEntry.Kind.PROFESSIONAL, real_name=person.display_name,
                pseudonym=_next_pseudonym(review, stem or "Practitioner"), role_title=title,
                agency=agency or person.agency, person=person,
                # The lead reviewer is named in published reports.
                is_public=role == ReviewRole.LEAD_REVIEWER,
            )
        elif role == ReviewRole.LEAD_REVIEWER and not identity.is_public:
            identity.is_public = True
            identity.save(update_fields=["is_public", "updated_at"])
    declares = role == ReviewRole.SUBGROUP_MEMBER
    declaration = "\n\n".join(filter(None, [NO_CONTACT_STATEMENT, no_contact_note.strip()]))
    membership = ReviewMembership.objects.create(
        review=review, person=person, role=role, agency=agency or person.agency, identity=identity,
        started_on=started_on, added_by=by,
        no_contact_declared_at=timezone.now() if declares else None,
        no_contact_declaration=declaration if declares else "",
    )
    record_step("review.member_added", review=review, by=by,
                step=Step(f"{ReviewRole(role).label} added to the review", started_on,
                          kind=TimelineEntry.Kind.MEMBER_ADDED, subject=identity,
                          detail="They declared no direct contact with, or decision-making "
                                 "responsibility for, the child or family." if declares else ""),
                summary=f"Added a {ReviewRole(role).label.lower()} to the review",
                data={"person": person.pk, "role": role, "membership": membership.pk,
                      # The declaration is the member's own; ``by`` recorded it for them.
                      **({"no_contact_declared_by": person.pk} if declares else {})})
    return membership


@transaction.atomic
def remove_member(membership: ReviewMembership, *, by: User, ended_on: date, reason: str) -> ReviewMembership:
    if membership.ended_at is not None:
        raise ValidationError("This person has already left the review.")
    check_effective_date(ended_on, not_before=membership.started_on, what="The end date")
    membership.ended_on = ended_on
    membership.ended_at = timezone.now()
    membership.ended_by = by
    membership.end_reason = reason
    membership.save()
    review = membership.review
    record_step("review.member_removed", review=review, by=by,
                step=Step(f"{membership.get_role_display()} removed from the review", ended_on,
                          kind=TimelineEntry.Kind.MEMBER_REMOVED, subject=membership.identity,
                          detail=reason),
                summary=f"Removed a {membership.get_role_display().lower()} from the review",
                data={"person": membership.person_id, "role": membership.role,
                      "membership": membership.pk})
    return membership


SHARED_PSEUDONYM_MESSAGE = (
    "Another entry on this review already uses this pseudonym: choose a different one. Only "
    "identifiers and addresses may share a placeholder such as [phone number]; a person or an "
    "organisation needs a pseudonym of their own.")

REGISTER_FIELDS = ["kind", "real_name", "pseudonym", "aliases", "date_of_birth", "role_title",
                   "identifier_type", "agency", "belongs_to", "is_public"]


@transaction.atomic
def save_identity(review: Review, *, by: User, entry: IdentityEntry | None = None,
                  version: int | None = UNCHECKED,
                  **values: Any) -> IdentityEntry:
    """Add an entry to the identity register, or change one: from the ``version`` its edit page
    showed, or refused (``StaleEdit``, decision 0023)."""
    creating = entry is None
    if creating:
        entry = IdentityEntry(review=review)
    else:
        claim(entry, version, thing="this register entry", by=by, name_of=Names(review, by).user)
    # Compare with the row as stored: a ModelForm has already copied its values onto ``entry``.
    stored = entry if creating else IdentityEntry.objects.get(pk=entry.pk)
    changed = [f for f in REGISTER_FIELDS if f in values and getattr(stored, f) != values[f]]
    for name in REGISTER_FIELDS:
        if name in values:
            setattr(entry, name, values[name])
    same = review.identities.filter(pseudonym__iexact=entry.pseudonym).exclude(pk=entry.pk)
    if entry.may_share_pseudonym:
        same = same.exclude(kind__in=IdentityEntry.SHARED_PLACEHOLDER_KINDS)
    if same.exists():
        raise ValidationError({"pseudonym": SHARED_PSEUDONYM_MESSAGE})
    entry.save()
    record_step("register.entry_added" if creating else "register.entry_changed", review=review, by=by,
                step=Step("Identity register entry added" if creating else "Identity register entry changed",
                          timezone.localdate(), kind=TimelineEntry.Kind.REGISTER_CHANGED, subject=entry),
                summary="Added an identity register entry" if creating
                        else "Changed an identity register entry",
                data={"entry": entry.pk, "fields": changed})
    return entry


def import_register(review: Review, entries: list[dict], *, by: User) -> ImportPlan:
    """Bring a register file's entries (from ``register_file.parse_register``) into the review's
    register: all of them or, if any is refused, none.

    Entries are matched by pseudonym: a match is updated, the rest are added, nothing is deleted
    (the rules are in ``register_file``). One timeline entry and one audit event record the
    counts; neither names anyone.
    """
    try:
        with transaction.atomic():
            plan = plan_import(review, entries)
            for planned in plan.added:
                planned.existing = IdentityEntry.objects.create(review=review, **planned.values)
            for planned in plan.changed:
                entry = planned.existing
                for name, value in planned.values.items():
                    setattr(entry, name, value)
                # An edit page opened before the import is refused, not applied over it.
                entry.version = F("version") + 1
                entry.changed_by, entry.changed_at = by, timezone.now()
                entry.save()
            record_step("register.imported", review=review, by=by,
                        step=Step("Identity register imported from a file", timezone.localdate(),
                                  kind=TimelineEntry.Kind.REGISTER_CHANGED,
                                  detail=f"{plan.summary.capitalize()}."),
                        summary=f"Imported an identity register file: {plan.summary}",
                        data={**plan.counts, "entries_added": [p.existing.pk for p in plan.added],
                              "entries_changed": [p.existing.pk for p in plan.changed]})
    except IntegrityError as exc:
        # Only a change made by someone else since the file was checked can get here.
        raise ValidationError("Someone changed the register while the file was being imported, "
                              "so nothing was imported. Check the file again.") from exc
    return plan


@transaction.atomic
def mark_clock_met(clock: Clock, *, by: User, met_on: date, on_behalf_of: User | None = None,
                   note: str = "",
                   version: int | None = UNCHECKED) -> Clock:
    """Mark a deadline as met, from the ``version`` its page showed, else refused
    (``StaleEdit``, decision 0023). ``note``: when ``met_on`` is not the day it was met but the
    day it was met by (a step done before Review Desk that an import gave no date for); shown
    with the clock, never "late"."""
    claim(clock, version, thing="this deadline", by=by, name_of=Names(clock.review, by).user)
    if clock.met_on:
        raise ValidationError("This deadline is already marked as met.")
    check_effective_date(met_on, not_before=clock.started_on, what="The date it was met")
    clock.met_on, clock.met_note = met_on, note.strip()
    clock.save(update_fields=["met_on", "met_note"])
    record_step("clock.met", review=clock.review, by=by, on_behalf_of=on_behalf_of,
                step=Step(f"{clock.get_kind_display()}: met", met_on, kind=TimelineEntry.Kind.CLOCK_MET,
                          detail=clock.met_note),
                summary=f"Marked '{clock.get_kind_display()}' as met",
                data={"clock": clock.pk, "met_on": met_on.isoformat(),
                      "before_review_desk": bool(clock.met_note)})
    return clock


@transaction.atomic
def delay_clock(clock: Clock, *, by: User, revised_due_on: date, reason: str, detail: str,
                interim_learning: str, effective_on: date,
                version: int | None = UNCHECKED) -> Clock:
    """Mark a deadline as delayed: why, the revised date, and the learning captured meanwhile;
    from the ``version`` its page showed, else refused (``StaleEdit``, decision 0023)."""
    claim(clock, version, thing="this deadline", by=by, name_of=Names(clock.review, by).user)
    if clock.met_on:
        raise ValidationError("This deadline has been met: it cannot be delayed.")
    check_effective_date(effective_on, what="The date of the decision to delay")
    if revised_due_on <= clock.due_on:
        raise ValidationError({"revised_due_on": "The revised date must be after the original due "
                               f"date, {clock.due_on:%-d %B %Y}."})
    clock.revised_due_on = revised_due_on
    clock.delay_reason = reason
    clock.delay_detail = detail
    clock.interim_learning = interim_learning
    clock.save()
    record_step("clock.delayed", review=clock.review, by=by,
                step=Step(f"{clock.get_kind_display()}: delayed to {revised_due_on:%-d %B %Y}",
                          effective_on, kind=TimelineEntry.Kind.CLOCK_DELAYED,
                          detail=f"{clock.get_delay_reason_display()}. {detail}".strip()),
                summary=f"Marked '{clock.get_kind_display()}' as delayed",
                data={"clock": clock.pk, "revised_due_on": revised_due_on.isoformat(),
                      "reason": reason})
    return clock


@transaction.atomic
@transaction.atomic
def change_clock_rule(partnership_id: int, kind: str, *, by: User, length: int) -> ClockRule:
    """The partnership changes how long one of its own deadlines runs (never a statutory one).
    Clocks already running keep their due dates; those started after the change use it."""
    if kind not in clocks.PARTNERSHIP_SET:
        raise ValidationError("This deadline is statutory: its length cannot be changed.")
    if not 1 <= length <= clocks.MAX_WORKING_DAYS:
        raise ValidationError({"length": f"Enter a number of working days from 1 to "
                                         f"{clocks.MAX_WORKING_DAYS}."})
    rule = clocks.rule_for(partnership_id, kind)
    rule = ClockRule.objects.select_for_update().get(pk=rule.pk)
    before = rule.length
    rule.length = length
    rule.save(update_fields=["length"])
    record("clock.rule_changed", actor=by, partnership_id=partnership_id,
           summary=f"{rule.get_kind_display()}: {before} to {length} working days",
           data={"kind": kind, "before": before, "after": length})
    return rule


def add_task(review: Review, *, by: User, title: str, due_on: date, owner: User | None = None,
             owner_label: str = "", key: str = "", position: int = 0) -> Task:
    task = Task.objects.create(review=review, title=title, due_on=due_on, owner=owner,
                               owner_label=owner_label, key=key, position=position)
    # Task titles are free text and may name people: audit summaries never hold names.
    record("task.added", actor=by, review=review, summary="Added a task",
           data={"task": task.pk, "due_on": due_on.isoformat()})
    return task


@transaction.atomic
def change_task(task: Task, *, by: User, due_on: date, owner: User | None,
                version: int | None = UNCHECKED) -> Task:
    """Change a task's due date or owner, from the ``version`` its page showed, else refused
    (``StaleEdit``, decision 0023)."""
    claim(task, version, thing="this task", by=by, name_of=Names(task.review, by).user)
    if task.done_on:
        raise ValidationError("This task is done: it cannot be changed.")
    old = {"due_on": task.due_on.isoformat(), "owner": task.owner_id}
    task.due_on, task.owner = due_on, owner
    task.save(update_fields=["due_on", "owner"])
    record("task.changed", actor=by, review=task.review, summary="Changed a task",
           data={"task": task.pk, "was": old, "due_on": due_on.isoformat(), "owner": task.owner_id})
    return task


@transaction.atomic
def complete_task(task: Task, *, by: User, done_on: date, on_behalf_of: User | None = None,
                  note: str = "") -> Task:
    """``note``: for the timeline, e.g. a step done before Review Desk (an import)."""
    if task.done_on:
        raise ValidationError("This task is already done.")
    check_effective_date(done_on, what="The date it was done")
    task.done_on, task.done_by = done_on, by
    task.save(update_fields=["done_on", "done_by"])
    record_step("task.done", review=task.review, by=by, on_behalf_of=on_behalf_of,
                step=Step(f"Done: {task.title}", done_on, kind=TimelineEntry.Kind.TASK_DONE,
                          detail=note.strip()),
                summary="Marked a task done",
                data={"task": task.pk, "done_on": done_on.isoformat()})
    return task
