"""Recording the statutory notifications for an incident: the National Panel (with its
reference) and the local partners within 5 working days, and for a looked-after child's death,
Ofsted and the Secretary of State too."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reviewdesk.audit.models import AuditEvent
from reviewdesk.rapid_review import actions
from reviewdesk.rapid_review.models import Notification
from reviewdesk.rapid_review.tests.helpers import date_form, page_text
from reviewdesk.reviews.models import Clock, ClockKind, Incident, Review, TimelineEntry
from reviewdesk.testing import MakeReview


def url(review: Review) -> str:
    return f"/reviews/{review.uuid}/rapid-review/notification/{review.incidents.get().pk}/"


def form(panel: date | None = None, reference: str = "", partners: date | None = None,
         **extra: object) -> dict:
    return {**date_form("panel_notified_on", panel), "panel_reference": reference,
            **date_form("partners_told_on", partners), "on_behalf_of": "", **extra}


def panel_clock(review: Review) -> Clock:
    return review.clocks.get(kind=ClockKind.PANEL_NOTIFICATION)


@pytest.fixture
def looked_after_death(make_review: MakeReview) -> Review:
    """A looked-after child died; abuse or neglect is not suspected."""
    return make_review(
        child_name="Tyler Brannigan", what_happened=Incident.WhatHappened.DEATH,
        abuse_or_neglect=Incident.AbuseOrNeglect.NOT_SUSPECTED,
        children=[{"name": "Tyler Brannigan", "date_of_birth": date(2010, 6, 30),
                   "looked_after": True}])


def test_recording_the_panel_and_the_partners_meets_the_clock_on_the_later_date(
        review, business_manager, partner, client_for, today_is):
    today_is(date(2026, 3, 6))
    client = client_for(business_manager)
    response = client.post(url(review), form(panel=date(2026, 3, 4), reference="CSPR-NOT-81234",
                                             on_behalf_of=partner.pk))
    assert response.status_code == 302
    assert panel_clock(review).met_on is None  # the partners have not been told yet
    response = client.post(url(review), form(panel=date(2026, 3, 4), reference="CSPR-NOT-81234",
                                             partners=date(2026, 3, 3), version=1))
    assert response.status_code == 302
    assert panel_clock(review).met_on == date(2026, 3, 4)
    note = Notification.objects.get(incident__review=review)
    assert (note.panel_notified_on, note.panel_reference, note.partners_told_on) == (
        date(2026, 3, 4), "CSPR-NOT-81234", date(2026, 3, 3))
    entries = review.timeline.filter(kind=TimelineEntry.Kind.NOTE)
    panel = entries.get(title="National Panel notified")
    assert (panel.effective_on, panel.detail, panel.on_behalf_of) == (
        date(2026, 3, 4), "Reference CSPR-NOT-81234.", partner)
    assert entries.get(title="Local partners told").effective_on == date(2026, 3, 3)
    assert review.timeline.get(kind=TimelineEntry.Kind.CLOCK_MET).effective_on == date(2026, 3, 4)
    events = AuditEvent.objects.filter(event_type="rapid_review.notification_recorded")
    assert [e.data["fields"] for e in events.order_by("seq")] == [
        ["panel_notified_on", "panel_reference"], ["partners_told_on"]]
    assert all("Bea" not in e.summary for e in events)
    assert AuditEvent.objects.filter(event_type="clock.met").count() == 1


def test_once_both_are_recorded_they_are_fixed(review, business_manager, client_for, today_is):
    today_is(date(2026, 3, 6))
    incident = review.incidents.get()
    actions.record_notification(incident, by=business_manager, panel_notified_on=date(2026, 3, 3),
                                panel_reference="REF-1", partners_told_on=date(2026, 3, 3))
    page = page_text(client_for(business_manager).get(url(review)))
    assert "Every notification this incident needs is recorded." in page
    assert "Reference from the national notification system" not in page  # no longer asked
    with pytest.raises(ValidationError) as refused:
        actions.record_notification(incident, by=business_manager, panel_reference="REF-2")
    assert "fixed" in str(refused.value)


@pytest.mark.parametrize(("values", "field", "message"), [
    (form(panel=date(2026, 3, 9), reference="R"), "panel_notified_on",
     "Date the Panel was notified cannot be in the future."),
    (form(panel=date(2026, 2, 27), reference="R"), "panel_notified_on",
     "Date the Panel was notified cannot be before 2 March 2026, when the local authority became "
     "aware of the incident."),
    (form(panel=date(2026, 3, 3)), "panel_reference",
     "Enter the reference the national notification system gave the Panel notification."),
    (form(reference="R"), "panel_notified_on", "Enter the date the Panel was notified."),
    (form(partners=date(2026, 3, 1)), "partners_told_on",
     "Date the local partners were told cannot be before 2 March 2026"),
    (form(), None, "Nothing to record: enter a date that has not been recorded yet"),
])
def test_wrong_answers_are_explained_and_nothing_is_saved(
        review, business_manager, client_for, today_is, values, field, message):
    today_is(date(2026, 3, 6))
    response = client_for(business_manager).post(url(review), values)
    assert response.status_code == 200
    page = page_text(response)
    assert "There is a problem" in page and message in page
    assert not Notification.objects.exists()
    assert panel_clock(review).met_on is None
    assert not AuditEvent.objects.filter(event_type="rapid_review.notification_recorded").exists()


def test_the_action_itself_refuses_a_future_date(review, business_manager, today_is):
    today_is(date(2026, 3, 6))
    with pytest.raises(ValidationError) as refused:
        actions.record_notification(review.incidents.get(), by=business_manager,
                                    partners_told_on=date(2026, 3, 7))
    assert refused.value.message_dict["partners_told_on"] == [
        "The date the local partners were told cannot be in the future: enter today's date or an "
        "earlier one."]


def test_a_looked_after_childs_death_needs_ofsted_and_the_secretary_of_state(
        looked_after_death, business_manager, client_for, today_is):
    today_is(date(2026, 3, 6))
    review = looked_after_death
    client = client_for(business_manager)
    page = page_text(client.get(url(review)))
    assert ("A looked-after child died. Ofsted and the Secretary of State must also be notified, "
            "whether or not abuse or neglect is known or suspected.") in page
    assert "Date Ofsted was notified" in page and "Date the Secretary of State was notified" in page
    client.post(url(review), form(panel=date(2026, 3, 3), reference="R-9",
                                  partners=date(2026, 3, 4)))
    # The Panel clock is met, but the notification is not complete.
    assert panel_clock(review).met_on == date(2026, 3, 4)
    section = page_text(client.get(f"/reviews/{review.uuid}/"))
    assert ("The notification is incomplete until these are recorded: Ofsted notified, Secretary "
            "of State notified.") in section
    assert "A looked-after child died: Ofsted and the Secretary of State must be notified" in section
    response = client.post(url(review), {**date_form("ofsted_notified_on", date(2026, 3, 5)),
                                         **date_form("secretary_of_state_notified_on",
                                                     date(2026, 3, 6)), "on_behalf_of": "",
                                         "version": 1})
    assert response.status_code == 302
    note = Notification.objects.get()
    assert (note.ofsted_notified_on, note.secretary_of_state_notified_on) == (
        date(2026, 3, 5), date(2026, 3, 6))
    section = page_text(client.get(f"/reviews/{review.uuid}/"))
    assert "The notification is incomplete" not in section
    assert review.timeline.filter(title="Ofsted notified").exists()
    assert review.timeline.filter(title="Secretary of State notified").exists()


def test_other_incidents_are_not_asked_about_ofsted(review, business_manager, client_for):
    page = page_text(client_for(business_manager).get(url(review)))
    assert "Ofsted" not in page


def test_only_the_local_authority_partner_or_the_business_manager_records_notifications(
        review, partners, agency_author, outsider, client_for):
    for other in (partners["health"], partners["police"], agency_author):
        assert client_for(other).get(url(review)).status_code == 403
        assert client_for(other).post(url(review), form()).status_code == 403
    assert client_for(outsider).get(url(review)).status_code == 404
    assert not Notification.objects.exists()
    with pytest.raises(PermissionDenied):
        actions.record_notification(review.incidents.get(), by=partners["police"],
                                    panel_notified_on=date(2026, 3, 3))


def test_the_local_authority_partner_records_the_notification_it_submitted(
        review, partner, today_is, client_for):
    today_is(date(2026, 3, 9))
    client = client_for(partner)
    page = page_text(client.get(url(review)))
    assert "Recorded on behalf of" not in page  # they record their own
    response = client.post(url(review), form(date(2026, 3, 4), "NCSPRP-1", date(2026, 3, 3)))
    assert response.status_code == 302
    assert panel_clock(review).met_on == date(2026, 3, 4)
    entry = review.timeline.get(title="National Panel notified")
    assert (entry.recorded_by, entry.on_behalf_of, entry.effective_on) == (
        partner, None, date(2026, 3, 4))
    event = AuditEvent.objects.get(event_type="rapid_review.notification_recorded")
    assert (event.actor, event.on_behalf_of) == (partner, None)


def test_the_business_manager_may_record_it_on_the_local_authority_partners_behalf(
        review, business_manager, partner, today_is, client_for):
    today_is(date(2026, 3, 9))
    response = client_for(business_manager).post(url(review), form(
        date(2026, 3, 4), "NCSPRP-1", date(2026, 3, 3), on_behalf_of=str(partner.pk)))
    assert response.status_code == 302
    entry = review.timeline.get(title="National Panel notified")
    assert (entry.recorded_by, entry.on_behalf_of) == (business_manager, partner)
    section = page_text(client_for(business_manager).get(f"/reviews/{review.uuid}/"))
    assert "by Bea Manager on behalf of Pat Partner" in section


def test_a_partner_cannot_record_it_on_someone_elses_behalf(review, partner, business_manager):
    with pytest.raises(ValidationError) as refused:
        actions.record_notification(review.incidents.get(), by=partner,
                                    on_behalf_of=business_manager,
                                    panel_notified_on=date(2026, 3, 3))
    assert "leave 'on behalf of' empty" in str(refused.value)
    assert not Notification.objects.exists()
