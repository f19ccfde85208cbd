"""Rapid review test set-up: a fixed 'today', a review whose rapid review has started, helpers;
and, for the browser journey, the Chromium fixtures and the three safeguarding partners."""

from datetime import date

import pytest

# The browser journey (test_browser_journey.py) uses the decision tests' three safeguarding
# partners and the review pages' Chromium set-up (Debian's Chromium, no downloads).
from reviewdesk.decisions.tests.conftest import (  # noqa: F401
    health_partner,
    partners,
    police_partner,
)
from reviewdesk.rapid_review import actions


@pytest.fixture
def started(review, business_manager, today_is):  # noqa: ANN001, ANN201
    """The conftest review (aware Monday 2 March 2026) with its rapid review started on 3 March;
    today is Tuesday 3 March 2026."""
    today_is(date(2026, 3, 3))
    return actions.start_rapid_review(review, by=business_manager, effective_on=date(2026, 3, 3))
