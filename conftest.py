"""Shared test set-up: named people, a partnership, and a review with its team.

Tests read like sentences: ``client_for(practitioner).get(...)``.
"""

import os
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.signals import setting_changed
from django.test import Client
from pytest_django import Settings
from time_machine import TimeMachineFixture

from reviewdesk.accounts.models import Agency, PartnerFor, Partnership, PartnershipRole, User
from reviewdesk.reviews import actions
from reviewdesk.reviews.clocks import ensure_default_rules
from reviewdesk.reviews.models import Incident, Review, ReviewRole
from reviewdesk.testing import ClientFor, MakeReview, TodayIs

# The second session's business manager and the two-session helpers (decision 0023).
pytest_plugins = ["reviewdesk.two_sessions"]

_CLOCK_TRAVELLER = pytest.StashKey[time_machine.travel]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--clock-shift", type=int, default=0, metavar="DAYS",
        help="Run the whole session with the clock moved DAYS days (e.g. 400 or -400), so a test "
             "that depends on the real date fails here and not for a user a year from now.")
    parser.addoption(
        "--matrix-stages", default="all", metavar="STAGE,STAGE",
        help="Run the access matrix at these stages only (comma-separated, e.g. "
             "notification,report); 'all' (the default) runs it at every stage. CI runs it at "
             "every stage once, and at a few in its other runs.")


def pytest_configure(config: pytest.Config) -> None:
    # Background work runs at once in tests; hashing is fast (Argon2 itself is tested separately).
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
                                  "QUEUES": settings.TASK_QUEUES}}
    # A task module imported while Django started (an app's ready()) has made the backends from
    # the real setting; Django makes them again when told the setting changed.
    setting_changed.send(sender=type(settings), setting="TASKS", value=settings.TASKS, enter=True)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # A variable missing in a page template raises, so the suite finds it before a user does.
    settings.STRICT_TEMPLATES = True
    # A signed-in test client lives through the days a test moves the clock across (today_is);
    # the app's own eight-hour session is unchanged outside the tests.
    settings.SESSION_COOKIE_AGE = 60 * 60 * 24 * 60
    # Chromium keeps the real clock while the server's is fixed or moved: a cookie the server
    # dates in the browser's past would be thrown away at once, so the browser tests' cookies
    # last for the browser session instead of to a date.
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None
    shift = config.getoption("--clock-shift")
    if shift:
        # Everything that runs outside a test's fixed day (imports, collection, session-wide
        # fixtures, anything time-machine does not reach) sees the moved clock.
        traveller = time_machine.travel(datetime.now(UTC) + timedelta(days=shift), tick=True)
        traveller.start()
        config.stash[_CLOCK_TRAVELLER] = traveller


def pytest_report_header(config: pytest.Config) -> str | None:
    shift = config.getoption("--clock-shift")
    return f"clock shifted by {shift:+d} days: today is {date.today():%d %B %Y}" if shift else None


def pytest_unconfigure(config: pytest.Config) -> None:
    traveller = config.stash.get(_CLOCK_TRAVELLER, None)
    if traveller is not None:
        traveller.stop()


@pytest.fixture(autouse=True)
def media_root(settings: Settings, tmp_path: Path) -> Path:
    """Uploaded drafts go to a folder of the test's own, never into var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def partnership(db: None) -> Partnership:
    p = Partnership.objects.create(name="Testshire Safeguarding Children Partnership", code="TS")
    ensure_default_rules(p.pk)
    return p


# One agency of each of the first seven kinds, in this order (tests count and list them; the
# kinds added later — hospital trust, ambulance, school… — are created by the tests about them).
FIXTURE_AGENCY_KINDS = ["social_care", "police", "health", "education", "public_health",
                        "voluntary", "other"]


@pytest.fixture
def agencies(partnership: Partnership) -> dict[str, Agency]:
    return {
        kind: Agency.objects.create(partnership=partnership,
                                    name=f"Testshire {Agency.Kind(kind).label}", kind=kind)
        for kind in FIXTURE_AGENCY_KINDS
    }


@pytest.fixture
def addresses(partnership: Partnership, agencies: dict[str, Agency]) -> Partnership:
    """The partnership and its agencies know where notices go (the Panel, Ofsted, the DfE)."""
    partnership.panel_email = "panel@example.test"
    partnership.ofsted_email = "ofsted@example.test"
    partnership.dfe_email = "dfe@example.test"
    partnership.save()
    for kind, agency in agencies.items():
        agency.email = f"safeguarding.{kind}@example.test"
        agency.save()
    return partnership


def _person(partnership: Partnership, key: str, name: str, role: str = "", **extra: object) -> User:
    return User.objects.create_user(f"{key}@example.test", "a-long-test-password",
                                    full_name=name, partnership=partnership, role=role, **extra)


@pytest.fixture
def business_manager(partnership: Partnership) -> User:
    return _person(partnership, "bm", "Bea Manager", PartnershipRole.BUSINESS_MANAGER)


@pytest.fixture
def partner(partnership: Partnership) -> User:
    return _person(partnership, "partner", "Pat Partner", PartnershipRole.SAFEGUARDING_PARTNER,
                   partner_for=PartnerFor.LOCAL_AUTHORITY)


@pytest.fixture
def scrutineer(partnership: Partnership) -> User:
    return _person(partnership, "scrutineer", "Sam Scrutineer",
                   PartnershipRole.INDEPENDENT_SCRUTINEER)


@pytest.fixture
def subgroup_member(partnership: Partnership, agencies: dict[str, Agency]) -> User:
    return _person(partnership, "subgroup", "Sue Subgroup", PartnershipRole.SUBGROUP_MEMBER,
                   agency=agencies["health"])


@pytest.fixture
def executive(partnership: Partnership) -> User:
    return _person(partnership, "executive", "Eve Executive", PartnershipRole.EXECUTIVE_MEMBER)


@pytest.fixture
def learning_lead(partnership: Partnership) -> User:
    return _person(partnership, "learning", "Lee Learning", PartnershipRole.LEARNING_DEVELOPMENT)


@pytest.fixture
def lead_reviewer(partnership: Partnership) -> User:
    return _person(partnership, "reviewer", "Rita Reviewer", job_title="Independent reviewer")


@pytest.fixture
def agency_author(partnership: Partnership, agencies: dict[str, Agency]) -> User:
    return _person(partnership, "author", "Andy Author", agency=agencies["police"],
                   job_title="Detective Sergeant")


@pytest.fixture
def practitioner(partnership: Partnership, agencies: dict[str, Agency]) -> User:
    return _person(partnership, "practitioner", "Polly Practitioner", agency=agencies["health"],
                   job_title="Health Visitor")


@pytest.fixture
def outsider(partnership: Partnership, agencies: dict[str, Agency]) -> User:
    return _person(partnership, "outsider", "Oscar Outsider", agency=agencies["education"],
                   job_title="Teacher")


@pytest.fixture
def make_review(partnership: Partnership, business_manager: User, agencies: dict[str, Agency]) -> MakeReview:
    def make(child_name: str = "Kayden Moorcroft", aware: date = date(2026, 3, 2),
             **kwargs: object) -> Review:
        values = {
            "children": [{"name": child_name, "date_of_birth": date(2019, 3, 14),
                          "looked_after": False}],
            "what_happened": Incident.WhatHappened.SERIOUS_HARM,
            "abuse_or_neglect": Incident.AbuseOrNeglect.SUSPECTED,
            "incident_date": aware,
            "la_aware_on": aware,
            "summary": "A child was seriously hurt at home.",
            "agencies": [agencies["police"], agencies["health"]],
        }
        values.update(kwargs)
        return actions.record_incident(partnership, by=business_manager, **values)

    return make


@pytest.fixture
def review(make_review: MakeReview, business_manager: User, lead_reviewer: User, agency_author: User,
           practitioner: User, subgroup_member: User) -> Review:
    """A review at notification stage with a full team."""
    r = make_review()
    for person, role in [(lead_reviewer, ReviewRole.LEAD_REVIEWER),
                         (agency_author, ReviewRole.AGENCY_AUTHOR),
                         (practitioner, ReviewRole.PRACTITIONER),
                         (subgroup_member, ReviewRole.SUBGROUP_MEMBER)]:
        actions.add_member(r, person, role, by=business_manager, started_on=date(2026, 3, 3),
                           # A subgroup member declares no contact with the family.
                           no_contact=True if role == ReviewRole.SUBGROUP_MEMBER else None)
    return r


# The day every test starts on, whatever the real date: the suite's fixed dates (incidents in
# March 2026, chronologies due in December 2026) all lie before it. A test that needs another
# "today" says so with today_is. See docs/decisions/0012.
TEST_TODAY = date(2026, 12, 5)


def _ten_in_the_morning(day: date) -> datetime:
    return datetime.combine(day, time(10), tzinfo=ZoneInfo(settings.TIME_ZONE))


@pytest.fixture(autouse=True)
def _tests_start_on_a_fixed_day(time_machine: TimeMachineFixture, request: pytest.FixtureRequest) -> None:
    # Moved ahead (--clock-shift=400), every test starts that much later too: a test that only
    # holds on the suite's own day fails. Moved back, the day stays: the fixtures' dates would be
    # in the future, and what is checked is that nothing reads the real clock.
    shift = max(request.config.getoption("--clock-shift"), 0)
    time_machine.move_to(_ten_in_the_morning(TEST_TODAY + timedelta(days=shift)), tick=True)


@pytest.fixture
def today_is(time_machine: TimeMachineFixture) -> TodayIs:
    """Move the whole clock to ten in the morning (London) of the given day, and let it tick.

    Every clock moves together (timezone.now, localdate, auto_now stamps, uploads), so "today"
    and the moment a record is stamped can never disagree. Call again to move to another day.
    """

    def fix(day: date) -> date:
        time_machine.move_to(_ten_in_the_morning(day), tick=True)
        return day

    return fix


@pytest.fixture
def client_for() -> ClientFor:
    """A test client signed in as the given person."""

    def make(person: User | None) -> Client:
        client = Client()
        if person is not None:
            client.force_login(person)
        return client

    return make


# --- Browser tests: Debian's Chromium driven by pytest-playwright against a live server --------
# Only tests that ask for a Playwright fixture (``page``, ``context``…) use any of this.

# Playwright's sync API runs an event loop in the test thread; Django would otherwise refuse
# the test's own database calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")

# Playwright's fixtures: a test asking for one drives Chromium.
_BROWSER_FIXTURES = {"page", "context", "browser", "new_context"}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    stages = config.getoption("--matrix-stages")
    if stages != "all":
        wanted = {stage.strip() for stage in stages.split(",")}
        left_out = [item for item in items if _matrix_stage(item) not in (None, *wanted)]
        if left_out:
            config.hook.pytest_deselected(items=left_out)
            items[:] = [item for item in items if item not in set(left_out)]
    # A test that drives a browser is marked `browser` even if its module forgot, so CI's runs
    # with -m "not browser" (PostgreSQL, the clock moved) leave every one of them out.
    for item in items:
        if (_BROWSER_FIXTURES & set(getattr(item, "fixturenames", ()))
                and item.get_closest_marker("browser") is None):
            item.add_marker(pytest.mark.browser)
        item.add_marker(pytest.mark.xdist_group(process_group_of(item)))


def process_group_of(item: pytest.Item) -> str:
    """Which tests go together to one test process when the suite runs in several
    (pytest-xdist's ``--dist loadgroup``, as CI runs it): a whole module, so what a module sets
    up once is built once; but the access matrix one stage at a time, so its thirteen stages,
    each with a world built once, are shared out between the processes."""
    module = item.nodeid.split("::", 1)[0]
    stage = _matrix_stage(item)
    return module if stage is None else f"{module}::{stage}"


def _matrix_stage(item: pytest.Item) -> str | None:
    """The stage an access matrix test runs at (its ``world``), or None for any other test."""
    params = getattr(getattr(item, "callspec", None), "params", {})
    return params.get("world")


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
