"""Separate from discipline (access.STAFF_CONFIDENTIAL): conversation notes, areas raised, support
records and consent are read one record at a time by the roles named there, and are never in any
export, search or page of anyone else — the business manager's exports of the review included."""

import html
from datetime import date

import pytest

from reviewdesk import access
from reviewdesk.accounts.models import Partnership, PartnershipRole, User
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.tests.test_access_matrix import (
    AREA_RAISED,
    CONVERSATION_NOTE,
    SUPPORT_RECORD,
    _readable,
    add_manager,
    seed_staff_confidential,
    walk_to,
)
from reviewdesk.staff.models import AreaRaised, Consent, Conversation, SupportRequest
from reviewdesk.testing import ClientFor, ClientResponse

# Consent is a choice: its words, as a page or a file would give them.
CONSENT = Consent.PARAPHRASED.label
EVERY_MARKER = [CONVERSATION_NOTE, AREA_RAISED, SUPPORT_RECORD, CONSENT]


@pytest.fixture
def manager(partnership: Partnership) -> User:
    return User.objects.create_user("manager@example.test", "a-long-test-password",
                                    full_name="Mona Manager", partnership=partnership,
                                    job_title="Team Manager")


@pytest.fixture
def senior(partnership: Partnership) -> User:
    """The partnership's senior contact for overdue support requests."""
    return User.objects.create_user("senior@example.test", "a-long-test-password",
                                    full_name="Sen Senior", partnership=partnership,
                                    role=PartnershipRole.EXECUTIVE_MEMBER)


@pytest.fixture
def seeded(review: Review, business_manager: User, practitioner: User, manager: User) -> Review:
    """The review at the chronology stage with the practitioner's manager, a held conversation
    with its note and consent, an area raised and answered, a support offer and a request, each
    holding its marker."""
    walk_to(review, "chronology", business_manager)
    add_manager(review, practitioner, manager, by=business_manager)
    seed_staff_confidential(review, practitioner, by=business_manager)
    return Review.objects.get(pk=review.pk)


def read(response: ClientResponse) -> str:
    assert response.status_code == 200, response.status_code
    content = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
    return html.unescape(_readable(content))


def leaks(text: str, markers: list[str]) -> list[str]:
    return [m for m in markers if m.lower() in text.lower()]


def test_no_export_the_business_manager_makes_of_the_review_holds_any_of_them(
        seeded: Review, business_manager: User, client_for: ClientFor) -> None:
    client = client_for(business_manager)
    base = f"/reviews/{seeded.uuid}"
    files = {
        "rapid review (Word)": client.get(f"{base}/rapid-review/export.docx"),
        "rapid review (PDF)": client.get(f"{base}/rapid-review/export.pdf"),
        "dashboard": client.get("/dashboard/export.xlsx"),
    }
    for fmt in ("csv", "xlsx", "docx", "pdf"):
        files[f"merged chronology ({fmt})"] = client.post(f"{base}/chronology/merged/export/",
                                                          {"format": fmt})
    for what, response in files.items():
        assert not leaks(read(response), EVERY_MARKER), what


def test_the_business_managers_search_and_audit_trail_find_none_of_them(
        seeded: Review, business_manager: User, client_for: ClientFor) -> None:
    client = client_for(business_manager)
    for marker in EVERY_MARKER:
        found = read(client.get("/search/", {"q": marker.split("-")[0]}))
        assert not leaks(found.replace(f'value="{marker.split("-")[0]}"', ""),
                         [m for m in EVERY_MARKER if m != CONSENT]), marker
    trail = read(client.get("/audit/", {"review": seeded.reference}))
    assert not leaks(trail, EVERY_MARKER)


def test_the_review_pages_the_business_manager_reads_show_no_note_area_or_consent(
        seeded: Review, business_manager: User, client_for: ClientFor) -> None:
    client = client_for(business_manager)
    for page in ("", "team/", "register/", "notices/"):
        shown = read(client.get(f"/reviews/{seeded.uuid}/{page}"))
        assert not leaks(shown, [CONVERSATION_NOTE, AREA_RAISED, CONSENT]), page


def test_the_managers_page_shows_none_of_their_staffs_records(
        seeded: Review, manager: User, client_for: ClientFor) -> None:
    shown = read(client_for(manager).get(f"/reviews/{seeded.uuid}/"))
    assert "Polly Practitioner" in shown  # their own staff, by name
    assert not leaks(shown, EVERY_MARKER)


# --- The rule, one record at a time ----------------------------------------------------------------

def test_a_conversation_note_is_the_lead_reviewers_and_the_business_managers_once_shared(
        seeded: Review, business_manager: User, lead_reviewer: User, practitioner: User,
        manager: User, subgroup_member: User, partner: User) -> None:
    conversation = Conversation.objects.get(review=seeded)
    readers = {u for u in (business_manager, lead_reviewer, practitioner, manager,
                           subgroup_member, partner)
               if access.may_read_conversation_note(u, conversation)}
    assert readers == {lead_reviewer}
    conversation.note_shared_with_business_manager = True
    assert access.may_read_conversation_note(business_manager, conversation)
    assert not access.may_read_conversation_note(subgroup_member, conversation)


def test_consent_is_the_lead_reviewers_and_the_practitioners_own(
        seeded: Review, business_manager: User, lead_reviewer: User, practitioner: User,
        manager: User) -> None:
    conversation = Conversation.objects.get(review=seeded)
    record = conversation.practitioner
    assert {u for u in (business_manager, lead_reviewer, practitioner, manager)
            if access.may_read_consent(u, conversation, record)} == {lead_reviewer, practitioner}


def test_an_area_raised_is_the_lead_reviewers_and_the_practitioners_who_raised_it(
        seeded: Review, business_manager: User, lead_reviewer: User, practitioner: User,
        manager: User, subgroup_member: User) -> None:
    area = AreaRaised.objects.get(review=seeded)
    assert {u for u in (business_manager, lead_reviewer, practitioner, manager, subgroup_member)
            if access.may_read_area_raised(u, area)} == {lead_reviewer, practitioner}


def test_support_records_are_the_business_managers_and_the_practitioners(
        seeded: Review, business_manager: User, lead_reviewer: User, practitioner: User,
        manager: User, subgroup_member: User, senior: User) -> None:
    request = SupportRequest.objects.get(review=seeded)
    people = (business_manager, lead_reviewer, practitioner, manager, subgroup_member, senior)
    assert {u for u in people if access.may_read_support_record(u, request.practitioner)} == {
        business_manager, practitioner}
    assert {u for u in people if access.may_read_support_request(u, request)} == {
        business_manager, practitioner}
    # Escalated: the senior contact reads that request (and still not the review).
    request.escalated_to = senior
    request.escalated_on = date(2026, 3, 9)
    assert access.may_read_support_request(senior, request)
    assert not access.may_read_support_record(senior, request.practitioner)
    assert not access.reviews_visible_to(senior).filter(pk=seeded.pk).exists()


def test_a_practitioner_who_left_the_review_reads_none_of_it_through_these_rules(
        seeded: Review, business_manager: User, practitioner: User) -> None:
    from reviewdesk.reviews import actions

    membership = seeded.memberships.get(person=practitioner, role="practitioner")
    actions.remove_member(membership, by=business_manager, ended_on=date(2026, 3, 12),
                          reason="Left the agency.")
    review = Review.objects.get(pk=seeded.pk)
    area = AreaRaised.objects.select_related("practitioner").get(review=review)
    area.review = review
    area.practitioner.review = review
    assert not access.may_read_area_raised(practitioner, area)
    assert not access.may_read_support_record(practitioner, area.practitioner)
