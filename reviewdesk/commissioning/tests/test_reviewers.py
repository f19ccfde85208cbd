"""The register of independent reviewers, and appointing lead reviewers with a conflict-of-interest
declaration: a reviewer sees a review only once appointed to it."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from pytest_django import DjangoCaptureOnCommitCallbacks

from reviewdesk.accounts.models import Partnership, User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.commissioning import actions
from reviewdesk.commissioning.models import LeadReviewerAppointment, Reviewer
from reviewdesk.commissioning.tests.helpers import date_fields, text
from reviewdesk.reviews.models import Review, ReviewKind, ReviewRole, TimelineEntry
from reviewdesk.testing import MakeReview


@pytest.fixture
def newcomer(partnership: Partnership, business_manager: User,
             django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks) -> Reviewer:
    with django_capture_on_commit_callbacks(execute=True):
        return actions.add_reviewer(partnership, by=business_manager, full_name="Nia Newreviewer",
                                    email="Nia.New@Example.test", organisation="Reviews Ltd",
                                    expertise="Neglect; systems methodology")


@pytest.fixture
def fresh(make_review: MakeReview, at_stage: MakeReview) -> Review:
    """A commissioned review with nobody on its team yet."""
    return at_stage(make_review(), "set_up")


def appoint_form(reviewer: Reviewer, **overrides: object) -> dict:
    return {"reviewer": reviewer.pk, **date_fields("appointed_on", date(2026, 4, 20)),
            "conflict": "none", "conflict_details": "", "acceptance_reason": "",
            "on_behalf_of": "", **overrides}


# --- The register ----------------------------------------------------------------------------


def test_a_reviewer_without_a_sign_in_is_invited_with_no_partnership_role(newcomer):
    person = newcomer.user
    assert (person.email, person.full_name, person.role, person.job_title) == (
        "nia.new@example.test", "Nia Newreviewer", "", "Independent reviewer")
    assert [m.to for m in mail.outbox] == [["nia.new@example.test"]]
    assert "invited you to Review Desk" in mail.outbox[0].body
    event = AuditEvent.objects.get(event_type="commissioning.reviewer_added")
    assert event.summary == "Added a reviewer to the register"
    assert event.data == {"reviewer": newcomer.pk, "person": person.pk, "invited": True}


def test_a_reviewer_who_already_has_a_sign_in_is_linked_to_it(
        partnership, business_manager, lead_reviewer, client_for):
    response = client_for(business_manager).post("/reviewers/add/", {
        "full_name": "Rita Reviewer", "email": "reviewer@example.test", "organisation": "",
        "expertise": ""})
    assert response.status_code == 302
    reviewer = Reviewer.objects.get()
    assert reviewer.user == lead_reviewer
    assert mail.outbox == []
    page = text(client_for(business_manager).get("/reviewers/"))
    assert "Rita Reviewer" in page


def test_the_same_address_twice_or_another_partnerships_person_is_refused(
        partnership, business_manager, newcomer, client_for):
    client = client_for(business_manager)
    again = client.post("/reviewers/add/", {"full_name": "Nia", "email": "nia.new@example.test"})
    assert "already on the register" in text(again)
    elsewhere = Partnership.objects.create(name="Elsewhere", code="EL")
    User.objects.create_user("else@example.test", "x", full_name="Elsa", partnership=elsewhere)
    other = client.post("/reviewers/add/", {"full_name": "Elsa", "email": "else@example.test"})
    assert "belongs to someone in another partnership" in text(other)
    assert Reviewer.objects.count() == 1


def test_the_business_manager_edits_and_deactivates_a_reviewer(
        newcomer, business_manager, fresh, client_for):
    client = client_for(business_manager)
    response = client.post(f"/reviewers/{newcomer.pk}/", {
        "full_name": "Nia Newreviewer", "organisation": "Independent", "expertise": "Neglect",
        "version": newcomer.version})
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert (newcomer.organisation, newcomer.is_active) == ("Independent", False)
    event = AuditEvent.objects.get(event_type="commissioning.reviewer_changed")
    assert sorted(event.data["fields"]) == ["expertise", "is_active", "organisation"]
    assert "Nia Newreviewer" not in text(client.get(
        f"/reviews/{fresh.uuid}/lead-reviewers/appoint/"))
    with pytest.raises(ValidationError, match="Choose an active reviewer"):
        actions.appoint_lead_reviewer(fresh, newcomer, by=business_manager,
                                      appointed_on=date(2026, 4, 20), conflict="none")


def test_only_the_business_manager_keeps_the_register(partner, subgroup_member, client_for):
    for person in [partner, subgroup_member]:
        assert client_for(person).get("/reviewers/").status_code == 403
        assert client_for(person).post("/reviewers/add/", {}).status_code == 403


# --- Appointment ------------------------------------------------------------------------------


def test_a_reviewer_sees_the_review_only_once_appointed(
        fresh, newcomer, business_manager, client_for):
    reviewer_client = client_for(newcomer.user)
    assert reviewer_client.get(f"/reviews/{fresh.uuid}/").status_code == 404
    response = client_for(business_manager).post(
        f"/reviews/{fresh.uuid}/lead-reviewers/appoint/", appoint_form(newcomer))
    assert response.status_code == 302
    page = reviewer_client.get(f"/reviews/{fresh.uuid}/")
    assert page.status_code == 200
    assert "Kayden Moorcroft" in text(page)  # the case file, with the child's real name
    membership = fresh.memberships.get(person=newcomer.user)
    assert membership.role == ReviewRole.LEAD_REVIEWER and membership.started_on == date(2026, 4, 20)
    appointment = LeadReviewerAppointment.objects.get()
    assert (appointment.membership, appointment.conflict, appointment.by_panel) == (
        membership, "none", False)
    entry = fresh.timeline.get(title="Lead reviewer appointed")
    assert (entry.kind, entry.subject, entry.detail) == (
        TimelineEntry.Kind.NOTE, membership.identity, "No conflict of interest declared.")
    event = AuditEvent.objects.get(event_type="commissioning.lead_reviewer_appointed")
    assert event.summary == "Appointed a lead reviewer"
    assert "Nia" not in event.summary


def test_a_declared_conflict_needs_details_and_the_business_managers_acceptance_with_a_reason(
        fresh, newcomer, business_manager, client_for):
    client = client_for(business_manager)
    url = f"/reviews/{fresh.uuid}/lead-reviewers/appoint/"
    response = client.post(url, appoint_form(newcomer, conflict="declared"))
    page = text(response)
    assert response.status_code == 200
    for message in ["Describe the possible conflict of interest.",
                    "Confirm the conflict is acceptable, or appoint someone else.",
                    "Say why the conflict is acceptable."]:
        assert message in page
    missing = text(client.post(url, appoint_form(newcomer, conflict="")))
    assert "Say whether the reviewer declared a conflict of interest." in missing
    assert not LeadReviewerAppointment.objects.exists()
    assert not fresh.memberships.filter(person=newcomer.user).exists()
    response = client.post(url, appoint_form(
        newcomer, conflict="declared", conflict_details="Reviewed a health trust case in 2019.",
        conflict_accepted="on", acceptance_reason="A different service and team; no overlap."))
    assert response.status_code == 302
    appointment = LeadReviewerAppointment.objects.get()
    assert appointment.conflict_details == "Reviewed a health trust case in 2019."
    assert appointment.acceptance_reason == "A different service and team; no overlap."
    section = text(client.get(f"/reviews/{fresh.uuid}/"))
    assert "possible conflict of interest declared and accepted" in section


def test_the_action_refuses_an_unaccepted_conflict_too(fresh, newcomer, business_manager):
    with pytest.raises(ValidationError) as exc:
        actions.appoint_lead_reviewer(fresh, newcomer, by=business_manager,
                                      appointed_on=date(2026, 4, 20), conflict="declared",
                                      conflict_details="Former colleague of the social worker.")
    assert set(exc.value.message_dict) == {"conflict_accepted", "acceptance_reason"}


def test_several_lead_reviewers_may_be_appointed_but_not_the_same_one_twice(
        fresh, newcomer, business_manager, partnership):
    second = actions.add_reviewer(partnership, by=business_manager, full_name="Omar Other",
                                  email="omar@example.test")
    for reviewer in [newcomer, second]:
        actions.appoint_lead_reviewer(fresh, reviewer, by=business_manager,
                                      appointed_on=date(2026, 4, 20), conflict="none")
    assert fresh.memberships.filter(role=ReviewRole.LEAD_REVIEWER).count() == 2
    with pytest.raises(ValidationError, match="already appointed"):
        actions.appoint_lead_reviewer(fresh, second, by=business_manager,
                                      appointed_on=date(2026, 4, 21), conflict="none")


def test_someone_already_on_the_team_as_lead_reviewer_keeps_their_membership(
        review, at_stage, business_manager, lead_reviewer, partnership):
    review = at_stage(review, "set_up")  # the conftest's team has Rita as lead reviewer
    reviewer = actions.add_reviewer(partnership, by=business_manager, full_name="Rita Reviewer",
                                    email=lead_reviewer.email)
    appointment = actions.appoint_lead_reviewer(review, reviewer, by=business_manager,
                                                appointed_on=date(2026, 4, 20), conflict="none")
    assert appointment.membership == review.memberships.get(person=lead_reviewer)


def test_lead_reviewers_are_appointed_at_commissioning_or_set_up_only(
        review, at_stage, newcomer, business_manager):
    with pytest.raises(ValidationError, match="this review is at notification"):
        actions.appoint_lead_reviewer(review, newcomer, by=business_manager,
                                      appointed_on=date(2026, 4, 20), conflict="none")
    review = at_stage(review, "informing_staff")
    with pytest.raises(ValidationError, match="this review is at informing staff"):
        actions.appoint_lead_reviewer(review, newcomer, by=business_manager,
                                      appointed_on=date(2026, 5, 2), conflict="none")


def test_a_national_review_records_the_external_reviewer_appointed_by_the_panel(
        make_review, at_stage, newcomer, business_manager, client_for):
    review = at_stage(make_review(), "set_up", kind=ReviewKind.NATIONAL)
    client = client_for(business_manager)
    url = f"/reviews/{review.uuid}/lead-reviewers/appoint/"
    assert "Record the external reviewer appointed by the Panel" in text(client.get(url))
    client.post(url, appoint_form(newcomer))
    appointment = LeadReviewerAppointment.objects.get()
    assert appointment.by_panel
    assert appointment.membership.identity.pseudonym == "External Reviewer 1"
    assert review.timeline.filter(
        title="External reviewer appointed by the Panel recorded").exists()
    page = text(client.get(f"/reviews/{review.uuid}/"))
    assert "External reviewer (appointed by the Panel)" in page
    assert "Nia Newreviewer" in page  # a lead reviewer is named in public
