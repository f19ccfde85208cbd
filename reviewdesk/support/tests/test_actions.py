"""The support actions: each change audited, every bad input refused with a message saying what to
do, and nothing changed when it is. The request for support tells the business manager at once
(a notice naming nobody and holding nothing of the request) and gives them a task due in 2
working days; the answer is read by the practitioner; the team session keeps only its date."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reviewdesk.accounts.models import Agency, Partnership, User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.lib.workingdays import add_working_days
from reviewdesk.notices.models import Notice
from reviewdesk.reviews.models import Review, Task, TimelineEntry
from reviewdesk.staff.models import (
    StaffUpdate,
    SupportEscalationContact,
    SupportOffer,
    SupportRequest,
    SupportService,
    TeamSupportSession,
)
from reviewdesk.support import actions
from reviewdesk.support.tests.helpers import add_manager, practitioner_record, senior_contact
from reviewdesk.testing import tomorrow

pytestmark = pytest.mark.django_db

ASKED = "Since the inquest started nobody at work has checked on me; Lily keeps asking me."


def refused(field: str | None, call: Any) -> str:
    with pytest.raises(ValidationError) as caught:
        call()
    if field is None:
        return " ".join(caught.value.messages)
    return " ".join(caught.value.message_dict[field])


# --- The partnership's settings ---------------------------------------------------------------

def test_the_business_manager_sets_an_agencys_service_and_changes_it(business_manager, agencies):
    police = agencies["police"]
    actions.set_support_service(police, by=business_manager, name=" Police Wellbeing ",
                                how_to_reach="0300 000 1111")
    actions.set_support_service(police, by=business_manager, name="Police Wellbeing Service",
                                how_to_reach="0300 000 1111, weekdays 8 to 6")
    service = SupportService.objects.get()
    assert (service.agency, service.name, service.how_to_reach) == (
        police, "Police Wellbeing Service", "0300 000 1111, weekdays 8 to 6")
    assert AuditEvent.objects.filter(event_type="support.service_set").count() == 2


def test_a_service_needs_its_name_and_how_to_reach_it(business_manager, agencies):
    assert "Enter the service's name" in refused("name", lambda: actions.set_support_service(
        agencies["police"], by=business_manager, name=" ", how_to_reach="0300"))
    assert "how staff reach it" in refused("how_to_reach", lambda: actions.set_support_service(
        agencies["police"], by=business_manager, name="EAP", how_to_reach=""))
    assert not SupportService.objects.exists()


def test_only_the_partnerships_business_manager_sets_a_service(business_manager, partner,
                                                                 agencies):
    other = Partnership.objects.create(name="Elsewhere", code="EW")
    theirs = Agency.objects.create(partnership=other, name="Elsewhere Police", kind="police")
    assert "Only the partnership's business manager" in refused(None, lambda: (
        actions.set_support_service(agencies["police"], by=partner, name="EAP", how_to_reach="1")))
    assert "Only the partnership's business manager" in refused(None, lambda: (
        actions.set_support_service(theirs, by=business_manager, name="EAP", how_to_reach="1")))
    assert not SupportService.objects.exists()


def test_the_senior_contact_is_a_person_of_the_partnership_not_a_business_manager(
        partnership, business_manager):
    senior = senior_contact(partnership)
    actions.set_escalation_contact(partnership, by=business_manager, person=senior)
    assert SupportEscalationContact.objects.get().person == senior
    assert "other than a business manager" in refused("person", lambda: (
        actions.set_escalation_contact(partnership, by=business_manager,
                                       person=business_manager)))
    stranger = User.objects.create_user("x@elsewhere.test", "pw", full_name="Xavier Elsewhere",
                                        partnership=Partnership.objects.create(name="E", code="E"))
    assert "active person of the partnership" in refused("person", lambda: (
        actions.set_escalation_contact(partnership, by=business_manager, person=stranger)))
    assert SupportEscalationContact.objects.get().person == senior


# --- Offers -------------------------------------------------------------------------------------

def test_support_is_offered_and_taken_up_with_a_follow_up_to_come(review, business_manager,
                                                                   practitioner):
    record = practitioner_record(review, practitioner, business_manager)
    offered_on = date(2026, 3, 10)
    offer = actions.offer_support(record, by=business_manager,
                                  source=SupportOffer.Source.AGENCY_SERVICE,
                                  offered_on=offered_on, follow_up_on=tomorrow(),
                                  note="Six sessions offered")
    assert (offer.status, offer.status_on, offer.follow_up_on) == (
        SupportOffer.Status.OFFERED, offered_on, tomorrow())
    actions.record_offer_outcome(offer, by=business_manager, status=SupportOffer.Status.TAKEN_UP,
                                 status_on=date(2026, 3, 12), follow_up_on=None,
                                 note="Started", version=offer.version)
    offer.refresh_from_db()
    assert (offer.status, offer.status_on, offer.follow_up_on, offer.note) == (
        SupportOffer.Status.TAKEN_UP, date(2026, 3, 12), None, "Started")
    assert [e.data["status"] for e in AuditEvent.objects.filter(
        event_type="support.offer_changed")] == ["taken_up"]
    # Never on the review's timeline: support is confidential.
    assert not review.timeline.filter(title__icontains="support").exists()


def test_bad_offers_are_refused_and_nothing_is_recorded(review, business_manager, practitioner):
    record = practitioner_record(review, practitioner, business_manager)

    def offer(**values: Any) -> Any:
        given: dict[str, Any] = {"source": "partnership", "offered_on": date(2026, 3, 10)}
        return lambda: actions.offer_support(record, by=business_manager, **(given | values))

    assert "cannot be in the future" in refused("offered_on", offer(offered_on=tomorrow()))
    assert "Enter the date it was offered" in refused("offered_on", offer(offered_on=None))
    assert "Choose who offered it" in refused("source", offer(source="a friend"))
    assert "cannot be before 10 March 2026" in refused("follow_up_on", offer(
        follow_up_on=date(2026, 3, 9)))
    assert not SupportOffer.objects.exists()


def test_an_outcome_before_the_offer_or_in_the_future_is_refused(review, business_manager,
                                                                 practitioner):
    record = practitioner_record(review, practitioner, business_manager)
    offer = actions.offer_support(record, by=business_manager, source="line_manager",
                                  offered_on=date(2026, 3, 10))
    assert "cannot be before 10 March 2026" in refused("status_on", lambda: (
        actions.record_offer_outcome(offer, by=business_manager, status="declined",
                                     status_on=date(2026, 3, 9))))
    assert "cannot be in the future" in refused("status_on", lambda: (
        actions.record_offer_outcome(offer, by=business_manager, status="declined",
                                     status_on=tomorrow())))
    assert "Choose offered, taken up or declined" in refused("status", lambda: (
        actions.record_offer_outcome(offer, by=business_manager, status="ignored",
                                     status_on=date(2026, 3, 11))))
    offer.refresh_from_db()
    assert offer.status == SupportOffer.Status.OFFERED


def test_only_the_business_manager_records_offers(review, business_manager, lead_reviewer,
                                                  practitioner):
    record = practitioner_record(review, practitioner, business_manager)
    with pytest.raises(PermissionDenied):
        actions.offer_support(record, by=lead_reviewer, source="partnership",
                              offered_on=date(2026, 3, 10))


# --- "I can't get the support I need" --------------------------------------------------------

def ask(review: Review, practitioner: User, by: User, text: str = ASKED) -> SupportRequest:
    record = practitioner_record(review, practitioner, by)
    return actions.ask_for_support(record, by=practitioner, text=text)


def test_asking_for_support_alerts_the_business_manager_at_once_with_a_task(
        review, business_manager, practitioner):
    asked = ask(review, practitioner, business_manager)
    today = asked.asked_on
    task = Task.objects.get(pk=asked.task_id)
    assert (task.owner, task.due_on, task.key) == (
        business_manager, add_working_days(today, 2), actions.TASK_KEY)
    # The task's words, read by everyone on the review, say nothing of who or what.
    assert "support" not in task.title.lower() and "Lily" not in task.title
    notice = Notice.objects.get(purpose="support_request_alert")
    assert notice.recipients == [business_manager.email]
    assert notice.review is None  # not in the review's notice log, which the officers read
    text = notice.subject + notice.body
    assert review.reference in text and f"/support/requests/{asked.pk}/" in text
    for leak in ("Lily", "inquest", practitioner.full_name, "Polly", "Health Visitor"):
        assert leak not in text
    event = AuditEvent.objects.get(event_type="support.requested")
    assert (event.actor, event.data["request"]) == (practitioner, asked.pk)
    assert "Lily" not in str(event.data) + event.summary
    assert not review.timeline.exclude(kind=TimelineEntry.Kind.INCIDENT_RECORDED).filter(
        title__icontains="support").exists()


@pytest.mark.parametrize(("text", "says"), [
    ("   ", "Say what support you need"),
    ("x" * (actions.REQUEST_MAX_CHARACTERS + 1), "Keep it to 2000 characters"),
])
def test_an_empty_or_overlong_request_is_refused_and_nothing_is_sent(
        review, business_manager, practitioner, text, says):
    assert says in refused("text", lambda: ask(review, practitioner, business_manager, text))
    assert not SupportRequest.objects.exists()
    assert not Notice.objects.filter(purpose="support_request_alert").exists()
    assert not Task.objects.filter(key=actions.TASK_KEY).exists()


def test_nobody_asks_in_someone_elses_name(review, business_manager, practitioner,
                                           lead_reviewer):
    record = practitioner_record(review, practitioner, business_manager)
    for someone in (business_manager, lead_reviewer):
        assert "in their own name" in refused(None, lambda who=someone: (
            actions.ask_for_support(record, by=who, text=ASKED)))
    assert not SupportRequest.objects.exists()


def test_the_answer_is_recorded_the_task_done_and_the_practitioner_told_without_content(
        review, business_manager, practitioner):
    asked = ask(review, practitioner, business_manager)
    actions.answer_support_request(asked, by=business_manager,
                                   action_taken="Rang her manager; agreed weekly supervision.",
                                   answer="Your manager will meet you weekly from Monday.",
                                   answered_on=asked.asked_on)
    asked.refresh_from_db()
    assert (asked.answered_by, asked.answered_on) == (business_manager, asked.asked_on)
    task = Task.objects.get(pk=asked.task_id)
    assert (task.done_on, task.done_by) == (asked.asked_on, business_manager)
    notice = Notice.objects.get(purpose="support_request_answered")
    assert notice.recipients == [practitioner.email]
    assert "weekly" not in notice.body and "manager" not in notice.subject.lower()
    assert StaffUpdate.objects.get(person=practitioner).kind == StaffUpdate.Kind.SUPPORT
    # Done off the timeline (complete_task would put "Done: …" there).
    assert not review.timeline.filter(kind=TimelineEntry.Kind.TASK_DONE).exists()
    assert "answered on" in refused(None, lambda: actions.answer_support_request(
        asked, by=business_manager, action_taken="Again", answer="Again"))


def test_an_answer_needs_what_was_done_the_answer_and_a_real_date(review, business_manager,
                                                                   practitioner):
    asked = ask(review, practitioner, business_manager)

    def answer(**values: Any) -> Any:
        return lambda: actions.answer_support_request(asked, by=business_manager, **(
            {"action_taken": "Rang her manager", "answer": "Weekly supervision"} | values))

    assert "Say what was done" in refused("action_taken", answer(action_taken=" "))
    assert "Write the answer" in refused("answer", answer(answer=""))
    assert "cannot be in the future" in refused("answered_on", answer(answered_on=tomorrow()))
    assert "when the practitioner asked" in refused("answered_on", answer(
        answered_on=asked.asked_on - timedelta(days=1)))
    asked.refresh_from_db()
    assert asked.answered_on is None and Task.objects.get(pk=asked.task_id).done_on is None


# --- Managers -------------------------------------------------------------------------------------

def test_a_manager_records_a_team_session_date_only(review, business_manager, partnership,
                                                    practitioner):
    manager = add_manager(review, business_manager, partnership)
    session = actions.record_team_session(review, by=manager, held_on=date(2026, 3, 20))
    assert (session.manager, session.held_on) == (manager, date(2026, 3, 20))
    assert {f.name for f in TeamSupportSession._meta.fields} >= {"held_on"}
    assert "cannot be in the future" in refused("held_on", lambda: actions.record_team_session(
        review, by=manager, held_on=tomorrow()))
    assert "already recorded" in refused("held_on", lambda: actions.record_team_session(
        review, by=manager, held_on=date(2026, 3, 20)))
    assert "Only a practitioner's manager" in refused(None, lambda: (
        actions.record_team_session(review, by=practitioner, held_on=date(2026, 3, 20))))
    assert TeamSupportSession.objects.count() == 1
    assert AuditEvent.objects.filter(event_type="support.team_session_recorded").count() == 1


def test_the_alert_is_delivered_by_e_mail_with_nothing_of_the_request(
        review, business_manager, practitioner, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        ask(review, practitioner, business_manager)
    assert [m.to for m in mailoutbox] == [[business_manager.email]]
    assert "Lily" not in mailoutbox[0].body and "Polly" not in mailoutbox[0].body
    assert Notice.objects.get(purpose="support_request_alert").status == Notice.Status.SENT
