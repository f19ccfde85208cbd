"""An answer overdue goes once to the partnership's senior contact, from the daily reminders job,
with the clock moved forward: not while the business manager still has time, once the 2 working
days have passed, never twice. The senior contact sees that one request, and nothing else."""

import io
from datetime import date

import pytest
from django.core.management import call_command

from reviewdesk.audit.models import AuditEvent
from reviewdesk.notices.models import Notice
from reviewdesk.staff.models import SupportRequest
from reviewdesk.support import actions
from reviewdesk.support.tests.helpers import SENIOR, practitioner_record, senior_contact

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 12, 7)
ASKED = "My manager is off sick and nobody has offered me anything since Lily's inquest."


def run_the_reminders_job() -> None:
    call_command("send_reminders", stdout=io.StringIO())


@pytest.fixture
def asked(review, business_manager, practitioner, partnership, today_is) -> SupportRequest:
    today_is(MONDAY)
    actions.set_escalation_contact(partnership, by=business_manager,
                                   person=senior_contact(partnership))
    record = practitioner_record(review, practitioner, business_manager)
    return actions.ask_for_support(record, by=practitioner, text=ASKED)


def escalations() -> int:
    return Notice.objects.filter(purpose="support_request_escalated").count()


def test_an_overdue_answer_escalates_once_after_two_working_days(asked, today_is, partnership):
    assert asked.task.due_on == date(2026, 12, 9)  # Wednesday: 2 working days
    for day in (MONDAY, date(2026, 12, 8), date(2026, 12, 9)):
        today_is(day)
        run_the_reminders_job()
        assert escalations() == 0, day
    today_is(date(2026, 12, 10))
    run_the_reminders_job()
    asked.refresh_from_db()
    assert (asked.escalated_on, asked.escalated_to.full_name) == (date(2026, 12, 10), SENIOR)
    notice = Notice.objects.get(purpose="support_request_escalated")
    assert notice.recipients == ["senior@example.test"] and notice.review is None
    text = notice.subject + notice.body
    assert f"/support/requests/{asked.pk}/" in text
    for leak in ("Lily", "inquest", "Polly", "Health Visitor", asked.review.reference):
        assert leak not in text
    event = AuditEvent.objects.get(event_type="support.request_escalated")
    assert event.data["request"] == asked.pk
    for day in (date(2026, 12, 11), date(2026, 12, 14)):
        today_is(day)
        run_the_reminders_job()
    assert escalations() == 1
    assert AuditEvent.objects.filter(event_type="support.request_escalated").count() == 1


def test_an_answer_in_time_is_never_escalated(asked, today_is, business_manager):
    today_is(date(2026, 12, 9))
    actions.answer_support_request(asked, by=business_manager, action_taken="Rang her agency",
                                   answer="The agency's service will call you today.")
    today_is(date(2026, 12, 14))
    run_the_reminders_job()
    assert escalations() == 0


def test_with_no_senior_contact_it_waits_and_goes_once_one_is_set(
        review, business_manager, practitioner, partnership, today_is):
    today_is(MONDAY)
    record = practitioner_record(review, practitioner, business_manager)
    asked = actions.ask_for_support(record, by=practitioner, text=ASKED)
    today_is(date(2026, 12, 10))
    run_the_reminders_job()
    assert escalations() == 0
    actions.set_escalation_contact(partnership, by=business_manager,
                                   person=senior_contact(partnership))
    today_is(date(2026, 12, 11))
    run_the_reminders_job()
    run_the_reminders_job()
    asked.refresh_from_db()
    assert asked.escalated_on == date(2026, 12, 11) and escalations() == 1


def test_the_senior_contact_sees_that_request_only_and_records_a_note(
        asked, today_is, client_for, business_manager, practitioner, partnership, review,
        partner):
    today_is(date(2026, 12, 10))
    run_the_reminders_job()
    asked.refresh_from_db()
    senior = asked.escalated_to
    client = client_for(senior)
    page = client.get(f"/support/requests/{asked.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "nobody has offered me anything" in body
    # The senior contact is not on the review: staff names are role labels to them.
    assert "Polly Practitioner" not in body and "Health Visitor 1" in body
    assert AuditEvent.objects.filter(event_type="support.request_viewed", actor=senior).exists()
    # Nothing else of the review.
    assert client.get(f"/reviews/{review.uuid}/").status_code == 404
    assert client.get(f"/reviews/{review.uuid}/support/").status_code == 404
    assert client.get(f"/reviews/{review.uuid}/support/requests/{asked.pk}/").status_code == 404
    # Another request, not escalated to them, does not exist for them.
    other = actions.ask_for_support(asked.practitioner, by=practitioner, text="And another")
    assert client.get(f"/support/requests/{other.pk}/").status_code == 404
    # Nor does theirs for anyone else, the business manager and a partner included.
    for someone in (business_manager, practitioner, partner):
        assert client_for(someone).get(f"/support/requests/{asked.pk}/").status_code == 404
    response = client.post(f"/support/requests/{asked.pk}/", {
        "note": "", "noted_on-day": "10", "noted_on-month": "12", "noted_on-year": "2026"})
    assert "Say what you did" in response.content.decode()
    response = client.post(f"/support/requests/{asked.pk}/", {
        "note": "Spoke to her director; counselling booked for Friday.",
        "noted_on-day": "10", "noted_on-month": "12", "noted_on-year": "2026"})
    assert response.status_code == 302
    asked.refresh_from_db()
    assert (asked.escalation_note, asked.escalation_noted_on) == (
        "Spoke to her director; counselling booked for Friday.", date(2026, 12, 10))
    # The business manager sees what the senior contact did on the request's page.
    seen = client_for(business_manager).get(f"/reviews/{review.uuid}/support/requests/"
                                            f"{asked.pk}/").content.decode()
    assert "counselling booked for Friday" in seen
