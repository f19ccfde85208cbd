"""The reads the staff side's other apps use."""

from datetime import date

import pytest
from django.utils import timezone

from reviewdesk.accounts.models import Agency, User
from reviewdesk.reviews.actions import add_member, remove_member
from reviewdesk.reviews.models import Review, ReviewRole, Stage
from reviewdesk.staff import actions, selectors
from reviewdesk.staff.tests.helpers import row

pytestmark = pytest.mark.django_db


def test_a_practitioner_finds_their_own_record_while_they_are_on_the_review(
        review: Review, business_manager: User, practitioner: User, lead_reviewer: User) -> None:
    assert selectors.practitioner_for(practitioner, review) is None  # on the team page only
    polly = actions.add_practitioner(review, by=business_manager, **{**row(
        email="practitioner@example.test")})
    assert selectors.practitioner_for(practitioner, review) == polly
    assert selectors.practitioner_for(lead_reviewer, review) is None
    actions.remove_practitioner(polly, by=business_manager, reason="Left the team")
    assert selectors.practitioner_for(practitioner, review) is None
    assert list(selectors.practitioners_of(review)) == []
    assert selectors.counts(review) == {"active": 0, "with_manager": 0, "told": 0, "removed": 1}


def test_the_subgroup_representative_of_an_agency_is_its_active_subgroup_member(
        review: Review, business_manager: User, subgroup_member: User,
        agencies: dict[str, Agency], partnership) -> None:
    # The fixture's subgroup member is from health.
    found = selectors.subgroup_rep_for(review, agencies["health"])
    assert found is not None and found.person == subgroup_member
    assert selectors.subgroup_rep_for(review, agencies["police"]) is None
    remove_member(found, by=business_manager, ended_on=date(2026, 3, 4), reason="Left")
    assert selectors.subgroup_rep_for(review, agencies["health"]) is None
    police = User.objects.create_user("ps@example.test", "x", full_name="Paul Sub",
                                      partnership=partnership, agency=agencies["police"])
    add_member(review, police, ReviewRole.SUBGROUP_MEMBER, by=business_manager,
               started_on=date(2026, 3, 5), no_contact=True)
    rep = selectors.subgroup_rep_for(review, agencies["police"])
    assert rep is not None and rep.person == police


def test_practitioners_of_reads_in_one_query(
        review: Review, business_manager: User, django_assert_num_queries) -> None:
    for n in range(3):
        actions.add_practitioner(review, by=business_manager, **{**row(
            name=f"P{n} Person", email=f"p{n}@example.test", manager_email=f"m{n}@example.test")})
    with django_assert_num_queries(1):
        found = list(selectors.practitioners_of(review))
        assert [p.identity.pseudonym for p in found] == [
            "Health Visitor 2", "Health Visitor 3", "Health Visitor 4"]
        assert all(p.manager and p.agency and p.person for p in found)


def test_the_home_page_asks_for_the_practitioners_while_staff_are_being_informed(
        review: Review, business_manager: User, lead_reviewer: User, partner: User) -> None:
    today = timezone.localdate()
    assert selectors.needs(business_manager, today) == []  # not at the stage yet
    Review.objects.filter(pk=review.pk).update(stage=Stage.INFORMING_STAFF)
    [need] = selectors.needs(business_manager, today)
    assert need.review == review and need.url.endswith(f"/reviews/{review.uuid}/staff/")
    assert "Add the practitioners" in need.what
    assert len(selectors.needs(lead_reviewer, today)) == 1
    assert selectors.needs(partner, today) == []
    actions.add_practitioner(review, by=business_manager, **row())
    assert selectors.needs(business_manager, today) == []
