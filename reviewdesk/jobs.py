"""Background jobs that survive their worker: leases, one automatic retry, then failed.

A job row (a publication check, a chronology check) takes a lease when a worker starts it and
renews it as it reports progress. A worker killed mid-job (a deploy, the out-of-memory killer, a
power cut) stops renewing, so its lease runs out; ``manage.py recover_jobs`` finds such jobs and
queues each one again once, then marks it failed with a message and a Retry button on its page.

Each job's own module says how to take it up again (``RECOVERERS``): this one only keeps the
clock. Nothing here knows about a particular job, so stages never import one another through it.
See docs/decisions/0020.
"""

from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

# Started this many times by a worker and never finished: failed, not queued again.
MAX_ATTEMPTS = 2

# Each returns (queued again, failed) for the jobs whose lease ran out before ``now``.
RECOVERERS = [
    "reviewdesk.chronology.tasks.recover_stalled_checks",
    "reviewdesk.reports.tasks.recover_stalled_checks",
    # Not stalled but waiting: notices the mail server did not take, due to be tried again.
    "reviewdesk.notices.tasks.retry_due_notices",
    # Invitations and set-password links whose worker was killed while sending them.
    "reviewdesk.accounts.tasks.resend_lost_emails",
]

STOPPED_TWICE = ("The check stopped before it finished twice: the background worker running it "
                 "stopped (it may have been restarted). Nothing was saved from those attempts. "
                 "Select 'Retry the check' to run it again; if it stops again, tell the business "
                 "unit which check it was ({what}).")


def lease_seconds() -> int:
    return settings.JOB_LEASE_SECONDS


def lease_from(now: datetime | None = None) -> datetime:
    """When a lease taken or renewed now runs out."""
    return (now or timezone.now()) + timedelta(seconds=lease_seconds())


class Heartbeat:
    """Says a job is alive: renews its lease when called, at most every fifth of the lease.

    ``renew(until)`` writes the new expiry; the job calls the heartbeat wherever it already
    reports progress, so a job that reports no progress for a whole lease is taken for dead.
    """

    def __init__(self, renew: Callable[[datetime], object]):
        self.renew = renew
        self.renewed_at: datetime | None = None

    def __call__(self) -> None:
        now = timezone.now()
        if self.renewed_at is None or (now - self.renewed_at).total_seconds() >= lease_seconds() / 5:
            self.renew(lease_from(now))
            self.renewed_at = now


def recover_all(now: datetime | None = None) -> tuple[int, int]:
    """Run every job type's recovery; how many jobs were queued again and how many failed."""
    now = now or timezone.now()
    queued = failed = 0
    for path in RECOVERERS:
        q, f = import_string(path)(now)
        queued, failed = queued + q, failed + f
    return queued, failed
