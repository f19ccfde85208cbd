"""Delivering notices, in the background worker. What queues a notice imports this module."""

import smtplib
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.tasks import task
from django.utils import timezone

from reviewdesk.audit.context import as_system
from reviewdesk.audit.services import record
from reviewdesk.notices import guards
from reviewdesk.notices.models import Notice


def stored_attachment(field: FieldFile, filename: str, content_type: str) -> dict[str, str]:
    """An attachment read from storage when the notice is sent (a report's PDF): the notice
    keeps where it is, not the bytes."""
    return {"filename": filename, "content_type": content_type, "storage_name": str(field.name)}


def attachment_content(attached: dict[str, str]) -> str | bytes:
    if "storage_name" in attached:
        with default_storage.open(attached["storage_name"], "rb") as handle:
            data: bytes = handle.read()
        return data
    return attached["content"]


# Tried by itself this many times while the mail server is down or busy, waiting longer each
# time (minutes after each failed attempt); then failed, with the Retry button.
AUTOMATIC_ATTEMPTS = 6
BACK_OFF_MINUTES = (1, 5, 15, 60, 240)


def _passing(exc: BaseException) -> bool:
    """A failure that may pass by itself: the server unreachable, gone, timed out or saying
    'try later' (4xx). A refused address or a message the server rejects (5xx) will not."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused | smtplib.SMTPSenderRefused):
        return False
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    return isinstance(exc, OSError | smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError)


# A notice queued this long ago and never tried: its worker was stopped (killed, redeployed)
# before it could send it, or its task was lost. It is queued again.
UNTRIED_MINUTES = 10


def retry_due_notices(now: datetime) -> tuple[int, int]:
    """Queue again each notice waiting for the mail server whose time has come, and each one
    queued long ago and never tried (a recoverer of ``reviewdesk.jobs``, run by
    ``recover_jobs`` every minute). Sending is safe to ask twice: a sent notice is never sent
    again."""
    pending = Notice.objects.filter(status=Notice.Status.PENDING)
    due = list(pending.filter(next_attempt_at__lte=now).values_list("pk", flat=True))
    untried = pending.filter(next_attempt_at__isnull=True, attempts=0,
                             created_at__lte=now - timedelta(minutes=UNTRIED_MINUTES))
    lost = list(untried.values_list("pk", flat=True))
    # Not again next minute if the queue is only slow: once every UNTRIED_MINUTES at most.
    untried.update(next_attempt_at=now + timedelta(minutes=UNTRIED_MINUTES))
    for pk in due + lost:
        deliver_notice.enqueue(pk)
    return len(due) + len(lost), 0


def message_id(notice: Notice) -> str:
    """The same Message-ID every time the notice is sent. A worker killed after the mail server
    took the notice but before it was marked sent sends it again (at least once: decision
    0068); mail programs that see the same Message-ID twice show the message once."""
    return f"<notice-{notice.uuid}@{urlsplit(settings.SITE_URL).hostname or 'reviewdesk'}>"


@task()
def deliver_notice(notice_id: int) -> str:
    return deliver(notice_id)


@as_system("notice delivery")
def deliver(notice_id: int) -> str:
    """Send one notice. Safe to call twice: a sent notice is never sent again. The row stays
    locked while the mail server is asked, so two workers never send it at once; a worker killed
    after the server took it but before this commits leaves it waiting, and it goes again."""
    with transaction.atomic():
        notice = Notice.objects.select_for_update().get(pk=notice_id)
        if notice.status != Notice.Status.PENDING:
            return notice.status
        notice.attempts += 1
        # Asked again at sending: advice of no contact may have come since it was queued.
        refused = guards.refusal(notice.review, notice.recipients) if notice.recipients else None
        if not notice.recipients:
            notice.status = Notice.Status.FAILED
            notice.last_error = ("No e-mail address to send to: add one (for an agency, on the "
                                 "partnership's settings), then retry.")
        elif refused:
            notice.status = Notice.Status.FAILED
            notice.last_error = f"Not sent. {refused}"
        else:
            try:
                message = EmailMessage(notice.subject, notice.body, settings.DEFAULT_FROM_EMAIL,
                                       notice.recipients,
                                       headers={"Message-ID": message_id(notice)})
                for attached in notice.attachments:
                    message.attach(attached["filename"], attachment_content(attached),
                                   attached["content_type"])
                message.send(fail_silently=False)
            except Exception as exc:  # noqa: BLE001 - any backend failure is shown and retried
                error = f"{type(exc).__name__}: {exc}"[:1800]
                if _passing(exc) and notice.attempts < AUTOMATIC_ATTEMPTS:
                    # The mail server is down or busy: the notice waits, visibly, and is tried
                    # again by itself, later each time.
                    wait = BACK_OFF_MINUTES[min(notice.attempts, len(BACK_OFF_MINUTES)) - 1]
                    notice.next_attempt_at = timezone.now() + timedelta(minutes=wait)
                    notice.last_error = (
                        f"The mail server did not take it (attempt {notice.attempts} of "
                        f"{AUTOMATIC_ATTEMPTS}): {error}. It is tried again by itself at "
                        f"{timezone.localtime(notice.next_attempt_at):%H:%M on %-d %B %Y}.")
                else:
                    notice.status = Notice.Status.FAILED
                    notice.next_attempt_at = None
                    notice.last_error = error
            else:
                notice.status = Notice.Status.SENT
                notice.sent_at = timezone.now()
                notice.last_error = ""
                notice.next_attempt_at = None
        notice.save(update_fields=["status", "attempts", "last_error", "sent_at",
                                   "next_attempt_at"])
        outcome = "waiting" if notice.status == Notice.Status.PENDING else notice.status
        record(f"notice.{outcome}", review=notice.review,
               partnership_id=notice.partnership_id,
               # The recipient may be a person: audit summaries hold no names.
               summary=f"Notice '{notice.purpose}': {notice.get_status_display().lower()}"
                       + (" (the mail server did not take it)" if outcome == "waiting" else ""),
               data={"notice": notice.pk, "attempt": notice.attempts})
    return notice.status
