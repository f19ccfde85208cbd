"""Partners' written requests under regulation 14, logged by the business manager with their
answers, and listed on the report page for those who read the report."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from reviewdesk.accounts.models import PartnerFor, User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.reports import actions
from reviewdesk.reports.models import InformationRequest
from reviewdesk.reports.tests.helpers import text, version_of
from reviewdesk.reviews.models import Review
from reviewdesk.testing import ClientFor

pytestmark = pytest.mark.django_db


def day(name: str, on: object) -> dict[str, object]:
    return {f"{name}-day": on.day, f"{name}-month": on.month,  # type: ignore[attr-defined]
            f"{name}-year": on.year}  # type: ignore[attr-defined]


def test_a_request_is_logged_then_answered_and_listed(
        registered: Review, business_manager: User, lead_reviewer: User, partner: User,
        client_for: ClientFor) -> None:
    version = version_of(registered, lead_reviewer, ("Introduction", 1), "1.1 Text.")
    today = timezone.localdate()
    client = client_for(business_manager)
    base = f"/reviews/{registered.uuid}/report/"
    response = client.post(base + "regulation-14/new/", {
        "partner_for": PartnerFor.POLICE, **day("requested_on", today - timedelta(days=4)),
        "asked": "both", "request": "The latest draft and the police timeline for Kayden.",
        "version": "", "on_behalf_of": ""})
    assert response.status_code == 302
    item = InformationRequest.objects.get()
    assert (item.partner_for, item.asked, item.version) == ("police", "both", None)
    response = client.post(base + f"regulation-14/{item.pk}/answer/", {
        **day("answered_on", today), "answer": "Sent version 1.", "version": version.pk,
        "on_behalf_of": ""})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.answered_on, item.answer, item.version) == (today, "Sent version 1.", version)
    assert AuditEvent.objects.filter(event_type__startswith="reports.information_request"
                                     ).count() == 2
    page = text(client_for(partner).get(base))
    assert "Police" in page and "Sent version 1." in page and "Sent: version 1" in page
    assert "Kayden" not in page  # the request's text through the partner's redactor
    assert "Record the answer" not in page and "Log a request" not in page


def test_dates_must_be_past_and_in_order(registered: Review, business_manager: User) -> None:
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="today or in the past"):
        actions.log_information_request(registered, by=business_manager, partner_for="police",
                                        requested_on=today + timedelta(days=1), asked="draft",
                                        request="A draft.")
    item = actions.log_information_request(registered, by=business_manager,
                                           partner_for="health", requested_on=today,
                                           asked="draft", request="A draft.")
    with pytest.raises(ValidationError, match="on or after the date of the request"):
        actions.answer_information_request(item, by=business_manager,
                                           answered_on=today - timedelta(days=1), answer="Sent.")
    with pytest.raises(ValidationError, match="Enter the answer"):
        actions.answer_information_request(item, by=business_manager, answered_on=today,
                                           answer="  ")
    item.refresh_from_db()
    assert item.answered_on is None


def test_only_the_business_manager_records_requests(
        registered: Review, lead_reviewer: User, partner: User, client_for: ClientFor) -> None:
    for person in (lead_reviewer, partner):
        response = client_for(person).get(f"/reviews/{registered.uuid}/report/regulation-14/new/")
        assert response.status_code == 403


def test_an_unanswered_request_waits_on_the_business_managers_home_page(
        registered: Review, business_manager: User, lead_reviewer: User,
        client_for: ClientFor) -> None:
    today = timezone.localdate()
    item = actions.log_information_request(registered, by=business_manager,
                                           partner_for="health", requested_on=today,
                                           asked="draft", request="A draft.")
    assert "Answer a regulation 14 request from the Health (ICB) partner" in text(
        client_for(business_manager).get("/"))
    assert "regulation 14" not in text(client_for(lead_reviewer).get("/"))
    actions.answer_information_request(item, by=business_manager, answered_on=today,
                                       answer="Sent version 1.")
    assert "regulation 14" not in text(client_for(business_manager).get("/"))
