"""The demo's parallel processes (``manage.py load_demo``), all through the actions.

Review 7 (at the chronology) has a police investigation open: the senior investigating officer has
no sign-in, so the business manager recorded it on the police partner's behalf. Review 9 (at
the report stage) had a police investigation that concluded before the family were approached
(the family's demo tells the rest), and an inquest, opened and adjourned while the police
investigated, now listed for a date: publication waits for it.

The advice given because of them is added by the two hooks at the end (``advice_during_
investigation`` and ``advice_after_investigation``), which ``load`` calls once the processes
exist.

The advice: on review 7, in force (no contact with the mother, the weeks before the incident
restricted; the lead reviewer has read it, the rest of the team not yet); on review 9, given
during the investigation and lifted when it concluded.
"""

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from reviewdesk.accounts.models import User
from reviewdesk.parallel import actions
from reviewdesk.parallel.models import ParallelProcess, ProcessKind, ProcessState
from reviewdesk.reviews.models import Review, ReviewRole

ACTIVE, CONCLUDED = 7, 9  # the demo reviews' indexes (load_demo's plans)


def load(command: Any) -> None:
    active = active_investigation(command)
    investigation, inquest = concluded_investigation(command)
    advice_during_investigation(command, command.reviews[ACTIVE], active)
    advice_after_investigation(command, command.reviews[CONCLUDED], investigation, inquest)


def _incident_day(review: Review) -> Any:
    incident = review.incidents.order_by("incident_date").first()
    assert incident is not None
    return incident.incident_date


def active_investigation(command: Any) -> ParallelProcess:
    """Review 7: the police investigation, open since the day of the incident."""
    review = command.reviews[ACTIVE]
    return actions.record_process(
        review, by=command.bm, on_behalf_of=command.people["police.partner"],
        kind=ProcessKind.POLICE_INVESTIGATION, opened_on=_incident_day(review),
        reference="Operation Harebell", lead_name="Morag Keddie",
        lead_role="Senior investigating officer (Detective Chief Inspector)",
        lead_agency=command.agencies[1],
        lead_contact="Through the police's safeguarding partner, or the major investigation "
                     "team on 0300 000 4444",
        note="The senior investigating officer asked the business unit to record the "
             "investigation; she has no Review Desk sign-in.")


def concluded_investigation(command: Any) -> tuple[ParallelProcess, ParallelProcess]:
    """Review 9: the police investigation concluded with no charges a week before the family
    involvement began (its advice lifted then, so the family could be approached); the inquest,
    opened and adjourned while the police investigated, is listed for a date six weeks from
    today."""
    review, bm = command.reviews[CONCLUDED], command.bm
    police = command.people["police.partner"]
    today = timezone.localdate()
    died = _incident_day(review)
    family = review.timeline.filter(to_stage="family").order_by("effective_on").first()
    concluded_on = min(died + timedelta(days=150), today)
    if family is not None:
        concluded_on = max(died + timedelta(days=14),
                           min(concluded_on, family.effective_on - timedelta(days=7)))
    investigation = actions.record_process(
        review, by=bm, on_behalf_of=police, kind=ProcessKind.POLICE_INVESTIGATION,
        opened_on=died, reference="Operation Tamarisk", lead_name="Callum Brodie",
        lead_role="Senior investigating officer (Detective Inspector)",
        lead_agency=command.agencies[1])
    actions.record_process_status(
        investigation, by=bm, on_behalf_of=police, state=ProcessState.CONCLUDED,
        effective_on=concluded_on,
        outcome="No charges: the Crown Prosecution Service advised that the evidence did not "
                "meet the test to prosecute either adult.")
    inquest = actions.record_process(
        review, by=bm, kind=ProcessKind.INQUEST, opened_on=min(died + timedelta(days=10), today),
        reference="Kirkvale Coroner's Court", lead_name="Alys Penhallow",
        lead_role="Senior coroner", lead_contact="The coroner's officer, 0300 000 5555")
    actions.record_process_status(
        inquest, by=bm, state=ProcessState.ADJOURNED, effective_on=inquest.opened_on,
        note="Opened and adjourned until the police investigation ends.")
    actions.record_process_status(
        inquest, by=bm, state=ProcessState.LISTED,
        effective_on=min(died + timedelta(days=170), today),
        listed_for=today + timedelta(days=42),
        note="Listed for two days. The report's publication waits for the inquest.")
    return investigation, inquest


# --- Hooks for the advice given because of these processes (the advice's part of the demo) -----

def advice_during_investigation(command: Any, review: Review,
                                investigation: ParallelProcess) -> None:
    """Review 7: the advice in force while the police investigate."""
    if review.advice.exists():
        return  # loaded before
    advice = _advise(review, command.bm, max(investigation.opened_on,
                                             review.stage_since - timedelta(days=20)),
                     investigation)
    lead = review.memberships.filter(role=ReviewRole.LEAD_REVIEWER,
                                     ended_at__isnull=True).first()
    if lead is not None:
        actions.acknowledge(advice, person=lead.person)


def advice_after_investigation(command: Any, review: Review, investigation: ParallelProcess,
                               inquest: ParallelProcess) -> None:
    """Review 9: advice given during the investigation, lifted when it concluded."""
    if review.advice.exists():
        return  # loaded before
    concluded = investigation.statuses.order_by("-effective_on").first()
    assert concluded is not None
    advice = _advise(review, command.bm, investigation.opened_on + timedelta(days=7),
                     investigation)
    actions.lift_advice(advice, by=command.bm, lifted_on=concluded.effective_on,
                        reason="The police investigation has concluded and the police no "
                               "longer object to staff discussing the case, or to the family "
                               "being approached. The inquest does not need advice of its own.")


def _advise(review: Review, bm: User, on: date, process: ParallelProcess) -> Any:
    aware = review.incidents.order_by("la_aware_on").values_list("la_aware_on", flat=True)[0]
    mother = review.identities.get(pseudonym="Mother")
    return actions.set_advice(
        review, by=bm, effective_on=on, process=process,
        requested_by=f"{process.lead_name} ({process.lead_role})"[:200],
        text=(f"The police are investigating what happened. Until they say otherwise, do not "
              f"discuss the case with {mother.real_name}, and do not discuss the incident among "
              "yourselves outside the review's meetings. If you are contacted about it, tell "
              "the business manager."),
        no_contact=[mother], topics=["What happened on the day of the incident",
                                     "What the mother has said to the police"],
        chronology_restrictions=[{"date_from": aware - timedelta(days=28),
                                  "date_to": aware - timedelta(days=1),
                                  "lead_reviewers_see": True, "business_manager_sees": True}])
