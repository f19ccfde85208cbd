from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def checkpoint_file(settings, tmp_path) -> Path:  # noqa: ANN001
    """Each test's checkpoints go to a file of its own, never into var/audit."""
    settings.AUDIT_CHECKPOINT_PATH = tmp_path / "audit" / "checkpoints.log"
    settings.AUDIT_CHECKPOINT_EMAIL = ""
    return settings.AUDIT_CHECKPOINT_PATH
