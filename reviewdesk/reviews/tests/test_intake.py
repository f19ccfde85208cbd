"""Recording a serious incident opens a review: reference, children in the register, clocks."""

import html
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.utils import timezone

from reviewdesk.accounts.models import Agency
from reviewdesk.audit.models import AuditEvent
from reviewdesk.reviews.models import (
    ClockKind,
    IdentityEntry,
    Incident,
    Review,
    Stage,
    TimelineEntry,
)
from reviewdesk.testing import ClientResponse

NEW = "/reviews/new/"


def page_text(response: ClientResponse) -> str:
    return html.unescape(response.content.decode())


def date_fields(name: str, day: str, month: str, year: str) -> dict[str, str]:
    return {f"{name}-day": day, f"{name}-month": month, f"{name}-year": year}


@pytest.fixture
def incident_form(agencies: dict[str, Agency]) -> Callable[..., dict[str, object]]:
    """A complete, valid intake form; tests change or remove what they are about."""

    def make(**changes: object) -> dict:
        data = {
            "child_1_name": "Kayden Moorcroft",
            **date_fields("child_1_dob", "14", "3", "2019"),
            "what_happened": Incident.WhatHappened.SERIOUS_HARM,
            "abuse_or_neglect": Incident.AbuseOrNeglect.SUSPECTED,
            **date_fields("incident_date", "28", "2", "2026"),
            **date_fields("la_aware_on", "2", "3", "2026"),
            "agencies": [agencies["police"].pk, agencies["health"].pk],
            "summary": "A child was seriously hurt at home.",
            "on_behalf_of": "",
        }
        for key, value in changes.items():
            if value is None:
                data.pop(key, None)
            else:
                data[key] = value
        return data

    return make


def assert_nothing_created() -> None:
    assert not Review.objects.exists()
    assert not IdentityEntry.objects.exists()
    assert not AuditEvent.objects.filter(event_type="review.incident_recorded").exists()


def test_recording_an_incident_opens_a_review_and_shows_it(
        business_manager, agencies, incident_form, client_for):
    client = client_for(business_manager)
    response = client.post(NEW, incident_form(child_1_looked_after="on"))

    review = Review.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/reviews/{review.uuid}/"
    assert review.reference == "TS-2026-001"
    assert (review.stage, review.stage_since) == (Stage.NOTIFICATION, date(2026, 3, 2))
    assert review.created_by == business_manager

    incident = review.incidents.get()
    assert (incident.incident_date, incident.la_aware_on) == (date(2026, 2, 28), date(2026, 3, 2))
    assert incident.what_happened == Incident.WhatHappened.SERIOUS_HARM
    assert set(incident.agencies.all()) == {agencies["police"], agencies["health"]}
    child = incident.children.get()
    assert child.looked_after
    assert (child.identity.real_name, child.identity.pseudonym) == ("Kayden Moorcroft", "Child A")
    assert child.identity.date_of_birth == date(2019, 3, 14)

    due = dict(review.clocks.values_list("kind", "due_on"))
    assert due == {ClockKind.PANEL_NOTIFICATION: date(2026, 3, 9),
                   ClockKind.RAPID_REVIEW: date(2026, 3, 23)}

    entry = review.timeline.get()
    assert (entry.kind, entry.effective_on, entry.recorded_by) == (
        TimelineEntry.Kind.INCIDENT_RECORDED, date(2026, 3, 2), business_manager)
    event = AuditEvent.objects.get(event_type="review.incident_recorded")
    assert (event.actor, event.review_id, event.data["children"]) == (
        business_manager, review.pk, 1)
    assert event.summary == "Recorded a serious incident and opened TS-2026-001"

    page = page_text(client.get(response["Location"]))
    assert "Review TS-2026-001 opened. Its clocks have started." in page
    assert "Kayden Moorcroft" in page


def test_references_count_up_within_the_year_the_local_authority_became_aware(
        business_manager, incident_form, client_for):
    client = client_for(business_manager)
    client.post(NEW, incident_form())
    client.post(NEW, incident_form(child_1_name="Another Child"))
    client.post(NEW, incident_form(**date_fields("incident_date", "1", "12", "2025"),
                                   **date_fields("la_aware_on", "2", "12", "2025")))
    assert sorted(Review.objects.values_list("reference", flat=True)) == [
        "TS-2025-001", "TS-2026-001", "TS-2026-002"]


def test_each_child_goes_into_the_identity_register_in_order(
        business_manager, incident_form, client_for):
    client_for(business_manager).post(NEW, incident_form(
        child_2_name="Mia Moorcroft", **date_fields("child_2_dob", "1", "6", "2021")))
    review = Review.objects.get()
    children = review.incidents.get().children.select_related("identity")
    assert [(c.position, c.identity.pseudonym, c.identity.real_name) for c in children] == [
        (1, "Child A", "Kayden Moorcroft"), (2, "Child B", "Mia Moorcroft")]
    assert all(c.identity.kind == IdentityEntry.Kind.CHILD for c in children)
    assert AuditEvent.objects.get(event_type="review.incident_recorded").data["children"] == 2


def test_recorded_on_behalf_of_a_partner_shows_both_names_on_the_timeline(
        business_manager, partner, incident_form, client_for):
    client = client_for(business_manager)
    client.post(NEW, incident_form(on_behalf_of=partner.pk))
    review = Review.objects.get()
    entry = review.timeline.get()
    assert (entry.recorded_by, entry.on_behalf_of) == (business_manager, partner)
    assert AuditEvent.objects.get(event_type="review.incident_recorded").on_behalf_of == partner
    page = page_text(client.get(f"/reviews/{review.uuid}/"))
    assert "Bea Manager on behalf of Pat Partner" in page


def test_on_behalf_of_offers_only_the_partnerships_officers(
        business_manager, practitioner, incident_form, client_for):
    response = client_for(business_manager).post(NEW,
                                                 incident_form(on_behalf_of=practitioner.pk))
    assert response.status_code == 200
    assert "Select a valid choice" in page_text(response)
    assert_nothing_created()


# --- Validation: a clear message and nothing created ------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param(
            {**date_fields("incident_date", "5", "3", "2026")},
            "The date the local authority became aware cannot be before the incident date.",
            id="aware before the incident"),
        pytest.param(
            {"child_5_name": "A Fifth Child"},
            "An incident can name at most 4 children. Record the others as a second incident on "
            "the same review.",
            id="a fifth child"),
        pytest.param({"what_happened": None},
                     "Say whether the child died or was seriously harmed.",
                     id="what happened missing"),
        pytest.param({"abuse_or_neglect": None},
                     "Say whether abuse or neglect is known or suspected.",
                     id="abuse or neglect missing"),
        pytest.param({"child_1_name": ""}, "Enter the name of at least one child.",
                     id="no first child"),
        pytest.param({"child_1_name": "   "}, "Enter the name of at least one child.",
                     id="a blank first child"),
        pytest.param({**date_fields("incident_date", "31", "2", "2026")},
                     "Incident date must be a real date.", id="31 February"),
        pytest.param({**date_fields("la_aware_on", "2", "13", "2026")},
                     "Date the local authority became aware must be a real date.",
                     id="month 13"),
        pytest.param({**date_fields("incident_date", "28", "", "2026")},
                     "Incident date must include a month.", id="a date without a month"),
        pytest.param({**date_fields("incident_date", "28", "2", "26")},
                     "Incident date: enter the year with 4 digits, for example 2026.",
                     id="a two-digit year"),
        pytest.param({**date_fields("la_aware_on", "", "", "")},
                     "Enter the date the local authority became aware.",
                     id="no awareness date"),
        pytest.param({**date_fields("child_2_dob", "1", "6", "2021")},
                     "Enter child 2's name, or clear their other answers.",
                     id="a date of birth without a name"),
        pytest.param({"child_3_looked_after": "on"},
                     "Enter child 3's name, or clear their other answers.",
                     id="looked after without a name"),
        pytest.param({**date_fields("child_1_dob", "1", "3", "2026")},
                     "Child 1's date of birth cannot be after the incident date.",
                     id="born after the incident"),
        pytest.param({"summary": ""}, "Enter a short summary of what happened.",
                     id="no summary"),
    ],
)
def test_an_incident_with_a_problem_is_refused_with_a_clear_message(
        business_manager, incident_form, client_for, changes, message):
    response = client_for(business_manager).post(NEW, incident_form(**changes))
    assert response.status_code == 200
    page = page_text(response)
    assert message in page
    assert "There is a problem" in page
    assert_nothing_created()


def test_an_incident_date_in_the_future_is_refused(business_manager, incident_form, client_for):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client_for(business_manager).post(NEW, incident_form(
        **date_fields("incident_date", str(tomorrow.day), str(tomorrow.month),
                      str(tomorrow.year)),
        **date_fields("la_aware_on", str(tomorrow.day), str(tomorrow.month),
                      str(tomorrow.year))))
    assert response.status_code == 200
    page = page_text(response)
    assert "Incident date cannot be in the future." in page
    assert "Date the local authority became aware cannot be in the future." in page
    assert_nothing_created()


def test_a_refused_form_keeps_what_was_typed(business_manager, incident_form, client_for):
    response = client_for(business_manager).post(NEW, incident_form(summary="",
                                                                     child_1_name="Zed Quill"))
    assert 'value="Zed Quill"' in response.content.decode()


# --- Who may record an incident -----------------------------------------------------------------


def test_the_business_manager_may_open_the_form(business_manager, client_for):
    response = client_for(business_manager).get(NEW)
    assert response.status_code == 200
    assert "Record a serious incident" in page_text(response)


@pytest.mark.parametrize("person", ["partner", "scrutineer", "subgroup_member", "executive",
                                    "learning_lead", "lead_reviewer", "practitioner",
                                    "outsider"])
def test_nobody_else_may_record_an_incident(request, person, incident_form, client_for):
    client = client_for(request.getfixturevalue(person))
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, incident_form()).status_code == 403
    assert_nothing_created()


def test_a_deactivated_business_manager_may_not_record_an_incident(
        business_manager, incident_form, client_for):
    client = client_for(business_manager)
    business_manager.is_active = False
    business_manager.save()
    response = client.post(NEW, incident_form())
    assert response.status_code in {302, 403}
    assert_nothing_created()


def test_someone_not_signed_in_is_sent_to_sign_in(partnership, incident_form, client_for):
    client = client_for(None)
    response = client.get(NEW)
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=/reviews/new/"
    assert client.post(NEW, incident_form()).status_code == 302
    assert_nothing_created()
