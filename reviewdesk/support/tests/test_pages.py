"""The support pages: the practitioner's page always shows how to get support and their own
offers and answers; they ask from it; the business manager reads and answers; a manager sees the
guide's advice for team discussions; nobody else reads any of it, and none of it is in an export,
a search, the timeline or the review's notice log."""

import io
import zipfile
from datetime import date

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from reviewdesk.accounts.models import User
from reviewdesk.accounts.testing import reauthenticated
from reviewdesk.audit.models import AuditEvent
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.needs import needs_for
from reviewdesk.staff.models import SupportOffer, SupportRequest, TeamSupportSession
from reviewdesk.support import actions, views
from reviewdesk.support.tests.helpers import add_manager, practitioner_record, senior_contact
from reviewdesk.testing import tomorrow

pytestmark = pytest.mark.django_db

SECRET = "Quillon asked me to say nothing; I am not sleeping"


def day(name: str, on: date) -> dict[str, int]:
    return {f"{name}-day": on.day, f"{name}-month": on.month, f"{name}-year": on.year}


@pytest.fixture
def record(review, business_manager, practitioner, agencies, partnership):
    actions.set_support_service(agencies["health"], by=business_manager,
                                name="Staff Psychological Support",
                                how_to_reach="0300 000 2222, khft-support.example")
    actions.set_escalation_contact(partnership, by=business_manager,
                                   person=senior_contact(partnership))
    return practitioner_record(review, practitioner, business_manager)


def test_the_practitioners_page_always_shows_how_to_get_support(client_for, review, record,
                                                                practitioner):
    body = client_for(practitioner).get(f"/reviews/{review.uuid}/").content.decode()
    assert "Getting support" in body
    assert "Staff Psychological Support: 0300 000 2222, khft-support.example" in body
    assert "Bea Manager" in body and "talk to your line manager" in body
    assert "Sir Godfrey Senior" in body  # who an unanswered request goes to
    assert f"/reviews/{review.uuid}/support/ask/" in body


def test_a_practitioner_asks_the_business_manager_answers_and_the_practitioner_reads_it(
        client_for, review, record, practitioner, business_manager):
    mine = client_for(practitioner)
    response = mine.post(f"/reviews/{review.uuid}/support/ask/", {"text": ""})
    assert "Say what support you need" in response.content.decode()
    assert not SupportRequest.objects.exists()
    response = mine.post(f"/reviews/{review.uuid}/support/ask/", {"text": SECRET})
    assert response.status_code == 302
    asked = SupportRequest.objects.get()
    page = mine.get(f"/reviews/{review.uuid}/").content.decode()
    assert "Waiting for the business manager" in page and "I am not sleeping" in page

    bm = client_for(business_manager)
    support = bm.get(f"/reviews/{review.uuid}/support/").content.decode()
    assert "Polly Practitioner" in support and "waiting for your answer" in support
    url = f"/reviews/{review.uuid}/support/requests/{asked.pk}/"
    assert SECRET in bm.get(url).content.decode()
    assert AuditEvent.objects.filter(event_type="support.request_viewed",
                                     actor=business_manager).exists()
    response = bm.post(url, {"action_taken": "", "answer": "", **day("answered_on", date.today())})
    assert "Say what was done" in response.content.decode()
    response = bm.post(url, {"action_taken": "Spoke to her manager.",
                             "answer": "Your manager will see you weekly; Quillon knows.",
                             **day("answered_on", asked.asked_on)})
    assert response.status_code == 302
    page = mine.get(f"/reviews/{review.uuid}/").content.decode()
    assert "The business manager&#39;s answer" in page or "business manager's answer" in page
    assert "Your manager will see you weekly" in page
    assert "Spoke to her manager" not in page  # what was done is the business manager's


def test_nobody_else_opens_the_support_pages(client_for, review, record, practitioner,
                                             business_manager, lead_reviewer, partner,
                                             subgroup_member, agency_author, outsider):
    asked = actions.ask_for_support(record, by=practitioner, text=SECRET)
    offer = actions.offer_support(record, by=business_manager, source="partnership",
                                  offered_on=date(2026, 3, 10))
    pages = [f"/reviews/{review.uuid}/support/",
             f"/reviews/{review.uuid}/support/requests/{asked.pk}/",
             f"/reviews/{review.uuid}/support/offers/{offer.pk}/",
             f"/reviews/{review.uuid}/support/practitioners/{record.pk}/offer/"]
    for someone in (lead_reviewer, partner, subgroup_member, agency_author, practitioner):
        client = client_for(someone)
        for url in pages:
            assert client.get(url).status_code == 403, (someone, url)
        if someone != practitioner:  # their own page shows their own request
            assert SECRET not in client.get(f"/reviews/{review.uuid}/").content.decode()
    for url in pages:
        assert client_for(outsider).get(url).status_code == 404
    # Another practitioner's page never shows someone else's request.
    assert client_for(agency_author).get(
        f"/reviews/{review.uuid}/support/ask/").status_code == 403


def test_support_is_in_no_export_search_timeline_or_notice_log(
        client_for, review, record, practitioner, business_manager):
    asked = actions.ask_for_support(record, by=practitioner, text=SECRET)
    actions.answer_support_request(asked, by=business_manager, action_taken="Quillon rang",
                                   answer="Quillon will call")
    bm = client_for(business_manager)
    search = bm.get("/search/", {"q": "Quillon"}).content.decode()
    assert "Quillon" not in search.replace('value="Quillon"', "")
    sheet = bm.get("/dashboard/export.xlsx")
    assert sheet.status_code == 200
    with zipfile.ZipFile(io.BytesIO(sheet.content)) as package:
        assert not [n for n in package.namelist() if b"Quillon" in package.read(n)]
    export = reauthenticated(client_for(business_manager)).get(
        f"/reviews/{review.uuid}/register/export/")
    assert export.status_code == 200 and b"Quillon" not in export.content
    assert not review.timeline.filter(title__icontains="support").exists()
    assert not review.timeline.filter(detail__icontains="Quillon").exists()
    log = bm.get(f"/reviews/{review.uuid}/notices/").content.decode()
    assert "member of staff has asked for support" not in log and "Quillon" not in log


def test_the_business_manager_records_an_offer_and_its_follow_up_shows_at_home(
        client_for, review, record, business_manager, today_is):
    bm = client_for(business_manager)
    url = f"/reviews/{review.uuid}/support/practitioners/{record.pk}/offer/"
    response = bm.post(url, {"source": "agency_service", **day("offered_on", tomorrow())})
    assert "cannot be in the future" in response.content.decode()
    follow = tomorrow()
    response = bm.post(url, {"source": "agency_service", **day("offered_on", date(2026, 3, 10)),
                             **day("follow_up_on", follow), "note": "Six sessions"})
    assert response.status_code == 302
    offer = SupportOffer.objects.get()
    assert offer.follow_up_on == follow
    home = needs_for(business_manager, follow)
    assert [n.what for n in home if "Follow up" in n.what] == [
        "Follow up support offered to a member of staff"]
    response = bm.post(f"/reviews/{review.uuid}/support/offers/{offer.pk}/", {
        "status": "taken_up", **day("status_on", date(2026, 3, 12)), "follow_up_on-day": "",
        "follow_up_on-month": "", "follow_up_on-year": "", "note": "Started",
        "version": offer.version})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert (offer.status, offer.follow_up_on) == ("taken_up", None)
    assert not [n for n in needs_for(business_manager, follow) if "Follow up" in n.what]


def test_a_manager_sees_the_guides_advice_and_records_a_team_session(
        client_for, review, business_manager, partnership, practitioner):
    manager = add_manager(review, business_manager, partnership)
    request = RequestFactory().get("/")
    request.user = manager
    section = views.practitioner_section(request, review, Names(review, manager))
    assert section is not None and section.context["is_manager"]
    advice = " ".join(section.context["advice"])
    assert "how they are feeling and what support they need" in advice
    assert "not be a discussion about who did what, when" in advice
    assert "trained facilitator" in advice
    client = client_for(manager)
    url = f"/reviews/{review.uuid}/support/team-session/"
    response = client.post(url, day("held_on", tomorrow()))
    assert "cannot be in the future" in response.content.decode()
    assert client.post(url, day("held_on", date(2026, 3, 20))).status_code == 302
    assert TeamSupportSession.objects.get().manager == manager
    for someone in (practitioner, business_manager):
        assert client_for(someone).get(url).status_code == 403


def test_the_partnership_settings_pages(client_for, business_manager, partner, agencies):
    bm = client_for(business_manager)
    assert "Support for staff" in bm.get("/settings/support/").content.decode()
    url = f"/settings/support/agencies/{agencies['police'].pk}/"
    assert "Enter the service" in bm.post(url, {"name": "", "how_to_reach": "x"}).content.decode()
    assert bm.post(url, {"name": "EAP", "how_to_reach": "0800 000 3333"}).status_code == 302
    assert client_for(partner).get("/settings/support/").status_code == 403
    assert client_for(partner).get(url).status_code == 403


def test_the_review_page_shows_the_business_manager_the_way_in(client_for, review: Review,
                                                               business_manager, partner):
    assert "Open the support for staff" in client_for(business_manager).get(
        f"/reviews/{review.uuid}/").content.decode()
    assert "Open the support for staff" not in client_for(partner).get(
        f"/reviews/{review.uuid}/").content.decode()


def test_the_support_page_costs_the_same_queries_however_many_practitioners(
        client_for, review, record, business_manager, partnership, agencies):
    bm = client_for(business_manager)
    url = f"/reviews/{review.uuid}/support/"

    def cost() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert bm.get(url).status_code == 200
        return len(queries)

    before = cost()
    for n in range(3):
        person = User.objects.create_user(f"hv{n}@example.test", "pw", full_name=f"Hana V{n}",
                                          partnership=partnership, agency=agencies["health"],
                                          job_title="Health Visitor")
        added = practitioner_record(review, person, business_manager)
        actions.offer_support(added, by=business_manager, source="partnership",
                              offered_on=date(2026, 3, 10))
    assert cost() == before
