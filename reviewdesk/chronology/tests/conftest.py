"""Every chronology test runs on a frozen clock: the fixtures' dates are fixed (the authors' due
date is Friday 4 December 2026), so "today" must be too, or a test passes or fails with the real
date (a file received "today" is on time before 4 December and late after it). Monday
7 December 2026, 10:00 UTC: the first working day after the due date. A test that needs another
day moves the clock itself (``time_machine.travel`` inside the test, or ``today_is``).

Browser tests tick from there (the live server and Chromium need time to pass); the others are
frozen still."""

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import time_machine

NOW = datetime(2026, 12, 7, 10, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_clock(request: pytest.FixtureRequest) -> Iterator[None]:
    ticking = request.node.get_closest_marker("browser") is not None
    with time_machine.travel(NOW, tick=ticking):
        yield
