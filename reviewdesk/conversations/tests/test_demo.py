"""The demo's conversations on the chronology-stage review: asked, booked, held with a shared
note and consent, an area answered and one new; nothing without practitioners on the list."""

from datetime import date
from types import SimpleNamespace

import pytest

from reviewdesk.accounts.models import User
from reviewdesk.conversations import demo
from reviewdesk.conversations.tests.helpers import make_practitioner
from reviewdesk.reviews.actions import add_member
from reviewdesk.reviews.models import Review, ReviewRole
from reviewdesk.reviews.tests.test_access_matrix import walk_to
from reviewdesk.staff.models import AreaRaised, Conversation


@pytest.fixture
def at_chronology(review: Review, business_manager: User) -> Review:
    walk_to(review, "chronology", business_manager)
    review.refresh_from_db()
    return review


def test_without_practitioners_the_demo_does_nothing(at_chronology: Review) -> None:
    demo.load(SimpleNamespace(reviews={6: at_chronology}))
    assert not Conversation.objects.exists() and not AreaRaised.objects.exists()


def test_the_demo_tells_each_state(at_chronology: Review, practitioner: User,
                                   business_manager: User) -> None:
    review = at_chronology
    people = [practitioner]
    for n in range(4):
        person = User.objects.create_user(f"p{n}@example.test", "x", full_name=f"Pat {n}",
                                          partnership=review.partnership,
                                          agency=practitioner.agency, job_title="Nurse")
        add_member(review, person, ReviewRole.PRACTITIONER, by=business_manager,
                   started_on=date(2026, 3, 3))
        people.append(person)
    for person in people:
        make_practitioner(review, person, business_manager)
    demo.load(SimpleNamespace(reviews={6: review}))
    states = sorted(Conversation.objects.values_list("status", flat=True))
    assert states == ["booked", "held", "requested"]
    held = Conversation.objects.get(status="held")
    assert held.note_shared_with_business_manager and held.consent == "paraphrased"
    assert sorted(AreaRaised.objects.values_list("status", flat=True)) == [
        "", "in_terms_of_reference"]
