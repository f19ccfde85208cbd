"""A version's checklist page: read by those who may read the report, through their redactor,
and recorded; the business manager accepts an item with a reason and withdraws it."""

from datetime import date, timedelta
from html import unescape

import pytest
from django.utils import timezone

from reviewdesk.accounts.models import User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.checklist import selectors
from reviewdesk.checklist.tests import reports
from reviewdesk.reports.models import ChecklistAcceptance, ReportVersion
from reviewdesk.reports.tests.helpers import version_of
from reviewdesk.reviews.models import Review
from reviewdesk.testing import ClientFor, tomorrow

pytestmark = pytest.mark.django_db

# The child's real name in a heading and in a paragraph, and "KM" as his initials.
NAMED: list[reports.Block] = [("Introduction", 1), "Kayden Moorcroft was hurt at home. KM was six.",
         ("Kayden Moorcroft and his family", 1), "Kayden lived with his mother."]


def url(version: ReportVersion, more: str = "") -> str:
    return f"/reviews/{version.review.uuid}/report/versions/{version.number}/checklist/{more}"


def day(name: str, on: date) -> dict[str, int]:
    return {f"{name}-day": on.day, f"{name}-month": on.month, f"{name}-year": on.year}


def test_the_business_manager_reads_every_item_and_the_read_is_recorded(
        client_for: ClientFor, review: Review, lead_reviewer: User, business_manager: User) -> None:
    version = version_of(review, business_manager, *reports.MESSY)
    response = client_for(business_manager).get(url(version))
    body = unescape(response.content.decode())
    assert response.status_code == 200
    for title in ("Required sections", "Readability", "Long sentences", "Passive voice",
                  "Acronyms explained", "Jargon", "No identifying details left",
                  "Recommendations numbered and addressed"):
        assert title in body
    assert "Not found: Methodology; The child and family; Good practice; Glossary." in body
    assert "ICPC" in body and "touch base" in body and "speak to" in body
    assert "8 items on this checklist stand in the way of sign-off" not in body  # findings pass
    event = AuditEvent.objects.filter(event_type="checklist.viewed").get()
    assert event.data["version"] == version.pk


def test_a_partner_reads_it_through_their_redactor(
        client_for: ClientFor, review: Review, business_manager: User, partner: User) -> None:
    version = version_of(review, business_manager, *NAMED)
    body = client_for(partner).get(url(version)).content.decode()
    assert "Kayden" not in body and "Moorcroft" not in body
    assert "Child A" in body  # the heading found for the child and family, as the partner reads it
    mine = client_for(business_manager).get(url(version)).content.decode()
    assert "Kayden Moorcroft and his family" in unescape(mine)


def test_staff_who_may_not_read_the_report_are_refused(
        client_for: ClientFor, review: Review, business_manager: User, practitioner: User,
        agency_author: User, outsider: User) -> None:
    version = version_of(review, business_manager, *reports.NUMBERED)
    assert client_for(practitioner).get(url(version)).status_code == 403
    assert client_for(agency_author).get(url(version)).status_code == 403
    assert client_for(outsider).get(url(version)).status_code == 404
    assert client_for(business_manager).get(url(version, "99/")).status_code == 404


def test_the_business_manager_accepts_an_item_with_a_reason(
        client_for: ClientFor, review: Review, business_manager: User, lead_reviewer: User) -> None:
    version = version_of(review, lead_reviewer, *reports.BACKGROUND)
    bm = client_for(business_manager)
    bm.get(url(version))  # worked out as the page opens
    assert {i.key for i in selectors.blocking_items(version)} >= {"passive"}
    refused = bm.post(url(version, "passive/accept/"), {"reason": " ",
                                                         **day("accepted_on", timezone.localdate())})
    assert "Say why the report can go forward as it is" in unescape(refused.content.decode())
    future = bm.post(url(version, "passive/accept/"), {"reason": "Reads well enough.",
                                                        **day("accepted_on", tomorrow())})
    assert future.status_code == 200 and not ChecklistAcceptance.objects.exists()
    before = bm.post(url(version, "passive/accept/"), {
        "reason": "Reads well enough.",
        **day("accepted_on", timezone.localdate() - timedelta(days=1))})
    assert "on or after the date of this version" in unescape(before.content.decode())
    done = bm.post(url(version, "passive/accept/"), {
        "reason": "The subgroup agreed the passive is how events are recorded here.",
        **day("accepted_on", timezone.localdate())})
    assert done.status_code == 302 and done["Location"].endswith("checklist/#passive")
    acceptance = ChecklistAcceptance.objects.get()
    assert (acceptance.item, acceptance.recorded_by) == ("passive", business_manager)
    assert "passive" not in {i.key for i in selectors.blocking_items(version)}
    page = unescape(bm.get(url(version)).content.decode())
    assert "The subgroup agreed the passive is how events are recorded here." in page
    assert "Accepted as it is" in page
    event = AuditEvent.objects.get(event_type="checklist.item_accepted")
    assert "subgroup agreed" not in event.summary + str(event.data)
    # The lead reviewer reads the checklist but may not accept an item.
    assert client_for(lead_reviewer).get(url(version, "jargon/accept/")).status_code == 403
    assert bm.get(url(version, "nonsense/accept/")).status_code == 404

    withdrawn = bm.post(url(version, f"acceptances/{acceptance.pk}/withdraw/"))
    assert withdrawn.status_code == 302
    assert "passive" in {i.key for i in selectors.blocking_items(version)}
    assert bm.get(url(version, f"acceptances/{acceptance.pk}/withdraw/")).status_code == 405


def test_the_review_page_says_what_stands_in_the_way(
        client_for: ClientFor, review: Review, business_manager: User) -> None:
    version = version_of(review, business_manager, *reports.NUMBERED)
    selectors.items_for(version)
    body = unescape(client_for(business_manager).get(f"/reviews/{review.uuid}/").content.decode())
    assert "What the report must contain" in body
    assert "Version 1: nothing on its checklist stands in the way of sign-off." in body
