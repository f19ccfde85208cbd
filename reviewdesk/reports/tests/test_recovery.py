"""A publication check whose worker is killed part-way: its lease runs out, the recovery sweep
runs it once more, then marks it failed with a Retry button; nothing is stored twice."""

from collections.abc import Callable
from datetime import timedelta
from typing import NoReturn

import pytest
from django.core.management import call_command
from pytest_django import DjangoCaptureOnCommitCallbacks

from reviewdesk.accounts.models import User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.lib.scanner.documents import Document
from reviewdesk.lib.scanner.engine import ScanFinding
from reviewdesk.lib.scanner.engine import scan as real_scan
from reviewdesk.reports import actions, scanning, tasks
from reviewdesk.reports.models import DraftCheck
from reviewdesk.reports.tests.conftest import DRAFT
from reviewdesk.reports.tests.helpers import text
from reviewdesk.reviews.models import Review

LEASE = timedelta(minutes=5)  # settings.JOB_LEASE_SECONDS


class WorkerKilled(BaseException):
    """What a killed worker looks like from inside the task: it never returns, and the check's
    own error handling (for Exception) never runs."""


@pytest.fixture
def killed_mid_scan(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Every scan reports some progress, then its worker dies."""
    def scan(document: Document, entries: list[dict], *, unregistered: bool,
             progress: Callable[[int, int], None]) -> NoReturn:
        progress(50, 100)
        raise WorkerKilled

    monkeypatch.setattr(scanning, "scan", scan)
    return lambda: monkeypatch.setattr(scanning, "scan", real_scan)  # the worker is fine again


def queued(review: Review, by: User) -> DraftCheck:
    return actions.upload_draft(review, by=by, data=DRAFT.encode(), filename="draft.txt")


def crash(check: DraftCheck) -> None:
    with pytest.raises(WorkerKilled):
        scanning.run_check(check.pk)
    check.refresh_from_db()


def sweep(callbacks: DjangoCaptureOnCommitCallbacks) -> None:
    """The periodic sweep, with the checks it queues again run by the (immediate) worker."""
    with callbacks(execute=True):
        call_command("recover_jobs", stdout=open("/dev/null", "w"))  # noqa: SIM115


def url(check: DraftCheck, more: str = "") -> str:
    return f"/reviews/{check.review.uuid}/publication-checks/{check.number}/{more}"


def test_a_check_whose_worker_died_is_run_again_once_then_failed(
        registered, business_manager, killed_mid_scan, time_machine,
        django_capture_on_commit_callbacks):
    check = queued(registered, business_manager)
    crash(check)
    # Left running, with the lease its worker would have renewed.
    assert (check.status, check.attempts, check.progress) == ("running", 1, 50)
    assert check.lease_expires_at is not None and not check.looks_stuck

    sweep(django_capture_on_commit_callbacks)  # the lease has not run out: left alone
    check.refresh_from_db()
    assert (check.status, check.attempts) == ("running", 1)

    time_machine.shift(LEASE + timedelta(seconds=1))
    check.refresh_from_db()
    assert check.looks_stuck
    # Queued again and taken up by the worker at once, which dies again (the immediate backend
    # records the task failed, as the database worker's row would be left).
    sweep(django_capture_on_commit_callbacks)
    check.refresh_from_db()
    assert (check.status, check.attempts) == ("running", 2)
    assert AuditEvent.objects.filter(event_type="reports.draft_check_requeued").count() == 1

    time_machine.shift(LEASE + timedelta(seconds=1))
    sweep(django_capture_on_commit_callbacks)
    check.refresh_from_db()
    assert check.status == "failed" and check.lease_expires_at is None
    assert check.error.startswith("The check stopped before it finished twice")
    assert "check 1" in check.error
    assert not check.findings.exists()
    event = AuditEvent.objects.get(event_type="reports.draft_check_failed")
    assert event.data == {"check": check.pk, "attempts": 2, "stalled": True}


def test_the_second_run_stores_its_findings_once(
        registered, business_manager, killed_mid_scan, time_machine,
        django_capture_on_commit_callbacks):
    check = queued(registered, business_manager)
    crash(check)
    killed_mid_scan()  # the next worker is fine
    time_machine.shift(LEASE + timedelta(seconds=1))
    sweep(django_capture_on_commit_callbacks)
    check.refresh_from_db()
    assert (check.status, check.attempts) == ("done", 2)
    assert check.findings.count() == 7


def test_a_worker_that_wakes_after_losing_its_lease_stores_nothing(
        registered, business_manager, time_machine, monkeypatch):
    check = queued(registered, business_manager)
    slow = {}

    def scan(document: Document, entries: list[dict], *, unregistered: bool,
             progress: Callable[[int, int], None]) -> list[ScanFinding]:
        # Stalls past its lease; meanwhile the sweep queues the check again and a second worker
        # finishes it.
        time_machine.shift(LEASE + timedelta(seconds=1))
        assert tasks.recover_stalled_checks(scanning.timezone.now()) == (1, 0)
        monkeypatch.setattr(scanning, "scan", real_scan)
        slow["second"] = scanning.run_check(check.pk)
        return real_scan(document, entries, unregistered=unregistered)

    monkeypatch.setattr(scanning, "scan", scan)
    assert scanning.run_check(check.pk) == "done"
    assert slow["second"] == "done"
    check.refresh_from_db()
    assert (check.status, check.attempts) == ("done", 2)
    assert check.findings.count() == 7  # not 14
    assert AuditEvent.objects.filter(event_type="reports.draft_checked").count() == 1


def test_a_check_waiting_for_a_worker_is_not_taken_for_dead(
        registered, business_manager, time_machine):
    check = queued(registered, business_manager)
    time_machine.shift(timedelta(hours=1))
    assert tasks.recover_stalled_checks(scanning.timezone.now()) == (0, 0)
    check.refresh_from_db()
    assert (check.status, check.attempts) == ("queued", 0)
    assert check.looks_stuck  # the page says the worker may not be running


def test_the_page_shows_a_check_that_lost_its_worker_then_offers_a_retry(
        registered, business_manager, killed_mid_scan, time_machine, client_for,
        django_capture_on_commit_callbacks):
    check = queued(registered, business_manager)
    crash(check)
    client = client_for(business_manager)
    time_machine.shift(LEASE + timedelta(seconds=1))
    page = text(client.get(url(check)))
    assert "The background worker running this check has stopped." in page

    sweep(django_capture_on_commit_callbacks)
    page = text(client.get(url(check, "status/")))
    assert "The first attempt stopped before it finished" in page
    time_machine.shift(LEASE + timedelta(seconds=1))
    sweep(django_capture_on_commit_callbacks)

    page = text(client.get(url(check)))
    assert "The check stopped before it finished twice" in page
    assert f'<form method="post" action="{url(check, "retry/")}"' in page
    assert "Retry the check" in page

    killed_mid_scan()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(check, "retry/"))
    assert response.status_code == 302 and response["Location"] == url(check)
    check.refresh_from_db()
    assert (check.status, check.attempts, check.error) == ("done", 1, "")
    assert check.findings.count() == 7
    event = AuditEvent.objects.get(event_type="reports.draft_check_retried")
    assert event.actor == business_manager
    assert event.data == {"check": check.pk, "failed_after_attempts": 2}


def test_only_a_failed_check_can_be_retried(registered, business_manager, client_for):
    check = queued(registered, business_manager)
    response = client_for(business_manager).post(url(check, "retry/"), follow=True)
    assert "Check 1 has not failed, so there is nothing to retry." in text(response)
    check.refresh_from_db()
    assert check.status == "queued"
    assert not AuditEvent.objects.filter(event_type="reports.draft_check_retried").exists()


def test_those_who_may_not_upload_drafts_may_not_retry_a_check(
        registered, business_manager, agency_author, client_for, monkeypatch):
    check = queued(registered, business_manager)
    monkeypatch.setattr(scanning, "scan", lambda *a, **k: 1 / 0)
    assert scanning.run_check(check.pk) == "failed"
    assert client_for(agency_author).post(url(check, "retry/")).status_code in {403, 404}
    check.refresh_from_db()
    assert check.status == "failed"
