"""The demo tells the advice's story: advice in force on review 7, with its open police
investigation (no contact with the mother, the weeks before the incident restricted), and
advice lifted on review 9 when its investigation concluded."""

import io
from datetime import date

import pytest
from django.core.management import call_command

from reviewdesk.family.models import Contact, Contribution, SiblingDecision
from reviewdesk.parallel.models import Advice, ChronologyRestriction, NoContact
from reviewdesk.parallel.restrictions import no_contact_refusal
from reviewdesk.reviews.models import Review
from reviewdesk.testing import TodayIs

pytestmark = pytest.mark.django_db


def test_the_demo_has_advice_in_force_and_advice_lifted(today_is: TodayIs) -> None:
    today_is(date(2026, 6, 15))
    call_command("load_demo", stdout=io.StringIO())
    reviews = list(Review.objects.order_by("pk"))
    active, concluded = reviews[7], reviews[9]
    advice = Advice.objects.in_force().get(review=active)
    mother = active.identities.get(pseudonym="Mother")
    assert NoContact.objects.get(advice=advice).identity == mother
    assert ChronologyRestriction.objects.filter(advice=advice).count() == 1
    assert advice.acknowledgements.count() == 1
    assert no_contact_refusal(active, mother) is not None

    assert advice.process is not None and advice.process.lead_name == "Morag Keddie"
    lifted = Advice.objects.get(review=concluded)
    assert lifted.ended == Advice.Ended.LIFTED and "has concluded" in lifted.end_reason
    # The same review is the one whose family contributed, with a sibling decision, and they
    # were approached only once the advice had been lifted.
    assert Contribution.objects.filter(member__review=concluded).exists()
    assert SiblingDecision.objects.filter(member__review=concluded).exists()
    first = Contact.objects.filter(member__review=concluded).order_by("happened_on").first()
    assert first is not None and lifted.ended_on is not None
    assert first.happened_on >= lifted.ended_on
    # Loaded again, nothing changes.
    call_command("load_demo", stdout=io.StringIO())
    assert Advice.objects.count() == 2
