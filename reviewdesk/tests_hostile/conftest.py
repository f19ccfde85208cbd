"""The hostile-input tests' world: the access matrix's, built once for the package.

The matrix builds a marked review with every app's records at a stage (its rows make what their
pages need); these tests reuse it rather than build a second world, so a new app's records are
here as soon as it has matrix rows.
"""

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.test import override_settings
from pytest_django import DjangoDbBlocker, Settings

from conftest import TEST_TODAY, _ten_in_the_morning
from reviewdesk.reviews.tests.test_access_matrix import World, build_world

# The latest stage whose records every app has made (action plans, findings, the statement…)
# and before the review closes; one partnership only (not one of the matrix's CROSS_STAGES).
STAGE = "action_plan"


@pytest.fixture(scope="package")
def hostile_world(django_db_setup: None, django_db_blocker: DjangoDbBlocker,
                  tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """The matrix's world at STAGE, built once in a transaction rolled back after the package's
    last test; each test runs in a savepoint of its own (pytest-django's ``db``)."""
    media = tmp_path_factory.mktemp("media-hostile")
    with django_db_blocker.unblock(), transaction.atomic():
        with (time_machine.travel(_ten_in_the_morning(TEST_TODAY), tick=True),
              override_settings(MEDIA_ROOT=media)):
            mail.outbox = []
            built = build_world(STAGE)
        yield built
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def media_root(settings: Settings, tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    """Each test's uploads in a folder of its own, starting with a copy of the world's files."""
    settings.MEDIA_ROOT = tmp_path / "media"
    if "hostile_world" in request.fixturenames:
        shutil.copytree(request.getfixturevalue("hostile_world").media, settings.MEDIA_ROOT)
    return Path(settings.MEDIA_ROOT)
