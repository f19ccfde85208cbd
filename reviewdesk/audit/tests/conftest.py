from datetime import date
from pathlib import Path

import pytest
from pytest_django import Settings

from reviewdesk.testing import TodayIs


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
