"""The review pages' tests: the case file's own rules, without other apps' requirements.

(The browser set-up, Debian's Chromium for pytest-playwright, is in the root conftest.py.)
"""

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def core_rules_only() -> Iterator[None]:
    """These tests are about the case file's own rules. What other apps require before a step (a
    finished rapid review record, notices sent…) is tested in those apps."""
    from reviewdesk.reviews import transitions

    with transitions.requirements_suspended():
        yield
