"""A report published before Review Desk kept its publication is recorded with the day it was
published: its time on the website runs from that day, the final check is not asked (it was made
where publishing was decided), and everything the public reads is still checked."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from reviewdesk.audit.models import AuditEvent
from reviewdesk.publication import actions
from reviewdesk.publication.models import Publication
from reviewdesk.publication.testing import at_publication

pytestmark = pytest.mark.django_db


def test_recorded_with_its_day_and_its_period_running_from_it(review, business_manager, today_is):
    at_publication(review, by=business_manager)  # no harm assessment: the check is not asked
    today_is(date(2027, 3, 10))
    published = actions.record_earlier_publication(
        review, by=business_manager, published_on=date(2026, 11, 2), title="Child A",
        summary="What the review found, in brief.")
    assert published.state == Publication.State.PUBLISHED
    assert published.published_on == date(2026, 11, 2)
    assert published.ends_on == date(2027, 5, 2)  # six months, the partnership's setting
    assert published.slug == "child-a-2026"
    entry = review.timeline.get(title__startswith="Report published on the partnership's website")
    assert entry.effective_on == date(2026, 11, 2) and entry.recorded_by == business_manager
    event = AuditEvent.objects.get(event_type="publication.recorded_earlier")
    assert event.data["effective_on"] == "2026-11-02" and event.data["recorded_after"] is True


def test_today_or_later_is_refused_and_a_name_in_the_title_too(review, business_manager,
                                                                today_is):
    at_publication(review, by=business_manager)
    today_is(date(2027, 3, 10))
    for day in (date(2027, 3, 10), date(2027, 3, 11)):
        with pytest.raises(ValidationError, match="published before today"):
            actions.record_earlier_publication(review, by=business_manager, published_on=day,
                                               title="Child A", summary="In brief.")
    child = review.identities.filter(kind="child").first()
    with pytest.raises(ValidationError, match="names someone"):
        actions.record_earlier_publication(review, by=business_manager,
                                           published_on=date(2027, 1, 4),
                                           title=child.real_name, summary="In brief.")
    assert not Publication.objects.filter(review=review).exists()
