"""The notice templates every partnership starts with. Apps add theirs with ``register_default``
(in their AppConfig.ready); a partnership edits its own copies on the Notice templates page."""

from dataclasses import dataclass

from reviewdesk.notices.models import NoticeTemplate


@dataclass(frozen=True)
class DefaultTemplate:
    key: str
    name: str
    subject: str
    body: str


DEFAULTS: dict[str, DefaultTemplate] = {}

PLACEHOLDERS = {
    "partnership": "the partnership's name",
    "review_reference": "the review's reference, e.g. KV-2026-004",
    "review_kind": "the kind of review",
    "review_stage": "its current stage",
    "children": "the children's pseudonyms, e.g. Child A",
    "recipient": "who the notice is to",
    "business_unit_email": "the business unit's e-mail address",
    "site_url": "Review Desk's address",
}


def register_default(key: str, name: str, subject: str, body: str) -> None:
    DEFAULTS[key] = DefaultTemplate(key, name, subject, body)


def ensure_default_templates(partnership_id: int) -> None:
    existing = set(NoticeTemplate.objects.filter(partnership_id=partnership_id)
                   .values_list("key", flat=True))
    NoticeTemplate.objects.bulk_create([
        NoticeTemplate(partnership_id=partnership_id, key=d.key, name=d.name, subject=d.subject,
                       body=d.body)
        for d in DEFAULTS.values() if d.key not in existing
    ])


register_default(
    "task_reminder", "Reminder: a task is due",
    "{{ review_reference }}: {{ task }} is due {{ when }}",
    "Dear {{ recipient }},\n\nThis is a reminder that '{{ task }}' for review "
    "{{ review_reference }} ({{ children }}) is due {{ when }}, on {{ due_on }}.\n\n"
    "Sign in to Review Desk to see it: {{ site_url }}\n\n{{ partnership }}",
)
