"""Versions of the report: the upload action (the pages come with the versions' own work)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from reviewdesk.accounts.models import User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.reports import actions
from reviewdesk.reports.models import ReportVersion
from reviewdesk.reports.tests.helpers import report_docx, version_of
from reviewdesk.reviews.models import Review

pytestmark = pytest.mark.django_db


def test_a_version_is_numbered_checked_and_outlined(registered: Review, lead_reviewer: User) -> None:
    first = version_of(registered, lead_reviewer, ("Introduction", 1), "1.1 Kayden Moorcroft was seen.")
    second = version_of(registered, lead_reviewer, ("Introduction", 1), "1.1 Child A was seen.",
                        note="Names taken out")
    assert (first.number, second.number) == (1, 2)
    assert second.note == "Names taken out"
    assert [b["label"] for b in second.outline] == ["Introduction", "1.1"]
    assert first.draft_check is not None and first.draft_check.findings.exists()
    assert second.draft_check is not None and not second.draft_check.findings.exists()
    event = AuditEvent.objects.filter(event_type="reports.version_uploaded").last()
    assert event is not None and "Moorcroft" not in str(event.data) + event.summary


def test_only_a_word_document_is_a_version(registered: Review, lead_reviewer: User) -> None:
    with pytest.raises(ValidationError, match=r"Word document \(\.docx\)"):
        actions.upload_version(registered, by=lead_reviewer, data=b"Child A was seen.",
                               filename="report.txt")
    assert not ReportVersion.objects.exists()


def test_a_version_cannot_be_dated_in_the_future(registered: Review, lead_reviewer: User) -> None:
    with pytest.raises(ValidationError, match="today or in the past"):
        actions.upload_version(registered, by=lead_reviewer, data=report_docx("Text."),
                               filename="report.docx",
                               written_on=timezone.localdate() + timedelta(days=1))
    assert not ReportVersion.objects.exists()
