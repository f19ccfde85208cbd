"""What the checklist says blocks sign-off, named in one place."""

from datetime import date

from reviewdesk.accounts.models import User
from reviewdesk.checklist import actions as checklist_actions
from reviewdesk.checklist.selectors import blocking_items
from reviewdesk.reports.models import ReportVersion


def checklist_blocking_items(version: ReportVersion) -> list[str]:
    """The titles of the version's checklist items that failed and that the business manager has
    not accepted as they are, including those not worked out yet: each blocks sign-off."""
    return [item.title for item in blocking_items(version)]


def accept_checklist_as_it_is(version: ReportVersion, *, by: User, reason: str,
                              on: date | None = None) -> int:
    """For the demo and the test walks past the report stage: the version's checklist worked
    out, and every item that blocks sign-off accepted as it is by the business manager ``by`` with
    ``reason``, as the page lets them do one by one (identifying findings are never accepted so:
    they are corrected or marked as false alarms). Returns how many were accepted."""
    checklist_actions.work_out(version)
    accepted = 0
    for item in blocking_items(version):
        if item.key != "findings":
            checklist_actions.accept_item(version, by=by, item=item.key, reason=reason,
                                          accepted_on=on)
            accepted += 1
    return accepted
