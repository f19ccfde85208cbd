"""The case-file checklist: a line per agency involved, confirmed by the business manager (for the
agency's person) or the agency's own author, and weekly reminders until every agency confirms."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

from reviewdesk import access
from reviewdesk.accounts.models import User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.commissioning import actions
from reviewdesk.commissioning.models import CaseFileCheck
from reviewdesk.commissioning.tests.helpers import date_fields, text
from reviewdesk.reviews.models import Review, TimelineEntry
from reviewdesk.reviews.tests.test_access_matrix import CHILD


@pytest.fixture
def checklist(commissioned: Review, business_manager: User) -> dict[str, CaseFileCheck]:
    actions.send_commissioning_notices(commissioned, by=business_manager)
    return {line.agency.kind: line for line in commissioned.case_file_checks.all()}


def confirm_form(**overrides: object) -> dict:
    return {**date_fields("confirmed_on", date(2026, 4, 2)), "confirmed_by": "",
            "confirmed_by_name": "", "confirmed_by_role": "",
            "records_held": "Case management system, restricted to the safeguarding team.",
            "copy_made": "yes", **overrides}


def test_the_checklist_has_a_line_per_agency_involved(checklist):
    assert sorted(checklist) == ["health", "police"]
    assert not any(line.is_confirmed for line in checklist.values())


def test_the_business_manager_records_it_on_behalf_of_the_agencys_person(
        commissioned, checklist, business_manager, agencies, partnership, client_for):
    records = User.objects.create_user("records@example.test", "x", full_name="Rhona Records",
                                       partnership=partnership, agency=agencies["police"],
                                       job_title="Records manager")
    client = client_for(business_manager)
    line = checklist["police"]
    url = f"/reviews/{commissioned.uuid}/case-files/{line.pk}/confirm/"
    assert "Rhona Records" in text(client.get(url))
    response = client.post(url, confirm_form(confirmed_by=records.pk))
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.confirmed_by, line.confirmed_on, line.copy_made) == (records, date(2026, 4, 2),
                                                                      True)
    assert (line.recorded_by, line.on_behalf_of) == (business_manager, records)
    entry = commissioned.timeline.get(title="Case files secured: Testshire Police")
    assert (entry.kind, entry.effective_on, entry.on_behalf_of) == (
        TimelineEntry.Kind.NOTE, date(2026, 4, 2), records)
    event = AuditEvent.objects.get(event_type="commissioning.case_files_confirmed")
    assert event.summary == "Recorded that an agency's case files are secured"
    assert (event.actor, event.on_behalf_of) == (business_manager, records)
    page = text(client.get(f"/reviews/{commissioned.uuid}/case-files/"))
    assert "1 of 2" in page and "Rhona Records" in page
    assert "1 of 2 agencies confirmed" in text(client.get(f"/reviews/{commissioned.uuid}/"))


def test_the_agencys_own_author_confirms_its_files_but_not_another_agencys(
        commissioned, checklist, agency_author, client_for):
    client = client_for(agency_author)  # the police's author on this review
    police, health = checklist["police"], checklist["health"]
    page = text(client.get(f"/reviews/{commissioned.uuid}/case-files/"))
    assert f"/case-files/{police.pk}/confirm/" in page
    assert f"/case-files/{health.pk}/confirm/" not in page
    response = client.post(f"/reviews/{commissioned.uuid}/case-files/{police.pk}/confirm/",
                           confirm_form(confirmed_by=agency_author.pk, copy_made="no"))
    assert response.status_code == 302
    police.refresh_from_db()
    assert (police.confirmed_by, police.recorded_by, police.on_behalf_of, police.copy_made) == (
        agency_author, agency_author, None, False)
    assert client.get(f"/reviews/{commissioned.uuid}/case-files/{health.pk}/confirm/"
                      ).status_code == 403
    assert client.post(f"/reviews/{commissioned.uuid}/case-files/{health.pk}/confirm/",
                       confirm_form(confirmed_by_name="Someone")).status_code == 403
    health.refresh_from_db()
    assert not health.is_confirmed


def test_an_author_is_offered_only_themselves_not_their_colleagues(
        commissioned, checklist, agency_author, agencies, partnership, client_for):
    User.objects.create_user("colleague@example.test", "x", full_name="Colin Colleague",
                             partnership=partnership, agency=agencies["police"])
    page = text(client_for(agency_author).get(
        f"/reviews/{commissioned.uuid}/case-files/{checklist['police'].pk}/confirm/"))
    assert "Andy Author" in page and "Colin Colleague" not in page


def test_someone_without_a_sign_in_is_typed_in_and_shown_by_role_to_those_without_staff_identities(
        commissioned, checklist, business_manager, partner, client_for):
    line = checklist["health"]
    client_for(business_manager).post(
        f"/reviews/{commissioned.uuid}/case-files/{line.pk}/confirm/",
        confirm_form(confirmed_by_name="Hattie Holmes", confirmed_by_role="Named nurse"))
    line.refresh_from_db()
    assert (line.confirmed_by, line.confirmed_by_name, line.on_behalf_of) == (
        None, "Hattie Holmes", None)
    manager_view = text(client_for(business_manager).get(f"/reviews/{commissioned.uuid}/case-files/"))
    assert "Hattie Holmes (Named nurse)" in manager_view
    partner_view = text(client_for(partner).get(f"/reviews/{commissioned.uuid}/case-files/"))
    assert "Hattie Holmes" not in partner_view and "Named nurse" in partner_view


def test_a_confirmation_without_who_where_or_whether_a_copy_was_made_is_refused(
        commissioned, checklist, business_manager, client_for):
    line = checklist["police"]
    response = client_for(business_manager).post(
        f"/reviews/{commissioned.uuid}/case-files/{line.pk}/confirm/",
        confirm_form(records_held="", copy_made=""))
    page = text(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    for message in ["Say who confirmed it: choose them, or type their name and role.",
                    "Say where the records are held.",
                    "Say whether a copy was made because work with the family continues."]:
        assert message in page
    line.refresh_from_db()
    assert not line.is_confirmed
    with pytest.raises(ValidationError) as exc:
        actions.confirm_case_files(line, by=business_manager, confirmed_by_name="A",
                                   confirmed_on=timezone.localdate() + timedelta(days=1),
                                   records_held="Here", copy_made=False)
    assert "cannot be in the future" in exc.value.message_dict["confirmed_on"][0]


def test_practitioners_and_outsiders_cannot_see_the_checklist(
        commissioned, checklist, practitioner, outsider, client_for):
    assert client_for(practitioner).get(f"/reviews/{commissioned.uuid}/case-files/"
                                        ).status_code == 403
    assert client_for(outsider).get(f"/reviews/{commissioned.uuid}/case-files/"
                                    ).status_code == 404


def test_who_may_read_the_checklist(commissioned, business_manager, partner, scrutineer,
                                   subgroup_member, lead_reviewer, agency_author, practitioner,
                                   executive, learning_lead, agencies):
    for person in (business_manager, partner, scrutineer, subgroup_member, lead_reviewer):
        assert access.case_file_agencies(person, commissioned) is None, person  # every line
    assert access.case_file_agencies(agency_author, commissioned) == {agencies["police"].pk}
    for person in (practitioner, executive, learning_lead):
        with pytest.raises(PermissionDenied):
            access.case_file_agencies(person, commissioned)


def test_reading_the_checklist_is_audited_and_an_author_reads_only_their_agencys_details(
        commissioned, checklist, business_manager, agency_author, client_for):
    for kind, where in [("police", "Police records store"), ("health", "Health records vault")]:
        actions.confirm_case_files(checklist[kind], by=business_manager,
                                   confirmed_by_name=f"{kind.title()} Keeper",
                                   confirmed_by_role="Records manager",
                                   confirmed_on=date(2026, 4, 2), records_held=where,
                                   copy_made=False)
    url = f"/reviews/{commissioned.uuid}/case-files/"
    manager_view = text(client_for(business_manager).get(url))
    assert "Police records store" in manager_view and "Health records vault" in manager_view
    author_view = text(client_for(agency_author).get(url))
    assert "Police records store" in author_view
    assert "Health records vault" not in author_view
    assert "Testshire Health / ICB" in author_view and "2 of 2" in author_view
    events = AuditEvent.objects.filter(event_type="commissioning.case_files_viewed").order_by("seq")
    assert [(e.actor, e.review_id, e.summary) for e in events] == [
        (business_manager, commissioned.pk, "Viewed the case-file checklist"),
        (agency_author, commissioned.pk,
         "Viewed the case-file checklist (own agency's details only)")]


def test_a_correction_is_recorded_as_one(commissioned, checklist, business_manager):
    line = checklist["police"]
    for _ in range(2):
        actions.confirm_case_files(line, by=business_manager, confirmed_by_name="Rhona",
                                   confirmed_on=date(2026, 4, 2), records_held="Here",
                                   copy_made=True)
    assert [e.event_type for e in AuditEvent.objects.filter(
        event_type__startswith="commissioning.case_files_").order_by("seq")] == [
        "commissioning.case_files_confirmed", "commissioning.case_files_corrected"]


# --- Reminders ---------------------------------------------------------------------------------


def remind(day: date, capture: DjangoCaptureOnCommitCallbacks) -> list:
    before = len(mail.outbox)
    with capture(execute=True):
        call_command("send_reminders", today=day.isoformat(), stdout=open("/dev/null", "w"))  # noqa: SIM115
    return [m for m in mail.outbox[before:] if "case files" in m.subject]


def test_agencies_are_reminded_once_a_week_until_they_confirm(
        commissioned, checklist, business_manager, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    asked = timezone.localdate(checklist["police"].created_at)
    assert remind(asked + timedelta(days=6), capture) == []
    first = remind(asked + timedelta(days=7), capture)
    assert sorted(m.to[0] for m in first) == ["safeguarding.health@example.test",
                                             "safeguarding.police@example.test"]
    assert remind(asked + timedelta(days=7), capture) == []  # run twice: sent once
    assert remind(asked + timedelta(days=10), capture) == []  # the same week
    actions.confirm_case_files(checklist["police"], by=business_manager,
                               confirmed_by_name="Rhona", confirmed_on=date(2026, 4, 2),
                               records_held="Here", copy_made=False)
    second = remind(asked + timedelta(days=14), capture)
    assert [m.to for m in second] == [["safeguarding.health@example.test"]]
    message = second[0]
    assert message.subject == f"{commissioned.reference}: please confirm your case files are secured"
    assert "Child A" in message.body and CHILD not in message.body
    assert "Kayden" not in message.body  # the conftest child's real name
    actions.confirm_case_files(checklist["health"], by=business_manager,
                               confirmed_by_name="Hattie", confirmed_on=date(2026, 4, 2),
                               records_held="Here", copy_made=False)
    assert remind(asked + timedelta(days=21), capture) == []


def test_an_agency_brought_in_by_another_case_is_added_to_the_checklist(
        commissioned, checklist, business_manager, agencies, client_for):
    from reviewdesk.reviews import actions as review_actions
    from reviewdesk.reviews.models import Incident

    review_actions.add_case(
        commissioned, by=business_manager, children=[{"name": "Second Child"}],
        what_happened=Incident.WhatHappened.SERIOUS_HARM,
        abuse_or_neglect=Incident.AbuseOrNeglect.SUSPECTED, incident_date=date(2026, 3, 1),
        la_aware_on=date(2026, 3, 2), summary="Another case.", agencies=[agencies["education"]])
    client = client_for(business_manager)
    page = text(client.get(f"/reviews/{commissioned.uuid}/case-files/"))
    assert "Not on the checklist yet: Testshire Education." in page
    response = client.post(f"/reviews/{commissioned.uuid}/case-files/add-agencies/")
    assert response.status_code == 302
    assert "Added 1 agency to the case-file checklist." in text(client.get(response["Location"]))
    assert commissioned.case_file_checks.count() == 3
    again = client.post(f"/reviews/{commissioned.uuid}/case-files/add-agencies/", follow=True)
    assert "Every agency involved already has a line on the checklist." in text(again)


def test_the_checklist_page_costs_the_same_queries_for_more_agencies(
        make_review, at_stage, business_manager, agencies, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(agency_kinds: list[str]) -> int:
        review = at_stage(make_review(agencies=[agencies[k] for k in agency_kinds]),
                          "commissioning")
        actions.send_commissioning_notices(review, by=business_manager)
        for line in review.case_file_checks.all():
            actions.confirm_case_files(line, by=business_manager, confirmed_by=business_manager,
                                       confirmed_on=date(2026, 4, 2), records_held="Here",
                                       copy_made=True, on_behalf_of=business_manager)
        client = client_for(business_manager)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/reviews/{review.uuid}/case-files/").status_code == 200
        return len(queries)

    assert count(["police"]) == count(["police", "health", "education", "voluntary"])
