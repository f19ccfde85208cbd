"""The sign-off page, its forms and the home items: who sees what, each step from its form, and
"Sign off version N of the report" on the home page of whoever must act next."""

import html
from datetime import date

from reviewdesk.accounts.models import PartnerFor
from reviewdesk.audit.models import AuditEvent
from reviewdesk.reports.models import Approval
from reviewdesk.reports.tests.helpers import version_of
from reviewdesk.reviews.needs import needs_for
from reviewdesk.signoff import actions
from reviewdesk.testing import tomorrow

ON = date(2026, 8, 3)


def url(review, part=""):
    return f"/reviews/{review.uuid}/sign-off/{part}"


def day(name, on):
    return {f"{name}-day": on.day, f"{name}-month": on.month, f"{name}-year": on.year}


def text(response):
    return html.unescape(response.content.decode())


def test_the_page_shows_a_partial_set_as_such(version, business_manager, client_for):
    actions.record_subgroup_sign_off(version, by=business_manager, decided_on=ON,
                                     reasons="Agreed at the meeting.")
    page = text(client_for(business_manager).get(url(version.review)))
    assert "Not approved: 1 of 5 approvals" in page
    assert "Given on 3 August 2026. At the meeting, recorded by Bea Manager" in page
    assert "Agreed at the meeting." in page
    assert "Record the Executive Group's sign-off" in page


def test_the_business_manager_records_the_subgroup_meeting_from_its_form(
        version, business_manager, client_for):
    client = client_for(business_manager)
    response = client.post(url(version.review, "subgroup/"),
                           {"report_version": 1, **day("decided_on", ON), "reasons": ""})
    assert response.status_code == 302
    assert Approval.objects.get().step == Approval.Step.SUBGROUP
    assert AuditEvent.objects.filter(event_type="signoff.subgroup_signed_off").exists()


def test_a_bad_date_is_refused_on_the_form_and_changes_nothing(version, business_manager,
                                                               client_for):
    response = client_for(business_manager).post(
        url(version.review, "subgroup/"),
        {"report_version": 1, **day("decided_on", tomorrow()), "reasons": ""})
    assert response.status_code == 200
    assert "cannot be in the future" in text(response)
    assert not Approval.objects.exists()


def test_a_version_that_arrived_while_the_form_was_open_is_not_signed(
        version, business_manager, lead_reviewer, client_for):
    version_of(version.review, lead_reviewer, "The second version.")
    response = client_for(business_manager).post(
        url(version.review, "subgroup/"), {"report_version": 1, **day("decided_on", ON)})
    assert response.status_code == 200
    assert "Version 2 of the report has arrived since you opened this page" in text(response)
    assert not Approval.objects.exists()


def test_the_executive_reads_the_page_only_after_the_subgroups_sign_off(
        version, business_manager, executive, client_for):
    client = client_for(executive)
    assert client.get(url(version.review)).status_code == 403
    actions.record_subgroup_sign_off(version, by=business_manager, decided_on=ON)
    assert client.get(url(version.review)).status_code == 200
    response = client.post(url(version.review, "executive/"),
                           {"report_version": 1, **day("decided_on", ON)})
    assert response.status_code == 302
    response = client.post(url(version.review, "publication/"),
                           {"report_version": 1, "agrees": "no", **day("decided_on", ON)})
    assert response.status_code == 200
    assert "Give the Executive Group's reasons" in text(response)
    assert not Approval.objects.filter(step=Approval.Step.PUBLICATION).exists()


def test_a_partner_approves_their_own_and_the_business_manager_for_another(
        version, business_manager, partner, partners, client_for):
    actions.record_subgroup_sign_off(version, by=business_manager, decided_on=ON)
    actions.sign_off_for_executive(version, by=business_manager, decided_on=ON)
    response = client_for(partner).post(url(version.review, "partner/"),
                                        {"report_version": 1, **day("decided_on", ON)})
    assert response.status_code == 302
    response = client_for(business_manager).post(
        url(version.review, "partner/"),
        {"report_version": 1, "partner_for": PartnerFor.HEALTH, **day("decided_on", ON)})
    assert response.status_code == 302
    assert set(Approval.objects.filter(step="partner").values_list("partner_for", flat=True)) == {
        PartnerFor.LOCAL_AUTHORITY, PartnerFor.HEALTH}


def test_outsiders_cannot_tell_and_others_may_not(version, outsider, agency_author, client_for):
    assert client_for(outsider).get(url(version.review)).status_code == 404
    assert client_for(agency_author).get(url(version.review)).status_code == 403
    assert client_for(agency_author).post(url(version.review, "subgroup/"), {}).status_code == 403


def test_home_says_who_must_sign_off_next(version, business_manager, subgroup_member, executive,
                                          partner, partners):
    today = date(2026, 8, 10)
    item = "Sign off version 1 of the report"
    assert [n.what for n in needs_for(subgroup_member, today)].count(item) == 1
    assert item not in [n.what for n in needs_for(executive, today)]
    actions.record_subgroup_sign_off(version, by=business_manager, decided_on=ON)
    assert item not in [n.what for n in needs_for(subgroup_member, today)]
    assert item in [n.what for n in needs_for(executive, today)]
    assert "Approve version 1 of the report" not in [n.what for n in needs_for(partner, today)]
    actions.sign_off_for_executive(version, by=business_manager, decided_on=ON)
    assert item not in [n.what for n in needs_for(executive, today)]
    assert "Approve version 1 of the report" in [n.what for n in needs_for(partner, today)]


def test_the_review_page_has_a_sign_off_section(version, business_manager, client_for):
    page = text(client_for(business_manager).get(f"/reviews/{version.review.uuid}/"))
    assert "Sign-off of the report" in page
    assert "Not approved: 0 of 5 approvals" in page
