"""Reminders (run by ``manage.py send_reminders``): agencies that have not confirmed their case
files are secured, and chronology authors before, on and after their due date."""

from collections.abc import Iterable
from datetime import date

from django.utils import timezone

from reviewdesk.commissioning.models import CaseFileCheck, ChronologyAuthor
from reviewdesk.notices.reminders import Reminder, reminder_moment
from reviewdesk.reviews.models import STAGE_ORDER, Stage
from reviewdesk.reviews.names import Names, anonymised

COMMISSIONED_STAGES = [s for s in STAGE_ORDER[STAGE_ORDER.index(Stage.COMMISSIONING):]
                       if s != Stage.CLOSED]
# The chronology authors are reminded until the chronology stage is over.
CHRONOLOGY_STAGES = [Stage.COMMISSIONING, Stage.SET_UP, Stage.INFORMING_STAFF, Stage.CHRONOLOGY]


def case_file_reminders(today: date) -> Iterable[Reminder]:
    """Once a week per agency until it confirms: the first a week after it was asked."""
    lines = CaseFileCheck.objects.filter(confirmed_on__isnull=True,
                                         review__stage__in=COMMISSIONED_STAGES)
    for line in lines.select_related("review__partnership", "agency"):
        asked_on = timezone.localdate(line.created_at)
        week = (today - asked_on).days // 7
        if week < 1:
            continue
        yield Reminder(
            dedupe_key=f"case-files:{line.pk}:week-{week}", review=line.review,
            template_key="case_files_reminder", recipient_label=line.agency.name,
            recipients=[line.agency.email] if line.agency.email else [],
            extra={"since": f"{asked_on:%-d %B %Y}", "agency": line.agency.name},
        )


def chronology_author_reminders(today: date) -> Iterable[Reminder]:
    """To each author two working days before, on, and after the due date: once each."""
    authors = ChronologyAuthor.objects.filter(review__stage__in=CHRONOLOGY_STAGES,
                                              person__is_active=True)
    names: dict[int, Names] = {}
    for author in authors.select_related("review__partnership", "agency", "person"):
        moment = reminder_moment(author.due_on, today)
        if moment is None:
            continue
        kind, words = moment
        review = author.review
        public = names.setdefault(review.pk, anonymised(review))
        yield Reminder(
            dedupe_key=f"chronology-author:{author.pk}:{author.person_id}:{author.due_on}:{kind}",
            review=review, template_key="chronology_author_reminder",
            recipient_label=public.user(author.person), recipients=[author.person.email],
            extra={"agency": author.agency.name, "when": words,
                   "due_on": f"{author.due_on:%-d %B %Y}"},
        )
