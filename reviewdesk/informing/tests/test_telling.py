"""Telling practitioners: one notice each, in plain English, with no name they do not already
know; told once; logged with the notice's delivery."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from reviewdesk.accounts.models import User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.informing import actions
from reviewdesk.notices.models import Notice
from reviewdesk.parallel import actions as parallel
from reviewdesk.reviews.models import IdentityEntry, Review
from reviewdesk.staff.models import Practitioner, StaffUpdate
from reviewdesk.testing import tomorrow

pytestmark = pytest.mark.django_db


def _told_notice(review: Review, person: User) -> Notice:
    return Notice.objects.get(review=review, dedupe_key=f"staff-told:{review.pk}:{person.pk}")


def test_the_notice_says_everything_a_practitioner_needs_and_names_nobody_they_do_not_know(
        listed: Practitioner, business_manager: User, subgroup_member: User) -> None:
    review = listed.review
    mother = review.identities.create(kind=IdentityEntry.Kind.FAMILY,
                                      real_name="Jolene Moorcroft", pseudonym="Mother")
    parallel.set_advice(review, by=business_manager, effective_on=date(2026, 5, 20),
                        text="Do not discuss what Jolene Moorcroft told Polly Practitioner.",
                        topics=["What Kayden Moorcroft said at nursery"], no_contact=[mother])

    result = actions.tell_practitioners(review, by=business_manager, told_on=date(2026, 6, 1))

    assert result.told == [listed] and not result.refused
    notice = _told_notice(review, listed.person)
    body = notice.body
    label = listed.identity.pseudonym
    # Who they will be in the report, why, what it expects, involves and asks of them.
    assert f"you will be called {label}" in body
    assert "Child A was seriously harmed, and abuse or neglect is known or suspected" in body
    assert "It is not about blame" in body and "separate from any disciplinary process" in body
    assert "speaks with staff who worked with them" in body
    assert "Read the terms of reference." in body
    # How long, from the review's clock; the terms of reference shared, with the link.
    assert "The partnership aims to finish this review by" in body
    assert f"/reviews/{review.uuid}/terms-of-reference/" in body
    # Who to ask: their agency's subgroup representative, named, and the business manager.
    assert f"{subgroup_member.display_name}, your agency's representative" in body
    assert f"{business_manager.display_name}, the partnership's business manager" in body
    # Support, always: the agency's service and how to reach it, the partnership.
    assert "Health Staff Wellbeing Line: Call 0800 000 111" in body
    assert "Tell them if you cannot get the support you need" in body
    # The advice in force, anonymised.
    assert "Do not discuss what Mother told" in body
    assert "No contact about this review with: Mother" in body
    assert "What Child A said at nursery" in body
    # No name beyond what they know: not the child's, the family's or their own.
    for name in ("Kayden", "Moorcroft", "Jolene", "Polly Practitioner"):
        assert name not in body + notice.subject + notice.recipient_label
    assert notice.recipients == [listed.person.email]
    assert notice.recipient_label == label


def test_telling_sets_told_on_and_logs_the_notice_and_what_it_covered(
        listed: Practitioner, business_manager: User, manager: User) -> None:
    review = listed.review
    actions.tell_practitioners(review, by=business_manager, told_on=date(2026, 6, 1))

    listed.refresh_from_db()
    assert listed.told_on == date(2026, 6, 1)
    told = StaffUpdate.objects.get(person=listed.person, kind=StaffUpdate.Kind.TOLD)
    assert told.notice == _told_notice(review, listed.person)
    assert told.sent_on == date(2026, 6, 1) and told.recorded_by == business_manager
    # The terms of reference shared and the stage are known to them now, and their manager
    # hears only of changes from now on.
    kinds = set(StaffUpdate.objects.filter(person=manager).values_list("kind", flat=True))
    assert kinds == {StaffUpdate.Kind.TERMS_OF_REFERENCE, StaffUpdate.Kind.PROGRESS}
    assert not [n for n in Notice.objects.all() if manager.email in n.recipients]
    event = AuditEvent.objects.filter(event_type="informing.staff_told").get()
    assert event.data["practitioners"] == [listed.pk]
    assert review.timeline.filter(title="Practitioners told about the review").exists()


def test_each_practitioner_is_told_once(listed: Practitioner, business_manager: User) -> None:
    review = listed.review
    actions.tell_practitioners(review, by=business_manager, told_on=date(2026, 6, 1))

    with pytest.raises(ValidationError, match="has been told already"):
        actions.tell_practitioners(review, by=business_manager, told_on=date(2026, 6, 2))
    assert Notice.objects.filter(purpose="telling staff").count() == 1


def test_a_date_in_the_future_or_before_the_decision_is_refused_and_nothing_is_sent(
        listed: Practitioner, business_manager: User) -> None:
    review = listed.review
    with pytest.raises(ValidationError, match="cannot be in the future"):
        actions.tell_practitioners(review, by=business_manager, told_on=tomorrow())
    with pytest.raises(ValidationError, match="cannot be before"):
        actions.tell_practitioners(review, by=business_manager, told_on=date(2026, 1, 1))
    listed.refresh_from_db()
    assert listed.told_on is None and not Notice.objects.filter(purpose="telling staff").exists()


def test_only_the_business_manager_tells_staff(
        listed: Practitioner, subgroup_member: User, lead_reviewer: User) -> None:
    for person in (subgroup_member, lead_reviewer, listed.person):
        with pytest.raises(PermissionDenied):
            actions.tell_practitioners(listed.review, by=person,
                                       told_on=timezone.localdate())


def test_a_review_not_yet_decided_on_tells_nobody(
        review: Review, practitioner: User, business_manager: User) -> None:
    from reviewdesk.informing.tests.helpers import on_the_list

    on_the_list(review, practitioner, by=business_manager)
    with pytest.raises(ValidationError, match="once the partners have decided"):
        actions.tell_practitioners(review, by=business_manager, told_on=date(2026, 3, 5))


def test_a_practitioner_the_advice_says_not_to_contact_is_not_told(
        listed: Practitioner, business_manager: User) -> None:
    review = listed.review
    parallel.set_advice(review, by=business_manager, effective_on=date(2026, 5, 20),
                        text="No contact with the health visitor while the police interview her.",
                        no_contact=[listed.identity])

    with pytest.raises(ValidationError, match="Nobody could be told"):
        actions.tell_practitioners(review, by=business_manager, told_on=date(2026, 6, 1))
    listed.refresh_from_db()
    assert listed.told_on is None
    assert not Notice.objects.filter(purpose="telling staff").exists()
