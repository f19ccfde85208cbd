"""A family member's contact page and the letters page: who sees them, the forms, the downloads,
and that reading them is audited."""

import io
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx import Document

from reviewdesk.accounts.models import User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.family import actions
from reviewdesk.family.models import Contact, FamilyMember, LetterTemplate
from reviewdesk.family.tests.contact_helpers import family_member, no_contact_advice
from reviewdesk.reviews.models import Review
from reviewdesk.testing import ClientFor

pytestmark = pytest.mark.django_db


@pytest.fixture
def mother(review: Review, business_manager: User) -> FamilyMember:
    return family_member(review, business_manager)


def page_url(member: FamilyMember, name: str = "family:contact_log", *extra: object) -> str:
    return reverse(name, args=[member.review.uuid, member.pk, *extra])


def day(prefix: str, on: date) -> dict[str, int]:
    return {f"{prefix}-day": on.day, f"{prefix}-month": on.month, f"{prefix}-year": on.year}


@pytest.mark.parametrize(("who", "status"), [
    ("business_manager", 200), ("lead_reviewer", 200), ("subgroup_member", 200),
    ("partner", 403), ("scrutineer", 403), ("practitioner", 403), ("agency_author", 403),
    ("outsider", 404),
])
def test_who_sees_a_family_members_contact_page(who: str, status: int, mother: FamilyMember,
                                                client_for: ClientFor,
                                                request: pytest.FixtureRequest) -> None:
    response = client_for(request.getfixturevalue(who)).get(page_url(mother))
    assert response.status_code == status
    if status == 200:
        assert "Contact with Joanne Moorcroft (Mother)" in response.content.decode()
        assert AuditEvent.objects.filter(event_type="family.contact_viewed").exists()
    else:
        assert "Moorcroft (Mother)" not in response.content.decode()


def test_the_lead_reviewer_records_a_decline_in_their_words(
        mother: FamilyMember, lead_reviewer: User, client_for: ClientFor) -> None:
    client = client_for(lead_reviewer)
    response = client.post(page_url(mother, "family:record_contact"), {
        "contact-kind": "response", "contact-response": "declined",
        "contact-in_their_words": "Not now, maybe after the trial.",
        **day("contact-happened_on", date(2026, 12, 4))}, follow=True)
    page = response.content.decode()
    assert "Added to the contact log." in page
    assert "Not now, maybe after the trial." in page
    assert Contact.objects.get().response == "declined"


def test_a_bad_form_says_what_is_wrong_and_nothing_changes(
        mother: FamilyMember, lead_reviewer: User, client_for: ClientFor) -> None:
    response = client_for(lead_reviewer).post(page_url(mother, "family:record_contact"), {
        "contact-kind": "response", "contact-response": "declined",
        **day("contact-happened_on", date(2026, 12, 4))})
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Say how they declined" in page
    assert not Contact.objects.exists()


def test_the_page_says_why_contact_is_refused_and_offers_no_forms(
        mother: FamilyMember, business_manager: User, lead_reviewer: User,
        client_for: ClientFor) -> None:
    no_contact_advice(mother.review, business_manager, mother.identity, since=date(2026, 12, 1))
    client = client_for(lead_reviewer)
    page = client.get(page_url(mother)).content.decode()
    assert "since 1 December 2026" in page
    assert "Add to the contact log" not in page
    response = client.post(page_url(mother, "family:record_contact"), {
        "contact-kind": "attempt", "contact-method": "phone",
        **day("contact-happened_on", date(2026, 12, 4))})
    assert response.status_code == 200
    refused = response.content.decode()
    assert "govuk-error-summary" in refused and "since 1 December 2026" in refused
    assert not Contact.objects.exists()


def test_subgroup_members_see_a_contribution_exists_but_may_not_download_it(
        mother: FamilyMember, lead_reviewer: User, subgroup_member: User,
        business_manager: User, client_for: ClientFor) -> None:
    lead = client_for(lead_reviewer)
    lead.post(page_url(mother, "family:add_contribution"), {
        "contribution-file": SimpleUploadedFile("Joanne.txt", b"He was a kind boy."),
        "contribution-description": "Her memories of him",
        **day("contribution-received_on", date(2026, 12, 4))})
    contribution = mother.contributions.get()
    download = page_url(mother, "family:download_contribution", contribution.pk)

    subgroup = client_for(subgroup_member)
    page = subgroup.get(page_url(mother)).content.decode()
    assert "Her memories of him" in page
    assert "Add the contribution" not in page and "Add to the contact log" not in page
    assert "Only the business manager and the lead reviewers can open it" in page
    assert download not in page
    assert subgroup.get(download).status_code == 403

    for person in (lead_reviewer, business_manager):
        response = client_for(person).get(download)
        assert response.status_code == 200
        assert b"".join(response) == b"He was a kind boy."
        assert "no-store" in response["Cache-Control"]
    assert AuditEvent.objects.filter(event_type="family.contribution_downloaded").count() == 2


def test_a_contribution_of_the_wrong_kind_is_refused_on_the_form(
        mother: FamilyMember, lead_reviewer: User, client_for: ClientFor) -> None:
    response = client_for(lead_reviewer).post(page_url(mother, "family:add_contribution"), {
        "contribution-file": SimpleUploadedFile("run.exe", b"MZ"),
        **day("contribution-received_on", date(2026, 12, 4))})
    assert "must be a Word document (.docx), a PDF" in response.content.decode()
    assert not mother.contributions.exists()


def test_a_letter_is_produced_downloaded_and_marked_sent(
        mother: FamilyMember, lead_reviewer: User, subgroup_member: User,
        client_for: ClientFor) -> None:
    client = client_for(lead_reviewer)
    page = client.post(page_url(mother, "family:produce_letter"), {"letter-kind": "first"},
                       follow=True).content.decode()
    assert "First letter produced." in page
    letter = mother.letters.get()
    word = client.get(page_url(mother, "family:download_letter", letter.pk, "docx"))
    assert word["Content-Disposition"] == (
        f'attachment; filename="first-letter-{timezone.localdate().isoformat()}.docx"')
    text = "\n".join(p.text for p in Document(io.BytesIO(b"".join(word))).paragraphs)
    assert "Dear Joanne Moorcroft," in text
    pdf = client.get(page_url(mother, "family:download_letter", letter.pk, "pdf"))
    assert b"".join(pdf).startswith(b"%PDF")
    assert client.get(page_url(mother, "family:download_letter", letter.pk, "odt")
                      ).status_code == 404
    assert client_for(subgroup_member).get(
        page_url(mother, "family:download_letter", letter.pk, "docx")).status_code == 403

    today = timezone.localdate()
    page = client.post(page_url(mother, "family:mark_letter_sent", letter.pk),
                       day(f"sent-{letter.pk}-sent_on", today), follow=True).content.decode()
    assert "The letter is marked as sent." in page
    assert f"Sent {today:%-d %B %Y}" in page


def test_the_letters_page_previews_and_the_lead_reviewer_changes_a_letter(
        review: Review, lead_reviewer: User, subgroup_member: User,
        client_for: ClientFor) -> None:
    page = client_for(subgroup_member).get(
        reverse("family:letter_templates", args=[review.uuid])).content.decode()
    assert "what happened to Kayden Moorcroft" in page
    assert "Change the wording" not in page
    edit = reverse("family:letter_template", args=[review.uuid, "reminder"])
    assert client_for(subgroup_member).get(edit).status_code == 403

    client = client_for(lead_reviewer)
    preview = client.post(edit, {"body": "Dear {name},\n\nThinking of you.", "version": "",
                                 "preview": "1"}).content.decode()
    assert "Dear [the family member&#39;s name]," in preview
    assert not LetterTemplate.objects.exists()
    refused = client.post(edit, {"body": "Dear {surname},", "version": ""}).content.decode()
    assert "uses {surname}, which Review Desk cannot fill in" in refused
    saved = client.post(edit, {"body": "Dear {name},\n\nThinking of you.", "version": ""},
                        follow=True).content.decode()
    assert "The reminder is changed for this review." in saved
    assert "own wording, version 1" in saved
    assert actions.produce_letter(
        family_member(review, lead_reviewer, real_name="Jo Smith", pseudonym="Aunt"),
        by=lead_reviewer, kind="reminder").body == "Dear Jo Smith,\n\nThinking of you."


def test_the_page_reads_in_the_same_number_of_queries_however_long_the_log(
        mother: FamilyMember, lead_reviewer: User, client_for: ClientFor,
        django_assert_num_queries: Any) -> None:
    def add_one_of_each() -> None:
        actions.record_contact(mother, by=lead_reviewer, kind="attempt", method="phone",
                               happened_on=date(2026, 12, 1))
        actions.record_meeting(mother, by=lead_reviewer, held_on=date(2026, 12, 2),
                               place="Her home")
        actions.add_contribution(mother, by=lead_reviewer, received_on=date(2026, 12, 3),
                                 description="A letter", file=b"x", filename="a.txt")
        actions.record_consent(mother, by=lead_reviewer, use="quoted",
                               given_on=date(2026, 12, 3))
        actions.produce_letter(mother, by=lead_reviewer, kind="first")

    client = client_for(lead_reviewer)
    add_one_of_each()
    client.get(page_url(mother))  # the session and caches settle
    with CaptureQueriesContext(connection) as once:
        assert client.get(page_url(mother)).status_code == 200
    add_one_of_each()
    add_one_of_each()
    with django_assert_num_queries(len(once.captured_queries)):
        assert client.get(page_url(mother)).status_code == 200
