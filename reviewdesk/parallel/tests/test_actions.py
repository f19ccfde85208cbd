"""Recording a parallel process and its status history: the business manager records them (for
the senior investigating officer, on someone's behalf), bad input is refused with a message that
says what to do, and nothing changes when it is; the history is only ever added to."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reviewdesk.accounts.models import Agency, Partnership, User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.parallel import actions
from reviewdesk.parallel.models import ParallelProcess, ProcessKind, ProcessState, ProcessStatus
from reviewdesk.reviews.models import Review, TimelineEntry
from reviewdesk.testing import tomorrow

pytestmark = pytest.mark.django_db

OPENED = date(2026, 3, 4)


def investigation(review: Review, by: User, **overrides: Any) -> ParallelProcess:
    values: dict[str, Any] = {
        "kind": ProcessKind.POLICE_INVESTIGATION, "opened_on": OPENED,
        "reference": "Operation Larkspur", "lead_name": "Morag Keddie",
        "lead_role": "Senior investigating officer", "lead_contact": "Via the police partner",
    } | overrides
    return actions.record_process(review, by=by, **values)


def nothing_changed(review: Review, processes: int = 0, statuses: int = 0) -> None:
    assert ParallelProcess.objects.filter(review=review).count() == processes
    assert ProcessStatus.objects.filter(process__review=review).count() == statuses


def refused(field: str, call: Any) -> str:
    with pytest.raises(ValidationError) as caught:
        call()
    return " ".join(caught.value.message_dict[field])


def test_the_business_manager_records_an_investigation_for_the_police_partner(
        review, business_manager, partner, agencies):
    process = investigation(review, business_manager, lead_agency=agencies["police"],
                            on_behalf_of=partner, note="The SIO rang the business unit.")
    process.refresh_from_db()
    assert (process.state, process.opened_on, process.lead_name, process.lead_agency,
            process.created_by, process.on_behalf_of) == (
        ProcessState.OPENED, OPENED, "Morag Keddie", agencies["police"], business_manager,
        partner)
    first = process.statuses.get()
    assert (first.state, first.effective_on, first.note, first.recorded_by,
            first.on_behalf_of) == (ProcessState.OPENED, OPENED,
                                    "The SIO rang the business unit.", business_manager, partner)
    entry = review.timeline.get(title="Police investigation: opened")
    assert (entry.effective_on, entry.recorded_by, entry.on_behalf_of) == (
        OPENED, business_manager, partner)
    event = AuditEvent.objects.get(event_type="parallel.process_recorded")
    assert (event.actor, event.on_behalf_of, event.data["process"]) == (
        business_manager, partner, process.pk)
    # No name in the audit summary or the timeline: they are read through the register.
    assert "Keddie" not in event.summary and "Keddie" not in entry.title + entry.detail


def test_recording_your_own_action_is_not_on_your_own_behalf(review, business_manager):
    process = investigation(review, business_manager, on_behalf_of=business_manager)
    assert process.on_behalf_of is None


@pytest.mark.parametrize("person", ["partner", "lead_reviewer", "practitioner", "agency_author",
                                    "subgroup_member"])
def test_only_the_business_manager_records_a_process(review, request, person):
    with pytest.raises(PermissionDenied, match="Only the business manager"):
        investigation(review, request.getfixturevalue(person))
    nothing_changed(review)


def test_an_other_process_needs_its_kind_in_words(review, business_manager):
    message = refused("other_kind", lambda: investigation(review, business_manager,
                                                          kind=ProcessKind.OTHER))
    assert message == "Say what kind of process it is, for example a fatal accident inquiry."
    nothing_changed(review)
    process = investigation(review, business_manager, kind=ProcessKind.OTHER,
                            other_kind="Fatal accident inquiry")
    assert process.kind_label == "Fatal accident inquiry"
    # The timeline (not redacted) never carries the free text.
    assert review.timeline.filter(title="A parallel process: opened").exists()


def test_the_kind_in_words_is_only_for_other(review, business_manager):
    assert refused("other_kind", lambda: investigation(review, business_manager,
                                                       other_kind="Something")) == (
        "Say what kind of process it is only when you choose 'Other'.")
    nothing_changed(review)


def test_a_disciplinary_process_is_not_a_kind(review, business_manager):
    assert "Choose what kind of process it is" in refused(
        "kind", lambda: investigation(review, business_manager, kind="disciplinary"))
    nothing_changed(review)


def test_the_opening_date_cannot_be_in_the_future(review, business_manager):
    assert refused("opened_on", lambda: investigation(
        review, business_manager, opened_on=tomorrow())) == (
        "The date it opened cannot be in the future: enter today's date or an earlier one.")
    nothing_changed(review)


def test_another_partnership_s_agency_cannot_lead_it(review, business_manager):
    elsewhere = Partnership.objects.create(name="Elsewhere Partnership", code="EW")
    police = Agency.objects.create(partnership=elsewhere, name="Elsewhere Police",
                                   kind=Agency.Kind.POLICE)
    assert refused("lead_agency", lambda: investigation(review, business_manager,
                                                        lead_agency=police)) == (
        "Choose one of the partnership's agencies.")
    nothing_changed(review)


def test_the_status_history_is_added_to_and_the_state_follows_it(review, business_manager,
                                                                   partner):
    process = investigation(review, business_manager)
    actions.record_process_status(process, by=business_manager, state=ProcessState.ADJOURNED,
                                  effective_on=date(2026, 5, 1), note="Awaiting forensics.")
    actions.record_process_status(process, by=business_manager, state=ProcessState.LISTED,
                                  effective_on=date(2026, 6, 1), listed_for=date(2027, 1, 18),
                                  on_behalf_of=partner)
    process.refresh_from_db()
    assert process.state == ProcessState.LISTED and process.is_open
    concluded = actions.record_process_status(
        process, by=business_manager, state=ProcessState.CONCLUDED,
        effective_on=date(2026, 11, 2), outcome="  No further action.  ")
    process.refresh_from_db()
    assert (process.state, process.is_open, concluded.outcome) == (
        ProcessState.CONCLUDED, False, "No further action.")
    assert list(process.statuses.values_list("state", "effective_on", "listed_for")) == [
        (ProcessState.OPENED, OPENED, None),
        (ProcessState.ADJOURNED, date(2026, 5, 1), None),
        (ProcessState.LISTED, date(2026, 6, 1), date(2027, 1, 18)),
        (ProcessState.CONCLUDED, date(2026, 11, 2), None),
    ]
    assert list(review.timeline.filter(kind=TimelineEntry.Kind.NOTE, title__startswith="Police")
                .order_by("pk").values_list("title", flat=True)) == [
        "Police investigation: opened", "Police investigation: adjourned",
        "Police investigation: listed for 18 January 2027",
        "Police investigation: concluded"]
    assert AuditEvent.objects.filter(event_type="parallel.status_recorded").count() == 3
    listed = ProcessStatus.objects.get(state=ProcessState.LISTED)
    assert (listed.recorded_by, listed.on_behalf_of) == (business_manager, partner)


def test_a_concluded_process_may_only_be_opened_again(review, business_manager):
    process = investigation(review, business_manager)
    actions.record_process_status(process, by=business_manager, state=ProcessState.CONCLUDED,
                                  effective_on=date(2026, 6, 1), outcome="Charged.")
    for state in (ProcessState.ADJOURNED, ProcessState.LISTED, ProcessState.CONCLUDED):
        message = refused("state", lambda s=state: actions.record_process_status(
            process, by=business_manager, state=s, effective_on=date(2026, 7, 1),
            listed_for=date(2027, 1, 1) if s == ProcessState.LISTED else None,
            outcome="Again." if s == ProcessState.CONCLUDED else ""))
        assert message == ("The police investigation has concluded: record it as opened again "
                           "first if it has reopened.")
    nothing_changed(review, processes=1, statuses=2)
    actions.record_process_status(process, by=business_manager, state=ProcessState.OPENED,
                                  effective_on=date(2026, 7, 1), note="New evidence.")
    process.refresh_from_db()
    assert process.state == ProcessState.OPENED


def test_an_open_process_is_not_opened_again(review, business_manager):
    process = investigation(review, business_manager)
    assert refused("state", lambda: actions.record_process_status(
        process, by=business_manager, state=ProcessState.OPENED,
        effective_on=date(2026, 5, 1))) == "The police investigation is already opened."
    nothing_changed(review, processes=1, statuses=1)


def test_listing_needs_the_date_it_is_listed_for_and_only_listing_takes_one(
        review, business_manager):
    process = investigation(review, business_manager, kind=ProcessKind.INQUEST)
    assert refused("listed_for", lambda: actions.record_process_status(
        process, by=business_manager, state=ProcessState.LISTED,
        effective_on=date(2026, 5, 1))) == "Enter the date it is listed for."
    assert refused("listed_for", lambda: actions.record_process_status(
        process, by=business_manager, state=ProcessState.ADJOURNED,
        effective_on=date(2026, 5, 1), listed_for=date(2027, 2, 1))) == (
        "Give a date it is listed for only when it has been listed for a date.")
    assert refused("listed_for", lambda: actions.record_process_status(
        process, by=business_manager, state=ProcessState.LISTED,
        effective_on=date(2026, 5, 1), listed_for=date(2026, 4, 1))) == (
        "The date it is listed for cannot be before the date it was listed.")
    nothing_changed(review, processes=1, statuses=1)


def test_concluding_needs_the_outcome_and_only_concluding_takes_one(review, business_manager):
    process = investigation(review, business_manager)
    assert refused("outcome", lambda: actions.record_process_status(
        process, by=business_manager, state=ProcessState.CONCLUDED,
        effective_on=date(2026, 5, 1), outcome="   ")) == (
        "Give the outcome in a sentence, for example 'No further action' or 'Narrative "
        "verdict'.")
    assert refused("outcome", lambda: actions.record_process_status(
        process, by=business_manager, state=ProcessState.ADJOURNED,
        effective_on=date(2026, 5, 1), outcome="Charged.")) == (
        "Give an outcome only when it has concluded; use the note for anything else.")
    nothing_changed(review, processes=1, statuses=1)
    process.refresh_from_db()
    assert process.state == ProcessState.OPENED


def test_a_status_date_is_never_in_the_future_nor_before_the_last_change(
        review, business_manager):
    process = investigation(review, business_manager)
    assert refused("effective_on", lambda: actions.record_process_status(
        process, by=business_manager, state=ProcessState.ADJOURNED,
        effective_on=tomorrow())) == (
        "The date it happened cannot be in the future: enter today's date or an earlier one.")
    assert refused("effective_on", lambda: actions.record_process_status(
        process, by=business_manager, state=ProcessState.ADJOURNED,
        effective_on=OPENED - timedelta(days=1))) == (
        "The date it happened cannot be before 4 March 2026, when it was recorded as opened.")
    actions.record_process_status(process, by=business_manager, state=ProcessState.ADJOURNED,
                                  effective_on=date(2026, 6, 1))
    assert refused("effective_on", lambda: actions.record_process_status(
        process, by=business_manager, state=ProcessState.LISTED,
        effective_on=date(2026, 5, 1), listed_for=date(2027, 1, 1))) == (
        "The date it happened cannot be before 1 June 2026, when it was recorded as adjourned.")
    nothing_changed(review, processes=1, statuses=2)


def test_only_the_business_manager_records_a_change_of_status(review, business_manager,
                                                              lead_reviewer):
    process = investigation(review, business_manager)
    with pytest.raises(PermissionDenied):
        actions.record_process_status(process, by=lead_reviewer, state=ProcessState.ADJOURNED,
                                      effective_on=date(2026, 5, 1))
    nothing_changed(review, processes=1, statuses=1)
