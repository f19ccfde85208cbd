"""The demo's parallel processes (``manage.py load_demo``), all through the actions.

Review 7 (at the chronology) has a police investigation open: the senior investigating officer has
no sign-in, so the business manager recorded it on the police partner's behalf. Review 10 (at
publication) had a police investigation that has concluded, and an inquest, opened and adjourned
while the police investigated, now listed for a date: publication waits for it.

The advice given because of them is added by the two hooks at the end (``advice_during_
investigation`` and ``advice_after_investigation``), which ``load`` calls once the processes
exist.
"""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from reviewdesk.parallel import actions
from reviewdesk.parallel.models import ParallelProcess, ProcessKind, ProcessState
from reviewdesk.reviews.models import Review

ACTIVE, CONCLUDED = 7, 10  # the demo reviews' indexes (load_demo's plans)


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
    """Review 10: the police investigation concluded with no charges; the inquest, opened and
    adjourned while the police investigated, is listed for a date six weeks from today."""
    review, bm = command.reviews[CONCLUDED], command.bm
    police = command.people["police.partner"]
    today = timezone.localdate()
    died = _incident_day(review)
    investigation = actions.record_process(
        review, by=bm, on_behalf_of=police, kind=ProcessKind.POLICE_INVESTIGATION,
        opened_on=died, reference="Operation Tamarisk", lead_name="Callum Brodie",
        lead_role="Senior investigating officer (Detective Inspector)",
        lead_agency=command.agencies[1])
    actions.record_process_status(
        investigation, by=bm, on_behalf_of=police, state=ProcessState.CONCLUDED,
        effective_on=min(died + timedelta(days=150), today),
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
    """Review 7: the advice in force while the police investigate (set by the advice's demo)."""


def advice_after_investigation(command: Any, review: Review, investigation: ParallelProcess,
                               inquest: ParallelProcess) -> None:
    """Review 10: advice given during the investigation and lifted when it concluded (set by the
    advice's demo)."""
