"""The demo holds a briefing with reflections on a review whose report is final, drafts the
seven-minute briefing, and a second run adds nothing."""

import io
from types import SimpleNamespace

import pytest
from django.core.management import call_command

from reviewdesk.accounts.models import Agency, Partnership, User
from reviewdesk.action_plan.models import Briefing, BriefingDocument, Reflection
from reviewdesk.briefings import demo, selectors
from reviewdesk.reviews.models import Review

pytestmark = pytest.mark.django_db


def test_the_demo_holds_a_briefing_with_reflections_once() -> None:
    call_command("load_demo", stdout=io.StringIO())
    assert Briefing.objects.exists() and BriefingDocument.objects.exists()
    held = Reflection.objects.first()
    assert held is not None
    review = held.briefing.meeting.review
    seen = selectors.aggregate(selectors.reflections_of(review))
    assert seen.total >= 5 and any(name.startswith("Other agencies") for name, _ in
                                   seen.by_agency)
    counts = (Briefing.objects.count(), Reflection.objects.count(),
              BriefingDocument.objects.count())

    reviews = list(Review.objects.order_by("pk"))
    kv = Partnership.objects.get(code="KV")
    bm = User.objects.get(email__startswith="business.manager@")
    learning = User.objects.get(email__startswith="learning@")
    demo.load(SimpleNamespace(reviews=dict(enumerate(reviews)), bm=bm, kv=kv,
                              agencies=list(Agency.objects.filter(partnership=kv).order_by("pk")),
                              people={"learning": learning, "business.manager": bm}))
    assert (Briefing.objects.count(), Reflection.objects.count(),
            BriefingDocument.objects.count()) == counts
