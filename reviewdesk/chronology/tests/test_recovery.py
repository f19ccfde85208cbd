# ruff: noqa: F811 - the fixtures imported from fixtures.py are named again as test arguments
"""A chronology check whose worker is killed part-way: the page says so instead of "checking"
for ever, the recovery sweep checks the file once more, then marks the check failed with a Retry
button; nothing is stored twice."""

import html
from collections.abc import Callable
from datetime import timedelta
from typing import Any, NoReturn

import pytest
from django.core.management import call_command
from pytest_django import DjangoCaptureOnCommitCallbacks

from reviewdesk.accounts.models import Agency, User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.chronology import actions, checking, tasks
from reviewdesk.chronology.checking import CheckResult
from reviewdesk.chronology.models import Submission
from reviewdesk.chronology.tests.fixtures import (  # noqa: F401
    DUE,
    chronology_review,
    csv_file,
    good_rows,
    health,
    nurse,
    police,
)
from reviewdesk.reviews.models import Review
from reviewdesk.testing import ClientResponse

LEASE = timedelta(minutes=5)  # settings.JOB_LEASE_SECONDS
real_check_file = checking.check_file


class WorkerKilled(BaseException):
    """A killed worker: the task never returns and its own error handling never runs."""


@pytest.fixture
def killed_mid_check(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    def check_file(*args: Any, progress: Callable[[int, int], None], **kwargs: Any) -> NoReturn:
        progress(1, 2)
        raise WorkerKilled

    monkeypatch.setattr(tasks, "check_file", check_file)
    return lambda: monkeypatch.setattr(tasks, "check_file", real_check_file)


def text(response: ClientResponse) -> str:
    return html.unescape(response.content.decode())


def version_url(submission: Submission, more: str = "") -> str:
    return (f"/reviews/{submission.review.uuid}/chronology/{submission.agency_id}/versions/"
            f"{submission.version}/{more}")


def upload(review: Review, agency: Agency, by: User, callbacks: DjangoCaptureOnCommitCallbacks) -> Submission:
    with callbacks(execute=True):
        submission = actions.upload_submission(review, agency, by=by,
                                                data=csv_file(good_rows(3)), filename="police.csv")
    submission.refresh_from_db()
    return submission


def sweep(callbacks: DjangoCaptureOnCommitCallbacks) -> None:
    with callbacks(execute=True):
        call_command("recover_jobs", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_a_check_whose_worker_died_is_run_again_once_then_failed_and_retried(
        chronology_review, police, agency_author, killed_mid_check, time_machine, client_for,
        django_capture_on_commit_callbacks):
    client = client_for(agency_author)
    submission = upload(chronology_review, police, agency_author,
                        django_capture_on_commit_callbacks)
    assert (submission.status, submission.attempts, submission.progress) == ("checking", 1, 50)
    page = text(client.get(version_url(submission)))
    assert "<strong>50%</strong> of the file checked" in page
    assert "has stopped" not in page

    time_machine.shift(LEASE + timedelta(seconds=1))
    # No more silent "checking": the page says the worker stopped and what happens next.
    page = text(client.get(version_url(submission, "status/")))
    assert "The background worker checking this file has stopped." in page

    sweep(django_capture_on_commit_callbacks)  # queued again; the next worker dies too
    submission.refresh_from_db()
    assert (submission.status, submission.attempts) == ("checking", 2)
    assert "The first attempt stopped before it finished" in text(
        client.get(version_url(submission, "status/")))
    assert AuditEvent.objects.filter(event_type="chronology.file_check_requeued").count() == 1

    time_machine.shift(LEASE + timedelta(seconds=1))
    sweep(django_capture_on_commit_callbacks)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.PROBLEMS
    assert submission.problems[0]["code"] == checking.CHECK_FAILED_CODE
    assert submission.problems[0]["message"].startswith(
        "The check stopped before it finished twice")
    assert checking.check_failed(submission)
    page = text(client.get(version_url(submission)))
    assert "The check did not finish" in page
    assert f'<form method="post" action="{version_url(submission, "retry/")}"' in page

    killed_mid_check()  # the worker is fine again
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(version_url(submission, "retry/"))
    assert response.status_code == 302 and response["Location"] == version_url(submission)
    submission.refresh_from_db()
    assert (submission.status, submission.attempts, submission.error_count) == ("ready", 1, 0)
    assert submission.rows_total == 3 and not submission.entries.exists()
    event = AuditEvent.objects.get(event_type="chronology.file_check_retried")
    assert event.actor == agency_author and event.data["failed_after_attempts"] == 2
    assert AuditEvent.objects.filter(event_type="chronology.file_checked").count() == 1


def test_a_worker_that_wakes_after_losing_its_lease_stores_nothing(
        chronology_review, police, agency_author, time_machine, monkeypatch,
        django_capture_on_commit_callbacks):
    seconds = {}

    def check_file(*args: Any, **kwargs: Any) -> CheckResult:
        # The first worker stalls past its lease; the sweep queues the check again and a second
        # worker finishes it before the first wakes up.
        time_machine.shift(LEASE + timedelta(seconds=1))
        monkeypatch.setattr(tasks, "check_file", real_check_file)
        assert tasks.recover_stalled_checks(tasks.timezone.now()) == (1, 0)
        seconds["second"] = tasks.run_check(submission_pk())
        return real_check_file(*args, **kwargs)

    monkeypatch.setattr(tasks, "check_file", check_file)
    with django_capture_on_commit_callbacks(execute=False):
        submission = actions.upload_submission(chronology_review, police, by=agency_author,
                                                data=csv_file(good_rows(3)),
                                                filename="police.csv")

    def submission_pk() -> int:
        return submission.pk

    assert tasks.run_check(submission.pk) == "ready"
    assert seconds["second"] == "ready"
    submission.refresh_from_db()
    assert (submission.status, submission.attempts) == ("ready", 2)
    assert AuditEvent.objects.filter(event_type="chronology.file_checked").count() == 1


def test_a_file_waiting_for_a_worker_says_so_and_is_not_taken_for_dead(
        chronology_review, police, agency_author, time_machine, client_for,
        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        submission = actions.upload_submission(chronology_review, police, by=agency_author,
                                                data=csv_file(good_rows(3)),
                                                filename="police.csv")
    time_machine.shift(timedelta(hours=1))
    assert tasks.recover_stalled_checks(tasks.timezone.now()) == (0, 0)
    page = text(client_for(agency_author).get(version_url(submission)))
    assert "The check is waiting for the background worker to start it." in page


def test_only_a_check_that_stopped_can_be_retried_and_only_by_who_may_send_the_file(
        chronology_review, police, agency_author, nurse, client_for,
        django_capture_on_commit_callbacks):
    submission = upload(chronology_review, police, agency_author,
                        django_capture_on_commit_callbacks)
    assert submission.status == "ready"
    response = client_for(agency_author).post(version_url(submission, "retry/"), follow=True)
    assert "has not failed, so there is nothing to retry" in text(response)
    assert client_for(nurse).post(version_url(submission, "retry/")).status_code in {403, 404}
    assert not AuditEvent.objects.filter(event_type="chronology.file_check_retried").exists()
