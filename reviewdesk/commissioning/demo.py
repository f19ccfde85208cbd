"""Commissioning and set-up records for the demo partnership (``manage.py load_demo``): what
each review needs before it leaves commissioning, set-up and informing staff is kept just before
it does; the reviews still at commissioning or set-up get their part-way records at the end.

* Review 5 (commissioning): notices sent, 2 of 4 agencies have confirmed their case files.
* Review 6 (set-up): notices sent, every agency's files confirmed, the lead reviewer appointed,
  the terms of reference drafted (two versions) but not yet approved, one author named.
* Reviews 7–10 (past set-up): everything done: notices (the other learning activity records
  that partners were not notified, agreed case by case), files, the appointment, approved and
  shared terms of reference, a chronology author for every agency in scope.

Everyone and everything here is fictional.
"""

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from reviewdesk.accounts.models import Agency, User
from reviewdesk.commissioning import actions, rules, scope
from reviewdesk.commissioning.models import LeadReviewerAppointment, NotNotified, Reviewer
from reviewdesk.notices.models import Notice
from reviewdesk.notices.tasks import deliver
from reviewdesk.reviews.demo_stories import words_for
from reviewdesk.reviews.models import Review

PASSWORD = "demo-review-desk-2026"
DOMAIN = "demo.reviewdesk.invalid"

# Fictional reviewers besides the demo's lead reviewer: (key, name, organisation, expertise)
REVIEWERS = [
    ("graham.okoro", "Graham Okoro", "Okoro Safeguarding Reviews",
     "Adolescent risk, exploitation, police and youth justice practice"),
    ("fenella.brightwater", "Fenella Brightwater", "Independent",
     "Neglect, health visiting and early help; systems methodology"),
]
# A chronology author for the agencies without one among the demo's people (agency index).
AUTHORS = [
    (0, "chloe.barrow", "Chloe Barrow", "Safeguarding Practice Lead"),
    (2, "dev.raman", "Dev Raman", "Designated Nurse"),
    (3, "marta.nowak", "Marta Nowak", "Named Nurse for Safeguarding"),
]


def _day(review: Review, days: int) -> date:
    return min(review.initiated_on + timedelta(days=days), timezone.localdate())


def _send(review: Review, bm: User) -> None:
    """The commissioning notices, delivered at once so the demo shows them sent."""
    actions.send_commissioning_notices(review, by=bm)
    _deliver(review)


def _deliver(review: Review) -> None:
    for pk in Notice.objects.filter(review=review, status=Notice.Status.PENDING).values_list(
            "pk", flat=True):
        deliver(pk)


def _confirm(review: Review, bm: User, people: dict[str, User], agencies: list[Agency],
             only: int | None = None) -> None:
    lines = {line.agency_id: line for line in review.case_file_checks.all()}
    plan = [
        # (agency index, recorded by, confirmed by, name, role, where, copy made)
        (1, people["agency.author"], people["agency.author"], "", "",
         "Niche records system, restricted to the Public Protection Unit", False),
        (0, bm, None, "Jo Marsh", "Records manager",
         "Liquidlogic case file, locked to the safeguarding team; paper file in the records store",
         True),
        (2, bm, None, "Sam Idowu", "Head of information governance",
         "SystmOne records flagged and restricted", False),
        (3, bm, None, "Kit Farrow", "Health records manager",
         "EMIS and health visiting records, restricted access", True),
    ]
    for index, by, confirmer, name, role, where, copy in plan[:only]:
        line = lines.get(agencies[index].pk)
        if line is None:
            continue
        actions.confirm_case_files(
            line, by=by, confirmed_by=confirmer, confirmed_by_name=name, confirmed_by_role=role,
            confirmed_on=_day(review, 3), records_held=where, copy_made=copy)


def _appoint(review: Review, reviewer: Reviewer, bm: User) -> None:
    actions.appoint_lead_reviewer(review, reviewer, by=bm, appointed_on=_day(review, 12),
                                  conflict=LeadReviewerAppointment.Conflict.NONE)


def _terms(review: Review, people: dict[str, User], agencies: list[Agency], *,
           approve: bool) -> None:
    bm = people["business.manager"]
    seed = scope.seed(review)
    lines = seed["lines_of_enquiry"] or (
        "1. How well did agencies share what they knew about the risks at home?\n"
        "2. Was the voice of the child heard, and acted on?\n"
        "3. How did agencies respond to the mother's requests for help?")
    first_incident = review.incidents.order_by("incident_date").first()
    common = {"period_from": first_incident.incident_date - timedelta(days=540),
              "period_to": first_incident.incident_date, "agencies": agencies[:4],
              "methodology": seed["methodology"]}
    version = actions.save_terms_of_reference(review, by=people["subgroup.member"],
                                              lines_of_enquiry=lines, **common)
    version = actions.save_terms_of_reference(
        review, by=bm, lines_of_enquiry=lines, **common,
        scope_notes=f"Include the {words_for(review).setting}'s contact with the family; the "
                    "family's own account "
                    "will be sought with their consent.")
    if approve:
        actions.approve_terms_of_reference(version, by=bm, approved_on=_day(review, 20),
                                           note="Agreed at the CSPR subgroup meeting.")


def _authors(review: Review, people: dict[str, User], agencies: list[Agency],
             due_on: date | None = None, only: int | None = None) -> None:
    bm = people["business.manager"]
    by_agency = {1: people["agency.author"], **{i: people[key] for i, key, _n, _t in AUTHORS}}
    in_scope = {a.pk for a in scope.agencies_in_scope(review)}
    for index in [1, 0, 2, 3][:only]:
        agency = agencies[index]
        if agency.pk not in in_scope:
            continue
        named = _day(review, 22)
        actions.name_chronology_author(review, agency, by=bm, person=by_agency[index],
                                       due_on=due_on or named + timedelta(days=30),
                                       named_on=named)


def people(command: Any) -> None:
    """The agencies' chronology authors and the register of independent reviewers."""
    people: dict[str, User] = command.people
    bm: User = command.bm
    kv = command.kv
    for index, key, name, title in AUTHORS:
        people[key] = User.objects.create_user(
            f"{key}@{DOMAIN}", PASSWORD, full_name=name, job_title=title, partnership=kv,
            agency=command.agencies[index])
    command.lead_reviewer = actions.add_reviewer(
        kv, by=bm, full_name="Ruth Ellery", email=people["lead.reviewer"].email,
        organisation="Ellery Learning Reviews",
        expertise="Infant injury, neglect, systems methodology")
    for key, name, organisation, expertise in REVIEWERS:
        User.objects.create_user(f"{key}@{DOMAIN}", PASSWORD, full_name=name,
                                 job_title="Independent reviewer", partnership=kv)
        actions.add_reviewer(kv, by=bm, full_name=name, email=f"{key}@{DOMAIN}",
                             organisation=organisation, expertise=expertise)


def before_step(command: Any, index: int, review: Review, name: str, on: date,
                **details: Any) -> None:
    """Reviews 7-10 (the others stop before these steps): everything done on the way."""
    people: dict[str, User] = command.people
    bm: User = command.bm
    agencies: list[Agency] = list(command.agencies)
    if name == "complete_commissioning":
        if review.kind in rules.NOTICES_CASE_BY_CASE and index != 6:
            NotNotified.objects.create(
                review=review, agreed_on=review.initiated_on, recorded_by=bm,
                reason="Agreed at the CSPR subgroup: a local learning activity; partners outside "
                       "the agencies involved are not notified.")
            actions.ensure_checklist(review, by=bm)
        else:
            _send(review, bm)
        _confirm(review, bm, people, agencies)
    elif name == "complete_set_up":
        _appoint(review, command.lead_reviewer, bm)
        _terms(review, people, agencies, approve=True)
        # The chronology is under way for review 7; the others are past it.
        _authors(review, people, agencies,
                 due_on=timezone.localdate() + timedelta(days=21) if index == 7 else None)
    elif name == "start_chronology":
        actions.share_terms_of_reference(scope.approved_version(review), by=bm)
        _deliver(review)


def load(command: Any) -> None:
    people: dict[str, User] = command.people
    bm: User = command.bm
    agencies: list[Agency] = list(command.agencies)

    def fresh(index: int) -> Review:
        return Review.objects.select_related("partnership").get(pk=command.reviews[index].pk)

    # 5: commissioning under way: notices sent, 2 of 4 agencies have confirmed their files.
    review = fresh(5)
    _send(review, bm)
    _confirm(review, bm, people, agencies, only=2)

    # 6: set-up under way (its notices and files were done before it left commissioning).
    review = fresh(6)
    _appoint(review, command.lead_reviewer, bm)
    _terms(review, people, agencies, approve=False)
    _authors(review, people, agencies, due_on=timezone.localdate() + timedelta(days=40), only=1)
