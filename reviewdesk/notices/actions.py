"""Creating, delivering and retrying notices. Delivery runs in the background worker."""

from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone

from reviewdesk.accounts.models import User
from reviewdesk.audit.context import as_system
from reviewdesk.audit.services import record
from reviewdesk.notices.models import Notice, NoticeTemplate
from reviewdesk.notices.templating import render_text, review_context
from reviewdesk.versioning import UNCHECKED, claim


def template_for(partnership_id: int, key: str) -> NoticeTemplate:
    from reviewdesk.notices.defaults import ensure_default_templates

    ensure_default_templates(partnership_id)
    return NoticeTemplate.objects.get(partnership_id=partnership_id, key=key)


def queue_notice(*, partnership_id: int, review: Any, purpose: str, dedupe_key: str,
                 recipient_label: str, recipients: list[str], subject: str, body: str,
                 by: User | None = None) -> Notice | None:
    """Keep a notice and send it once the surrounding change is committed.

    Returns None if a notice with this key already exists: nothing is ever sent twice.
    """
    if Notice.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    try:
        with transaction.atomic():
            notice = Notice.objects.create(
                partnership_id=partnership_id, review=review, purpose=purpose,
                dedupe_key=dedupe_key, recipient_label=recipient_label,
                recipients=[r for r in recipients if r], subject=subject, body=body,
                created_by=by,
            )
    except IntegrityError:
        return None  # another worker queued it first
    from reviewdesk.notices.tasks import deliver_notice

    transaction.on_commit(partial(deliver_notice.enqueue, notice.pk))
    return notice


def queue_from_template(review: Any, key: str, *, dedupe_key: str, recipient_label: str,
                        recipients: list[str], by: User | None = None,
                        extra: dict[str, Any] | None = None, purpose: str = "") -> Notice | None:
    template = template_for(review.partnership_id, key)
    context = review_context(review) | {"recipient": recipient_label} | (extra or {})
    return queue_notice(
        partnership_id=review.partnership_id, review=review, purpose=purpose or key,
        dedupe_key=dedupe_key, recipient_label=recipient_label, recipients=recipients,
        subject=render_text(template.subject, context), body=render_text(template.body, context),
        by=by,
    )


@as_system("notice delivery")
def deliver(notice_id: int) -> str:
    """Send one notice. Safe to call twice: a sent notice is never sent again."""
    with transaction.atomic():
        notice = Notice.objects.select_for_update().get(pk=notice_id)
        if notice.status != Notice.Status.PENDING:
            return notice.status
        notice.attempts += 1
        if not notice.recipients:
            notice.status = Notice.Status.FAILED
            notice.last_error = ("No e-mail address to send to: add one (for an agency, on the "
                                 "partnership's settings), then retry.")
        else:
            try:
                EmailMessage(notice.subject, notice.body, settings.DEFAULT_FROM_EMAIL,
                             notice.recipients).send(fail_silently=False)
            except Exception as exc:  # noqa: BLE001 - any backend failure is shown and retried
                notice.status = Notice.Status.FAILED
                notice.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            else:
                notice.status = Notice.Status.SENT
                notice.sent_at = timezone.now()
                notice.last_error = ""
        notice.save(update_fields=["status", "attempts", "last_error", "sent_at"])
        record(f"notice.{notice.status}", review=notice.review,
               partnership_id=notice.partnership_id,
               # The recipient may be a person: audit summaries hold no names.
               summary=f"Notice '{notice.purpose}': {notice.get_status_display().lower()}",
               data={"notice": notice.pk, "attempt": notice.attempts})
    return notice.status


@transaction.atomic
def retry(notice: Notice, *, by: User) -> Notice:
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.status != Notice.Status.FAILED:
        raise ValidationError("Only a notice that failed can be retried; this one is "
                              f"{notice.get_status_display().lower()}.")
    notice.status = Notice.Status.PENDING
    notice.save(update_fields=["status"])
    record("notice.retried", actor=by, review=notice.review, partnership_id=notice.partnership_id,
           summary=f"Retried notice '{notice.purpose}'",
           data={"notice": notice.pk})
    from reviewdesk.notices.tasks import deliver_notice

    transaction.on_commit(partial(deliver_notice.enqueue, notice.pk))
    return notice


@transaction.atomic
def save_template(template: NoticeTemplate, *, by: User, subject: str, body: str,
                  version: int | None = UNCHECKED) -> NoticeTemplate:
    """Change a template from the ``version`` its page showed, else refused (``StaleEdit``,
    decision 0023)."""
    try:
        render_text(subject, {})
        render_text(body, {})
    except Exception as exc:  # noqa: BLE001 - template syntax errors, shown to the user
        raise ValidationError({"body": f"The template has a mistake: {exc}. Placeholders look "
                               "like {{ review_reference }}."}) from exc
    claim(template, version, thing="this template", by=by)
    template.subject, template.body, template.updated_by = subject, body, by
    template.save()
    record("notice.template_changed", actor=by, partnership_id=template.partnership_id,
           summary=f"Changed the notice template '{template.name}'",
           data={"template": template.pk})
    return template
