"""A practitioner's manager on a review: they see what a practitioner sees, and their own staff's
names (the named exception to the staff-identity tier, access.managed_staff_on), never another
member of staff's."""

import html
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reviewdesk import access
from reviewdesk.access import Permission, Tier
from reviewdesk.accounts.models import Agency, Partnership, User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.reviews import actions
from reviewdesk.reviews.models import IdentityEntry, Review, ReviewRole
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.tests.test_access_matrix import add_manager
from reviewdesk.testing import ClientFor, ClientResponse

START = date(2026, 3, 3)


def text(response: ClientResponse) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def manager(partnership: Partnership, agencies: dict[str, Agency]) -> User:
    return User.objects.create_user("manager@example.test", "a-long-test-password",
                                    full_name="Mona Manager", partnership=partnership,
                                    agency=agencies["health"], job_title="Team Manager")


@pytest.fixture
def social_worker(partnership: Partnership, agencies: dict[str, Agency]) -> User:
    """Another practitioner on the review, whose manager is someone else."""
    return User.objects.create_user("sw@example.test", "a-long-test-password",
                                    full_name="Sid Socialworker", partnership=partnership,
                                    agency=agencies["education"], job_title="Social Worker")


@pytest.fixture
def managed(review: Review, business_manager: User, practitioner: User, manager: User,
            social_worker: User) -> Review:
    """The review with the practitioner's manager on it, named on the practitioner's record; a
    second practitioner who is not theirs."""
    actions.add_member(review, social_worker, ReviewRole.PRACTITIONER, by=business_manager,
                       started_on=START)
    add_manager(review, practitioner, manager, by=business_manager)
    return review


def fresh(review: Review) -> Review:
    """The review as a new request reads it (nothing cached on the object)."""
    return Review.objects.get(pk=review.pk)


def test_a_manager_sees_their_own_staff_and_no_one_elses(
        managed: Review, manager: User, practitioner: User, social_worker: User,
        agency_author: User) -> None:
    names = Names(fresh(managed), manager)
    assert names.tier == Tier.FAMILY
    assert names.user(practitioner) == "Polly Practitioner"
    assert names.user(social_worker) == "Social Worker 1"
    assert names.user(agency_author) == "Detective Sergeant 1"
    # The family, as a practitioner sees it.
    assert names.subject == "Kayden Moorcroft"
    assert access.managed_staff(manager, managed) == {practitioner.pk}


def test_free_text_keeps_their_staff_and_hides_every_other_member_of_staff(
        managed: Review, manager: User) -> None:
    said = Names(fresh(managed), manager).redact(
        "Polly Practitioner rang Sid Socialworker and Andy Author.")
    assert "Polly Practitioner" in said
    assert "Socialworker" not in said and "Andy Author" not in said


def test_being_on_the_review_as_a_manager_is_not_enough_they_must_be_named_the_manager(
        review: Review, business_manager: User, manager: User, practitioner: User) -> None:
    actions.add_member(review, manager, ReviewRole.MANAGER, by=business_manager,
                       started_on=START)
    names = Names(fresh(review), manager)
    assert names.user(practitioner) == "Health Visitor 1"
    assert access.managed_staff(manager, review) == set()


def test_the_exception_ends_when_the_practitioner_or_the_manager_leaves_the_review(
        managed: Review, business_manager: User, manager: User, practitioner: User) -> None:
    gone = managed.memberships.get(person=practitioner, role=ReviewRole.PRACTITIONER)
    actions.remove_member(gone, by=business_manager, ended_on=date(2026, 3, 5), reason="Left.")
    assert Names(fresh(managed), manager).user(practitioner) == "Health Visitor 1"
    assert access.managed_staff(manager, fresh(managed)) == set()


def test_a_manager_who_has_left_the_review_no_longer_sees_it(
        managed: Review, business_manager: User, manager: User, client_for: ClientFor) -> None:
    left = managed.memberships.get(person=manager, role=ReviewRole.MANAGER)
    actions.remove_member(left, by=business_manager, ended_on=date(2026, 3, 5), reason="Left.")
    assert client_for(manager).get(f"/reviews/{managed.uuid}/").status_code == 404
    assert access.managed_staff(manager, fresh(managed)) == set()


def test_nobody_else_gains_anything_from_a_managers_record(
        managed: Review, practitioner: User, social_worker: User, agency_author: User,
        partner: User) -> None:
    # The practitioner does not see their colleague; the partner sees role labels only.
    for viewer in (practitioner, agency_author, partner):
        names = Names(fresh(managed), viewer)
        assert names.user(social_worker) == "Social Worker 1"
        assert access.managed_staff(viewer, managed) == set()
    assert Names(fresh(managed), partner).user(practitioner) == "Health Visitor 1"


def test_the_managers_staff_are_read_once_a_request(managed: Review, manager: User) -> None:
    review = fresh(managed)
    access.managed_staff(manager, review)
    with CaptureQueriesContext(connection) as queries:
        names = Names(review, manager)
        for entry in review.identities.all():
            names.may_see(entry)
        access.managed_staff(manager, review)
    # One query for the register's entries; the roles and the staff are cached on the review.
    assert len(queries) == 1


def test_a_manager_holds_what_a_practitioner_holds_and_records_team_sessions_instead(
        managed: Review, manager: User, practitioner: User) -> None:
    review = fresh(managed)
    differs = {p for p in Permission
               if access.can(manager, review, p) != access.can(practitioner, review, p)}
    assert differs == {Permission.ACT_AS_PRACTITIONER, Permission.RECORD_TEAM_SESSION}
    assert access.can(manager, review, Permission.RECORD_TEAM_SESSION)
    assert not access.can(manager, review, Permission.ACT_AS_PRACTITIONER)
    assert access.is_practitioner_only(manager, review)
    assert access.sees_shared_terms_of_reference_only(manager, review)


def test_the_managers_page_is_the_practitioners_with_their_own_staff_named(
        managed: Review, manager: User, client_for: ClientFor) -> None:
    since = AuditEvent.objects.count()
    response = client_for(manager).get(f"/reviews/{managed.uuid}/")
    assert response.status_code == 200
    page = text(response)
    assert "line manager of staff who worked with the child or family" in page
    assert "Your staff on this review" in page
    assert "Polly Practitioner (Health Visitor 1)" in page
    for hidden in ("Sid Socialworker", "Andy Author"):
        assert hidden not in page
    assert "Practitioner's manager" in page  # their own involvement: their role
    # The page shows identities: the read is audited.
    assert AuditEvent.objects.filter(seq__gt=0).count() > since
    assert AuditEvent.objects.filter(actor=manager, event_type="review.viewed").exists()


def test_a_manager_with_no_staff_named_is_told_so(
        review: Review, business_manager: User, manager: User, client_for: ClientFor) -> None:
    actions.add_member(review, manager, ReviewRole.MANAGER, by=business_manager,
                       started_on=START)
    page = text(client_for(manager).get(f"/reviews/{review.uuid}/"))
    assert "None of the staff on this review names you as their manager." in page
    assert "Polly Practitioner" not in page


@pytest.mark.parametrize("page", ["team/", "register/"])
def test_a_manager_sees_neither_the_team_nor_the_register(
        managed: Review, manager: User, client_for: ClientFor, page: str) -> None:
    assert client_for(manager).get(f"/reviews/{managed.uuid}/{page}").status_code == 403


def test_search_finds_their_own_staff_by_name_and_no_one_else(
        managed: Review, manager: User, client_for: ClientFor) -> None:
    client = client_for(manager)
    found = text(client.get("/search/?q=Polly"))
    assert "Polly Practitioner" in found
    assert "Sid Socialworker" not in text(client.get("/search/?q=Socialworker"))
    assert "Andy Author" not in text(client.get("/search/?q=Andy"))


def test_people_a_manager_may_see_are_their_staff_and_no_other_staff(
        managed: Review, manager: User, practitioner: User, social_worker: User,
        agency_author: User) -> None:
    visible = set(access.people_visible_to(manager).values_list("pk", flat=True))
    assert {manager.pk, practitioner.pk} <= visible
    assert not {social_worker.pk, agency_author.pk} & visible


def test_only_staff_entries_are_the_exception(
        managed: Review, manager: User, practitioner: User) -> None:
    """A family entry linked to nobody and a professional named by another's record: the staff
    rule is the usual one for everything but the manager's own staff's entries."""
    review = fresh(managed)
    entry = review.identities.get(person=practitioner)
    assert entry.tier == IdentityEntry.Tier.STAFF
    assert access.manager_sees_staff_entry(manager, review, entry)
    others = review.identities.filter(kind=IdentityEntry.Kind.PROFESSIONAL).exclude(pk=entry.pk)
    assert others and not any(access.manager_sees_staff_entry(manager, review, e)
                              for e in others)
