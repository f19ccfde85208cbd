"""`--matrix-stages` runs the access matrix at the stages asked for and leaves every other test
alone (CI asks for five stages in its runs after the first, .ci/run)."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MATRIX = "reviewdesk/reviews/tests/test_access_matrix.py"


def collected(*args: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
         MATRIX, *args],
        cwd=ROOT, capture_output=True, text=True, check=True, timeout=300)
    return [line for line in result.stdout.splitlines() if "::" in line]


def stages_of(ids: list[str]) -> set[str]:
    return {m[1] for line in ids if (m := re.search(r"test_access_matrix\[(\w+?)-", line))}


def test_the_matrix_runs_at_the_stages_asked_for_and_the_other_tests_stay() -> None:
    everything = collected()
    some = collected("--matrix-stages=notification,family")
    assert len(stages_of(everything)) == 13
    assert stages_of(some) == {"notification", "family"}
    others = [i for i in everything if "TestEveryStage" not in i]
    assert others and set(others) <= set(some)
