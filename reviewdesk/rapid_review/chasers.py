"""The rapid review's notices (requests, chasers, escalations) and its reminders provider.

Notices leave the partnership by e-mail, so they carry pseudonyms and role labels only: the
review's children as 'Child A', the agency's named contact by their role label.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.urls import reverse

from reviewdesk.accounts.models import PartnershipRole, User
from reviewdesk.lib.workingdays import working_days_between
from reviewdesk.notices.defaults import register_default
from reviewdesk.notices.reminders import Reminder
from reviewdesk.rapid_review.models import SummaryRequest
from reviewdesk.rapid_review.selectors import OPEN_STAGES, rapid_review_clock
from reviewdesk.reviews.models import ReviewRole
from reviewdesk.reviews.names import anonymised

REQUEST = "rapid_review_summary_request"
CHASE = "rapid_review_summary_chase"
ESCALATION = "rapid_review_summary_escalation"
RETURNED = "rapid_review_summary_returned"

# Chasers and escalations are notices whose dedupe keys start with this and the request's id.
KEY_PREFIX = "rapid-review:summary:"
ESCALATE_AFTER_WORKING_DAYS = 3


def register_templates() -> None:
    register_default(
        REQUEST, "Rapid review: agency summary requested",
        "{{ review_reference }}: please send {{ agency }}'s rapid review summary by {{ due_on }}",
        "Dear colleague,\n\nThe safeguarding partners are holding a rapid review "
        "({{ review_reference }}, {{ children }}). As {{ agency }}'s named contact, please send "
        "your agency's summary by {{ due_on }}: what your agency knew and did, the immediate "
        "actions taken to keep children safe, and any early learning.\n\n"
        "Complete it in Review Desk (please do not send case details by e-mail): {{ link }}\n\n"
        "{{ partnership }}",
    )
    register_default(
        CHASE, "Rapid review: agency summary reminder",
        "{{ review_reference }}: {{ agency }}'s rapid review summary {{ when }}",
        "Dear colleague,\n\n{{ agency }}'s summary for rapid review {{ review_reference }} "
        "({{ children }}) {{ when }}. It was asked for by {{ due_on }}; the partners cannot "
        "complete the rapid review without it.\n\nComplete it in Review Desk: {{ link }}\n\n"
        "If something is stopping you, tell the business unit: {{ business_unit_email }}\n\n"
        "{{ partnership }}",
    )
    register_default(
        ESCALATION, "Rapid review: agency summary overdue (escalation)",
        "{{ review_reference }}: {{ agency }}'s rapid review summary is {{ overdue }} late",
        "Dear colleague,\n\n{{ agency }}'s summary for rapid review {{ review_reference }} "
        "({{ children }}) was due on {{ due_on }} and is now {{ overdue }} late. Its named "
        "contact ({{ contact }}) has been reminded.\n\nPlease help the agency send it: the rapid "
        "review is due to be complete by {{ rapid_review_due }}.\n\nSee the request: {{ link }}\n\n"
        "{{ partnership }}",
    )
    register_default(
        RETURNED, "Rapid review: agency summary returned",
        "{{ review_reference }}: please revise {{ agency }}'s rapid review summary by {{ due_on }}",
        "Dear colleague,\n\nThe business manager has returned {{ agency }}'s summary for "
        "rapid review {{ review_reference }} ({{ children }}) for more work:\n\n{{ reason }}\n\n"
        "Please send it again by {{ due_on }}: {{ link }}\n\n{{ partnership }}",
    )


def request_link(summary_request: Any) -> str:
    return settings.SITE_URL + reverse("rapid_review:request", args=[
        summary_request.review.uuid, summary_request.uuid])


def request_extra(summary_request: Any, **more: Any) -> dict[str, Any]:
    return {"agency": summary_request.agency.name, "due_on": f"{summary_request.due_on:%-d %B %Y}",
            "link": request_link(summary_request), **more}


def escalation_recipients(summary_request: Any) -> list[User]:
    """The business manager(s) and the agency's representative(s) on the CSPR subgroup: the one
    named in the agency's settings, or, if none is named, the subgroup members who work there."""
    review = summary_request.review
    managers = User.objects.filter(partnership_id=review.partnership_id, is_active=True,
                                   role=PartnershipRole.BUSINESS_MANAGER)
    reps = summary_request.agency.subgroup_representatives()
    on_review = User.objects.filter(
        is_active=True, memberships__review=review, memberships__role=ReviewRole.SUBGROUP_MEMBER,
        memberships__ended_at__isnull=True, memberships__agency_id=summary_request.agency_id)
    people = {p.pk: p for p in [*managers, *reps, *on_review]}
    return sorted(people.values(), key=lambda p: (p.role != PartnershipRole.BUSINESS_MANAGER,
                                                  p.display_name))


def summary_reminders(today: date) -> Iterable[Reminder]:
    """Chase each open summary request on its due date and once when overdue; escalate to the
    business manager and the agency's subgroup representative once it is 3 working days late.
    Each is sent once: the dedupe key holds the request and its due date."""
    waiting = SummaryRequest.objects.filter(
        state__in=SummaryRequest.OPEN_STATES, review__stage__in=OPEN_STAGES, due_on__lte=today,
    ).select_related("review__partnership", "agency", "contact")
    for item in waiting:
        review, contact = item.review, item.contact
        key = f"{KEY_PREFIX}{item.pk}:{item.due_on.isoformat()}"
        late = working_days_between(item.due_on, today)
        label = anonymised(review).user(contact)  # notices hold role labels, never names
        if today == item.due_on:
            yield Reminder(f"{key}:due", review, CHASE, label, [contact.email],
                           request_extra(item, when="is due today"))
            continue
        if late >= 1:
            yield Reminder(f"{key}:overdue", review, CHASE, label, [contact.email],
                           request_extra(item, when="is overdue"))
        if late >= ESCALATE_AFTER_WORKING_DAYS:
            people = escalation_recipients(item)
            clock = rapid_review_clock(review)
            yield Reminder(
                f"{key}:escalated", review, ESCALATION,
                f"The business manager and {item.agency.name}'s CSPR subgroup representative",
                [p.email for p in people],
                request_extra(item, overdue=f"{late} working day{'s' if late != 1 else ''}",
                              contact=anonymised(review).user(contact),
                              rapid_review_due=f"{clock.effective_due_on:%-d %B %Y}" if clock
                              else "its due date"),
            )


def chase_history(notices: Iterable[tuple[str, Any]]) -> dict[int, dict[str, Any]]:
    """From (dedupe key, created at) pairs: per request id, when it was last reminded or chased and
    whether it was escalated."""
    history: dict[int, dict[str, Any]] = {}
    for key, created_at in notices:
        parts = key[len(KEY_PREFIX):].split(":")
        if not parts or not parts[0].isdigit() or len(parts) < 2:
            continue
        entry = history.setdefault(int(parts[0]), {"chased": None, "escalated": None, "count": 0})
        kind = parts[-1] if parts[1] != "chase-now" else "chase-now"
        if kind in {"due", "overdue", "chase-now"}:
            entry["count"] += 1
            if entry["chased"] is None or created_at > entry["chased"]:
                entry["chased"] = created_at
        elif kind == "escalated" and (entry["escalated"] is None or created_at > entry["escalated"]):
            entry["escalated"] = created_at
    return history
