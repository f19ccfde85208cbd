"""The daily reminders job (``send_reminders``): each open action's owner is reminded some
working days before its due date and on the day (or the first run after it), and the CSPR
subgroup is told once when it is 10 working days overdue. Each is a change (the action records
the due date it was sent for: decision 0052's way), made here by its action, which queues its
own notice; there is no reminder for the job to queue. A revised due date starts them again."""

from collections.abc import Iterable
from datetime import date

from reviewdesk.lib.workingdays import add_working_days
from reviewdesk.notices.guards import NoticeRefused
from reviewdesk.notices.reminders import Reminder


def action_reminders(today: date) -> Iterable[Reminder]:
    from django.db.models import F, Q

    from reviewdesk.action_plan import rules
    from reviewdesk.action_plan.models import Action
    from reviewdesk.progress import actions
    from reviewdesk.progress.notices import REMIND_BEFORE_WORKING_DAYS

    soon = add_working_days(today, REMIND_BEFORE_WORKING_DAYS)
    open_actions = Action.objects.filter(status__in=rules.OPEN)
    steps = (
        (open_actions.filter(due_on__gt=today, due_on__lte=soon).exclude(
            reminded_before_for=F("due_on")), actions.remind_before),
        (open_actions.filter(due_on__lte=today).filter(
            Q(reminded_on_day_for__isnull=True) | ~Q(reminded_on_day_for=F("due_on"))),
         actions.remind_on_day),
        (open_actions.filter(rules.overdue_q(today)).filter(
            Q(escalated_for__isnull=True) | ~Q(escalated_for=F("due_on"))), actions.escalate),
    )
    for found, act in steps:
        for action in found.order_by("pk"):
            try:
                act(action, today=today)
            except NoticeRefused:
                # A guard forbids the address (notices.guards): nothing is stamped, and the
                # other actions' reminders still go.
                continue
    return []
