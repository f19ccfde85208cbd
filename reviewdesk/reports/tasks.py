"""The publication check's background work: the scan of an uploaded draft, and the recovery sweep
that queues a stopped scan again. What queues a scan imports this module; nothing here imports
``actions``."""

from datetime import datetime
from functools import partial

from django.db import transaction
from django.tasks import task

from reviewdesk import jobs
from reviewdesk.audit.context import as_system
from reviewdesk.audit.services import record
from reviewdesk.reports.models import DraftCheck
from reviewdesk.reports.scanning import fail_check, run_check


# A long job: on its own queue, so e-mails and notices never wait behind it.
@task(queue_name="heavy")
def scan_draft(check_id: int) -> str:
    """Scan an uploaded draft in the background worker (see scanning.run_check)."""
    return run_check(check_id)


@as_system("the recovery of stopped publication checks")
def recover_stalled_checks(now: datetime) -> tuple[int, int]:
    """Checks whose worker stopped (lease run out before ``now``): queued again the first time,
    failed the second. Returns how many were queued again and how many failed."""
    queued = failed = 0
    stalled = DraftCheck.objects.filter(status=DraftCheck.Status.RUNNING,
                                        lease_expires_at__lt=now).values_list("pk", flat=True)
    for pk in list(stalled):
        with transaction.atomic():
            check = (DraftCheck.objects.select_for_update().defer("text", "segments")
                     .select_related("review").filter(pk=pk, status=DraftCheck.Status.RUNNING,
                                                      lease_expires_at__lt=now).first())
            if check is None:
                continue  # it finished, or renewed its lease, meanwhile
            if check.attempts >= jobs.MAX_ATTEMPTS:
                fail_check(check, jobs.STOPPED_TWICE.format(what=f"check {check.number}"),
                      stalled=True)
                failed += 1
                continue
            requeue(check)
            record("reports.draft_check_requeued", review=check.review,
                   summary=f"Publication check {check.number} stopped before it finished: "
                           "queued again",
                   data={"check": check.pk, "attempts": check.attempts})
            transaction.on_commit(partial(scan_draft.enqueue, check.pk))
            queued += 1
    return queued, failed


def requeue(check: DraftCheck) -> None:
    check.status, check.progress, check.lease_expires_at = DraftCheck.Status.QUEUED, 0, None
    check.started_at = check.finished_at = None
    check.save(update_fields=["status", "progress", "lease_expires_at", "started_at",
                              "finished_at"])
