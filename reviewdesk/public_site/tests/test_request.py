"""The request form: a member of the public asks for a copy of a report. Saved through
``actions.take_request``: due in the partnership's working days (England's bank holidays), an
acknowledgement to them and a note to the business unit, audited as the system's own; a honeypot,
a per-address limit, and bad input refused with GOV.UK errors."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from time_machine import TimeMachineFixture

from reviewdesk.audit.models import AuditEvent
from reviewdesk.notices.models import Notice
from reviewdesk.public_site import actions
from reviewdesk.publication.models import Publication, ReportRequest
from reviewdesk.testing import ClientResponse, TodayIs

State = Publication.State


def ask(client: Client, publication: Publication, **changes: str) -> ClientResponse:
    body = {"name": "Robin Reader", "email": "robin@example.com", "report": publication.slug,
            "reason": "I teach safeguarding.", "website": ""} | changes
    return client.post(f"/published/{publication.slug}/request/", body)


@pytest.fixture
def business_unit(published: Publication) -> str:
    partnership = published.review.partnership
    partnership.business_unit_email = "business.unit@testshire.example"
    partnership.save()
    return partnership.business_unit_email


def test_the_form_preselects_the_report_and_offers_every_requestable_one(
        client: Client, published: Publication, on_request: Publication,
        publications: dict[str, Publication]) -> None:
    page = client.get(f"/published/{on_request.slug}/request/").content.decode()
    assert f'<option value="{on_request.slug}" selected>' in page
    assert f'<option value="{published.slug}">' in page
    for state in (State.SCHEDULED, State.WITHDRAWN, State.CANCELLED):
        assert publications[state].slug not in page


def test_a_request_is_logged_acknowledged_and_the_business_unit_told(
        client: Client, published: Publication, business_unit: str) -> None:
    response = ask(client, published)
    assert response.status_code == 302
    assert response["Location"] == f"/published/{published.slug}/request/sent/"
    request = ReportRequest.objects.get()
    today = timezone.localdate()
    assert (request.publication, request.name, request.email, request.reason) == (
        published, "Robin Reader", "robin@example.com", "I teach safeguarding.")
    assert request.received_on == today
    assert request.due_on == actions.due_on(published, today)
    assert request.client_hash == actions.hash_address("127.0.0.1")
    assert "127.0.0.1" not in request.client_hash

    acknowledgement = Notice.objects.get(recipients=["robin@example.com"])
    assert published.title in acknowledgement.body
    assert f"{request.due_on.day} {request.due_on:%B %Y}" in acknowledgement.body
    told = Notice.objects.get(recipients=[business_unit])
    assert f"A request for '{published.title}'" in told.body
    for notice in (acknowledgement, told):
        for detail in ("Robin", "robin@example.com", "I teach safeguarding"):
            assert detail not in notice.subject + notice.body

    event = AuditEvent.objects.get(event_type="public_site.request_received")
    assert event.actor is None and event.ip_address is None
    assert event.data["effective_on"] == today.isoformat()
    assert event.data["due_on"] == request.due_on.isoformat()
    assert "Robin" not in event.summary

    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert f"by {request.due_on:%A} {request.due_on.day} {request.due_on:%B %Y}" in (
        thanks.content.decode())


def test_a_report_available_on_request_can_be_asked_for_from_its_own_page(
        client: Client, on_request: Publication) -> None:
    response = client.post(f"/published/{on_request.slug}/request/", {
        "name": "Sam", "email": "sam@example.com", "report": on_request.slug})
    assert response.status_code == 302
    assert ReportRequest.objects.get().publication == on_request


def test_another_report_can_be_chosen_in_the_form(client: Client, published: Publication,
                                                  on_request: Publication) -> None:
    response = ask(client, published, report=on_request.slug)
    assert response["Location"] == f"/published/{on_request.slug}/request/sent/"
    assert ReportRequest.objects.get().publication == on_request


def test_the_due_date_skips_bank_holidays(client: Client, published: Publication,
                                          today_is: TodayIs) -> None:
    # Wednesday 26 May 2027; Monday 31 May is the spring bank holiday.
    today_is(date(2027, 5, 26))
    ask(client, published)
    assert ReportRequest.objects.get().due_on == date(2027, 6, 24)  # 20 working days
    partnership = published.review.partnership
    partnership.request_working_days = 7
    partnership.save()
    ReportRequest.objects.all().delete()
    ask(client, published)
    # 27, 28 May, then 1–4 June and Monday 7 June: not Friday 4 June.
    assert ReportRequest.objects.get().due_on == date(2027, 6, 7)


def test_the_honeypot_is_thanked_and_nothing_is_saved(client: Client,
                                                     published: Publication) -> None:
    response = ask(client, published, website="http://spam.example")
    assert response.status_code == 302
    assert response["Location"] == f"/published/{published.slug}/request/sent/"
    assert not ReportRequest.objects.exists()
    assert not Notice.objects.exists()
    assert not AuditEvent.objects.filter(event_type="public_site.request_received").exists()


def test_the_honeypot_is_hidden_from_people_and_assistive_technology(
        client: Client, published: Publication) -> None:
    page = client.get(f"/published/{published.slug}/request/").content.decode()
    assert '<div hidden>\n  <label for="id_website">' in page
    assert 'name="website" value="" autocomplete="off" tabindex="-1"' in page


@pytest.mark.parametrize("changes, field, message", [
    ({"name": ""}, "name", "Enter your name."),
    ({"name": "   "}, "name", "Enter your name."),
    ({"email": ""}, "email", "Enter your e-mail address."),
    ({"email": "robin-at-example"}, "email",
     "Enter an e-mail address in the right format, like name@example.com."),
    ({"report": "no-such-report"}, "report", "Choose one of the reports in the list."),
])
def test_bad_input_is_refused_with_govuk_errors_and_nothing_saved(
        client: Client, published: Publication, changes: dict[str, str], field: str,
        message: str) -> None:
    response = ask(client, published, **changes)
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page and f'href="#id_{field}"' in page
    assert page.count(message) == 2  # in the summary and by the field
    assert "<title>Error: " in page
    assert not ReportRequest.objects.exists() and not Notice.objects.exists()


def test_the_address_limit_then_a_429_saying_when_to_try_again(
        client: Client, published: Publication, time_machine: TimeMachineFixture) -> None:
    for _ in range(actions.REQUESTS_PER_ADDRESS):
        assert ask(client, published).status_code == 302
    first = ReportRequest.objects.order_by("received_at").first()
    assert first is not None
    response = ask(client, published)
    assert response.status_code == 429
    retry = timezone.localtime(first.received_at + timedelta(hours=1))
    assert f"Try again after {retry:%H:%M}" in response.content.decode()
    assert 3500 <= int(response["Retry-After"]) <= 3600
    assert ReportRequest.objects.count() == actions.REQUESTS_PER_ADDRESS
    # Another address is not held back.
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert ask(other, published).status_code == 302
    # An hour later, the first address may ask again.
    time_machine.move_to(first.received_at + timedelta(hours=1, seconds=1), tick=True)
    assert ask(client, published).status_code == 302


@pytest.mark.parametrize("state", [State.SCHEDULED, State.WITHDRAWN, State.CANCELLED])
def test_reports_that_cannot_be_asked_for_have_no_form(
        client: Client, publications: dict[str, Publication], state: str) -> None:
    publication = publications[state]
    assert client.get(f"/published/{publication.slug}/request/").status_code == 404
    assert ask(client, publication).status_code == 404
    assert client.get(f"/published/{publication.slug}/request/sent/").status_code == 404
    assert not ReportRequest.objects.exists()


def test_the_action_refuses_a_report_no_longer_requestable(
        published: Publication) -> None:
    published.state = State.WITHDRAWN
    published.save()
    with pytest.raises(Exception, match="cannot be requested: it is withdrawn"):
        actions.take_request(published, name="A", email="a@example.com", client_hash="x")


def test_a_request_received_earlier_is_due_from_that_day(published: Publication,
                                                        today_is: TodayIs) -> None:
    today_is(date(2027, 6, 10))
    received = actions.take_request(published, name="A", email="a@example.com", client_hash="x",
                                    on=date(2027, 5, 26))
    assert (received.request.received_on, received.request.due_on) == (
        date(2027, 5, 26), date(2027, 6, 24))
    with pytest.raises(ValidationError, match="cannot be in the future"):
        actions.take_request(published, name="A", email="a@example.com", client_hash="x",
                             on=date(2027, 6, 11))
