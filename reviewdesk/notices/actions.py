"""Creating and retrying notices. Delivery runs in the background worker (tasks)."""

from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from reviewdesk.accounts.models import User
from reviewdesk.audit.services import record
from reviewdesk.notices import guards
from reviewdesk.notices.defaults import ensure_default_templates
from reviewdesk.notices.models import Notice, NoticeTemplate
from reviewdesk.notices.tasks import deliver_notice
from reviewdesk.notices.templating import render_text, review_context
from reviewdesk.versioning import UNCHECKED, claim


def template_for(partnership_id: int, key: str) -> NoticeTemplate:
    ensure_default_templates(partnership_id)
    return NoticeTemplate.objects.get(partnership_id=partnership_id, key=key)


def queue_notice(*, partnership_id: int, review: Any, purpose: str, dedupe_key: str,
                 recipient_label: str, recipients: list[str], subject: str, body: str,
                 by: User | None = None,
                 attachments: list[dict[str, str]] | None = None) -> Notice | None:
    """Keep a notice and send it once the surrounding change is committed.

    Returns None if a notice with this key already exists: a key is never queued twice. Raises
    ``guards.NoticeRefused`` (saying why) when a guard forbids contact with a recipient, such as
    advice of no contact with them: then nothing is kept or sent.
    """
    reason = guards.refusal(review, [r for r in recipients if r])
    if reason:
        raise guards.NoticeRefused(f"The notice was not sent. {reason}")
    if Notice.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    try:
        with transaction.atomic():
            notice = Notice.objects.create(
                partnership_id=partnership_id, review=review, purpose=purpose,
                dedupe_key=dedupe_key, recipient_label=recipient_label,
                recipients=[r for r in recipients if r], subject=subject, body=body,
                attachments=attachments or [], created_by=by,
            )
    except IntegrityError:
        return None  # another worker queued it first
    transaction.on_commit(partial(deliver_notice.enqueue, notice.pk))
    return notice


def queue_from_template(review: Any, key: str, *, dedupe_key: str, recipient_label: str,
                        recipients: list[str], by: User | None = None,
                        extra: dict[str, Any] | None = None, purpose: str = "",
                        attachments: list[dict[str, str]] | None = None) -> Notice | None:
    template = template_for(review.partnership_id, key)
    context = review_context(review) | {"recipient": recipient_label} | (extra or {})
    return queue_notice(
        partnership_id=review.partnership_id, review=review, purpose=purpose or key,
        dedupe_key=dedupe_key, recipient_label=recipient_label, recipients=recipients,
        subject=render_text(template.subject, context), body=render_text(template.body, context),
        by=by, attachments=attachments,
    )


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
