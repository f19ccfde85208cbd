"""A sibling waiting for a decision is on the lead reviewer's and the business manager's home
page, and on nobody else's."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviewdesk import access
from reviewdesk.accounts.models import User
from reviewdesk.family import actions, selectors
from reviewdesk.family.tests.helpers import add, register_family
from reviewdesk.reviews.actions import add_member
from reviewdesk.reviews.models import Review, ReviewRole

pytestmark = pytest.mark.django_db


def test_a_sibling_without_a_decision_is_the_lead_reviewers_to_decide(
        client_for, review: Review, business_manager: User, lead_reviewer: User,
        practitioner: User, agency_author: User, subgroup_member: User, partner: User) -> None:
    family = register_family(review, business_manager)
    sister = add(review, lead_reviewer, family["sister"], relationship="older sister",
                 is_sibling=True)
    add(review, lead_reviewer, family["grandmother"])
    [need] = selectors.needs(lead_reviewer, review.created_at.date())
    assert need.what == ("Record the sibling decision about Sibling 1 before anyone approaches "
                         "them")
    assert need.url == reverse("family:sibling_decision", args=[review.uuid, sister.pk])
    assert need.who == "You"
    [need] = selectors.needs(business_manager, review.created_at.date())
    assert need.who == "The lead reviewer"
    for person in (practitioner, agency_author, subgroup_member, partner):
        assert selectors.needs(person, review.created_at.date()) == []
    home = client_for(lead_reviewer).get(reverse("reviews:home")).content.decode()
    assert "Record the sibling decision about Sibling 1" in home

    actions.record_sibling_decision(sister, by=lead_reviewer, age=14, consulted="Her carer",
                                    contact_appropriate=False, decision="Not now",
                                    reasons="Exams")
    assert selectors.needs(lead_reviewer, review.created_at.date()) == []


def test_the_needs_take_one_query_however_many_reviews(
        make_review, business_manager: User, lead_reviewer: User) -> None:
    for n in range(3):
        review = make_review(child_name=f"Child Number{n}")
        add_member(review, lead_reviewer, "lead_reviewer", by=business_manager,
                   started_on=date(2026, 3, 3))
        entries = register_family(review, business_manager)
        add(review, lead_reviewer, entries["sister"], relationship="sister", is_sibling=True)
    # The roles the viewer has held are asked once for every provider (needs_for).
    assert ReviewRole.LEAD_REVIEWER in access.roles_ever_held(lead_reviewer)
    with CaptureQueriesContext(connection) as captured:
        found = selectors.needs(lead_reviewer, date(2026, 12, 5))
    assert len(found) == 3 and len(captured) == 1
