"""A scheduled publication is published by ``manage.py send_reminders`` on its day, the final
check run again; if a check is unmet then, it stays scheduled and the business unit is told once,
by e-mail and on the business manager's home page."""

from datetime import timedelta
from io import StringIO

import pytest
from dateutil.relativedelta import relativedelta
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from reviewdesk.accounts.models import User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.notices.models import Notice
from reviewdesk.publication import actions
from reviewdesk.publication.models import Publication
from reviewdesk.reviews.actions import save_identity
from reviewdesk.reviews.models import IdentityEntry, Review
from reviewdesk.reviews.needs import needs_for
from reviewdesk.testing import ClientFor

pytestmark = pytest.mark.django_db


def scheduled(review: Review, by: User, days: int = 5) -> Publication:
    return actions.schedule(review, by=by, on=timezone.localdate() + timedelta(days=days),
                            title="Child A", summary="In brief.")


def run_reminders() -> str:
    out = StringIO()
    call_command("send_reminders", stdout=out)
    return out.getvalue()


def test_published_on_its_day_and_not_before(ready: Review, business_manager: User,
                                             today_is: object) -> None:
    publication = scheduled(ready, business_manager)
    day = publication.scheduled_for
    assert day is not None
    today_is(day - timedelta(days=1))  # type: ignore[operator]
    run_reminders()
    publication.refresh_from_db()
    assert publication.state == Publication.State.SCHEDULED
    today_is(day)  # type: ignore[operator]
    run_reminders()
    publication.refresh_from_db()
    assert publication.state == Publication.State.PUBLISHED
    assert publication.published_on == day
    assert publication.ends_on == day + relativedelta(months=ready.partnership.website_months)
    event = AuditEvent.objects.get(event_type="publication.published")
    assert event.actor is None and event.data["scheduled"] is True
    assert event.data["effective_on"] == day.isoformat()
    entry = ready.timeline.get(title__endswith="(as scheduled)")
    assert entry.recorded_by is None and entry.effective_on == day  # Review Desk, by itself
    run_reminders()  # again the same day: nothing more
    assert AuditEvent.objects.filter(event_type="publication.published").count() == 1


def test_held_back_when_a_check_fails_on_the_day_and_the_business_unit_told_once(
        ready: Review, business_manager: User, today_is: object, client_for: ClientFor) -> None:
    ready.partnership.business_unit_email = "business.unit@example.test"
    ready.partnership.save()
    publication = scheduled(ready, business_manager)
    day = publication.scheduled_for
    assert day is not None
    # Since it was scheduled, someone was added to the register the harm assessment does not cover.
    save_identity(ready, by=business_manager, kind=IdentityEntry.Kind.FAMILY,
                  real_name="Ray Moorcroft", pseudonym="Uncle")
    today_is(day)  # type: ignore[operator]
    run_reminders()
    publication.refresh_from_db()
    assert publication.state == Publication.State.SCHEDULED
    notice = Notice.objects.get(purpose="publication_scheduled_refused")
    assert notice.recipients == ["business.unit@example.test"]
    assert "Harm from publication assessed" in notice.body
    assert "Ray Moorcroft" not in notice.body and "Uncle" not in notice.body
    assert AuditEvent.objects.filter(event_type="publication.scheduled_refused").count() == 1
    needs = needs_for(business_manager, day)
    item = next(n for n in needs if "could not go ahead" in n.what)
    assert item.need.url == reverse("publication:page", args=[ready.uuid])
    today_is(day + timedelta(days=1))  # type: ignore[operator]
    run_reminders()
    assert Notice.objects.filter(purpose="publication_scheduled_refused").count() == 1
    assert AuditEvent.objects.filter(event_type="publication.scheduled_refused").count() == 1
    page = client_for(business_manager).get(reverse("publication:page", args=[ready.uuid]))
    assert "Not met" in page.content.decode()
