"""Checklist test set-up: scans look only for the register's identities (fast), as in the
publication check's tests; agencies get the short names reports use."""

import pytest
from pytest_django import Settings

from reviewdesk.accounts.models import Agency


@pytest.fixture(autouse=True)
def register_only(settings: Settings) -> None:
    settings.REPORTS_SCAN_UNREGISTERED = False


@pytest.fixture
def short_names(agencies: dict[str, Agency]) -> dict[str, Agency]:
    agencies["social_care"].short_name = "TCSC"
    agencies["social_care"].save()
    agencies["police"].short_name = "TP"
    agencies["police"].save()
    return agencies
