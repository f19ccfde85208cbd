"""Rapid review test set-up: a fixed 'today', a review whose rapid review has started, helpers;
and, for the browser journey, the Chromium fixtures and the three safeguarding partners."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from time_machine import TimeMachineFixture

from reviewdesk.accounts.models import User

# The browser journey (test_browser_journey.py) uses the decision tests' three safeguarding
# partners and the review pages' Chromium set-up (Debian's Chromium, no downloads).
from reviewdesk.decisions.tests.conftest import (  # noqa: F401
    health_partner,
    partners,
    police_partner,
)
from reviewdesk.rapid_review import actions
from reviewdesk.reviews.models import Review
from reviewdesk.testing import TodayIs


@pytest.fixture
def started(review: Review, business_manager: User, today_is: TodayIs) -> Review:
    """The conftest review (aware Monday 2 March 2026) with its rapid review started on 3 March;
    today is Tuesday 3 March 2026."""
    today_is(date(2026, 3, 3))
    return actions.start_rapid_review(review, by=business_manager, effective_on=date(2026, 3, 3))


@pytest.fixture
def clock(time_machine: TimeMachineFixture) -> TodayIs:
    """Move 'now' to 10am (London) on a day, starting on Tuesday 3 March 2026: a review's history
    is built on its own days, and what is recorded later is recorded on a later day."""
    def at(day: date) -> date:
        time_machine.move_to(datetime(day.year, day.month, day.day, 10,
                                      tzinfo=ZoneInfo("Europe/London")), tick=False)
        return day

    at(date(2026, 3, 3))
    return at
