"""The demo records findings, recommendations and themes on the reviews past their report, in
their stories' words, and a second run adds nothing."""

import io
from types import SimpleNamespace

import pytest
from django.core.management import call_command

from reviewdesk.accounts.models import User
from reviewdesk.action_plan.models import Finding, Recommendation, ReviewTheme
from reviewdesk.findings import demo
from reviewdesk.reviews.models import Review

pytestmark = pytest.mark.django_db


def test_the_demo_reviews_at_publication_have_findings_once() -> None:
    call_command("load_demo", stdout=io.StringIO())
    reviews = list(Review.objects.order_by("pk"))
    for index in demo.TO_PUBLICATION:
        review = reviews[index]
        assert Finding.objects.filter(review=review).count() == 3
        recs = Recommendation.objects.filter(review=review)
        assert recs.count() == 3 and all(r.findings.exists() for r in recs)
        assert ReviewTheme.objects.filter(review=review).exists()
    counts = (Finding.objects.count(), Recommendation.objects.count())
    bm = User.objects.get(email__startswith="business.manager@")
    demo.load(SimpleNamespace(reviews=dict(enumerate(reviews)), bm=bm))
    assert (Finding.objects.count(), Recommendation.objects.count()) == counts
