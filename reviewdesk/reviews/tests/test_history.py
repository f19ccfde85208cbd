"""A step on a review's timeline and its audit event are written by one call, or neither is."""

from datetime import date

import pytest
from django.test import RequestFactory

from reviewdesk.audit import context
from reviewdesk.audit.events import UnregisteredEventType
from reviewdesk.audit.models import AuditEvent
from reviewdesk.reviews.history import Step, record_step
from reviewdesk.reviews.models import TimelineEntry

pytestmark = pytest.mark.django_db


def test_the_step_and_the_event_say_the_same_who_and_for_whom(review, business_manager, partner):
    before = review.timeline.count()
    event, [entry] = record_step(
        "clock.met", review=review, by=business_manager, on_behalf_of=partner,
        step=Step("Rapid review: met", date(2026, 12, 1), kind=TimelineEntry.Kind.CLOCK_MET),
        summary="Marked 'Rapid review' as met", data={"clock": 1})
    assert review.timeline.count() == before + 1
    assert (entry.title, entry.kind, entry.effective_on) == (
        "Rapid review: met", "clock_met", date(2026, 12, 1))
    assert (entry.recorded_by, entry.on_behalf_of) == (business_manager, partner)
    event.refresh_from_db()
    assert (event.event_type, event.review_id, event.data) == ("clock.met", review.pk, {"clock": 1})
    assert (event.actor, event.on_behalf_of) == (business_manager, partner)


def test_in_a_request_the_event_has_its_address_and_the_contexts_on_behalf_of(
        review, business_manager, partner):
    request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.4")
    request.user = business_manager
    with context.for_request(request), context.on_behalf_of(partner):
        event, [entry] = record_step(
            "task.done", review=review, by=business_manager,
            step=Step("Done: a task", date(2026, 12, 4), kind=TimelineEntry.Kind.TASK_DONE),
            summary="Marked a task done")
    assert (event.ip_address, event.on_behalf_of, entry.on_behalf_of) == (
        "192.0.2.4", partner, partner)


def test_several_steps_with_one_event(review, business_manager):
    before = review.timeline.count()
    _event, entries = record_step(
        "rapid_review.notification_recorded", review=review, by=business_manager,
        step=[Step("Panel notified", date(2026, 12, 1)), Step("Ofsted notified", date(2026, 12, 2))],
        summary="Recorded the notification")
    assert [e.title for e in entries] == ["Panel notified", "Ofsted notified"]
    assert review.timeline.count() == before + 2


def test_when_the_event_is_refused_the_step_is_not_written_either(review, business_manager):
    before = (review.timeline.count(), AuditEvent.objects.count())
    with pytest.raises(UnregisteredEventType):
        record_step("clock.mett", review=review, by=business_manager,
                    step=Step("Rapid review: met", date(2026, 12, 1)), summary="A typo")
    assert (review.timeline.count(), AuditEvent.objects.count()) == before
