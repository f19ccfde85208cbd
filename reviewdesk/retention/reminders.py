"""The periodic check (``manage.py send_reminders``, run daily): the business manager is told,
once for each review, when a closed review's records have been kept for the partnership's
period, with its reference and pseudonym only. The retention page lists them all."""

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.urls import reverse

from reviewdesk.accounts.models import Partnership, PartnershipRole, User
from reviewdesk.notices.defaults import register_default
from reviewdesk.notices.reminders import Reminder

PAST_RETENTION = "retention_past"


def register_templates() -> None:
    register_default(
        PAST_RETENTION, "Retention: a closed review's records have been kept for their period",
        "{{ review_reference }}: records kept for their retention period",
        "Dear {{ recipient }},\n\nReview {{ review_reference }} ({{ children }}) closed on "
        "{{ closed_on }}. The partnership keeps a closed review's records for {{ years }} years "
        "({{ policy }}), so they have been kept for their period since {{ keep_until }}.\n\n"
        "{{ hold }}Decide whether to erase the review's personal data (the published report and "
        "the anonymised learning are kept) or to place a legal hold, on the retention page: "
        "{{ retention_url }}\n\n{{ partnership }}",
    )


def retention_reminders(today: date) -> Iterable[Reminder]:
    from reviewdesk.retention.actions import past_retention

    for partnership in Partnership.objects.filter(retention_years__isnull=False).order_by("pk"):
        managers = list(User.objects.filter(partnership=partnership, is_active=True,
                                            role=PartnershipRole.BUSINESS_MANAGER)
                        .order_by("pk"))
        if not managers:
            continue
        for due in past_retention(partnership, today):
            hold = ("A legal hold is on it, placed on "
                    f"{due.hold.placed_on:%-d %B %Y}: it is kept until the hold is lifted.\n\n"
                    if due.hold else "")
            yield Reminder(
                dedupe_key=f"retention:{due.review.pk}:{due.keep_until.isoformat()}",
                review=due.review, template_key=PAST_RETENTION,
                recipient_label="the business manager",
                recipients=[m.email for m in managers],
                extra={"closed_on": f"{due.review.stage_since:%-d %B %Y}",
                       "years": str(partnership.retention_years),
                       "policy": partnership.retention_policy,
                       "keep_until": f"{due.keep_until:%-d %B %Y}", "hold": hold,
                       "retention_url": settings.SITE_URL.rstrip("/") + reverse(
                           "retention:overview")})
