"""Requests for a report: the business manager's log, each request's page (a member of the
public's details, read audited), and the answer: the PDF sent by e-mail, or declined with
reasons; answered once; reminders before and on the due date."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from reviewdesk.audit.models import AuditEvent
from reviewdesk.notices.models import Notice
from reviewdesk.on_request import actions
from reviewdesk.on_request.selectors import due_on_for, needs
from reviewdesk.on_request.tests.conftest import make_request
from reviewdesk.publication.models import Publication, ReportRequest
from reviewdesk.publication.testing import make_publication

LOG = "/publication/requests/"


def page(asked, verb=""):
    return f"{LOG}{asked.uuid}/" + (f"{verb}/" if verb else "")


def day(name, on):
    return {f"{name}-day": on.day, f"{name}-month": on.month, f"{name}-year": on.year}


@pytest.fixture
def asked(published):
    return make_request(published, received_on=timezone.localdate() - timedelta(days=3),
                        reason="I teach safeguarding.")


def test_the_due_date_is_the_partnership_s_working_days_with_bank_holidays(partnership):
    # 20 working days from Friday 11 December 2026, over Christmas (25 and 28 December) and New Year.
    assert due_on_for(partnership, date(2026, 12, 11)) == date(2027, 1, 13)
    partnership.request_working_days = 5
    assert due_on_for(partnership, date(2026, 12, 11)) == date(2026, 12, 18)


def test_sending_e_mails_the_pdf_and_is_logged(asked, published, business_manager,
                                              django_capture_on_commit_callbacks):
    today = timezone.localdate()
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        actions.send_report(asked, by=business_manager, responded_on=today)
    asked.refresh_from_db()
    assert asked.response == ReportRequest.Response.SENT and asked.responded_on == today
    assert asked.responded_by == business_manager
    notice = Notice.objects.get(dedupe_key=f"on_request:request:{asked.pk}:sent")
    assert notice.review is None  # off the review's notice log: a member of the public's address
    assert notice.recipients == ["robin.reader@example.org"]
    message = mail.outbox[-1]
    assert message.to == ["robin.reader@example.org"]
    [(filename, content, content_type)] = message.attachments
    assert filename == "child-k.pdf" and content_type == "application/pdf"
    published.document.open("rb")
    assert content == published.document.read()
    event = AuditEvent.objects.get(event_type="on_request.request_sent")
    assert event.data["effective_on"] == today.isoformat() and event.actor == business_manager


def test_declining_needs_reasons_and_tells_the_requester(asked, business_manager, review,
                                                        django_capture_on_commit_callbacks):
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="Give the reasons"):
        actions.decline_request(asked, by=business_manager, reasons="  ", responded_on=today)
    asked.refresh_from_db()
    assert not asked.response
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        actions.decline_request(asked, by=business_manager, responded_on=today,
                                reasons="Kayden Moorcroft's family asked us not to share it.")
    asked.refresh_from_db()
    assert asked.response == ReportRequest.Response.DECLINED
    body = mail.outbox[-1].body
    # The e-mail carries pseudonyms only.
    assert "Kayden" not in body and "Moorcroft" not in body and "Child A" in body
    assert AuditEvent.objects.filter(event_type="on_request.request_declined").count() == 1


def test_a_request_is_answered_once(asked, business_manager):
    today = timezone.localdate()
    actions.send_report(asked, by=business_manager, responded_on=today)
    with pytest.raises(ValidationError, match="answered once"):
        actions.send_report(asked, by=business_manager, responded_on=today)
    with pytest.raises(ValidationError, match="answered once"):
        actions.decline_request(asked, by=business_manager, reasons="No.", responded_on=today)
    assert Notice.objects.filter(dedupe_key__startswith=f"on_request:request:{asked.pk}:"
                                 ).count() == 1


def test_the_answer_is_dated_today_or_earlier_not_before_it_came_in(asked, business_manager):
    with pytest.raises(ValidationError, match="cannot be in the future"):
        actions.send_report(asked, by=business_manager,
                            responded_on=timezone.localdate() + timedelta(days=1))
    with pytest.raises(ValidationError, match="cannot be before"):
        actions.send_report(asked, by=business_manager,
                            responded_on=asked.received_on - timedelta(days=1))


def test_a_withdrawn_report_is_not_sent(at_publication, business_manager):
    withdrawn = make_publication(at_publication, by=business_manager,
                                 state=Publication.State.WITHDRAWN, published_on=date(2026, 6, 1))
    asked = make_request(withdrawn, received_on=timezone.localdate())
    with pytest.raises(ValidationError, match="withdrawn"):
        actions.send_report(asked, by=business_manager, responded_on=timezone.localdate())


def test_only_the_business_manager_answers(asked, partner, client_for):
    with pytest.raises(PermissionDenied):
        actions.send_report(asked, by=partner, responded_on=timezone.localdate())
    assert client_for(partner).get(page(asked)).status_code == 403
    assert client_for(partner).get(LOG).status_code == 403


def test_the_log_filters_open_overdue_and_all(published, business_manager, client_for):
    today = timezone.localdate()
    overdue = make_request(published, received_on=today - timedelta(days=60), name="Ola Overdue")
    open_one = make_request(published, received_on=today)
    sent = make_request(published, received_on=today - timedelta(days=5))
    actions.send_report(sent, by=business_manager, responded_on=today)
    bm = client_for(business_manager)

    def shown(show):
        text = bm.get(LOG + (f"?show={show}" if show else "")).content.decode()
        return {r.uuid for r in (overdue, open_one, sent) if str(r.uuid) in text}

    assert shown("") == shown("open") == {overdue.uuid, open_one.uuid}
    assert shown("overdue") == {overdue.uuid}
    assert shown("all") == {overdue.uuid, open_one.uuid, sent.uuid}
    assert shown("nonsense") == shown("open")
    text = bm.get(LOG + "?show=all").content.decode()
    assert "Overdue" in text and "Sent" in text and "Child K" in text
    # The log shows no requester's name; their page does.
    assert "Ola Overdue" not in text


def test_the_log_s_queries_do_not_grow_with_its_rows(published, business_manager, client_for,
                                                     django_assert_max_num_queries):
    for n in range(8):
        make_request(published, received_on=timezone.localdate() - timedelta(days=n))
    bm = client_for(business_manager)
    bm.get(LOG)
    with django_assert_max_num_queries(12):
        bm.get(LOG + "?show=all")


def test_the_request_page_shows_the_requester_and_is_audited(asked, business_manager,
                                                             client_for):
    text = client_for(business_manager).get(page(asked)).content.decode()
    assert "Robin Reader" in text and "robin.reader@example.org" in text
    assert "I teach safeguarding." in text
    assert AuditEvent.objects.filter(event_type="on_request.request_viewed",
                                     data__request=asked.pk).exists()


def test_another_partnership_s_request_is_not_found(asked, client_for):
    from reviewdesk.accounts.models import Partnership, PartnershipRole, User

    elsewhere = Partnership.objects.create(name="Elsewhere", code="EW")
    stranger = User.objects.create_user("bm@elsewhere.test", "x", full_name="Else Where",
                                        partnership=elsewhere,
                                        role=PartnershipRole.BUSINESS_MANAGER)
    for verb in ("", "send", "decline"):
        assert client_for(stranger).get(page(asked, verb)).status_code == 404


def test_the_pages_send_and_decline(published, business_manager, client_for):
    today = timezone.localdate()
    bm = client_for(business_manager)
    first = make_request(published, received_on=today)
    second = make_request(published, received_on=today)
    assert bm.post(page(first, "send"), day("responded_on", today)).status_code == 302
    assert "The report was sent on" in bm.get(page(first)).content.decode()
    assert "answered once" in bm.post(page(first, "send"), day("responded_on", today)
                                      ).content.decode()
    refused = bm.post(page(second, "decline"), {**day("responded_on", today), "reasons": ""})
    assert "Give the reasons" in refused.content.decode()
    refused = bm.post(page(second, "decline"), {"responded_on-day": "31",
                                                "responded_on-month": "2",
                                                "responded_on-year": "2026", "reasons": "No."})
    assert "must be a real date" in refused.content.decode()
    second.refresh_from_db()
    assert not second.response
    assert bm.post(page(second, "decline"), {**day("responded_on", today),
                                             "reasons": "It was withdrawn."}).status_code == 302
    second.refresh_from_db()
    assert second.response == ReportRequest.Response.DECLINED


def test_reminders_two_working_days_before_and_on_the_due_date_once_each(
        published, business_manager, today_is):
    # Received Monday 4 January 2027: due 20 working days later, Monday 1 February.
    today_is(date(2027, 1, 4))
    asked = make_request(published, received_on=date(2027, 1, 4))
    assert asked.due_on == date(2027, 2, 1)

    def run(day):
        today_is(day)
        call_command("send_reminders", stdout=open("/dev/null", "w"))

    def reminders():
        return set(Notice.objects.filter(dedupe_key__startswith=f"on_request:request:{asked.pk}:"
                                         ).values_list("dedupe_key", flat=True))

    run(date(2027, 1, 27))
    assert reminders() == set()
    run(date(2027, 1, 28))  # Thursday: two working days before Monday
    run(date(2027, 1, 28))
    assert reminders() == {f"on_request:request:{asked.pk}:before"}
    run(date(2027, 2, 1))
    run(date(2027, 2, 1))
    assert reminders() == {f"on_request:request:{asked.pk}:before",
                           f"on_request:request:{asked.pk}:due"}
    notice = Notice.objects.get(dedupe_key=f"on_request:request:{asked.pk}:due")
    assert notice.recipients == [business_manager.email] and "Robin" not in notice.body
    items = [n for n in needs(business_manager, date(2027, 2, 1)) if "Answer a request" in n.what]
    assert len(items) == 1 and items[0].due_on == date(2027, 2, 1)
    run(date(2027, 2, 3))
    assert len(reminders()) == 2
    actions.send_report(asked, by=business_manager, responded_on=date(2027, 2, 3))
    assert not [n for n in needs(business_manager, date(2027, 2, 3)) if "Answer" in n.what]
