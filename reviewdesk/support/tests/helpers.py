"""Helpers for the support tests: a practitioner on the review's list (made directly until the
staff app's list lands), and a manager."""

from datetime import date

from django.utils import timezone

from reviewdesk.accounts.models import Partnership, User
from reviewdesk.reviews import actions
from reviewdesk.reviews.models import Review, ReviewRole
from reviewdesk.staff.models import Practitioner

SENIOR = "Sir Godfrey Senior"


def practitioner_record(review: Review, person: User, by: User,
                        manager: User | None = None) -> Practitioner:
    """The person's practitioner record on the review, adding their membership if needed."""
    found = Practitioner.objects.filter(review=review, person=person).first()
    if found is not None:
        return found
    membership = review.memberships.filter(person=person, role=ReviewRole.PRACTITIONER,
                                           ended_at__isnull=True).first()
    if membership is None:
        membership = actions.add_member(review, person, ReviewRole.PRACTITIONER, by=by,
                                        started_on=date(2026, 3, 3))
    assert membership.identity is not None and person.agency is not None
    return Practitioner.objects.create(
        review=review, person=person, membership=membership, identity=membership.identity,
        agency=person.agency, job_title=person.job_title or "Practitioner", email=person.email,
        manager=manager, manager_email=manager.email if manager else "",
        added_on=date(2026, 3, 3), recorded_by=by)


def add_manager(review: Review, by: User, partnership: Partnership,
                name: str = "Mona Linemanager") -> User:
    manager = User.objects.create_user(
        f"{name.split()[0].lower()}.manager@example.test", "a-long-test-password",
        full_name=name, partnership=partnership, job_title="Team manager")
    actions.add_member(review, manager, ReviewRole.MANAGER, by=by, started_on=date(2026, 3, 3))
    return manager


def senior_contact(partnership: Partnership) -> User:
    return User.objects.create_user("senior@example.test", "a-long-test-password",
                                    full_name=SENIOR, partnership=partnership,
                                    job_title="Director of Children's Services")


def today() -> date:
    return timezone.localdate()
