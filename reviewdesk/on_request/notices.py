"""The notices of the time on the website (editable per partnership) and what the reminders job
runs: the business unit told a week before a report's time on the website ends and on the day
(when Review Desk moves it to "available on request"), and before and on a request's due date.

E-mails to the business unit name the report by its public title (a pseudonym) and never a
requester; e-mails to a requester carry the report, or the reasons as the anonymised reader sees
them.
"""

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.urls import reverse

from reviewdesk.notices import reminders as registry
from reviewdesk.notices.actions import queue_from_template
from reviewdesk.notices.defaults import register_default
from reviewdesk.notices.reminders import Reminder, reminder_moment

ENDING = "website_period_ending"
ENDED = "website_period_ended"
REQUEST_DUE = "report_request_due"
REPORT_SENT = "report_request_sent"
REQUEST_DECLINED = "report_request_declined"


def register_templates() -> None:
    register_default(
        ENDING, "Publication: a report's time on the website ends in a week",
        "{{ title }}: its time on the website ends on {{ ends_on }}",
        "Dear {{ recipient }},\n\nThe report '{{ title }}' (review {{ review_reference }}) has "
        "been on the partnership's website since {{ published_on }}. Its time there ends on "
        "{{ ends_on }}: Review Desk will then take it off the list of published reports and "
        "make it available on request.\n\nSee it: {{ link }}\n\n{{ partnership }}",
    )
    register_default(
        ENDED, "Publication: a report is now available on request",
        "{{ title }} is now available on request",
        "Dear {{ recipient }},\n\nThe report '{{ title }}' (review {{ review_reference }}) "
        "reached the end of its time on the website on {{ ends_on }}. It is no longer listed: "
        "its public address says it is available on request, with the request form.\n\n"
        "See it: {{ link }}\n\n{{ partnership }}",
    )
    register_default(
        REQUEST_DUE, "Publication: a request for a report is due",
        "A request for '{{ title }}' is due {{ when }}",
        "Dear {{ recipient }},\n\nA request for the report '{{ title }}', received on "
        "{{ received_on }}, must be answered by {{ due_on }} (due {{ when }}).\n\n"
        "Answer it: {{ link }}\n\n{{ partnership }}",
    )
    register_default(
        REPORT_SENT, "Publication: the report you asked for (to the requester)",
        "The report you asked for: {{ title }}",
        "Dear {{ recipient }},\n\nThank you for your request of {{ received_on }}. The report "
        "'{{ title }}' is attached.\n\n{{ partnership }}",
    )
    register_default(
        REQUEST_DECLINED, "Publication: a request for a report is declined (to the requester)",
        "Your request for {{ title }}",
        "Dear {{ recipient }},\n\nThank you for your request of {{ received_on }} for the report "
        "'{{ title }}'. We are sorry: we cannot send it, for these reasons:\n\n{{ reasons }}\n\n"
        "If you have questions, write to {{ business_unit_email }}.\n\n{{ partnership }}",
    )


def _link(name: str, *args: object) -> str:
    return settings.SITE_URL + reverse(name, args=list(args))


def queue(review: Any, key: str, dedupe_key: str, label: str, recipients: list[str], *,
          extra: dict[str, str]) -> None:
    """A notice to the business unit about the review (in its notice log: no requester's name)."""
    queue_from_template(review, key, dedupe_key=dedupe_key, recipient_label=label,
                        recipients=recipients, extra=extra, purpose=key)


def end_of_period(today: date) -> Iterable[Reminder]:
    """A week before a report's time on the website ends, the business unit is told (once); on
    the day, Review Desk moves it to "available on request" (a change, made here by its action,
    which tells the business unit itself)."""
    from reviewdesk.on_request import actions, selectors

    reminders = []
    for publication in selectors.ending_by(today):
        ends_on = publication.ends_on
        assert ends_on is not None
        if ends_on <= today:
            actions.end_website_period(publication, today=today)
            continue
        if ends_on - timedelta(days=selectors.WARNING_DAYS) > today:
            continue
        review = publication.review
        reminders.append(Reminder(
            dedupe_key=f"on_request:ending:{publication.pk}:week", review=review,
            template_key=ENDING, recipient_label="The business unit",
            recipients=selectors.business_unit(review.partnership),
            extra={"title": publication.title, "ends_on": f"{ends_on:%-d %B %Y}",
                   "published_on": f"{publication.published_on:%-d %B %Y}",
                   "link": _link("on_request:website", review.uuid)}))
    return reminders


def requests_due(today: date) -> Iterable[Reminder]:
    """Open requests: the business unit is reminded 2 working days before the due date and on
    it, once each."""
    from reviewdesk.on_request import selectors
    from reviewdesk.publication.models import ReportRequest

    open_requests = ReportRequest.objects.filter(response="", due_on__gte=today).select_related(
        "publication__review__partnership")
    for asked in open_requests:
        moment = reminder_moment(asked.due_on, today)
        if moment is None or moment[0] == "overdue":
            continue
        kind, words = moment
        review = asked.publication.review
        yield Reminder(
            dedupe_key=f"on_request:request:{asked.pk}:{kind}", review=review,
            template_key=REQUEST_DUE, recipient_label="The business unit",
            recipients=selectors.business_unit(review.partnership),
            extra={"title": asked.publication.title, "when": words,
                   "received_on": f"{asked.received_on:%-d %B %Y}",
                   "due_on": f"{asked.due_on:%-d %B %Y}",
                   "link": _link("on_request:request", asked.uuid)})


def register() -> None:
    register_templates()
    registry.register(end_of_period)
    registry.register(requests_due)
