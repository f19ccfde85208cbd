"""Summaries recorded after the fact: each takes the date it was received, and whether it was on
time is measured from that date, never from the day it was typed in. Accepting and returning
take the date they took effect too, and the plan's step ticked by them is done on that date."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from reviewdesk.accounts.models import Agency, User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.notices.models import Notice
from reviewdesk.rapid_review import actions, chasers
from reviewdesk.rapid_review.models import SummaryRequest
from reviewdesk.rapid_review.tests.helpers import date_form, page_text
from reviewdesk.reviews.models import Task
from reviewdesk.testing import ClientResponse, MakeReview, TodayIs

DUE = date(2026, 3, 9)  # Monday
SUMMARY = {"what_known": "Police attended the home twice in February.",
           "immediate_actions": "A safety plan for the siblings is in place.",
           "early_learning": "Information was not shared with health."}


@pytest.fixture
def police(clock: TodayIs, make_review: MakeReview, business_manager: User, agencies: dict[str, Agency],
           agency_author: User) -> SummaryRequest:
    """Aware Monday 2 March 2026; the rapid review started and the police asked on Tuesday 3
    March, due Monday 9 March."""
    review = make_review()
    actions.start_rapid_review(review, by=business_manager, effective_on=date(2026, 3, 3))
    [item] = actions.request_summaries(review, by=business_manager, due_on=DUE,
                                       requested_on=date(2026, 3, 3),
                                       contacts=[(agencies["police"], agency_author)])
    return item


def url(item: SummaryRequest, suffix: str = "") -> str:
    return f"/reviews/{item.review.uuid}/rapid-review/summaries/{item.uuid}/{suffix}"


def record_received(client: Client, item: SummaryRequest, received_on: date) -> ClientResponse:
    return client.post(url(item), {**SUMMARY, **date_form("received_on", received_on)})


def test_a_summary_recorded_weeks_later_is_on_time_by_the_date_it_was_received(
        police, clock, business_manager, partner, client_for):
    clock(date(2026, 3, 30))  # typed in three weeks after it came by e-mail
    response = record_received(client_for(business_manager), police, date(2026, 3, 6))
    assert response.status_code == 302
    police.refresh_from_db()
    assert police.submitted_on == date(2026, 3, 6) and police.received_late_by == 0
    page = page_text(client_for(business_manager).get(url(police)))
    assert "Received 6 March 2026 — on time; recorded by Bea Manager on behalf of Andy Author " \
           "on 30 March 2026" in page
    for where in (f"/reviews/{police.review.uuid}/rapid-review/summaries/",
                  f"/reviews/{police.review.uuid}/"):
        text = page_text(client_for(partner).get(where))
        assert "Received 6 March 2026 — on time" in text and "late by" not in text
    entry = police.review.timeline.get(title="Agency summary received from Testshire Police")
    assert entry.effective_on == date(2026, 3, 6)
    event = AuditEvent.objects.get(event_type="rapid_review.summary_submitted")
    assert (event.data["received_on"], event.data["late_by_working_days"]) == ("2026-03-06", 0)


def test_a_summary_received_after_its_due_date_is_late_by_working_days(
        police, clock, business_manager, client_for):
    clock(date(2026, 3, 30))
    record_received(client_for(business_manager), police, date(2026, 3, 11))
    police.refresh_from_db()
    assert police.received_late_by == 2  # due Monday 9 March, received Wednesday 11 March
    for where in (url(police), f"/reviews/{police.review.uuid}/rapid-review/summaries/",
                  f"/reviews/{police.review.uuid}/"):
        assert "Received 11 March 2026 — late by 2 working days" in page_text(
            client_for(business_manager).get(where)), where


def test_the_date_received_cannot_be_in_the_future_or_before_the_request(
        police, clock, business_manager, client_for):
    clock(date(2026, 3, 30))
    client = client_for(business_manager)
    for received_on, message in [
            (date(2026, 3, 31), "Date the summary was received cannot be in the future."),
            (date(2026, 3, 2), "The date received cannot be before 3 March 2026, when it was "
                               "requested.")]:
        response = record_received(client, police, received_on)
        assert response.status_code == 200
        assert message in page_text(response)
    police.refresh_from_db()
    assert police.state == SummaryRequest.State.REQUESTED and police.submitted_on is None


def test_a_summary_the_contact_sends_here_is_received_the_day_it_is_sent(
        police, clock, agency_author, client_for):
    clock(date(2026, 3, 12))
    client_for(agency_author).post(url(police), {**SUMMARY,
                                                 **date_form("received_on", date(2026, 3, 4))})
    police.refresh_from_db()
    assert police.submitted_on == date(2026, 3, 12)  # no earlier date for their own upload
    assert police.received_late_by == 3


def test_a_summary_received_on_time_but_recorded_late_is_not_chased_for_the_days_between(
        police, clock, business_manager, client_for):
    clock(date(2026, 3, 30))
    record_received(client_for(business_manager), police, date(2026, 3, 6))
    police.refresh_from_db()
    # The daily reminders run again for each day it was thought outstanding (a catch-up run):
    # nothing to chase or escalate, and nothing is counted late.
    for day in (DUE, date(2026, 3, 10), date(2026, 3, 12), date(2026, 3, 27)):
        assert [r for r in chasers.summary_reminders(day)
                if r.dedupe_key.startswith(f"{chasers.KEY_PREFIX}{police.pk}:")] == [], day
    assert not Notice.objects.filter(dedupe_key__contains=":overdue").exists()
    assert police.received_late_by == 0


def test_accepting_takes_its_own_date_and_ticks_the_step_on_it(
        police, clock, business_manager, client_for):
    clock(date(2026, 3, 30))
    client = client_for(business_manager)
    record_received(client, police, date(2026, 3, 6))
    response = client.post(url(police, "accept/"), date_form("accepted_on", date(2026, 3, 10)))
    assert response.status_code == 302
    police.refresh_from_db()
    assert (police.state, police.checked_on) == (SummaryRequest.State.ACCEPTED, date(2026, 3, 10))
    entry = police.review.timeline.get(title="Agency summary accepted: Testshire Police")
    assert entry.effective_on == date(2026, 3, 10)
    step = Task.objects.get(review=police.review, key="rapid-review-agencies-reply")
    assert step.done_on == date(2026, 3, 10)  # not 30 March, when it was recorded
    assert step.done_late_by == 1  # due Monday 9 March
    page = page_text(client.get(f"/reviews/{police.review.uuid}/"))
    assert "Done 10 March 2026 late by 1 working day" in page
    timeline = page_text(client.get(f"/reviews/{police.review.uuid}/"))
    assert ("Agency summary accepted: Testshire Police Took effect 10 March 2026 · recorded on "
            "30 March 2026 at 10:00am by Bea Manager") in timeline


def test_an_accept_dated_before_the_summary_was_received_is_refused(
        police, clock, business_manager, client_for):
    clock(date(2026, 3, 30))
    client = client_for(business_manager)
    record_received(client, police, date(2026, 3, 6))
    response = client.post(url(police, "accept/"), date_form("accepted_on", date(2026, 3, 5)))
    assert response.status_code == 200
    assert ("The date accepted cannot be before 6 March 2026, when the summary was received."
            in page_text(response))
    police.refresh_from_db()
    assert police.state == SummaryRequest.State.SUBMITTED and police.checked_on is None


def test_accepting_with_the_button_alone_takes_effect_today(police, clock, business_manager,
                                                            client_for):
    clock(date(2026, 3, 6))
    client = client_for(business_manager)
    record_received(client, police, date(2026, 3, 6))
    client.post(url(police, "accept/"))
    police.refresh_from_db()
    assert police.checked_on == date(2026, 3, 6)


def test_a_return_takes_its_date_and_the_next_receipt_cannot_be_before_it(
        police, clock, business_manager):
    clock(date(2026, 3, 30))
    actions.submit_summary(police, by=business_manager, received_on=date(2026, 3, 6), **SUMMARY)
    actions.return_summary(police, by=business_manager, reason="Add the school's view.",
                           due_on=date(2026, 4, 2), returned_on=date(2026, 3, 10))
    police.refresh_from_db()
    assert police.checked_on == date(2026, 3, 10)
    assert police.review.timeline.get(
        title="Agency summary returned to Testshire Police").effective_on == date(2026, 3, 10)
    with pytest.raises(ValidationError) as refused:
        actions.submit_summary(police, by=business_manager, received_on=date(2026, 3, 9),
                               **SUMMARY)
    assert refused.value.message_dict["received_on"] == [
        "The date received cannot be before 10 March 2026, when it was returned for more work."]
