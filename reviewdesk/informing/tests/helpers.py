"""Putting someone on a review's practitioner list, as the practitioner list's actions will (the
records made directly until they land), and a review far enough along to tell staff about."""

from datetime import date

from reviewdesk.accounts.models import Agency, User
from reviewdesk.reviews.actions import add_member
from reviewdesk.reviews.models import Review, ReviewRole
from reviewdesk.staff.models import Practitioner


def on_the_list(review: Review, person: User, *, by: User, agency: Agency | None = None,
                manager: User | None = None) -> Practitioner:
    """``person`` as a practitioner on the review (a membership if they have none), listed."""
    found = Practitioner.objects.filter(review=review, person=person).first()
    if found is not None:
        return found
    membership = review.memberships.filter(person=person, role=ReviewRole.PRACTITIONER,
                                           ended_at__isnull=True).first()
    if membership is None:
        membership = add_member(review, person, ReviewRole.PRACTITIONER, by=by,
                                started_on=date(2026, 3, 3), agency=agency)
    identity = review.identities.get(person=person)
    agency = agency or membership.agency or person.agency
    assert agency is not None
    return Practitioner.objects.create(
        review=review, person=person, membership=membership, identity=identity, agency=agency,
        job_title=person.job_title or "Practitioner", email=person.email, manager=manager,
        manager_email=manager.email if manager else "", added_on=date(2026, 3, 3),
        recorded_by=by)
