"""The reminder a commenter gets a couple of working days before a round closes, if they have
not commented: an editable template, and the provider the daily ``send_reminders`` run asks.

The e-mail names the review by reference and the children by pseudonym (``children``), and says
nothing of the report or of anyone's comments: e-mail leaves the partnership.
"""

from collections.abc import Iterable
from datetime import date

from django.conf import settings

from reviewdesk.lib.workingdays import is_working_day, working_days_between
from reviewdesk.notices import reminders as registry
from reviewdesk.notices.defaults import PLACEHOLDERS, register_default
from reviewdesk.notices.reminders import DAYS_BEFORE, Reminder

ROUND_REMINDER = "comment_round_reminder"
ROUND_PLACEHOLDERS = {
    "version": "the number of the version of the report being commented on",
    "closes_on": "the last day comments are taken, e.g. 4 January 2027",
    "round_url": "the round's page, where the comment is made",
}


def register_templates() -> None:
    for key, words in ROUND_PLACEHOLDERS.items():
        PLACEHOLDERS.setdefault(key, words)
    register_default(
        ROUND_REMINDER, "Reminder: comments on the report close soon",
        "{{ review_reference }}: comments on the report close on {{ closes_on }}",
        "Dear {{ recipient }},\n\nComments on version {{ version }} of the report of review "
        "{{ review_reference }} ({{ children }}) are taken until the end of {{ closes_on }}, and "
        "we have not had yours yet. Please read the version and make your comments on its page "
        "in Review Desk: {{ round_url }}\n\nIf you have no comments, a general comment saying so "
        "helps the lead reviewer. After that date a comment can be accepted only by the "
        "business manager.\n\n{{ partnership }}",
    )


def round_reminders(today: date) -> Iterable[Reminder]:
    """Once per round, on the working day {DAYS_BEFORE} working days (or fewer, for a short
    round) before it closes: each commenter who has not commented. ``reminded_at`` marks it."""
    from django.urls import reverse

    from reviewdesk.comments import actions, selectors
    from reviewdesk.reports.models import CommentRound

    if not is_working_day(today):
        return
    due = (CommentRound.objects.filter(answered_on__isnull=True, reminded_at__isnull=True,
                                       opened_on__lt=today, closes_on__gte=today)
           .select_related("review__partnership", "version"))
    for round_ in due:
        if working_days_between(today, round_.closes_on) > DAYS_BEFORE:
            continue
        review = round_.review
        commented = set(round_.comments.values_list("author_id", flat=True))
        waiting = [p for p in selectors.commenters(review) if p.pk not in commented]
        if not actions.mark_reminded(round_):
            continue
        url = settings.SITE_URL + reverse("comments:round", args=[review.uuid, round_.number])
        for person in waiting:
            yield Reminder(
                dedupe_key=f"comment-round:{round_.pk}:reminder:{person.pk}", review=review,
                template_key=ROUND_REMINDER, recipient_label=person.display_name,
                recipients=[person.email],
                extra={"version": round_.version.number,
                       "closes_on": f"{round_.closes_on:%-d %B %Y}", "round_url": url})


def register() -> None:
    register_templates()
    registry.register(round_reminders)
