"""Updates to those affected, once per person per subject: a new terms of reference version and
changed advice reach practitioners already told and their managers, a stage change reaches them
as a digest where the business manager chose it; however often the updates are worked out."""

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date, timedelta

import pytest
from django.core.management import call_command

from reviewdesk.accounts.models import User
from reviewdesk.commissioning import actions as commissioning
from reviewdesk.commissioning.testing import take
from reviewdesk.informing import actions
from reviewdesk.notices.models import Notice
from reviewdesk.parallel import actions as parallel
from reviewdesk.reviews.models import Review
from reviewdesk.staff.models import Practitioner, StaffUpdate
from reviewdesk.testing import tomorrow

pytestmark = pytest.mark.django_db
Capture = Callable[..., AbstractContextManager[list[Callable[[], object]]]]


def _to(person: User) -> list[Notice]:
    return [n for n in Notice.objects.order_by("pk") if person.email in n.recipients]


@pytest.fixture
def told(listed: Practitioner, business_manager: User) -> Practitioner:
    actions.tell_practitioners(listed.review, by=business_manager, told_on=date(2026, 6, 1))
    listed.refresh_from_db()
    return listed


def _new_version(review: Review, by: User) -> None:
    current = review.terms_of_reference.order_by("-number").first()
    assert current is not None
    version = commissioning.save_terms_of_reference(
        review, by=by, period_from=current.period_from, period_to=current.period_to,
        lines_of_enquiry="How agencies shared information, and supervision.",
        agencies=list(current.agencies.all()), methodology=current.methodology)
    commissioning.approve_terms_of_reference(version, by=by, approved_on=date(2026, 6, 10))
    commissioning.share_terms_of_reference(version, by=by)


def test_a_new_terms_of_reference_version_reaches_the_practitioner_and_their_manager_once(
        told: Practitioner, manager: User, business_manager: User,
        django_capture_on_commit_callbacks: Capture) -> None:
    review = told.review
    before = len(_to(told.person))
    with django_capture_on_commit_callbacks(execute=True):
        _new_version(review, business_manager)

    # The practitioner had commissioning's own notice of it: that is their update, not another.
    assert len(_to(told.person)) == before + 1
    latest = review.terms_of_reference.order_by("-number").first()
    assert latest is not None and latest.number == 2
    update = StaffUpdate.objects.get(person=told.person, kind=StaffUpdate.Kind.TERMS_OF_REFERENCE,
                                     key=f"tor-{latest.pk}")
    assert update.practitioner == told and update.notice is not None
    assert update.notice.purpose == "terms_of_reference"
    (to_manager,) = _to(manager)
    assert to_manager.subject.endswith("the terms of reference have changed")
    assert "Version 2 of the terms of reference" in to_manager.body

    # Sent again, by the step's listener or the daily sweep: nobody gets it twice.
    assert actions.send_updates(review) == []
    call_command("send_reminders")
    assert len(_to(manager)) == 1 and len(_to(told.person)) == before + 1


def test_changed_advice_reaches_those_affected_once_each_time_it_changes(
        told: Practitioner, manager: User, business_manager: User,
        django_capture_on_commit_callbacks: Capture) -> None:
    review = told.review
    before = len(_to(told.person))
    with django_capture_on_commit_callbacks(execute=True):
        advice = parallel.set_advice(review, by=business_manager, effective_on=date(2026, 6, 5),
                                     text="Do not discuss Kayden Moorcroft's injuries.")
    (set_notice,) = _to(manager)
    assert "New advice to staff was given on 5 June 2026" in set_notice.body
    assert "Do not discuss Child A's injuries." in set_notice.body
    assert "Kayden" not in set_notice.body
    # The practitioner, on the review's team, had the advice's own notice: logged, not repeated.
    assert len(_to(told.person)) == before + 1
    logged = StaffUpdate.objects.get(person=told.person, kind=StaffUpdate.Kind.ADVICE,
                                     key=f"advice-{advice.pk}-set").notice
    assert logged is not None and logged.purpose == "advice to staff"

    with django_capture_on_commit_callbacks(execute=True):
        parallel.lift_advice(advice, by=business_manager, lifted_on=date(2026, 6, 8),
                             reason="The investigation has closed.")
    assert len(_to(manager)) == 2
    assert "was lifted on 8 June 2026" in _to(manager)[-1].body
    for _ in range(2):
        actions.send_updates(review)
        actions.sweep(date(2026, 12, 5))
    assert len(_to(manager)) == 2 and len(_to(told.person)) == before + 2
    assert StaffUpdate.objects.filter(person=manager, kind=StaffUpdate.Kind.ADVICE,
                                      notice__isnull=False).count() == 2


def test_those_not_yet_told_get_no_update(
        listed: Practitioner, manager: User, business_manager: User,
        django_capture_on_commit_callbacks: Capture) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        parallel.set_advice(listed.review, by=business_manager, effective_on=date(2026, 6, 5),
                            text="Do not discuss the case.")
    assert _to(manager) == []
    assert not StaffUpdate.objects.filter(review=listed.review).exists()


def test_the_digest_goes_once_per_stage_per_person_when_the_business_manager_chose_it(
        told: Practitioner, manager: User, business_manager: User,
        django_capture_on_commit_callbacks: Capture) -> None:
    review = told.review
    before = len(_to(told.person))
    actions.set_email_digest(review, by=business_manager, email_digest=True)
    actions.set_expected_dates(review, by=business_manager,
                               dates={"family": tomorrow() + timedelta(days=60)})
    # Choosing it sends nothing about the stage the review is at already.
    assert actions.send_updates(review) == []

    with django_capture_on_commit_callbacks(execute=True):
        take(review, "start_conversations", by=business_manager, on=date(2026, 6, 20))

    (digest,) = [n for n in _to(told.person)[before:]]
    assert digest.subject.endswith("the review has moved on")
    assert "The lead reviewer is speaking with staff" in digest.body
    expected = tomorrow() + timedelta(days=60)
    assert f"Family involvement: expected to start around {expected:%-d %B %Y}" in digest.body
    assert "expectations, not promises" in digest.body
    assert [n.subject for n in _to(manager)] == [digest.subject]
    actions.send_updates(review)
    call_command("send_reminders")
    assert len(_to(told.person)) == before + 1 and len(_to(manager)) == 1


def test_without_the_digest_a_stage_change_is_on_their_page_only(
        told: Practitioner, manager: User, business_manager: User,
        django_capture_on_commit_callbacks: Capture) -> None:
    before = len(_to(told.person))
    with django_capture_on_commit_callbacks(execute=True):
        take(told.review, "start_conversations", by=business_manager, on=date(2026, 6, 20))
    assert len(_to(told.person)) == before and _to(manager) == []
