"""Notices are kept, delivered once, show their failures and can be retried; reminders go once."""

import io
from collections.abc import Sequence
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from reviewdesk.audit.models import AuditEvent
from reviewdesk.notices import actions, guards, tasks
from reviewdesk.notices.models import Notice
from reviewdesk.reviews import actions as review_actions
from reviewdesk.reviews.models import Review

FAILING = {"default": {"BACKEND": "reviewdesk.notices.tests.failing_backend.FailingBackend"}}
REFUSING = {"default": {"BACKEND": "reviewdesk.notices.tests.failing_backend.RefusingBackend"}}


def queue(review: Review, key: str = "test:1",
          recipients: tuple[str, ...] = ("ofsted@example.test",)) -> Notice | None:
    return actions.queue_notice(
        partnership_id=review.partnership_id, review=review, purpose="test", dedupe_key=key,
        recipient_label="Ofsted", recipients=list(recipients), subject="Subject", body="Body")


@pytest.mark.django_db(transaction=True)
def test_a_notice_is_kept_and_sent_once(make_review) -> None:
    review = make_review()
    notice = queue(review)
    notice.refresh_from_db()
    assert notice.status == Notice.Status.SENT and notice.sent_at is not None
    assert [m.to for m in mail.outbox] == [["ofsted@example.test"]]
    assert queue(review) is None  # the same key again: nothing is sent twice
    assert tasks.deliver(notice.pk) == Notice.Status.SENT
    assert len(mail.outbox) == 1
    assert AuditEvent.objects.filter(event_type="notice.sent").count() == 1


@pytest.mark.django_db(transaction=True)
def test_while_the_mail_server_is_down_a_notice_waits_and_is_tried_again_later_each_time(
        make_review, business_manager, client_for) -> None:
    review = make_review()
    with override_settings(MAILERS=FAILING):
        notice = queue(review)
        notice.refresh_from_db()
        # Waiting, visibly, with why and when it is tried again.
        assert notice.status == Notice.Status.PENDING and notice.attempts == 1
        assert "refused the connection" in notice.last_error
        assert "tried again by itself" in notice.last_error
        first_wait = notice.next_attempt_at
        page = client_for(business_manager).get(
            f"/reviews/{review.uuid}/notices/").content.decode()
        assert "Waiting to be sent" in page and "refused the connection" in page
        assert "Retry" not in page  # it is retried by itself
        waits = []
        while notice.status == Notice.Status.PENDING:
            before = notice.next_attempt_at
            assert before is not None
            assert tasks.retry_due_notices(before - timedelta(seconds=1)) == (0, 0)  # not yet
            assert tasks.retry_due_notices(before) == (1, 0)
            notice.refresh_from_db()
            if notice.next_attempt_at:
                waits.append(notice.next_attempt_at - timezone.now())
        # Later each time, then failed after the automatic attempts, with the Retry button.
        assert first_wait is not None and waits == sorted(waits)
        assert notice.attempts == tasks.AUTOMATIC_ATTEMPTS
        assert notice.status == Notice.Status.FAILED and notice.next_attempt_at is None
    assert mail.outbox == []
    page = client_for(business_manager).get(f"/reviews/{review.uuid}/notices/").content.decode()
    assert "Failed" in page and "refused the connection" in page and "Retry" in page

    # The server back: the Retry sends it, once.
    response = client_for(business_manager).post(
        f"/reviews/{review.uuid}/notices/{notice.uuid}/retry/")
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.status == Notice.Status.SENT and len(mail.outbox) == 1
    assert tasks.retry_due_notices(timezone.now() + timedelta(days=1)) == (0, 0)
    with pytest.raises(ValidationError, match="Only a notice that failed can be retried"):
        actions.retry(notice, by=business_manager)
    assert tasks.deliver(notice.pk) == Notice.Status.SENT
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_a_notice_waiting_for_the_server_is_sent_once_when_it_is_back(make_review) -> None:
    review = make_review()
    with override_settings(MAILERS=FAILING):
        notice = queue(review)
    notice.refresh_from_db()
    assert notice.status == Notice.Status.PENDING
    # recover_jobs, every minute: the notice's time has come and the server is back.
    call_command("recover_jobs", stdout=io.StringIO())  # not yet due: nothing sent
    assert mail.outbox == []
    assert tasks.retry_due_notices(notice.next_attempt_at) == (1, 0)
    notice.refresh_from_db()
    assert notice.status == Notice.Status.SENT and notice.last_error == ""
    assert tasks.retry_due_notices(timezone.now() + timedelta(days=1)) == (0, 0)
    assert tasks.deliver(notice.pk) == Notice.Status.SENT
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_an_address_the_server_refuses_fails_at_once(make_review) -> None:
    review = make_review()
    with override_settings(MAILERS=REFUSING):
        notice = queue(review)
    notice.refresh_from_db()
    assert notice.status == Notice.Status.FAILED and notice.attempts == 1
    assert "SMTPRecipientsRefused" in notice.last_error and notice.next_attempt_at is None


@pytest.mark.django_db(transaction=True)
def test_a_notice_with_no_address_fails_visibly(make_review) -> None:
    notice = queue(make_review(), recipients=())
    notice.refresh_from_db()
    assert notice.status == Notice.Status.FAILED
    assert "No e-mail address" in notice.last_error


def test_task_reminders_go_before_on_and_after_the_due_date_once_each(
        make_review, business_manager, practitioner, django_capture_on_commit_callbacks) -> None:
    review = make_review(child_name="Zorbex Quintrell")
    review_actions.add_task(review, by=business_manager, due_on=date(2026, 3, 20),
                            title="Phone Zorbex Quintrell's school", owner=practitioner)
    for day in ["2026-03-17", "2026-03-18", "2026-03-18", "2026-03-20", "2026-03-20",
                "2026-03-24", "2026-03-25"]:
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_reminders", today=day, stdout=open("/dev/null", "w"))  # noqa: SIM115
    subjects = [m.subject for m in mail.outbox]
    assert subjects == [
        f"{review.reference}: Phone Child A's school is due in 2 working days",
        f"{review.reference}: Phone Child A's school is due today",
        f"{review.reference}: Phone Child A's school is due and is now overdue",
    ]
    assert all(m.to == [practitioner.email] for m in mail.outbox)
    assert not any("Zorbex" in m.body or "Zorbex" in m.subject for m in mail.outbox)


def test_a_reminder_links_to_the_site_url(make_review, business_manager, practitioner, settings,
                                         django_capture_on_commit_callbacks) -> None:
    settings.SITE_URL = "https://reviews.kirkvale.example"
    review = make_review()
    review_actions.add_task(review, by=business_manager, due_on=date(2026, 3, 20),
                            title="Send the summary", owner=practitioner)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", today="2026-03-20", stdout=open("/dev/null", "w"))  # noqa: SIM115
    [message] = mail.outbox
    assert "Sign in to Review Desk to see it: https://reviews.kirkvale.example\n" in message.body


def test_a_done_task_is_not_reminded(make_review, business_manager, practitioner,
                                     django_capture_on_commit_callbacks) -> None:
    review = make_review()
    task = review_actions.add_task(review, by=business_manager, due_on=date(2026, 3, 20),
                                   title="Send the summary", owner=practitioner)
    review_actions.complete_task(task, by=business_manager, done_on=date(2026, 3, 10))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", today="2026-03-20", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert mail.outbox == []


def test_send_reminders_refuses_a_bad_date() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--today must be a date like"):
        call_command("send_reminders", today="20/03/2026")


def test_the_business_manager_edits_a_template_and_a_mistake_is_refused(
        business_manager, client_for) -> None:
    client = client_for(business_manager)
    assert client.get("/settings/notices/").status_code == 200
    bad = client.post("/settings/notices/task_reminder/",
                      {"subject": "Due {% if task %}soon", "body": "Hello"})
    assert bad.status_code == 200
    assert "The template has a mistake" in bad.content.decode()
    good = client.post("/settings/notices/task_reminder/",
                       {"subject": "{{ review_reference }}: please act", "body": "Hello",
                        "version": 1})
    assert good.status_code == 302
    from reviewdesk.notices.models import NoticeTemplate

    template = NoticeTemplate.objects.get(key="task_reminder")
    assert template.subject == "{{ review_reference }}: please act"
    assert AuditEvent.objects.filter(event_type="notice.template_changed").count() == 1


def test_a_reminder_a_guard_refuses_is_not_sent_and_the_others_still_are(
        make_review, business_manager, practitioner, lead_reviewer,
        django_capture_on_commit_callbacks) -> None:
    # As advice of no contact with the practitioner would (notices.guards; parallel registers
    # the real one): that reminder is refused, the lead reviewer's still goes, the run says so.
    review = make_review()
    for owner in (practitioner, lead_reviewer):
        review_actions.add_task(review, by=business_manager, due_on=date(2026, 3, 20),
                                title="Send the summary", owner=owner)

    def no_contact_with_the_practitioner(review: Review, recipients: Sequence[str]) -> str | None:
        return "No contact with them." if practitioner.email in recipients else None

    guards.register(no_contact_with_the_practitioner)
    out = io.StringIO()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_reminders", today="2026-03-20", stdout=out)
    finally:
        guards.GUARDS.remove(no_contact_with_the_practitioner)
    assert [m.to for m in mail.outbox] == [[lead_reviewer.email]]
    assert "1 reminder(s) queued" in out.getvalue()
    assert (f"Not sent: {review.reference} ({practitioner.display_name}): The notice was not "
            "sent. No contact with them.") in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_a_stored_file_is_attached_when_the_notice_is_sent(make_review) -> None:
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    review = make_review()
    name = default_storage.save("notices-test/report.pdf", ContentFile(b"%PDF-1.4 the report"))
    field = type("Stored", (), {"name": name})()
    notice = actions.queue_notice(
        partnership_id=review.partnership_id, review=review, purpose="test", dedupe_key="att:1",
        recipient_label="The National Panel", recipients=["panel@example.test"],
        subject="Subject", body="Body",
        attachments=[tasks.stored_attachment(field, "Child A.pdf", "application/pdf")])
    assert notice is not None
    assert "the report" not in str(notice.attachments)  # where it is, not its bytes
    [message] = mail.outbox
    assert message.attachments[0] == ("Child A.pdf", b"%PDF-1.4 the report", "application/pdf")
    default_storage.delete(name)


@pytest.mark.django_db(transaction=True)
def test_a_notice_whose_worker_was_killed_before_sending_is_queued_again_and_sent_once(
        make_review, monkeypatch) -> None:
    review = make_review()
    with monkeypatch.context() as lost:  # the task is queued, and its worker killed before it
        lost.setattr(actions, "deliver_notice",
                     SimpleNamespace(enqueue=lambda *args, **kwargs: None))
        notice = queue(review)
    notice.refresh_from_db()
    assert (notice.status, notice.attempts, mail.outbox) == (Notice.Status.PENDING, 0, [])
    soon = notice.created_at + timedelta(minutes=tasks.UNTRIED_MINUTES - 1)
    assert tasks.retry_due_notices(soon) == (0, 0)  # the queue may only be slow
    later = notice.created_at + timedelta(minutes=tasks.UNTRIED_MINUTES)
    assert tasks.retry_due_notices(later) == (1, 0)
    notice.refresh_from_db()
    assert notice.status == Notice.Status.SENT and len(mail.outbox) == 1
    # The lost task turning up after all sends nothing more.
    assert tasks.deliver(notice.pk) == Notice.Status.SENT
    assert tasks.retry_due_notices(later + timedelta(hours=1)) == (0, 0)
    assert len(mail.outbox) == 1
