"""Reminders: each app registers a function that lists what is due on a day; the periodic
command ``send_reminders`` (run daily by cron or a systemd timer) queues each reminder once."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from reviewdesk.lib.workingdays import add_working_days, working_days_between
from reviewdesk.reviews.models import Task
from reviewdesk.reviews.names import anonymised


@dataclass(frozen=True)
class Reminder:
    dedupe_key: str  # the same reminder is never sent twice
    review: Any
    template_key: str
    recipient_label: str
    recipients: list[str]
    extra: dict[str, Any]


Provider = Callable[[date], Iterable[Reminder]]
PROVIDERS: list[Provider] = []

# Reminders go this many working days before the due date, on the day, and when overdue.
DAYS_BEFORE = 2


def register(provider: Provider) -> Provider:
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)
    return provider


def reminder_moment(due_on: date, today: date) -> tuple[str, str] | None:
    """('before' | 'due' | 'overdue', words) if a reminder belongs to today, else None."""
    if today == due_on:
        return "due", "today"
    if today < due_on and working_days_between(today, due_on) == DAYS_BEFORE:
        return "before", f"in {DAYS_BEFORE} working days"
    if today > due_on and today >= add_working_days(due_on, 1):
        return "overdue", "and is now overdue"
    return None


def task_reminders(today: date) -> Iterable[Reminder]:
    """Open review tasks (e.g. the rapid review plan's steps) before, on and after their day."""
    open_tasks = Task.objects.filter(done_on__isnull=True, review__stage__in=Task.OPEN_STAGES)
    for task in open_tasks.select_related("review__partnership", "owner"):
        moment = reminder_moment(task.due_on, today)
        if moment is None or task.owner is None:
            continue
        kind, words = moment
        # Overdue reminders repeat weekly at most; the others once each.
        stamp = f"{today:%G-W%V}" if kind == "overdue" else task.due_on.isoformat()
        yield Reminder(
            dedupe_key=f"task:{task.pk}:{kind}:{stamp}", review=task.review,
            template_key="task_reminder", recipient_label=task.owner.display_name,
            recipients=[task.owner.email],
            extra={"task": anonymised(task.review).redact(task.title), "when": words,
                   "due_on": f"{task.due_on:%-d %B %Y}"},
        )
