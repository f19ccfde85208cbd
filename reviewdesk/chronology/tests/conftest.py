"""Every chronology test starts on one fixed day: the fixtures' dates are fixed (the authors' due
date is Friday 4 December 2026), so "today" must be too, or a test passes or fails with the real
date (a file received "today" is on time before 4 December and late after it). Monday
7 December 2026, 10:00 in London: the first working day after the due date. The clock ticks from
there (the live server and Chromium need time to pass).

It moves the ``time_machine`` fixture's own traveller, so a test (or a fixture such as
``today_is``) that moves that traveller to another day moves every clock together, and a
project-wide start-of-day fixture doing the same composes with this one (this one runs after
it)."""

from collections.abc import Iterator
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from time_machine import TimeMachineFixture

from reviewdesk.audit.context import as_system

TODAY = datetime(2026, 12, 7).date()


@pytest.fixture(autouse=True)
def chronology_tests_start_on_monday_7_december_2026(time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(datetime.combine(TODAY, time(10), tzinfo=ZoneInfo(settings.TIME_ZONE)),
                         tick=True)


@pytest.fixture(autouse=True)
def as_the_data_teams_command() -> Iterator[None]:
    """Many chronology tests import a file as ``import_chronology`` does (``by=None``): the
    command runs in an audit context that says the work is Review Desk's own, so these do too.
    Pages requested in a test have the request's own context."""
    with as_system("command import_chronology (a chronology test)"):
        yield
