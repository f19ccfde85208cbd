"""What the daily ``send_reminders`` run does for the staff side: a reminder, once, of each
practitioner's question unanswered 2 working days after it was asked; and the backstop sweep of
updates to staff (docs/decisions/0049), should a step's own call have failed."""

from collections.abc import Iterable
from datetime import date

from reviewdesk.informing import actions, notices, selectors
from reviewdesk.notices.reminders import Reminder
from reviewdesk.staff.models import Question


def question_reminders(today: date) -> Iterable[Reminder]:
    """Each unanswered question, once it has waited 2 working days: to the person it went to,
    and the lead reviewer(s) once brought in. Once: the dedupe key, and ``reminded_on``."""
    waiting = (Question.objects.filter(answered_on__isnull=True, reminded_on__isnull=True)
               .select_related("review__partnership", "routed_to"))
    for question in waiting:
        if today < selectors.question_due_on(question):
            continue
        review = question.review
        people = [question.routed_to]
        if question.lead_reviewer_asked_at is not None:
            people += [p for p in selectors.lead_reviewers(review) if p not in people]
        actions.mark_reminded(question, today)
        for person in people:
            yield Reminder(
                dedupe_key=f"staff-question:{question.pk}:reminder:{person.pk}", review=review,
                template_key=notices.QUESTION_REMINDER, recipient_label=person.display_name,
                recipients=[person.email],
                extra={"days": selectors.QUESTION_REMINDER_WORKING_DAYS,
                       "asked_on": f"{question.asked_on:%-d %B %Y}",
                       "questions_url": selectors.questions_url(review)})


def update_sweep(today: date) -> Iterable[Reminder]:
    """Sends its updates itself (each logged as a StaffUpdate) and lists no reminder."""
    actions.sweep(today)
    return []
