"""The one place this app asks the sign-off app whether the report is approved."""

import sys
import types

import pytest

from reviewdesk.final_report import approval
from reviewdesk.final_report.tests.conftest import FakeApproval
from reviewdesk.reports.models import ReportVersion

pytestmark = pytest.mark.django_db


def test_nothing_is_approved_while_the_sign_off_app_has_no_selector(
        version: ReportVersion, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "reviewdesk.signoff.selectors", None)  # not importable
    state = approval.approval_state(version.review)
    assert state.is_approved is False and state.version is None


def test_the_sign_off_apps_answer_is_passed_on(version: ReportVersion,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    asked = []

    def approval_state(review: object) -> FakeApproval:
        asked.append(review)
        return FakeApproval(True, version)

    selectors = types.ModuleType("reviewdesk.signoff.selectors")
    selectors.approval_state = approval_state  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "reviewdesk.signoff.selectors", selectors)
    state = approval.approval_state(version.review)
    assert state.is_approved is True and state.version == version
    assert asked == [version.review]
