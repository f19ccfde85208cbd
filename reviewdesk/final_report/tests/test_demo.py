"""The demo's final report: made for review 13 once it is approved, and only then."""

from types import SimpleNamespace

import pytest

from reviewdesk.accounts.models import User
from reviewdesk.final_report import converter, demo
from reviewdesk.final_report.tests.conftest import Approvals
from reviewdesk.reports.models import FinalReport, ReportVersion

pytestmark = pytest.mark.django_db


def command(version: ReportVersion, business_manager: User) -> SimpleNamespace:
    return SimpleNamespace(reviews={13: version.review},
                           people={"business.manager": business_manager})


def test_review_13_gets_its_final_report_once_approved(
        soffice: str, approved: ReportVersion, business_manager: User,
        lead_reviewer: User) -> None:
    demo.load(command(approved, business_manager))
    final = FinalReport.objects.get()
    assert (final.version, final.recorded_by, final.source) == (approved, lead_reviewer,
                                                                "converted")
    demo.load(command(approved, business_manager))  # a second run changes nothing
    assert FinalReport.objects.count() == 1


def test_nothing_is_made_while_the_report_is_not_approved(
        version: ReportVersion, approvals: Approvals, business_manager: User) -> None:
    demo.load(command(version, business_manager))
    assert not FinalReport.objects.exists()


def test_nothing_is_made_without_libreoffice(approved: ReportVersion, business_manager: User,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(converter, "soffice_path", lambda: None)
    demo.load(command(approved, business_manager))
    assert not FinalReport.objects.exists()
