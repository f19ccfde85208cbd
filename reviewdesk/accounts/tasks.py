"""Background work for accounts: e-mails are sent by the worker, after the change is committed."""

import logging
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from reviewdesk import jobs

logger = logging.getLogger(__name__)

# An account e-mail (an invitation, a new set-password link) has no row of its own, only the
# worker's task row, which stays "running" for ever if the worker is killed while sending it.
# Running this long, it is taken for lost: sending takes seconds.
LOST_AFTER = timedelta(minutes=10)


@task()
def send_email(to: list[str], subject: str, body: str, attempt: int = 1) -> int:
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to, fail_silently=False)


def resend_lost_emails(now: datetime) -> tuple[int, int]:
    """Account e-mails whose worker was killed while sending (a recoverer of
    ``reviewdesk.jobs``): queued again once, then given up, as the checks are. The link in one
    still works when sent later; if the server had taken the first, the person gets two."""
    queued = failed = 0
    lost = DBTaskResult.objects.running().filter(task_path=send_email.module_path,
                                                 started_at__lt=now - LOST_AFTER)
    for row in lost:
        with transaction.atomic():
            # Claimed by marking it failed, so a sweep running at the same time skips it.
            if not DBTaskResult.objects.running().filter(pk=row.pk).update(
                    status=TaskResultStatus.FAILED, finished_at=now,
                    traceback="The worker stopped while sending this e-mail."):
                continue
            args, kwargs = row.args_kwargs["args"], row.args_kwargs["kwargs"]
            attempt = kwargs.get("attempt", 1)
            if attempt >= jobs.MAX_ATTEMPTS:
                # Addresses stay out of the log; the person can be sent a new link from their page.
                logger.error("An account e-mail was not sent: the worker stopped twice while "
                             "sending it (task %s). Reset the person's access to send a new link.",
                             row.pk)
                failed += 1
                continue
            transaction.on_commit(partial(send_email.enqueue, *args,
                                          **{**kwargs, "attempt": attempt + 1}))
            queued += 1
    return queued, failed
