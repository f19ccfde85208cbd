"""Every change to the practitioners on a review: one function each, in one transaction with its
audit event.

* A practitioner is added through the review's own ``add_member``: a practitioner membership and
  an entry in the identity register (staff tier) with the role label the report will use, made
  from their job ("Health Visitor 1"). Their sign-in is the one their e-mail already has, or a new
  one with an invitation (``accounts.actions.invite_person``).
* Their manager, where known, is a sign-in too (found or invited the same way), with a manager
  membership of the review and an entry in the register ("Line Manager 1"), so their name is as
  protected as their staff's.
* A list (pasted or a CSV file) is checked in full first: every problem is reported with its row
  and nothing is saved unless every row is right (``plan_practitioners``, ``add_practitioners``).
* Removing a practitioner ends their membership with the date and reason; the record is kept. A
  manager who no longer manages anyone on the review leaves it too.

Every date is the day it happened: today or earlier. Audit events carry ids, never names; the
timeline names people only through the register (its subject).
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from reviewdesk.accounts.actions import invite_person
from reviewdesk.accounts.models import Agency, User
from reviewdesk.audit import context as audit_context
from reviewdesk.audit.services import record
from reviewdesk.reviews.actions import _next_pseudonym, add_member, check_effective_date, remove_member
from reviewdesk.reviews.history import Step, record_step
from reviewdesk.reviews.models import IdentityEntry, Review, ReviewMembership, ReviewRole, TimelineEntry
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.role_words import role_word
from reviewdesk.staff.models import Practitioner
from reviewdesk.staff.practitioner_file import Row
from reviewdesk.versioning import UNCHECKED, claim

MANAGER_STEM = "Line Manager"
CLOSED = "This review is closed: no one can be added to it or changed on it now."


def _on_behalf_of(given: User | None = None) -> User | None:
    if given is not None:
        return given
    context = audit_context.current()
    return context.on_behalf_of if context is not None else None


def _user_by_email(email: str) -> User | None:
    return User.objects.filter(email__iexact=email).first() if email else None


def find_agency(review: Review, typed: str) -> Agency | None:
    """The partnership's active agency with this name or short name (capitals ignored)."""
    typed = " ".join(typed.split())
    if not typed:
        return None
    return Agency.objects.filter(
        Q(name__iexact=typed) | Q(short_name__iexact=typed),
        partnership_id=review.partnership_id, is_active=True).order_by("pk").first()


def _email_problem(email: str, what: str) -> str:
    try:
        validate_email(email)
    except ValidationError:
        return f"{what} '{email}' is not an e-mail address: check it for typing mistakes."
    return ""


@dataclass
class Planned:
    """One practitioner to add, checked: the agency found, the sign-ins that will be used (None:
    a new one is invited), the role label they will get."""

    row: Row
    agency: Agency | None = None
    person: User | None = None
    manager: User | None = None
    # Their existing practitioner membership (added from the team page) to take into the list.
    membership: ReviewMembership | None = None
    label: str = ""
    problems: dict[str, str] = field(default_factory=dict)


@dataclass
class Plan:
    rows: list[Planned]

    @property
    def problems(self) -> list[str]:
        return [f"Row {p.row.line}: {message}" for p in self.rows for message in p.problems.values()]

    @property
    def new_sign_ins(self) -> int:
        emails = {p.row.email for p in self.rows if p.person is None}
        emails |= {p.row.manager_email for p in self.rows if p.row.manager_email and p.manager is None}
        return len(emails)


def _check(review: Review, row: Row, taken: set[str]) -> Planned:
    """One row against the review and the partnership: what is wrong, field by field."""
    planned = Planned(row)
    problems = planned.problems
    if not row.name:
        problems["name"] = "Enter the practitioner's full name."
    if not row.email:
        problems["email"] = "Enter the practitioner's work e-mail address: their sign-in uses it."
    elif problem := _email_problem(row.email, "The e-mail"):
        problems["email"] = problem
    if not row.agency:
        problems["agency"] = "Enter the practitioner's agency, by its name or short name."
    else:
        planned.agency = find_agency(review, row.agency)
        if planned.agency is None:
            problems["agency"] = (f"There is no active agency called '{row.agency}' in your "
                                  "partnership: use an agency's name or short name as it is on "
                                  "the agencies page, or ask the business manager to add it.")
    if not row.job:
        problems["job_title"] = ("Enter the practitioner's job, for example Health Visitor: it gives "
                           "the role label the report will use.")
    elif len(row.job) > 200:
        problems["job_title"] = "The job is too long: shorten it to 200 characters or fewer."
    if len(row.name) > 200:
        problems["name"] = "The name is too long: shorten it to 200 characters or fewer."
    if row.manager_email:
        if problem := _email_problem(row.manager_email, "The manager's e-mail"):
            problems["manager_email"] = problem
        elif row.manager_email == row.email:
            problems["manager_email"] = ("The manager's e-mail is the practitioner's own: enter "
                                         "their manager's, or leave it empty if not known.")
    if "email" not in problems and row.email:
        if row.email in taken:
            problems["email"] = (f"{row.email} is in the list twice: each practitioner once, "
                                 "please.")
        taken.add(row.email)
        person = _user_by_email(row.email)
        planned.person = person
        if person is not None:
            problems.update(_person_problems(review, person))
            if "email" not in problems:
                planned.membership = ReviewMembership.objects.filter(
                    review=review, person=person, role=ReviewRole.PRACTITIONER,
                    ended_at__isnull=True).first()
    if row.manager_email and "manager_email" not in problems:
        planned.manager = _user_by_email(row.manager_email)
        if planned.manager is not None and (problem := _manager_problem(
                review, planned.manager)):
            problems["manager_email"] = problem
    return planned


def _manager_problem(review: Review, manager: User) -> str:
    if not manager.is_active:
        return (f"The sign-in of {manager.email} is deactivated: ask the business manager to "
                "reactivate it first, or leave the manager out for now.")
    # The guide: the review's subgroup members had no decision-making responsibility for the
    # child or family, and a practitioner's line manager shared in the decisions about their work.
    if ReviewMembership.objects.filter(review=review, person=manager, ended_at__isnull=True,
                                       role=ReviewRole.SUBGROUP_MEMBER).exists():
        return (f"{manager.email} is a subgroup member on this review: subgroup members must "
                "have had no decision-making responsibility for the child or family, so they "
                "cannot be a practitioner's manager on it. Ask the business manager.")
    return ""


def _person_problems(review: Review, person: User) -> dict[str, str]:
    if not person.is_active:
        return {"email": f"The sign-in of {person.email} is deactivated: ask the business "
                         "manager to reactivate it first."}
    if Practitioner.objects.filter(review=review, person=person,
                                   membership__ended_at__isnull=True).exists():
        return {"email": f"{person.email} is already a practitioner on this review: change "
                         "their details in the list instead."}
    if ReviewMembership.objects.filter(review=review, person=person, ended_at__isnull=True,
                                       role=ReviewRole.SUBGROUP_MEMBER).exists():
        return {"email": f"{person.email} is a subgroup member on this review: subgroup members "
                         "must have had no direct contact with the child or family, so they "
                         "cannot be a practitioner on it too."}
    return {}


def plan_practitioners(review: Review, rows: list[Row]) -> Plan:
    """Every row checked, with the role label each will get, before anything is saved."""
    taken: set[str] = set()
    labels: set[str] = set()
    planned = []
    for row in rows:
        one = _check(review, row, taken)
        if one.membership is not None and one.membership.identity is not None:
            one.label = one.membership.identity.pseudonym
        elif one.person is not None and (found := review.identities.filter(
                person=one.person).first()) is not None:
            one.label = found.pseudonym
        elif row.job:
            one.label = _next_pseudonym(review, role_word(row.job) or "Practitioner", labels)
            labels.add(one.label)
        planned.append(one)
    return Plan(planned)


def _sign_in(review: Review, *, by: User, email: str, name: str, job: str,
             agency: Agency | None) -> tuple[User, bool]:
    """The sign-in this e-mail has, else a new one with an invitation (True: invited)."""
    found = _user_by_email(email)
    if found is not None:
        return found, False
    return invite_person(review.partnership, by=by, email=email, full_name=name, job_title=job,
                         agency=agency), True


def _manager_entry(review: Review, manager: User, agency: Agency | None, *, by: User,
                   on: date) -> IdentityEntry:
    """The manager's entry in the register (staff tier), so everyone without staff identities
    sees "Line Manager 1", and their name is taken out of free text like their staff's."""
    entry = review.identities.filter(person=manager).first()
    if entry is not None:
        return entry
    entry = IdentityEntry.objects.create(
        review=review, kind=IdentityEntry.Kind.PROFESSIONAL, real_name=manager.display_name,
        pseudonym=_next_pseudonym(review, MANAGER_STEM), role_title="Line manager",
        agency=agency or manager.agency, person=manager)
    record_step("register.entry_added", review=review, by=by,
                step=Step("Identity register entry added", on,
                          kind=TimelineEntry.Kind.REGISTER_CHANGED, subject=entry),
                summary="Added an identity register entry", data={"entry": entry.pk,
                                                                    "fields": ["manager"]})
    return entry


def _take_on_manager(review: Review, *, by: User, email: str, name: str,
                     agency: Agency | None, on: date) -> tuple[User, bool]:
    """The manager's sign-in (found or invited), register entry and manager membership."""
    manager, invited = _sign_in(review, by=by, email=email, name=name, job="", agency=agency)
    _manager_entry(review, manager, agency, by=by, on=on)
    if not ReviewMembership.objects.filter(review=review, person=manager, role=ReviewRole.MANAGER,
                                           ended_at__isnull=True).exists():
        add_member(review, manager, ReviewRole.MANAGER, by=by, started_on=on,
                   agency=agency if manager.agency_id is None else None)
    return manager, invited


def _release_manager(review: Review, manager: User | None, *, by: User, on: date) -> None:
    """A manager who no longer manages anyone on the review leaves it (their record stays)."""
    if manager is None or practitioners_managed(review, manager):
        return
    for membership in ReviewMembership.objects.filter(
            review=review, person=manager, role=ReviewRole.MANAGER, ended_at__isnull=True):
        remove_member(membership, by=by, ended_on=max(on, membership.started_on),
                      reason="No longer manages a practitioner on the review.")


def practitioners_managed(review: Review, manager: User) -> int:
    return Practitioner.objects.filter(review=review, manager=manager,
                                       membership__ended_at__isnull=True).count()


def _create(review: Review, planned: Planned, *, by: User, added_on: date,
            names_in_list: dict[str, str], on_behalf_of: User | None) -> Practitioner:
    row, agency = planned.row, planned.agency
    assert agency is not None  # checked
    person, invited = _sign_in(review, by=by, email=row.email, name=row.name, job=row.job,
                               agency=agency)
    membership = ReviewMembership.objects.filter(
        review=review, person=person, role=ReviewRole.PRACTITIONER, ended_at__isnull=True).first()
    if membership is None:
        membership = add_member(review, person, ReviewRole.PRACTITIONER, by=by, started_on=added_on,
                                agency=agency, role_title=row.job)
    identity = membership.identity
    assert identity is not None  # add_member gives practitioners a register entry
    manager = None
    manager_invited = False
    if row.manager_email:
        manager, manager_invited = _take_on_manager(
            review, by=by, email=row.manager_email,
            name=row.manager_name or names_in_list.get(row.manager_email, ""), agency=agency,
            on=added_on)
    values = {"person": person, "membership": membership, "identity": identity, "agency": agency,
              "job_title": row.job, "email": person.email, "manager": manager,
              "manager_email": row.manager_email, "added_on": added_on, "recorded_by": by,
              "on_behalf_of": on_behalf_of}
    # Someone removed earlier and added again: the same record, with the new membership.
    practitioner = Practitioner.objects.filter(review=review, person=person).first()
    if practitioner is None:
        practitioner = Practitioner.objects.create(review=review, **values)
    else:
        for name, value in values.items():
            setattr(practitioner, name, value)
        practitioner.save()
    record("staff.practitioner_added", actor=by, review=review, on_behalf_of=on_behalf_of,
           summary="Added a practitioner to the review's list of staff",
           data={"practitioner": practitioner.pk, "identity": identity.pk, "agency": agency.pk,
                 "person": person.pk, "invited": invited,
                 "manager": manager.pk if manager else None, "manager_invited": manager_invited,
                 "effective_on": added_on.isoformat()})
    return practitioner


def _field_errors(planned: Planned) -> ValidationError:
    return ValidationError({key: [message] for key, message in planned.problems.items()})


@transaction.atomic
def add_practitioner(review: Review, *, by: User, name: str, email: str, agency: Agency | str,
                     job_title: str, manager_email: str = "", manager_name: str = "",
                     added_on: date | None = None, on_behalf_of: User | None = None
                     ) -> Practitioner:
    """Add one practitioner (and their manager, if known) to the review."""
    if not review.is_open:
        raise ValidationError(CLOSED)
    added_on = added_on or timezone.localdate()
    check_effective_date(added_on, what="The date they were added", field="added_on")
    agency_text = agency if isinstance(agency, str) else (
        agency.name if agency.partnership_id == review.partnership_id else "")
    row = Row(1, " ".join(name.split()), email.strip().lower(), agency_text,
              " ".join(job_title.split()), manager_email.strip().lower(),
              " ".join(manager_name.split()))
    plan = plan_practitioners(review, [row])
    planned = plan.rows[0]
    if planned.problems:
        raise _field_errors(planned)
    return _create(review, planned, by=by, added_on=added_on, names_in_list={},
                   on_behalf_of=_on_behalf_of(on_behalf_of))


def add_practitioners(review: Review, rows: list[Row], *, by: User, added_on: date | None = None,
                      on_behalf_of: User | None = None) -> list[Practitioner]:
    """Add every practitioner of a list, or none: the list is checked again here (the review may
    have changed since its preview) and any problem refuses it all, row by row."""
    if not review.is_open:
        raise ValidationError(CLOSED)
    added_on = added_on or timezone.localdate()
    check_effective_date(added_on, what="The date they were added")
    with transaction.atomic():
        plan = plan_practitioners(review, rows)
        if plan.problems:
            raise ValidationError(plan.problems)
        names_in_list = {r.email: r.name for r in rows}
        who = _on_behalf_of(on_behalf_of)
        added = [_create(review, planned, by=by, added_on=added_on, names_in_list=names_in_list,
                         on_behalf_of=who) for planned in plan.rows]
        record("staff.practitioners_imported", actor=by, review=review, on_behalf_of=who,
               summary=f"Added {len(added)} practitioners from a list",
               data={"practitioners": [p.pk for p in added],
                     "effective_on": added_on.isoformat()})
    return added


@transaction.atomic
def change_practitioner(practitioner: Practitioner, *, by: User, job_title: str,
                        manager_email: str = "", manager_name: str = "",
                        changed_on: date | None = None, version: int | None = UNCHECKED,
                        on_behalf_of: User | None = None) -> Practitioner:
    """A new job or a new manager (or none known), from ``changed_on``. The role label stays:
    the register's editors change it in the register if the report should use another."""
    review = practitioner.review
    if not review.is_open:
        raise ValidationError(CLOSED)
    if practitioner.membership.ended_at is not None:
        raise ValidationError("This practitioner has been removed from the review: add them "
                              "again to change their details.")
    changed_on = changed_on or timezone.localdate()
    job_title = " ".join(job_title.split())
    manager_email = manager_email.strip().lower()
    errors: dict[str, str] = {}
    try:
        check_effective_date(changed_on, not_before=practitioner.added_on,
                             what="The date of the change", since="when they were added",
                             field="changed_on")
    except ValidationError as exc:
        errors["changed_on"] = exc.message_dict["changed_on"][0]
    if not job_title:
        errors["job_title"] = "Enter the practitioner's job, for example Health Visitor."
    elif len(job_title) > 200:
        errors["job_title"] = "The job is too long: shorten it to 200 characters or fewer."
    manager_to_be = None
    if manager_email:
        if problem := _email_problem(manager_email, "The manager's e-mail"):
            errors["manager_email"] = problem
        elif manager_email == practitioner.email.lower():
            errors["manager_email"] = ("The manager's e-mail is the practitioner's own: enter "
                                       "their manager's, or leave it empty if not known.")
        else:
            manager_to_be = _user_by_email(manager_email)
            if manager_to_be is not None and (problem := _manager_problem(review, manager_to_be)):
                errors["manager_email"] = problem
    if errors:
        raise ValidationError(errors)
    claim(practitioner, version, thing="this practitioner's details", by=by,
          name_of=Names(review, by).user)
    changed = []
    old_manager = practitioner.manager
    if practitioner.job_title != job_title:
        changed.append("job_title")
        practitioner.job_title = job_title
    if practitioner.manager_email.lower() != manager_email:
        changed.append("manager")
        practitioner.manager_email = manager_email
        practitioner.manager = None
        if manager_email:
            practitioner.manager, _ = _take_on_manager(
                review, by=by, email=manager_email, name=" ".join(manager_name.split()),
                agency=practitioner.agency, on=changed_on)
    practitioner.save()
    if "manager" in changed and old_manager is not None and old_manager != practitioner.manager:
        _release_manager(review, old_manager, by=by, on=changed_on)
    if changed:
        what = " and ".join({"job_title": "job", "manager": "manager"}[f] for f in changed)
        record_step("staff.practitioner_changed", review=review, by=by,
                    on_behalf_of=_on_behalf_of(on_behalf_of),
                    step=Step(f"Practitioner's {what} changed", changed_on,
                              subject=practitioner.identity),
                    summary=f"Changed a practitioner's {what}",
                    data={"practitioner": practitioner.pk, "fields": changed,
                          "manager": practitioner.manager_id,
                          "effective_on": changed_on.isoformat()})
    return practitioner


@transaction.atomic
def remove_practitioner(practitioner: Practitioner, *, by: User, reason: str,
                        ended_on: date | None = None, on_behalf_of: User | None = None
                        ) -> Practitioner:
    """Take a practitioner off the review: their membership ends (so they lose access to it)
    with the date and reason; the record, their register entry and everything they did stay."""
    if not practitioner.review.is_open:
        raise ValidationError(CLOSED)
    reason = reason.strip()
    ended_on = ended_on or timezone.localdate()
    membership = practitioner.membership
    if membership.ended_at is not None:
        raise ValidationError("This practitioner has already been removed from the review.")
    errors: dict[str, str] = {}
    try:
        check_effective_date(ended_on, not_before=membership.started_on,
                             what="The date they left the review",
                             since="when they were added", field="ended_on")
    except ValidationError as exc:
        errors["ended_on"] = exc.message_dict["ended_on"][0]
    if not reason:
        errors["reason"] = ("Say why they are no longer on the review, for example 'Added by "
                            "mistake: had no contact with the family'.")
    if errors:
        raise ValidationError(errors)
    remove_member(membership, by=by, ended_on=ended_on, reason=reason)
    _release_manager(practitioner.review, practitioner.manager, by=by, on=ended_on)
    record("staff.practitioner_removed", actor=by, review=practitioner.review,
           on_behalf_of=_on_behalf_of(on_behalf_of),
           summary="Removed a practitioner from the review (the record is kept)",
           data={"practitioner": practitioner.pk, "effective_on": ended_on.isoformat()})
    practitioner.refresh_from_db()
    return practitioner


@transaction.atomic
def take_in_memberships(review: Review, *, by: User, on: date | None = None) -> list[Practitioner]:
    """Practitioners added from the team page (a membership and a register entry, no record
    here): a record each, with their sign-in's agency, job and e-mail and no manager yet. Those
    without an agency are left for someone to add with the form."""
    on = on or timezone.localdate()
    made = []
    for membership in ReviewMembership.objects.filter(
            review=review, role=ReviewRole.PRACTITIONER, ended_at__isnull=True,
            practitioner__isnull=True, identity__isnull=False).select_related("person", "identity"):
        agency = membership.agency or membership.person.agency
        if agency is None:
            continue
        assert membership.identity is not None
        practitioner = Practitioner.objects.create(
            review=review, person=membership.person, membership=membership,
            identity=membership.identity, agency=agency,
            job_title=membership.person.job_title or membership.identity.role_title or "Practitioner",
            email=membership.person.email, added_on=membership.started_on, recorded_by=by)
        record("staff.practitioner_added", actor=by, review=review,
               summary="Added a practitioner to the review's list of staff",
               data={"practitioner": practitioner.pk, "identity": membership.identity_id,
                     "agency": agency.pk, "person": membership.person_id, "invited": False,
                     "from_team": True, "effective_on": on.isoformat()})
        made.append(practitioner)
    return made
