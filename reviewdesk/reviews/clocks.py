"""Statutory clocks: the rules (partnership settings with their source) and each clock's state."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from reviewdesk.lib.workingdays import add_months, add_working_days, working_days_between
from reviewdesk.reviews.models import Clock, ClockKind, ClockRule, ClockUnit, Incident, Review

# The defaults every new partnership starts with (DESIGN.md §3). Partnerships may change
# lengths; the source stays shown beside the rule.
DEFAULT_RULES = [
    {
        "kind": ClockKind.PANEL_NOTIFICATION,
        "length": 5,
        "unit": ClockUnit.WORKING_DAYS,
        "starts_from": "the date the local authority became aware of the incident",
        "owed_by": "Business manager, for the local authority",
        "source": "Working Together to Safeguard Children 2018 ch. 4 / 2023 ch. 5",
    },
    {
        "kind": ClockKind.RAPID_REVIEW,
        "length": 15,
        "unit": ClockUnit.WORKING_DAYS,
        "starts_from": "the date the local authority became aware of the incident",
        "owed_by": "Safeguarding partners",
        "source": "Child Safeguarding Practice Review Panel: expectation for rapid reviews",
    },
    {
        "kind": ClockKind.REVIEW_COMPLETION,
        "length": 6,
        "unit": ClockUnit.MONTHS,
        "starts_from": "the decision to initiate the review",
        "owed_by": "Lead reviewer and CSPR subgroup",
        "source": "Working Together; the partnership's guide: 'within six months of initiating it'",
    },
    {
        # Not statutory: a disagreement left unsettled holds the review up, so it gets a clock.
        "kind": ClockKind.DECISION_ESCALATION,
        "length": 5,
        "unit": ClockUnit.WORKING_DAYS,
        "starts_from": "the date the partners' decisions were found to disagree",
        "owed_by": "Independent scrutineer",
        "source": "The partnership's own standard for settling a disagreement",
    },
]


# The deadlines the partnership sets itself (the others are statutory and fixed): the business
# manager may change their length. A change applies to clocks started after it.
PARTNERSHIP_SET = {ClockKind.DECISION_ESCALATION}
MAX_WORKING_DAYS = 60


def ensure_default_rules(partnership_id: int) -> None:
    for rule in DEFAULT_RULES:
        ClockRule.objects.get_or_create(
            partnership_id=partnership_id, kind=rule["kind"], defaults=rule
        )


def rule_for(partnership_id: int, kind: str) -> ClockRule:
    ensure_default_rules(partnership_id)
    return ClockRule.objects.get(partnership_id=partnership_id, kind=kind)


def due_date(rule: ClockRule, start: date) -> date:
    if rule.unit == ClockUnit.WORKING_DAYS:
        return add_working_days(start, rule.length)
    return add_months(start, rule.length)


def start_clock(review: Review, kind: str, start: date, incident: Incident | None = None) -> Clock:
    rule = rule_for(review.partnership_id, kind)
    return Clock.objects.create(
        review=review,
        incident=incident,
        kind=kind,
        started_on=start,
        due_on=due_date(rule, start),
        owed_by=rule.owed_by,
        rule_source=rule.source,
        rule_text=f"{rule.length} {rule.get_unit_display()} from {rule.starts_from}",
    )


# How many working days before the due date a clock counts as "due soon".
DUE_SOON_WORKING_DAYS = 2


@dataclass(frozen=True)
class ClockStatus:
    state: str  # "met", "overdue", "due_soon", "on_track"
    label: str
    tag_colour: str
    working_days_left: int | None  # None once met
    due_on: date


def clock_status(clock: Clock, today: date | None = None) -> ClockStatus:
    today = today or timezone.localdate()
    due = clock.effective_due_on
    if clock.met_on and clock.met_note:  # met by that day, before Review Desk: not "late"
        return ClockStatus("met", f"Met before Review Desk, by {clock.met_on:%-d %B %Y}",
                           "grey", None, due)
    if clock.met_on:
        late = clock.met_on > due
        return ClockStatus("met", f"Met on {clock.met_on:%-d %B %Y}" + (" (late)" if late else ""),
                           "grey", None, due)
    left = working_days_between(today, due)
    if today > due:
        # On a weekend or bank holiday straight after the due date no working day has passed yet.
        label = (f"Overdue by {-left} working day{'s' if left != -1 else ''}" if left
                 else f"Overdue: it was due on {due:%A %-d %B %Y}")
        return ClockStatus("overdue", label, "red", left, due)
    if left <= DUE_SOON_WORKING_DAYS:
        label = "Due today" if left == 0 else f"Due in {left} working day{'s' if left != 1 else ''}"
        return ClockStatus("due_soon", label, "yellow", left, due)
    return ClockStatus("on_track", f"{left} working days left", "green", left, due)


def next_open_clock(clocks: list[Clock]) -> Clock | None:
    """The unmet clock due soonest, from an already fetched list."""
    open_clocks = [c for c in clocks if not c.met_on]
    return min(open_clocks, key=lambda c: (c.effective_due_on, c.pk), default=None)


def expected_duration(review: Review, clock_list: list[Clock] | None = None) -> str:
    """How long the review is expected to take, in words a practitioner can use."""
    clock_list = list(review.clocks.all()) if clock_list is None else clock_list
    if review.stage == "closed":
        return "This review is closed."
    completion = next((c for c in clock_list if c.kind == ClockKind.REVIEW_COMPLETION), None)
    if completion:
        text = (f"The partnership aims to finish this review by {completion.due_on:%-d %B %Y}, "
                f"six months after deciding to hold it on {completion.started_on:%-d %B %Y}.")
        if completion.is_delayed:
            text += (f" It has been delayed ({completion.get_delay_reason_display().lower()}); "
                     f"the revised date is {completion.revised_due_on:%-d %B %Y}.")
        return text
    rapid = next((c for c in clock_list if c.kind == ClockKind.RAPID_REVIEW), None)
    # The rapid review's deadline is met when the copy goes to the Panel, which may come after
    # the rapid review is complete: only while it is under way does its date say when they decide.
    under_way = review.stage in {"notification", "rapid_review"}
    when = (f" by {rapid.effective_due_on:%-d %B %Y}" if rapid and not rapid.met_on and under_way
            else "")
    return (f"The safeguarding partners decide{when} whether to hold a review. If they do, the "
            "partnership aims to finish it within six months of that decision.")
