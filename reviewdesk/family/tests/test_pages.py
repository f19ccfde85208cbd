"""The family pages: who may open them, what they show, and their forms."""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviewdesk.accounts.models import User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.family import actions
from reviewdesk.family.models import FamilyMember
from reviewdesk.family.tests.helpers import GRANDMOTHER, SISTER, add, register_family
from reviewdesk.reviews.actions import save_identity
from reviewdesk.reviews.models import IdentityEntry, Review

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(review: Review, business_manager: User, lead_reviewer: User) -> dict[str, FamilyMember]:
    entries = register_family(review, business_manager)
    grandmother = add(review, lead_reviewer, entries["grandmother"],
                      support_needs=f"{GRANDMOTHER} needs step-free access")
    sister = add(review, lead_reviewer, entries["sister"], relationship="older sister",
                 is_sibling=True, language="", interpreter="", support_needs="")
    actions.record_report_offer(grandmother, by=lead_reviewer, offered_draft_on=date(2026, 12, 1),
                                wants_to_see_draft=True, wants_publication_date=True)
    return {"grandmother": grandmother, "sister": sister}


def _pages(review: Review, family: dict[str, FamilyMember]) -> list[str]:
    pk = family["sister"].pk
    return [reverse("family:involvement", args=[review.uuid]),
            reverse("family:add_member", args=[review.uuid]),
            reverse("family:member", args=[review.uuid, pk]),
            reverse("family:change_member", args=[review.uuid, pk]),
            reverse("family:sibling_decision", args=[review.uuid, pk]),
            reverse("family:report_offer", args=[review.uuid, pk])]


def test_the_lead_reviewer_reads_the_family_involvement_and_the_read_is_audited(
        client_for, review: Review, lead_reviewer: User, family: dict) -> None:
    response = client_for(lead_reviewer).get(reverse("family:involvement", args=[review.uuid]))
    page = response.content.decode()
    assert response.status_code == 200
    for text in (GRANDMOTHER, SISTER, "maternal grandmother", "Polish, interpreter: spoken",
                 "Her GP", f"{GRANDMOTHER} needs step-free access", "Sibling decision needed",
                 "Not yet approached", "2 people considered, 0 approached, 0 contributed",
                 "Offered on 1 December 2026. Wants to see it."):
        assert text in page, text
    assert AuditEvent.objects.filter(event_type="family.viewed", actor=lead_reviewer).exists()


@pytest.mark.parametrize("who", ["practitioner", "agency_author", "partner", "scrutineer",
                                 "executive"])
def test_nobody_else_on_the_review_opens_a_family_page(
        request: pytest.FixtureRequest, client_for, review: Review, family: dict,
        who: str) -> None:
    client: Client = client_for(request.getfixturevalue(who))
    for url in _pages(review, family):
        # The executive group does not see the review before the report stage: 404.
        expected = 404 if who == "executive" else 403
        assert client.get(url).status_code == expected, url
        assert client.post(url, {"relationship": "aunt"}).status_code in {expected, 405}, url
    assert FamilyMember.objects.count() == 2


def test_an_outsider_cannot_tell_the_pages_exist(client_for, review: Review, outsider: User,
                                                 family: dict) -> None:
    for url in _pages(review, family):
        assert client_for(outsider).get(url).status_code == 404


def test_the_subgroup_member_reads_but_does_not_change(
        client_for, review: Review, subgroup_member: User, family: dict) -> None:
    client = client_for(subgroup_member)
    pages = _pages(review, family)
    assert client.get(pages[0]).status_code == 200
    assert client.get(pages[2]).status_code == 200
    for url in pages[1:2] + pages[3:]:
        assert client.get(url).status_code == 403


def test_the_review_page_shows_partners_the_count_and_staff_nothing(
        client_for, review: Review, partner: User, practitioner: User, agency_author: User,
        lead_reviewer: User, family: dict) -> None:
    url = reverse("reviews:review", args=[review.uuid])
    partner_page = client_for(partner).get(url).content.decode()
    assert "Family involvement: 2 people considered, 0 approached, 0 contributed" in partner_page
    assert reverse("family:involvement", args=[review.uuid]) not in partner_page
    # (The register's pseudonyms are on its timeline for every reader; nothing of the family's
    # involvement is.)
    for text in (GRANDMOTHER, SISTER, "maternal grandmother", "step-free", "Polish"):
        assert text not in partner_page
    for person in (practitioner, agency_author):
        page = client_for(person).get(url).content.decode()
        assert "Family involvement:" not in page
        assert "people considered" not in page
        assert reverse("family:involvement", args=[review.uuid]) not in page
    lead_page = client_for(lead_reviewer).get(url).content.decode()
    assert reverse("family:involvement", args=[review.uuid]) in lead_page


def test_adding_someone_new_puts_them_in_the_register(
        client_for, review: Review, lead_reviewer: User) -> None:
    response = client_for(lead_reviewer).post(reverse("family:add_member", args=[review.uuid]), {
        "real_name": "Dougie Fairweather", "pseudonym": "Family friend", "kind": "other_person",
        "relationship": "family friend", "to_approach": "yes", "approach": "phone",
        "language": "", "interpreter": ""})
    member = FamilyMember.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("family:member", args=[review.uuid, member.pk])
    assert member.identity.real_name == "Dougie Fairweather"
    assert member.identity.kind == IdentityEntry.Kind.OTHER_PERSON


def test_choosing_from_the_register(client_for, review: Review, business_manager: User,
                                    lead_reviewer: User) -> None:
    entries = register_family(review, business_manager)
    client = client_for(lead_reviewer)
    form = client.get(reverse("family:add_member", args=[review.uuid])).content.decode()
    assert f"{GRANDMOTHER} (Grandmother)" in form
    assert "Kayden Moorcroft (" not in form  # the child is not a family member to approach
    client.post(reverse("family:add_member", args=[review.uuid]), {
        "identity": entries["sister"].pk, "relationship": "older sister", "is_sibling": "on",
        "to_approach": "yes"})
    member = FamilyMember.objects.get()
    assert member.identity == entries["sister"] and member.is_sibling


def test_not_approached_without_a_reason_says_so_and_nothing_changes(
        client_for, review: Review, business_manager: User, lead_reviewer: User) -> None:
    entries = register_family(review, business_manager)
    response = client_for(lead_reviewer).post(
        reverse("family:add_member", args=[review.uuid]),
        {"identity": entries["grandmother"].pk, "relationship": "grandmother",
         "to_approach": "no", "not_approached_reason": "  "})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Say why they are not being approached" in page
    assert not FamilyMember.objects.exists()


def test_a_new_person_without_a_name_says_so(client_for, review: Review,
                                             lead_reviewer: User) -> None:
    page = client_for(lead_reviewer).post(reverse("family:add_member", args=[review.uuid]), {
        "relationship": "uncle", "to_approach": "yes"}).content.decode()
    assert "Choose someone from the register, or enter the name of someone new." in page
    assert "Enter the pseudonym or role label" in page
    assert not FamilyMember.objects.exists()


def test_changing_details_from_an_older_version_shows_theirs(
        client_for, review: Review, business_manager: User, lead_reviewer: User,
        family: dict) -> None:
    grandmother = family["grandmother"]
    url = reverse("family:change_member", args=[review.uuid, grandmother.pk])
    opened = grandmother.version
    actions.change_family_member(grandmother, by=business_manager, version=opened,
                                 support_needs="A quiet room")
    response = client_for(lead_reviewer).post(url, {
        "relationship": "maternal grandmother", "to_approach": "yes",
        "support_needs": "Large print", "version": opened})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this family member&#39;s details" in page
    assert "A quiet room" in page and "Large print" in page
    grandmother.refresh_from_db()
    assert grandmother.support_needs == "A quiet room"


def test_recording_a_sibling_decision_through_the_page(
        client_for, review: Review, lead_reviewer: User, family: dict) -> None:
    sister = family["sister"]
    client = client_for(lead_reviewer)
    url = reverse("family:sibling_decision", args=[review.uuid, sister.pk])
    response = client.post(url, {
        "age": "14", "consulted": "Her social worker", "contact_appropriate": "yes", "how": "",
        "decision": "Invite her", "reasons": "She asked",
        "decided_on-day": "1", "decided_on-month": "12", "decided_on-year": "2026"})
    assert "Say how contact should be made, since it is appropriate." in response.content.decode()
    response = client.post(url, {
        "age": "14", "consulted": "Her social worker", "contact_appropriate": "yes",
        "how": "With her foster carer present", "decision": "Invite her", "reasons": "She asked",
        "decided_on-day": "1", "decided_on-month": "12", "decided_on-year": "2026"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "With her foster carer present" in page
    assert "Contact is appropriate (decided 1 December 2026)" in page
    assert "Not yet approached" in page


def test_recording_the_report_offer_through_the_page(
        client_for, review: Review, business_manager: User, family: dict) -> None:
    sister = family["sister"]
    response = client_for(business_manager).post(
        reverse("family:report_offer", args=[review.uuid, sister.pk]),
        {"offered_draft_on-day": "2", "offered_draft_on-month": "12",
         "offered_draft_on-year": "2026", "wants_to_see_draft": "no",
         "wants_publication_date": "yes"})
    assert response.status_code == 302
    sister.refresh_from_db()
    assert (sister.offered_draft_on, sister.wants_to_see_draft, sister.wants_publication_date
            ) == (date(2026, 12, 2), False, True)


def test_another_reviews_member_is_not_found(client_for, make_review, review: Review,
                                             business_manager: User, family: dict) -> None:
    other = make_review(child_name="Amelia Other")
    url = reverse("family:member", args=[other.uuid, family["sister"].pk])
    assert client_for(business_manager).get(url).status_code == 404
    url = reverse("family:change_member", args=[other.uuid, family["sister"].pk])
    assert client_for(business_manager).get(url).status_code == 404


def test_the_family_page_takes_the_same_queries_however_many_people(
        client_for, review: Review, business_manager: User, lead_reviewer: User) -> None:
    client = client_for(lead_reviewer)
    url = reverse("family:involvement", args=[review.uuid])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def add_person(n: int) -> None:
        entry = save_identity(review, by=business_manager, kind=IdentityEntry.Kind.FAMILY,
                              real_name=f"Relative Number{n}", pseudonym=f"Relative {n}")
        member = add(review, lead_reviewer, entry, relationship="cousin", is_sibling=n % 2 == 0)
        if member.is_sibling:
            actions.record_sibling_decision(member, by=lead_reviewer, age=10, consulted="GP",
                                            contact_appropriate=False, decision="No",
                                            reasons="Too unwell", decided_on=date(2026, 12, 1))

    add_person(1)
    add_person(2)
    few = queries()
    for n in range(3, 9):
        add_person(n)
    assert queries() == few
