"""Subgroup members had no contact with the family: each declares it on joining a review (as the
lead reviewer declares conflicts of interest); one who cannot is not added; the declaration is on
the team page."""

import html
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from reviewdesk.accounts.models import Partnership, PartnershipRole, User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.reviews import actions
from reviewdesk.reviews.models import Review, ReviewRole
from reviewdesk.testing import ClientFor, MakeReview

ON = date(2026, 3, 4)


def date_fields(name: str, day: date) -> dict[str, str]:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month),
            f"{name}-year": str(day.year)}


@pytest.fixture
def representative(partnership: Partnership) -> User:
    return User.objects.create_user("rep@example.test", "a-long-test-password",
                                    full_name="Reg Representative", partnership=partnership,
                                    role=PartnershipRole.SUBGROUP_MEMBER)


@pytest.fixture
def bare(make_review: MakeReview) -> Review:
    return make_review()


def counts(review: Review) -> tuple[int, int]:
    return review.memberships.count(), AuditEvent.objects.count()


def test_a_subgroup_member_who_declares_no_contact_is_added_with_the_declaration(
        bare: Review, business_manager: User, representative: User) -> None:
    membership = actions.add_member(bare, representative, ReviewRole.SUBGROUP_MEMBER,
                                    by=business_manager, started_on=ON, no_contact=True,
                                    no_contact_note="I chair the panel; I never met the family.")
    assert membership.no_contact_declared_at is not None
    assert membership.no_contact_declaration == (
        f"{actions.NO_CONTACT_STATEMENT}\n\nI chair the panel; I never met the family.")
    event = AuditEvent.objects.filter(event_type="review.member_added").latest("seq")
    assert event.data["no_contact_declared_by"] == representative.pk


@pytest.mark.parametrize(("no_contact", "says"), [
    (None, "Say whether they declare they have had no direct contact"),
    (False, "cannot be added as a subgroup member: ask their agency for another representative"),
])
def test_a_subgroup_member_without_the_declaration_is_not_added(
        bare: Review, business_manager: User, representative: User, no_contact: bool | None,
        says: str) -> None:
    before = counts(bare)
    with pytest.raises(ValidationError) as refused:
        actions.add_member(bare, representative, ReviewRole.SUBGROUP_MEMBER,
                           by=business_manager, started_on=ON, no_contact=no_contact)
    assert says in " ".join(refused.value.messages)
    assert counts(bare) == before


def test_other_roles_declare_nothing(bare: Review, business_manager: User,
                                     practitioner: User) -> None:
    membership = actions.add_member(bare, practitioner, ReviewRole.PRACTITIONER,
                                    by=business_manager, started_on=ON)
    assert membership.no_contact_declared_at is None
    assert membership.no_contact_declaration == ""


def test_the_team_page_form_refuses_one_who_cannot_declare_it(
        bare: Review, business_manager: User, representative: User,
        client_for: ClientFor) -> None:
    response = client_for(business_manager).post(
        f"/reviews/{bare.uuid}/team/add/",
        {"person": representative.pk, "role": ReviewRole.SUBGROUP_MEMBER, "no_contact": "no",
         **date_fields("started_on", ON)})
    assert response.status_code == 200
    assert actions.NO_CONTACT_REFUSED in html.unescape(response.content.decode())
    assert not bare.memberships.exists()
    assert not AuditEvent.objects.filter(event_type="review.member_added").exists()


def test_the_team_page_shows_who_declared_and_when(
        bare: Review, business_manager: User, representative: User,
        client_for: ClientFor) -> None:
    client = client_for(business_manager)
    response = client.post(
        f"/reviews/{bare.uuid}/team/add/",
        {"person": representative.pk, "role": ReviewRole.SUBGROUP_MEMBER, "no_contact": "yes",
         "no_contact_note": "I work in another district.", **date_fields("started_on", ON)})
    assert response.status_code == 302
    page = html.unescape(client.get(f"/reviews/{bare.uuid}/team/").content.decode())
    declarations = page.split("Subgroup members' declarations", 1)[1]
    assert "Reg Representative" in declarations
    assert actions.NO_CONTACT_STATEMENT in declarations
    assert "I work in another district." in declarations
    assert "recorded by Bea Manager" in declarations
    assert "Declared " in declarations


def test_a_subgroup_member_added_before_declarations_is_shown_as_such(
        bare: Review, business_manager: User, representative: User,
        client_for: ClientFor) -> None:
    membership = actions.add_member(bare, representative, ReviewRole.SUBGROUP_MEMBER,
                                    by=business_manager, started_on=ON, no_contact=True)
    membership.no_contact_declared_at = None
    membership.no_contact_declaration = ""
    membership.save()
    page = html.unescape(client_for(business_manager).get(
        f"/reviews/{bare.uuid}/team/").content.decode())
    assert "No declaration recorded: they were added before declarations were asked for." in page
