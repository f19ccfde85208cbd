"""The notices of this app, each an editable template of the partnership's.

An action's owner is reminded before and on its due date; the CSPR subgroup (and the business
manager) are told once when an action is well overdue. An owner need not have any part in the
review, so every notice goes through the anonymised view: pseudonyms only, never a real name.
"""

from datetime import date

from django.conf import settings
from django.urls import reverse

from reviewdesk.action_plan import rules
from reviewdesk.action_plan.models import Action
from reviewdesk.notices.actions import queue_from_template
from reviewdesk.notices.defaults import register_default
from reviewdesk.reviews.names import anonymised

DUE_SOON = "action_due_soon"
DUE_TODAY = "action_due_today"
NOW_OVERDUE = "action_now_overdue"
ESCALATION = "action_overdue_escalation"

REMIND_BEFORE_WORKING_DAYS = rules.DUE_SOON_WORKING_DAYS


def register_templates() -> None:
    register_default(
        DUE_SOON, "Action plan: an action is due soon (to its owner)",
        "{{ review_reference }}: action {{ number }} is due on {{ due_on }}",
        "Dear {{ recipient }},\n\nAction {{ number }} of the action plan for review "
        "{{ review_reference }}, which you own, is due on {{ due_on }}:\n\n{{ description }}\n\n"
        "Success criteria: {{ success_criteria }}\n\nPlease post a progress update with any "
        "evidence, or mark it completed with its evidence, on Review Desk: {{ action_url }}\n\n"
        "If the date cannot be met, ask the business unit ({{ business_unit_email }}) about "
        "revising it: a revised date needs a reason.\n\n{{ partnership }}",
    )
    register_default(
        DUE_TODAY, "Action plan: an action is due today (to its owner)",
        "{{ review_reference }}: action {{ number }} is due today",
        "Dear {{ recipient }},\n\nAction {{ number }} of the action plan for review "
        "{{ review_reference }}, which you own, is due today ({{ due_on }}):\n\n"
        "{{ description }}\n\nIf it is done, mark it completed with its evidence on Review "
        "Desk: {{ action_url }}\nFrom tomorrow it counts as overdue.\n\n{{ partnership }}",
    )
    register_default(
        NOW_OVERDUE, "Action plan: an action is now overdue (to its owner)",
        "{{ review_reference }}: action {{ number }} is overdue",
        "Dear {{ recipient }},\n\nAction {{ number }} of the action plan for review "
        "{{ review_reference }}, which you own, was due on {{ due_on }} and is not completed:"
        "\n\n{{ description }}\n\nPlease post an update or mark it completed with its evidence "
        "on Review Desk: {{ action_url }}\n\n{{ partnership }}",
    )
    register_default(
        ESCALATION, "Action plan: an action is overdue (to the CSPR subgroup)",
        "{{ review_reference }}: action {{ number }} is {{ working_days }} working days overdue",
        "Dear colleague,\n\nAction {{ number }} of the action plan for review "
        "{{ review_reference }} ({{ children }}) was due on {{ due_on }} and is "
        "{{ working_days }} working days overdue. It is owned by {{ agency }}; its last "
        "progress update was {{ last_update }}.\n\n{{ description }}\n\nThe subgroup's "
        "monitoring view: {{ monitoring_url }}\nThe action: {{ action_url }}\n\n"
        "{{ partnership }}",
    )


def _site(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def action_url(action: Action) -> str:
    return _site(reverse("progress:action", args=[action.uuid]))


def _common(action: Action) -> dict[str, str]:
    public = anonymised(action.review)
    return {"number": str(action.number), "description": public.redact(action.description),
            "success_criteria": public.redact(action.success_criteria),
            "due_on": f"{action.due_on:%A %-d %B %Y}", "action_url": action_url(action)}


def _owner_label(action: Action) -> str:
    # The owner's own name is theirs to read; it is still passed through the anonymised view
    # in case it is also someone in the review's register.
    return anonymised(action.review).redact(action.owner_label) or "colleague"


def remind_owner(action: Action, template_key: str, address: str) -> None:
    queue_from_template(
        action.review, template_key,
        dedupe_key=f"action:{action.pk}:{template_key}:{action.due_on.isoformat()}",
        recipient_label=_owner_label(action), recipients=[address],
        purpose=f"reminder:{template_key}", extra=_common(action))


def escalate_to_subgroup(action: Action, recipients: list[str], *, today: date) -> None:
    queue_from_template(
        action.review, ESCALATION,
        dedupe_key=f"action:{action.pk}:escalation:{action.due_on.isoformat()}",
        recipient_label="The CSPR subgroup", recipients=recipients,
        purpose="an action is overdue",
        extra=_common(action) | {
            "working_days": str(rules.working_days_overdue(action, today)),
            "agency": action.agency.name,
            "last_update": (f"on {action.last_update_on:%-d %B %Y}" if action.last_update_on
                            else "never"),
            "monitoring_url": _site(reverse("progress:monitoring"))})
