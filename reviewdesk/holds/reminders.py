"""The daily reminders job (``send_reminders``) tells the business unit, once, when a hold's
process has concluded. Telling is a change (the hold records the day: decision 0052's way), so
it is made here by its action, which queues its own notice; there is no reminder to queue."""

from collections.abc import Iterable
from datetime import date

from reviewdesk.notices.guards import NoticeRefused
from reviewdesk.notices.reminders import Reminder


def release_alerts(today: date) -> Iterable[Reminder]:
    from reviewdesk.holds import actions, selectors

    for hold in selectors.due_release_alerts(today):
        try:
            actions.alert_release(hold, today=today)
        except NoticeRefused:
            # A guard forbids the address (notices.guards): nothing is stamped, the home page
            # item still asks, and the other holds' alerts still go.
            continue
    return []
