from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from reviewdesk.audit.context import as_system
from reviewdesk.notices.actions import queue_from_template
from reviewdesk.notices.guards import NoticeRefused
from reviewdesk.notices.reminders import PROVIDERS


class Command(BaseCommand):
    help = ("Queue every reminder and chaser due today (run daily, e.g. from cron). Each is sent "
            "once, however often this runs.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="Act as if today were this date (YYYY-MM-DD).")

    def handle(self, *args: object, **options: object) -> None:
        with as_system("command send_reminders"):
            self._handle(*args, **options)

    def _handle(self, *args: object, **options: object) -> None:
        today = timezone.localdate()
        if options["today"]:
            try:
                today = date.fromisoformat(str(options["today"]))
            except ValueError as exc:
                raise CommandError("--today must be a date like 2026-12-24.") from exc
        queued = 0
        refused: list[str] = []
        for provider in PROVIDERS:
            for reminder in provider(today):
                try:
                    with transaction.atomic():
                        notice = queue_from_template(
                            reminder.review, reminder.template_key,
                            dedupe_key=reminder.dedupe_key,
                            recipient_label=reminder.recipient_label,
                            recipients=reminder.recipients, extra=reminder.extra,
                            purpose=f"reminder:{reminder.template_key}",
                        )
                except NoticeRefused as refusal:
                    # Advice of no contact with a recipient: this reminder is not sent, and
                    # the others still are (notices.guards).
                    refused.append(f"{reminder.review.reference} ({reminder.recipient_label}): "
                                   f"{' '.join(refusal.messages)}")
                    continue
                queued += notice is not None
        self.stdout.write(f"{queued} reminder(s) queued for {today:%-d %B %Y}.")
        for line in refused:
            self.stdout.write(f"Not sent: {line}")
