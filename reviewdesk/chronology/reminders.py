"""The chronology's reminders (run by ``manage.py send_reminders``), each sent once:

* an escalation to the business manager and the agency's CSPR subgroup representative(s) when
  an agency's chronology is 3 working days overdue with nothing accepted (as the rapid review
  does for agency summaries). Overdue is measured to the day the chronology was received, not
  the day it was recorded: a file received on time but recorded later is not escalated;
* a reminder to the author when a file they sent (received before today) sits with problems on
  or after the due date;
* the authors' due-date reminders (commissioning) stop once the agency's chronology is received
  (a version not withdrawn, received on or before the day) or accepted. A draft typed in Review
  Desk is not received (its ``received_on`` is empty) until its author sends it, so it neither
  stops the reminders nor the escalation.

Notices leave the partnership by e-mail: they carry the agency's name, the review's reference and
the children's pseudonyms, and name people by role label only.
"""

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.db.models import Exists, Min, OuterRef
from django.urls import reverse

from reviewdesk.accounts.models import Agency, PartnershipRole, User
from reviewdesk.chronology.models import Submission
from reviewdesk.commissioning.models import ChronologyAuthor
from reviewdesk.commissioning.reminders import CHRONOLOGY_STAGES, chronology_author_reminders
from reviewdesk.lib.workingdays import working_days_between
from reviewdesk.notices import reminders as registry
from reviewdesk.notices.defaults import register_default
from reviewdesk.notices.reminders import Reminder
from reviewdesk.reviews.models import Review, ReviewRole
from reviewdesk.reviews.names import Names, anonymised

ESCALATION = "chronology_overdue_escalation"
PROBLEMS = "chronology_problems_reminder"
ESCALATE_AFTER_WORKING_DAYS = 3
KEY_PREFIX = "chronology:"


def register_templates() -> None:
    register_default(
        ESCALATION, "Chronology: an agency's chronology is overdue (escalation)",
        "{{ review_reference }}: Chronology overdue from {{ agency }} ({{ overdue }} late)",
        "Dear colleague,\n\n{{ agency }}'s chronology for review {{ review_reference }} "
        "({{ children }}) was due on {{ due_on }} and is now {{ overdue }} late. {{ where }} Its "
        "author ({{ author }}) has been reminded.\n\nPlease help the agency send it: the review "
        "cannot bring the agencies' chronologies together without it.\n\nSee the review: "
        "{{ link }}\n\n{{ partnership }}",
    )
    register_default(
        PROBLEMS, "Chronology: a file sent has problems to fix",
        "{{ review_reference }}: {{ agency }}'s chronology has problems to fix",
        "Dear colleague,\n\nThe chronology file you sent for {{ agency }} on {{ sent_on }} "
        "(review {{ review_reference }}, {{ children }}) has {{ errors }} to fix before it can "
        "be accepted. It was due on {{ due_on }}.\n\nSign in to Review Desk to see each problem "
        "and where it is: correct the file and upload it again, or ask the business unit to "
        "accept it without the rows with errors, giving a reason for each. {{ link }}\n\n"
        "If something is stopping you, tell the business unit: {{ business_unit_email }}\n\n"
        "{{ partnership }}",
    )


def register() -> None:
    """Called from the app's ready(): templates, providers, and the authors' due-date reminders
    (registered by commissioning, which comes first) made to stop once a chronology is in."""
    register_templates()
    if chronology_author_reminders in registry.PROVIDERS:
        index = registry.PROVIDERS.index(chronology_author_reminders)
        registry.PROVIDERS[index] = author_reminders_until_accepted
    registry.register(author_reminders_until_accepted)
    registry.register(overdue_escalations)
    registry.register(problem_reminders)


def review_link(review: Review) -> str:
    return settings.SITE_URL + reverse("reviews:review", args=[review.uuid])


def _accepted() -> Exists:
    return Exists(Submission.objects.filter(review=OuterRef("review"), agency=OuterRef("agency"),
                                            status=Submission.Status.ACCEPTED))


def author_reminders_until_accepted(today: date) -> Iterable[Reminder]:
    """Commissioning's reminders to chronology authors, less those whose agency's chronology is
    received or accepted: nobody is told a chronology is due that is already in."""
    accepted = set(Submission.objects.filter(status=Submission.Status.ACCEPTED)
                   .values_list("review_id", "agency__name"))
    received = set(Submission.objects.exclude(status=Submission.Status.WITHDRAWN)
                   .filter(received_on__lte=today).values_list("review_id", "agency__name"))
    for reminder in chronology_author_reminders(today):
        key = (reminder.review.pk, reminder.extra.get("agency"))
        if key not in accepted and key not in received:
            yield reminder


def escalation_recipients(review: Review, agency_id: int) -> list[User]:
    """The business manager(s) and the agency's representative(s) on the CSPR subgroup."""
    managers = User.objects.filter(partnership_id=review.partnership_id, is_active=True,
                                   role=PartnershipRole.BUSINESS_MANAGER)
    reps = Agency.objects.get(pk=agency_id).subgroup_representatives()
    on_review = User.objects.filter(
        is_active=True, memberships__review=review, memberships__role=ReviewRole.SUBGROUP_MEMBER,
        memberships__ended_at__isnull=True, memberships__agency_id=agency_id)
    people = {p.pk: p for p in [*managers, *reps, *on_review]}
    return sorted(people.values(), key=lambda p: (p.role != PartnershipRole.BUSINESS_MANAGER,
                                                  p.display_name))


WHERE = {
    Submission.Status.CHECKING: "A file has been sent and is being checked.",
    Submission.Status.PROBLEMS: "A file has been sent but has problems the author has not yet "
                                "fixed.",
    Submission.Status.READY: "A file has been sent and checked but not yet accepted.",
}


DRAFT = ("Its author has started typing it in Review Desk but has not sent it: a draft is not "
         "received until it is sent.")


def first_received_on(today: date) -> dict[tuple[int, int], date]:
    """(review id, agency id) -> the day its first version still in use was received, as known
    on ``today`` (a version received later is not yet in)."""
    rows = (Submission.objects.exclude(status=Submission.Status.WITHDRAWN)
            .filter(received_on__lte=today).order_by()
            .values("review_id", "agency_id").annotate(first=Min("received_on")))
    return {(r["review_id"], r["agency_id"]): r["first"] for r in rows}


def overdue_escalations(today: date) -> Iterable[Reminder]:
    """Once per agency and due date, when its chronology is 3 working days overdue and nothing
    is accepted."""
    authors = (ChronologyAuthor.objects.filter(review__stage__in=CHRONOLOGY_STAGES,
                                               due_on__lt=today)
               .exclude(_accepted()).select_related("review__partnership", "agency", "person"))
    names: dict[int, Names] = {}
    first_received = first_received_on(today)
    for author in authors:
        received_on = first_received.get((author.review_id, author.agency_id))
        # Late to the day it was received; still late today if nothing was.
        late = working_days_between(author.due_on, min(received_on or today, today))
        if late < ESCALATE_AFTER_WORKING_DAYS:
            continue
        review, agency = author.review, author.agency
        public = names.setdefault(review.pk, anonymised(review))
        people = escalation_recipients(review, agency.pk)
        has_rep = any(p.role != PartnershipRole.BUSINESS_MANAGER for p in people)
        # A draft typed in Review Desk and not yet sent is not received: it says so.
        pending = (Submission.objects.filter(review=review, agency=agency,
                                             status__in=list(WHERE)).order_by("-version").first())
        where = (DRAFT if pending is not None and pending.received_on is None
                 else WHERE[pending.status] if pending else "Nothing has been sent yet.")
        yield Reminder(
            f"{KEY_PREFIX}{author.pk}:{author.due_on.isoformat()}:escalated", review, ESCALATION,
            "The business manager" + (f" and {agency.name}'s CSPR subgroup representative"
                                      if has_rep else ""),
            [p.email for p in people],
            {"agency": agency.name, "due_on": f"{author.due_on:%-d %B %Y}",
             "overdue": f"{late} working day{'s' if late != 1 else ''}",
             "author": public.user(author.person),
             "where": where,
             "link": review_link(review)},
        )


def problem_reminders(today: date) -> Iterable[Reminder]:
    """Once per file: to the author when a file sent before today still has problems on or
    after the due date, and the agency's chronology is not accepted."""
    waiting = (Submission.objects.filter(status=Submission.Status.PROBLEMS,
                                         review__stage__in=CHRONOLOGY_STAGES)
               .exclude(_accepted()).select_related("review__partnership", "agency"))
    authors = {(a.review_id, a.agency_id): a for a in ChronologyAuthor.objects.filter(
        review__in={s.review_id for s in waiting}, person__is_active=True
    ).select_related("person")} if waiting else {}
    names: dict[int, Names] = {}
    for submission in waiting:
        author = authors.get((submission.review_id, submission.agency_id))
        sent_on = submission.received_on  # the day it was received, not recorded
        if author is None or today < author.due_on or sent_on >= today:
            continue
        review = submission.review
        public = names.setdefault(review.pk, anonymised(review))
        errors = submission.error_count
        yield Reminder(
            f"{KEY_PREFIX}submission:{submission.pk}:problems", review, PROBLEMS,
            public.user(author.person), [author.person.email],
            {"agency": submission.agency.name, "sent_on": f"{sent_on:%-d %B %Y}",
             "due_on": f"{author.due_on:%-d %B %Y}",
             "errors": f"{errors} error{'s' if errors != 1 else ''}",
             "link": review_link(review)},
        )
