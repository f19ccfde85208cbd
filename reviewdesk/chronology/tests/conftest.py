"""Every chronology test starts on one fixed day: the fixtures' dates are fixed (the authors' due
date is Friday 4 December 2026), so "today" must be too, or a test passes or fails with the real
date (a file received "today" is on time before 4 December and late after it). Monday
7 December 2026, 10:00 in London: the first working day after the due date. The clock ticks from
there (the live server and Chromium need time to pass).

It moves the ``time_machine`` fixture's own traveller, so a test (or a fixture such as
``today_is``) that moves that traveller to another day moves every clock together, and a
project-wide start-of-day fixture doing the same composes with this one (this one runs after
it)."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from time_machine import TimeMachineFixture

TODAY = datetime(2026, 12, 7).date()


@pytest.fixture(autouse=True)
def chronology_tests_start_on_monday_7_december_2026(time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(datetime.combine(TODAY, time(10), tzinfo=ZoneInfo(settings.TIME_ZONE)),
                         tick=True)
