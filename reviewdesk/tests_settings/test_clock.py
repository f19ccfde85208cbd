"""The suite's clock: every test starts on one fixed day, whatever the real date or a moved clock
(`--clock-shift`), and every clock in the process agrees with it."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from conftest import TEST_TODAY
from reviewdesk.audit import events
from reviewdesk.audit.context import as_system
from reviewdesk.audit.models import AuditEvent
from reviewdesk.audit.services import record
from reviewdesk.testing import TodayIs

events.register("test.clock", "An event recorded by the suite clock's test")


def test_every_test_starts_on_the_suites_fixed_day(request: pytest.FixtureRequest) -> None:
    # Moved ahead (--clock-shift=400), the day moves with it; moved back, it stays.
    shift = max(request.config.getoption("--clock-shift"), 0)
    assert timezone.localdate() == date.today() == TEST_TODAY + timedelta(days=shift)
    assert timezone.localtime().hour == 10


def test_today_is_moves_every_clock_and_records_are_stamped_on_that_day(db: None, today_is: TodayIs) -> None:
    today_is(date(2026, 3, 2))
    with as_system("the clock's test"):
        record("test.clock", summary="A record stamped by the clock")
    event = AuditEvent.objects.get(event_type="test.clock")
    assert timezone.localtime(event.occurred_at).date() == date(2026, 3, 2) == date.today()
