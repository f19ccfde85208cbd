"""The publication stage's notice, and the periodic publishing of scheduled publications.

``send_reminders`` (run daily) publishes each scheduled publication on its day, running the final
check again (decision 0052: a reminders provider that makes the change itself, through its
action, and queues no reminder of its own). If a check is unmet then, the publication stays
scheduled and the business unit is told once, with pseudonyms only: the notice names the checks,
never what anyone typed.
"""

from collections.abc import Iterable
from datetime import date

from reviewdesk.notices import reminders as registry
from reviewdesk.notices.defaults import register_default
from reviewdesk.notices.reminders import Reminder

SCHEDULED_REFUSED = "publication_scheduled_refused"


def register_templates() -> None:
    register_default(
        SCHEDULED_REFUSED, "Publication: a scheduled publication could not go ahead",
        "{{ review_reference }}: the report was not published on {{ scheduled_for }}",
        "Dear {{ recipient }},\n\nThe report of review {{ review_reference }} ({{ children }}) was "
        "scheduled to be published on {{ scheduled_for }}, but Review Desk did not publish it: "
        "these checks before publishing are not met now.\n\n{{ checks }}\n\nIt stays scheduled "
        "and is published on the first day every check is met. Put them right, or cancel the "
        "schedule, on the publication page: {{ link }}\n\n{{ partnership }}",
    )


def publish_due(today: date) -> Iterable[Reminder]:
    """Every scheduled publication whose day has come, published by its action (or held, with
    the business unit told once). There is no reminder for the job to queue."""
    from reviewdesk.publication import actions, selectors

    for publication in selectors.due_scheduled(today):
        actions.publish_scheduled(publication, today=today)
    return []


def register() -> None:
    register_templates()
    registry.register(publish_due)
