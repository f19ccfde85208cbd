"""Where each family member stands, from the contact log, and the count partners see."""

from datetime import date

import pytest

from reviewdesk.accounts.models import User
from reviewdesk.family import selectors
from reviewdesk.family.models import Contact, Contribution, FamilyMeeting, FamilyMember
from reviewdesk.family.tests.helpers import add
from reviewdesk.reviews.actions import save_identity
from reviewdesk.reviews.models import IdentityEntry, Review

pytestmark = pytest.mark.django_db


def _person(review: Review, by: User, n: int, **values: object) -> FamilyMember:
    entry = save_identity(review, by=by, kind=IdentityEntry.Kind.FAMILY,
                          real_name=f"Relative Number{n}", pseudonym=f"Relative {n}")
    return add(review, by, entry, relationship="aunt", **values)


def _log(member: FamilyMember, by: User, kind: str, response: str = "", day: int = 1) -> None:
    Contact.objects.create(member=member, kind=kind, response=response,
                           happened_on=date(2026, 11, day), recorded_by=by)


def test_each_status_comes_from_the_contact_log(review: Review, lead_reviewer: User) -> None:
    by = lead_reviewer
    waiting = _person(review, by, 1)
    approached = _person(review, by, 2)
    _log(approached, by, Contact.Kind.ATTEMPT)
    declined = _person(review, by, 3)
    _log(declined, by, Contact.Kind.ATTEMPT, day=1)
    _log(declined, by, Contact.Kind.RESPONSE, Contact.Response.AGREED_TO_MEET, day=2)
    _log(declined, by, Contact.Kind.RESPONSE, Contact.Response.DECLINED, day=9)
    met = _person(review, by, 4)
    _log(met, by, Contact.Kind.ATTEMPT)
    FamilyMeeting.objects.create(member=met, held_on=date(2026, 11, 20), place="Her home",
                                 recorded_by=by)
    wrote = _person(review, by, 5)
    Contribution.objects.create(member=wrote, received_on=date(2026, 11, 21), file="family/x",
                                filename="letter.txt", sha256="0" * 64, recorded_by=by)
    not_approached = _person(review, by, 6, to_approach=False,
                             not_approached_reason="Lives abroad, no address")
    sibling = _person(review, by, 7, is_sibling=True)

    found = {m.pk: selectors.status(m).text for m in selectors.members(review)}
    assert found == {
        waiting.pk: "Not yet approached", approached.pk: "Approached",
        declined.pk: "Declined", met.pk: "Contributed", wrote.pk: "Contributed",
        not_approached.pk: "Not approached", sibling.pk: "Sibling decision needed"}
    assert selectors.summary(review).sentence() == (
        "7 people considered, 4 approached, 2 contributed")
