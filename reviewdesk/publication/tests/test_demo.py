"""The demo's publication stage: the harm assessed on the review at publication, once; a report
published before the demo's today recorded with its day, once."""

from types import SimpleNamespace

import pytest

from reviewdesk.accounts.models import User
from reviewdesk.publication import demo, selectors
from reviewdesk.publication.models import HarmAssessment
from reviewdesk.publication.testing import at_publication
from reviewdesk.reviews.models import Review

pytestmark = pytest.mark.django_db


def test_the_harm_is_assessed_for_everyone_once(review: Review, business_manager: User) -> None:
    at_publication(review, by=business_manager)
    command = SimpleNamespace(kv=review.partnership, bm=business_manager, reviews={})
    demo.load(command)
    demo.load(command)
    assessment = HarmAssessment.objects.get(review=review)
    assert not selectors.not_covered(review, assessment)


def test_a_report_published_earlier_is_recorded_once(review: Review, business_manager: User,
                                                     today_is: object) -> None:
    from datetime import date

    from reviewdesk.publication.models import Publication

    at_publication(review, by=business_manager)
    today_is(date(2027, 3, 10))  # type: ignore[operator]
    command = SimpleNamespace(kv=review.partnership, bm=business_manager, reviews={15: review})
    demo.load(command)
    demo.load(command)
    publication = Publication.objects.get(review=review)
    assert publication.published_on == date(2026, 7, 10)  # eight months before
    assert publication.slug == "child-a-2026"
