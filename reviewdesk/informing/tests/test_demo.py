"""The demo's staff informing: everyone on review 7's list told but the last, the expected dates
and the digest set, one question answered and one waiting for the lead reviewer; loaded twice,
nothing changes."""

from types import SimpleNamespace

import pytest

from reviewdesk.accounts.models import User
from reviewdesk.audit.context import as_system
from reviewdesk.informing import demo
from reviewdesk.informing.tests.helpers import on_the_list
from reviewdesk.reviews.models import Review
from reviewdesk.staff.models import ExpectedStageDate, Practitioner, ProgressSettings, Question

pytestmark = pytest.mark.django_db


def test_the_demo_tells_all_but_one_and_leaves_a_question_waiting(
        at_chronology: Review, business_manager: User, practitioner: User,
        agency_author: User) -> None:
    first = on_the_list(at_chronology, practitioner, by=business_manager)
    last = on_the_list(at_chronology, agency_author, by=business_manager)
    command = SimpleNamespace(bm=business_manager, reviews={demo.ACTIVE: at_chronology})
    with as_system("test load_demo"):
        demo.load(command)
        demo.load(command)

    assert Practitioner.objects.get(pk=first.pk).told_on is not None
    assert Practitioner.objects.get(pk=last.pk).told_on is None
    assert ExpectedStageDate.objects.filter(review=at_chronology).count() == 3
    assert ProgressSettings.objects.get(review=at_chronology).email_digest
    answered, waiting = Question.objects.order_by("pk")
    assert answered.answered_on is not None and answered.practitioner == first
    assert waiting.answered_on is None and waiting.lead_reviewer_asked_at is not None


def test_without_a_list_the_demo_lists_the_reviews_practitioners(
        at_chronology: Review, business_manager: User, practitioner: User) -> None:
    with as_system("test load_demo"):
        demo.load(SimpleNamespace(bm=business_manager, reviews={demo.ACTIVE: at_chronology}))
    (listed,) = Practitioner.objects.filter(review=at_chronology)
    assert listed.person == practitioner and listed.told_on is not None
