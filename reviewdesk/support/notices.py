"""The support notices (editable per partnership) and the escalation the reminders job runs.

Each e-mail says only that there is something to read and where: no name, nothing of what the
practitioner asked for or was told (anyone may see an e-mail over a shoulder or in a shared
inbox). The review's reference is there so the business manager knows where to look.
"""

from collections.abc import Iterable
from datetime import date

from reviewdesk.notices import reminders as registry
from reviewdesk.notices.defaults import register_default
from reviewdesk.notices.reminders import Reminder

REQUEST_ALERT = "support_request_alert"
ANSWERED = "support_request_answered"
ESCALATED = "support_request_escalated"


def register_templates() -> None:
    register_default(
        REQUEST_ALERT, "Support: a member of staff cannot get the support they need",
        "{{ review_reference }}: a member of staff has asked for support",
        "Dear {{ recipient }},\n\nA member of staff on review {{ review_reference }} has told "
        "Review Desk they cannot get the support they need. Please read their request and answer "
        "it by {{ due_on }}; if it is not answered by then it goes to the partnership's senior "
        "contact.\n\nRead it: {{ link }}\n\n{{ partnership }}",
    )
    register_default(
        ANSWERED, "Support: your request has an answer",
        "{{ review_reference }}: your request for support has an answer",
        "Dear colleague,\n\nThe business manager has answered your request for support about "
        "review {{ review_reference }}. Sign in to Review Desk to read it on your page: "
        "{{ link }}\n\n{{ partnership }}",
    )
    register_default(
        ESCALATED, "Support: an unanswered request for support (to the senior contact)",
        "A request for support needs you",
        "Dear {{ recipient }},\n\nYou are the partnership's senior contact for support to staff. "
        "A member of staff asked for support on {{ asked_on }} and has not had an answer in 2 "
        "working days. Please read the request and record what you did: {{ link }}\n\n"
        "You will see that request only.\n\n{{ partnership }}",
    )


def escalations(today: date) -> Iterable[Reminder]:
    """Overdue answers go once to the senior contact. The escalation is a change (the request
    records when and to whom), so it is made here by its action, which queues its own notice
    (kept off the review's notice log); there is no reminder for the job to queue."""
    from reviewdesk.support import actions, selectors

    for asked in selectors.requests_due_for_escalation(today):
        actions.escalate_support_request(asked, today=today)
    return []


def register() -> None:
    register_templates()
    registry.register(escalations)
