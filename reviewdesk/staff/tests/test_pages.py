"""The practitioner pages: who may open them, names or role labels by viewer, the forms, the
list's check-and-confirm, the section on the review page."""

import html
from datetime import date

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reviewdesk.accounts.models import Agency, User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.reviews.models import Review, ReviewMembership, ReviewRole, Stage
from reviewdesk.staff import actions
from reviewdesk.staff.models import Practitioner
from reviewdesk.staff.tests.helpers import row, state

pytestmark = pytest.mark.django_db

HAZEL, MO = "Hazel Pennock", "Mo Manager"


@pytest.fixture
def hazel(review: Review, business_manager: User) -> Practitioner:
    return actions.add_practitioner(
        review, by=business_manager, **{**row(
            job=f"Health Visitor (covering for {HAZEL}'s colleague)",
            manager_email="mo.manager@example.test", manager_name=MO)})


def _url(review: Review, name: str = "staff:practitioners", *args: object) -> str:
    return reverse(name, args=[review.uuid, *args])


def _text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.mark.parametrize("who", ["business_manager", "lead_reviewer", "subgroup_member"])
def test_those_who_see_staff_identities_read_names_and_e_mails(
        request: pytest.FixtureRequest, client_for, review: Review, hazel: Practitioner,
        who: str) -> None:
    viewer = request.getfixturevalue(who)
    response = client_for(viewer).get(_url(review))
    page = _text(response)
    assert response.status_code == 200
    for text in (HAZEL, "hazel.pennock@example.test", "Health Visitor 2", MO,
                 "mo.manager@example.test", "Testshire Health / ICB"):
        assert text in page, text
    assert AuditEvent.objects.filter(event_type="staff.practitioners_viewed",
                                     actor=viewer).exists()


@pytest.mark.parametrize("who", ["partner", "scrutineer"])
def test_the_partnership_s_oversight_roles_read_role_labels_only(
        request: pytest.FixtureRequest, client_for, review: Review, hazel: Practitioner,
        who: str) -> None:
    response = client_for(request.getfixturevalue(who)).get(_url(review))
    page = _text(response)
    assert response.status_code == 200
    assert "Health Visitor 2" in page and "Line Manager 1" in page
    # The job is free text: the name in it is taken out too.
    assert "Health Visitor (covering for Health Visitor 2's colleague)" in page
    for hidden in ("Hazel", "Pennock", "hazel.pennock@", "Mo Manager", "mo.manager@"):
        assert hidden not in page, hidden
    assert "you see their role labels" in page
    assert "Add a practitioner" not in page


@pytest.mark.parametrize("who", ["practitioner", "agency_author", "executive"])
def test_nobody_else_on_the_review_opens_the_list(
        request: pytest.FixtureRequest, client_for, review: Review, hazel: Practitioner,
        who: str) -> None:
    client = client_for(request.getfixturevalue(who))
    if who == "executive":
        Review.objects.filter(pk=review.pk).update(stage=Stage.REPORT)
    for url in (_url(review), _url(review, "staff:add"), _url(review, "staff:add_list"),
                _url(review, "staff:change", hazel.pk), _url(review, "staff:remove", hazel.pk)):
        assert client.get(url).status_code == 403, url


def test_a_manager_of_staff_on_the_review_does_not_open_the_list(
        client_for, review: Review, hazel: Practitioner) -> None:
    mo = User.objects.get(email="mo.manager@example.test")
    assert client_for(mo).get(_url(review)).status_code == 403
    # Their own page of the review opens (a manager is on it as staff, like a practitioner), and
    # names their own staff: they know them (access.managed_staff_on, decision 0053).
    page = _text(client_for(mo).get(f"/reviews/{review.uuid}/"))
    assert HAZEL in page and "Testshire Health / ICB" in page


def test_outsiders_get_not_found(client_for, review: Review, outsider: User,
                                 hazel: Practitioner) -> None:
    assert client_for(outsider).get(_url(review)).status_code == 404


def test_the_partner_cannot_use_the_forms(client_for, review: Review, partner: User,
                                          hazel: Practitioner) -> None:
    before = state()
    client = client_for(partner)
    assert client.post(_url(review, "staff:add"), {}).status_code == 403
    assert client.post(_url(review, "staff:remove", hazel.pk), {
        "reason": "x"}).status_code == 403
    assert state() == before


def test_the_list_costs_the_same_queries_whatever_the_number_of_practitioners(
        client_for, review: Review, business_manager: User, hazel: Practitioner) -> None:
    client = client_for(business_manager)
    client.get(_url(review))
    with CaptureQueriesContext(connection) as one:
        client.get(_url(review))
    for n in range(3):
        actions.add_practitioner(review, by=business_manager, **{**row(
            name=f"Extra Person{n}", email=f"extra{n}@example.test", job="Social Worker",
            agency="Testshire Police", manager_email=f"boss{n}@example.test")})
    with CaptureQueriesContext(connection) as four:
        client.get(_url(review))
    assert len(four) == len(one)


def _add_form(agency: Agency, **changes: object) -> dict:
    today = timezone.localdate()
    return {"name": "Iris Ames", "email": "iris.ames@example.test", "agency": agency.pk,
            "job_title": "School Nurse", "manager_email": "", "manager_name": "",
            "added_on-day": today.day, "added_on-month": today.month,
            "added_on-year": today.year, **changes}


def test_the_lead_reviewer_adds_one_practitioner_with_the_form(
        client_for, review: Review, lead_reviewer: User, agencies: dict[str, Agency],
        django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(lead_reviewer).post(_url(review, "staff:add"),
                                                  _add_form(agencies["health"]))
    assert response.status_code == 302
    iris = Practitioner.objects.get(email="iris.ames@example.test")
    assert (iris.identity.pseudonym, iris.recorded_by) == ("School Nurse 1", lead_reviewer)
    assert [m.to for m in mail.outbox] == [["iris.ames@example.test"]]


def test_the_form_says_what_is_wrong_and_adds_nobody(
        client_for, review: Review, business_manager: User, agencies: dict[str, Agency],
        subgroup_member: User) -> None:
    before = state()
    client = client_for(business_manager)
    response = client.post(_url(review, "staff:add"), _add_form(
        agencies["health"], email="subgroup@example.test"))
    assert response.status_code == 200
    assert "is a subgroup member on this review" in _text(response)
    response = client.post(_url(review, "staff:add"), _add_form(agencies["health"], job_title="",
                                                                email="nope"))
    page = _text(response)
    assert "Enter the practitioner's job" in page
    assert "Enter the e-mail in the right form" in page
    assert state() == before


LIST = ("name,e-mail,agency,job,manager e-mail\n"
        "Hazel Pennock,hazel.pennock@example.test,Testshire Health / ICB,Health Visitor,"
        "mo@example.test\n"
        "Ian Crowe,ian.crowe@example.test,testshire police,Police Constable,mo@example.test\n")


def test_a_pasted_list_is_checked_shown_then_added_on_confirmation(
        client_for, review: Review, subgroup_member: User,
        django_capture_on_commit_callbacks) -> None:
    client = client_for(subgroup_member)
    before = state()
    response = client.post(_url(review, "staff:add_list"), {"text": LIST})
    page = _text(response)
    assert response.status_code == 200
    assert "Check the practitioners to add" in page
    assert "Health Visitor 2" in page and "Police Officer 1" in page
    assert "3 new sign-ins" in page
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert state() == before  # nothing saved yet

    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(review, "staff:add_list"), {
            "content": LIST, "added_on-day": today.day, "added_on-month": today.month,
            "added_on-year": today.year})
    assert response.status_code == 302
    assert Practitioner.objects.filter(review=review).count() == 2
    assert len(mail.outbox) == 3


def test_an_uploaded_csv_with_problems_shows_them_all_and_adds_nobody(
        client_for, review: Review, business_manager: User) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    before = state()
    bad = LIST + "Jo Dale,jo.dale@example.test,Fire Service,,\n"
    response = client_for(business_manager).post(_url(review, "staff:add_list"), {
        "file": SimpleUploadedFile("staff.csv", ("\ufeff" + bad).encode())})
    page = _text(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Row 4: There is no active agency called" in page
    assert "Row 4: Enter the practitioner" in page
    assert "Check the practitioners to add" not in page
    assert state() == before


def test_both_a_pasted_list_and_a_file_are_refused(client_for, review: Review,
                                                   business_manager: User) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(business_manager).post(_url(review, "staff:add_list"), {
        "text": LIST, "file": SimpleUploadedFile("staff.csv", LIST.encode())})
    assert "Paste a list or choose a file, not both." in _text(response)


def test_changing_and_removing_through_the_pages(
        client_for, review: Review, business_manager: User, hazel: Practitioner) -> None:
    client = client_for(business_manager)
    today = timezone.localdate()
    day = {"changed_on-day": today.day, "changed_on-month": today.month,
           "changed_on-year": today.year}
    response = client.post(_url(review, "staff:change", hazel.pk), {
        "job_title": "Senior Health Visitor", "manager_email": "", "manager_name": "",
        "version": hazel.version, **day})
    assert response.status_code == 302
    hazel.refresh_from_db()
    assert hazel.job_title == "Senior Health Visitor" and hazel.manager is None
    response = client.post(_url(review, "staff:remove", hazel.pk), {
        "reason": "Had no contact with the family", "ended_on-day": today.day,
        "ended_on-month": today.month, "ended_on-year": today.year})
    assert response.status_code == 302
    page = _text(client.get(_url(review)))
    assert "No longer on the review (1)" in page and "Had no contact with the family" in page


def test_the_review_page_shows_the_counts_from_set_up(
        client_for, review: Review, business_manager: User, hazel: Practitioner,
        practitioner: User) -> None:
    client = client_for(business_manager)
    assert "See and add practitioners" not in _text(client.get(f"/reviews/{review.uuid}/"))
    Review.objects.filter(pk=review.pk).update(stage=Stage.SET_UP)
    page = _text(client.get(f"/reviews/{review.uuid}/"))
    assert "1 practitioner on the review, 1 with a manager known, 0 told about the review" in page
    assert "See and add practitioners" in page
    # The team page's practitioner without a record is named on the list, for adding.
    assert ReviewMembership.objects.filter(person=practitioner, role=ReviewRole.PRACTITIONER,
                                           practitioner__isnull=True).exists()
    assert "On the team without their details" in _text(client.get(_url(review)))


def test_the_review_page_section_is_read_by_partners_too(
        client_for, review: Review, partner: User, hazel: Practitioner) -> None:
    Review.objects.filter(pk=review.pk).update(stage=Stage.CHRONOLOGY, stage_since=date(2026, 3, 10))
    page = _text(client_for(partner).get(f"/reviews/{review.uuid}/"))
    assert "See the practitioners" in page and HAZEL not in page
