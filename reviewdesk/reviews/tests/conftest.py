"""Browser test set-up: Debian's Chromium driven by pytest-playwright against a live server.

Only tests that ask for a Playwright fixture (``page``, ``context``…) use any of this.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django would otherwise refuse
# the test's own database calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")


def browser_required() -> bool:
    """In CI (or when asked) a missing browser fails the run instead of skipping the tests."""
    def is_set(name: str) -> bool:
        return os.environ.get(name, "").strip().lower() not in {"", "0", "false", "no"}

    return is_set("CI") or is_set("REQUIRE_BROWSER")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not CHROMIUM.exists():
        message = (f"{CHROMIUM} is missing, so the browser tests cannot run. Install it with "
                   "'apt-get install -y chromium' (never 'playwright install').")
        if browser_required():
            pytest.fail(message + " CI or REQUIRE_BROWSER=1 is set, so this is a failure.",
                        pytrace=False)
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    # The app's strict Content-Security-Policy would block the injected axe-core script.
    return {**browser_context_args, "bypass_csp": True,
            "viewport": {"width": 1280, "height": 900}}


@pytest.fixture(scope="session")
def base_url() -> None:
    # The tests use live_server's URL. Replacing pytest-playwright's fallback fixture (a method on
    # a plugin object) also silences pytest 9's warning about session fixtures on instances.
    return None


@pytest.fixture(autouse=True)
def core_rules_only():  # noqa: ANN201
    """These tests are about the case file's own rules. What other apps require before a step (a
    finished rapid review record, notices sent…) is tested in those apps."""
    from reviewdesk.reviews import transitions

    with transitions.requirements_suspended():
        yield
