"""When an action is overdue, and its RAG rating: one rule, used by every page, count, filter,
reminder and export (the words of ``RAG_RULE`` are shown beside the ratings).

Overdue: not completed (not started or in progress) after its due date, whatever day of the week
that is: due on Saturday 31 July, it is overdue on Sunday 1 August.
"""

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from django.db.models import Q

from reviewdesk.action_plan.models import Action
from reviewdesk.lib.workingdays import add_working_days, working_days_between

OPEN = (Action.Status.NOT_STARTED, Action.Status.IN_PROGRESS)
DONE = (Action.Status.IMPACT_SHOWN, Action.Status.CLOSED)
# Amber: due within this many working days with no progress update in the last month.
DUE_SOON_WORKING_DAYS = 10
# The subgroup is told once when an action is this many working days overdue.
ESCALATE_AFTER_WORKING_DAYS = 10

RAG_RULE = (
    "Red: overdue (not completed after its due date). "
    f"Amber: due within {DUE_SOON_WORKING_DAYS} working days with no progress update in the last "
    "month, or completed with its impact evidence missing after the date impact was to be "
    "assessed. Green: on track. Actions whose impact is shown, or closed with reasons, have no "
    "rating.")


class Rag:
    RED, AMBER, GREEN, NONE = "red", "amber", "green", ""
    LABELS = {RED: "Red: overdue", AMBER: "Amber: at risk", GREEN: "Green: on track", NONE: ""}
    # GOV.UK tag colours.
    TAG_CLASSES = {RED: "govuk-tag--red", AMBER: "govuk-tag--orange", GREEN: "govuk-tag--green",
                   NONE: "govuk-tag--grey"}


def is_overdue(action: Action, today: date) -> bool:
    return action.status in OPEN and today > action.due_on


def overdue_q(today: date) -> Q:
    """The same rule as a filter: ``Action.objects.filter(overdue_q(today))``."""
    return Q(status__in=OPEN, due_on__lt=today)


def working_days_overdue(action: Action, today: date) -> int:
    """Working days since the due date (0 when not overdue)."""
    if not is_overdue(action, today):
        return 0
    return working_days_between(action.due_on, today)


def due_soon(action: Action, today: date) -> bool:
    return action.status in OPEN and today <= action.due_on <= add_working_days(
        today, DUE_SOON_WORKING_DAYS)


def no_recent_update(action: Action, today: date) -> bool:
    return action.last_update_on is None or action.last_update_on < today - relativedelta(months=1)


def impact_evidence_missing(action: Action, today: date) -> bool:
    return (action.status == Action.Status.COMPLETED and not action.impact_evidence
            and today > action.impact_assessed_on)


def rag(action: Action, today: date) -> str:
    if action.status in DONE:
        return Rag.NONE
    if is_overdue(action, today):
        return Rag.RED
    if (due_soon(action, today) and no_recent_update(action, today)) or impact_evidence_missing(
            action, today):
        return Rag.AMBER
    return Rag.GREEN


@dataclass(frozen=True)
class Rating:
    rag: str
    label: str
    tag_class: str
    overdue: bool


def rating(action: Action, today: date) -> Rating:
    value = rag(action, today)
    return Rating(value, Rag.LABELS[value], Rag.TAG_CLASSES[value], is_overdue(action, today))
