"""The chronology's background work: checking an uploaded file (with its lease, progress and the
recovery sweep that queues a stopped check again) and rebuilding the anonymised search text.

What queues a job imports this module; the jobs import what they run, so nothing here imports
``actions``."""

import logging
import time
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.tasks import task
from django.utils import timezone

from reviewdesk import jobs
from reviewdesk.audit.context import as_system
from reviewdesk.audit.services import record
from reviewdesk.chronology import duplicates, search_text
from reviewdesk.chronology.checking import CHECK_FAILED, CHECK_FAILED_CODE, check_file
from reviewdesk.chronology.checks import ERROR
from reviewdesk.chronology.models import DuplicateScan, SearchRegister, Submission
from reviewdesk.chronology.storage import check_data, store_check, stored_bytes
from reviewdesk.lib.chronology_files.table import FileRefused
from reviewdesk.reviews.models import IdentityEntry

logger = logging.getLogger(__name__)

# Progress of a background check is written at most this often (seconds).
PROGRESS_EVERY = 0.5
# A rebuild queued this long ago and not finished (a worker lost, a task failed) is queued again.
REQUEUE_AFTER = timedelta(minutes=5)


# A long job: on its own queue, so e-mails and notices never wait behind it.
@task(queue_name="heavy")
def check_submission(submission_id: int) -> str:
    """Check an uploaded chronology file in the background worker (see run_check)."""
    return run_check(submission_id)


@task()
def rebuild_search_text(review_id: int) -> int:
    """Build the anonymised search text of the review's current entries at its register's
    version (see search_text.rebuild): after a change to the register or an accepted chronology."""
    return search_text.rebuild(review_id)


# Comparing tens of thousands of entries takes a while: on the long jobs' queue.
@task(queue_name="heavy")
def refresh_duplicates(review_id: int) -> int:
    """Work out the review's likely duplicates again and store them (duplicates.refresh):
    after an acceptance changed its accepted chronologies."""
    return duplicates.refresh(review_id)


def _clock() -> float:
    return time.monotonic()


def _mine(submission: Submission) -> QuerySet[Submission]:
    """The submission while this attempt still holds its check: not taken up again after its
    lease ran out, nor withdrawn meanwhile."""
    return Submission.objects.filter(pk=submission.pk, status=Submission.Status.CHECKING,
                                     attempts=submission.attempts)


class _Progress:
    """Saves the percentage read, at most every PROGRESS_EVERY seconds (never 100 until done),
    and renews the check's lease (jobs.Heartbeat) so the recovery sweep knows it is alive."""

    def __init__(self, submission: Submission):
        self.submission = submission
        self.saved_at = -PROGRESS_EVERY
        self.percent = 0
        self.heartbeat = jobs.Heartbeat(
            lambda until: _mine(submission).update(lease_expires_at=until))

    def __call__(self, done: int, total: int) -> None:
        percent = min(99, done * 100 // total) if total else 0
        now = _clock()
        if percent > self.percent and now - self.saved_at >= PROGRESS_EVERY:
            _mine(self.submission).update(progress=percent)
            self.percent, self.saved_at = percent, now
        self.heartbeat()


def _claim(submission_id: int) -> Submission | None:
    """Take the check for this attempt (a lease, one more attempt), or None if it is not waiting
    for a worker: finished, withdrawn, or held by a worker whose lease has not run out."""
    with transaction.atomic():
        submission = (Submission.objects.select_for_update().select_related("review", "agency")
                      .filter(pk=submission_id).first())
        if submission is None or submission.status != Submission.Status.CHECKING:
            return submission
        now = timezone.now()
        if submission.lease_expires_at is not None and submission.lease_expires_at > now:
            return None
        submission.attempts += 1
        submission.lease_expires_at = jobs.lease_from(now)
        submission.save(update_fields=["attempts", "lease_expires_at"])
    return submission


@as_system("the chronology check")
def run_check(submission_id: int) -> str:
    """The background check of an uploaded file (tasks.check_submission). Safe to run twice: a
    submission that is no longer being checked (withdrawn meanwhile, say), or that another worker
    is checking, is left alone. Nothing is stored until the check has finished, in one
    transaction, so a worker killed part-way leaves nothing to repeat."""
    submission = _claim(submission_id)
    if submission is None:
        return Submission.Status.CHECKING if Submission.objects.filter(
            pk=submission_id).exists() else "missing"
    if submission.status != Submission.Status.CHECKING:
        return submission.status
    try:
        # No one has chosen columns yet (a person's choice is checked by change_mapping, not
        # here): they are read afresh, so the notes of those read from their cells are given.
        result = check_file(submission.review, stored_bytes(submission),
                            submission.original_filename, mapping=None,
                            default_source=submission.default_source,
                            agency_name=submission.agency.name, progress=_Progress(submission))
    except FileRefused as exc:
        # The file was read at upload; a refusal now (a limit changed, say) is still the file's.
        _finish_failed(submission, str(exc))
        return Submission.Status.PROBLEMS
    except Exception:  # noqa: BLE001 - whatever went wrong, the submission must not stay "checking"
        logger.exception("Checking chronology submission %s failed", submission_id)
        _finish_failed(submission, CHECK_FAILED.format(version=submission.version))
        return Submission.Status.PROBLEMS
    with transaction.atomic():
        if not _mine(submission).select_for_update().exists():
            # Withdrawn meanwhile, or its lease ran out and another attempt took it over.
            return Submission.objects.values_list("status", flat=True).get(pk=submission_id)
        submission = Submission.objects.select_for_update().get(pk=submission_id)
        store_check(submission, result)
        record("chronology.file_checked", review=submission.review,
               summary=f"Checked version {submission.version} of an agency's chronology",
               data=check_data(submission))
    return submission.status


@transaction.atomic
def _finish_failed(submission: Submission, message: str, *, stalled: bool = False) -> None:
    """The check could not finish: the submission shows why, as a file-wide error, so it can
    neither stay 'checking' nor be accepted; the author retries the check or uploads the file
    again. Nothing happens if this attempt no longer holds the check."""
    attempts = submission.attempts
    submission = _mine(submission).select_for_update().select_related("review").first()
    if submission is None:
        return
    submission.problems = [{"code": CHECK_FAILED_CODE, "severity": ERROR, "row_ref": "",
                            "row_label": "", "column": "", "message": message}]
    submission.error_count, submission.warning_count = 1, 0
    submission.status, submission.progress = Submission.Status.PROBLEMS, 100
    submission.lease_expires_at = None
    submission.save(update_fields=["problems", "error_count", "warning_count", "status",
                                   "progress", "lease_expires_at"])
    record("chronology.file_check_failed", review=submission.review,
           summary=f"The check of version {submission.version} of an agency's chronology failed",
           data={"submission": submission.pk, "agency": submission.agency_id,
                 "attempts": attempts, "stalled": stalled})


@as_system("the recovery of stopped chronology checks")
def recover_stalled_checks(now: datetime) -> tuple[int, int]:
    """Checks whose worker stopped (lease run out before ``now``): queued again the first time,
    failed the second. Returns how many were queued again and how many failed."""
    queued = failed = 0
    stalled = Submission.objects.filter(status=Submission.Status.CHECKING,
                                        lease_expires_at__lt=now).values_list("pk", flat=True)
    for pk in list(stalled):
        with transaction.atomic():
            submission = (Submission.objects.select_for_update().select_related("review")
                          .filter(pk=pk, status=Submission.Status.CHECKING,
                                  lease_expires_at__lt=now).first())
            if submission is None:
                continue  # finished, withdrawn or renewed meanwhile
            if submission.attempts >= jobs.MAX_ATTEMPTS:
                _finish_failed(submission, jobs.STOPPED_TWICE.format(
                    what=f"version {submission.version}"), stalled=True)
                failed += 1
                continue
            submission.progress, submission.lease_expires_at = 0, None
            submission.save(update_fields=["progress", "lease_expires_at"])
            record("chronology.file_check_requeued", review=submission.review,
                   summary=f"The check of version {submission.version} of an agency's "
                           "chronology stopped before it finished: queued again",
                   data={"submission": submission.pk, "agency": submission.agency_id,
                         "attempts": submission.attempts})
            transaction.on_commit(partial(check_submission.enqueue, submission.pk))
            queued += 1
    return queued, failed


def request_rebuild(review_id: int) -> bool:
    """Queue a rebuild of the review's anonymised text, unless one is queued already (and not
    lost: older than REQUEUE_AFTER) or the review has no accepted chronology. True if queued."""
    if not Submission.objects.filter(review_id=review_id,
                                     status=Submission.Status.ACCEPTED).exists():
        return False
    search_text.register_state(review_id)
    return _queue_once(SearchRegister.objects.filter(pk=review_id), rebuild_search_text, review_id)


def request_duplicates_refresh(review_id: int) -> bool:
    """Queue the review's duplicate suggestions to be worked out again, unless a refresh is
    queued already (and not lost: older than REQUEUE_AFTER). True if queued."""
    DuplicateScan.objects.get_or_create(review_id=review_id)
    return _queue_once(DuplicateScan.objects.filter(pk=review_id), refresh_duplicates, review_id)


def _queue_once(row: QuerySet, job: Any, review_id: int) -> bool:
    """Claim the row's ``queued_at`` and queue the job, unless one is queued already and not
    lost (older than REQUEUE_AFTER). True if queued."""
    now = timezone.now()
    claimed = row.filter(Q(queued_at__isnull=True) | Q(queued_at__lt=now - REQUEUE_AFTER)).update(
        queued_at=now)
    if claimed:
        job.enqueue(review_id)
    return bool(claimed)


def register_entry_changed(sender: type, instance: IdentityEntry, **kwargs: object) -> None:
    """A register entry was saved or deleted (apps.py connects this): once committed, rebuild
    at once rather than when the next anonymised search finds the text stale."""
    review_id = instance.review_id
    transaction.on_commit(lambda: request_rebuild(review_id))
