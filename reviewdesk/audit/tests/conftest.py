from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pytest_django import Settings

from reviewdesk.audit import events
from reviewdesk.audit.context import AuditContext, as_system
from reviewdesk.testing import TodayIs

# The chain tests' own event: what it means does not matter to them.
events.register("test.event", "An event recorded by the audit trail's own tests")


@pytest.fixture(autouse=True)
def audit_tests_start_on_5_december_2026(today_is: TodayIs) -> None:
    """The checkpoint tests read dates and times in messages ("the checkpoint of 05 December 2026
    10:00"): they keep the suite's day even when a run moves the clock ahead."""
    today_is(date(2026, 12, 5))


@pytest.fixture(autouse=True)
def checkpoint_file(settings: Settings, tmp_path: Path) -> Path:
    """Each test's checkpoints go to a file of its own, never into var/audit."""
    settings.AUDIT_CHECKPOINT_PATH = tmp_path / "audit" / "checkpoints.log"
    settings.AUDIT_CHECKPOINT_EMAIL = ""
    return settings.AUDIT_CHECKPOINT_PATH


@pytest.fixture(autouse=True)
def system_context() -> Iterator[AuditContext]:
    """The chain's tests record events with no actor, as Review Desk's own work does: they say so.
    (test_context.py replaces this to test what happens without a context.)"""
    with as_system("the audit trail's tests") as context:
        yield context
