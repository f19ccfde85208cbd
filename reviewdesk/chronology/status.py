"""Where each agency's chronology stands on a review, and who decides: read-only.

The review's period and agencies in scope, who may accept or reopen a chronology, when a version
was received and how late, whether a chronology is settled, and every agency's status for the
review's chronology page and reminders.
"""

import dataclasses
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from reviewdesk.accounts.models import Agency
from reviewdesk.chronology.models import Submission
from reviewdesk.commissioning import scope
from reviewdesk.commissioning.models import ChronologyAuthor
from reviewdesk.lib import workingdays
from reviewdesk.lib.workingdays import working_days_between
from reviewdesk.notices.reminders import DAYS_BEFORE
from reviewdesk.reviews.models import Review, Stage

# Once the report is being published, an agency's chronology can no longer change.
CLOSED_STAGES = {Stage.PUBLICATION, Stage.ACTION_PLAN, Stage.CLOSED}
PENDING = (Submission.Status.CHECKING, Submission.Status.PROBLEMS, Submission.Status.READY)

# Where an agency stands, as agency_statuses reports it (in the order a file goes through).
REQUESTED, DUE, OVERDUE = "requested", "due", "overdue"
CHECKING, PROBLEMS, READY, ACCEPTED = ("checking", "submitted with problems", "ready to accept",
                                       "accepted")
REOPENED = "reopened"
STATUSES = [REQUESTED, DUE, OVERDUE, CHECKING, PROBLEMS, READY, REOPENED, ACCEPTED]


def period_under_review(review: Review) -> tuple[date, date] | None:
    """The approved terms of reference's period (the latest approved version), or None."""
    version = scope.approved_version(review)
    return (version.period_from, version.period_to) if version else None


def agencies_in_scope(review: Review) -> QuerySet[Agency]:
    """The agencies with a named chronology author on the review, by name."""
    named = ChronologyAuthor.objects.filter(review=review).values("agency_id")
    return Agency.objects.filter(pk__in=named).order_by("name")


def author_of(review: Review, agency: Agency) -> ChronologyAuthor | None:
    return ChronologyAuthor.objects.filter(review=review, agency=agency).first()


def late_by(received_on: date | None, due_on: date | None) -> int | None:
    """Working days a chronology received on ``received_on`` was late against ``due_on``: 0 when
    on time, None when either date is unknown. Received on a weekend or bank holiday after the
    due date counts as the next working day (1 at least), never 'late by 0'."""
    if received_on is None or due_on is None:
        return None
    return workingdays.late_by(due_on, received_on)


def lateness_words(received_on: date | None, due_on: date | None) -> str:
    late = late_by(received_on, due_on)
    if late is None:
        return ""
    if late == 0:
        return "on time"
    return f"late by {late} working day{'' if late == 1 else 's'}"


def received_words(submission: Submission, due_on: date | None) -> str:
    """'3 December 2026, late by 2 working days': a version made after the chronology was
    reopened is the business manager's decision, so it is not measured against the due date. A
    draft typed in Review Desk is not received until it is sent."""
    if submission.received_on is None:
        return "Not yet: a draft, not yet sent"
    day = f"{submission.received_on:%-d %B %Y}"
    if submission.revises_id:
        return f"{day} (a change after the chronology was reopened)"
    words = lateness_words(submission.received_on, due_on)
    return f"{day}, {words}" if words else day


def settled_message(current: Submission) -> str:
    accepted = f" on {current.accepted_on:%-d %B %Y}" if current.accepted_on else ""
    return (f"{current.agency.name}'s chronology was accepted{accepted} (version "
            f"{current.version}), so its entries can no longer be changed. To change them, the "
            "business manager reopens the chronology, giving the reason; the changes then form "
            "a new version, which is accepted again.")


def settled(review: Review, agency: Agency) -> Submission | None:
    """The agency's accepted version if it is settled (accepted and not reopened), else None."""
    current = (Submission.objects.filter(review=review, agency=agency,
                                         status=Submission.Status.ACCEPTED)
               .select_related("agency").first())
    return current if current is not None and current.reopened_at is None else None


def draft_of(review: Review, agency: Agency) -> Submission | None:
    """The agency's version being typed in Review Desk and not yet accepted, if any."""
    return (Submission.objects.filter(review=review, agency=agency, kind=Submission.Kind.BROWSER,
                                      status__in=PENDING).order_by("-version").first())


@dataclasses.dataclass
class AgencyStatus:
    agency: Agency
    author: ChronologyAuthor | None
    due_on: date | None
    status: str  # one of STATUSES
    current: Submission | None  # the accepted submission: the agency's chronology
    latest: Submission | None  # the newest submission, whatever its status
    entries: int  # in the current submission
    pending: Submission | None = None  # sent and in progress (checking, problems, ready)
    overdue_days: int = 0  # working days past the due date, while nothing is received
    received_on: date | None = None  # the first version received and not withdrawn
    late_days: int | None = None  # working days late on received_on (0: on time)
    draft: Submission | None = None  # typed in Review Desk, not yet sent: not received

    @property
    def is_accepted(self) -> bool:
        return self.current is not None

    @property
    def is_reopened(self) -> bool:
        return self.current is not None and self.current.reopened_at is not None

    @property
    def draft_entries(self) -> int:
        return getattr(self.draft, "entry_count", 0) if self.draft else 0

    @property
    def draft_words(self) -> str:
        """'Draft: 3 entries typed, not yet sent', or '' without a draft."""
        if self.draft is None:
            return ""
        n = self.draft_entries
        return f"Draft: {n:,} entr{'y' if n == 1 else 'ies'} typed, not yet sent"

    @property
    def received_words(self) -> str:
        if self.received_on is None:
            return f"Not yet. {self.draft_words}" if self.draft else "Not yet"
        words = lateness_words(self.received_on, self.due_on)
        return f"{self.received_on:%-d %B %Y}" + (f", {words}" if words else "")


def agency_status(author: ChronologyAuthor | None, agency: Agency,
                  submissions: list[Submission], today: date) -> AgencyStatus:
    """One agency's status from its submissions (newest first, each with ``entry_count``)."""
    current = next((s for s in submissions if s.status == Submission.Status.ACCEPTED), None)
    # A draft typed in Review Desk is not received until it is sent: neither in progress nor
    # counted for lateness, reminders or escalation.
    draft = next((s for s in submissions if s.status in PENDING and s.received_on is None), None)
    pending = next((s for s in submissions if s.status in PENDING and s.received_on is not None),
                   None)
    due_on = author.due_on if author else None
    overdue = 0
    # Lateness is measured from the day the chronology was received, not the day it was
    # recorded: the first version received (and used), on or before today.
    received = [s.received_on for s in submissions
                if s.status != Submission.Status.WITHDRAWN and s.received_on is not None
                and s.received_on <= today]
    received_on = min(received) if received else None
    if current is not None:
        status = REOPENED if current.reopened_at is not None else ACCEPTED
    elif pending is not None:
        status = {Submission.Status.CHECKING: CHECKING, Submission.Status.PROBLEMS: PROBLEMS,
                  Submission.Status.READY: READY}[pending.status]
    elif due_on is None:
        status = REQUESTED
    elif today > due_on:
        status = OVERDUE
    elif working_days_between(today, due_on) <= DAYS_BEFORE:
        status = DUE  # due today, or within the days before it when authors are reminded
    else:
        status = REQUESTED
    if received_on is None and current is None and due_on is not None and today > due_on:
        overdue = working_days_between(due_on, today)
    return AgencyStatus(agency, author, due_on, status, current,
                        submissions[0] if submissions else None,
                        getattr(current, "entry_count", 0) if current else 0, pending, overdue,
                        received_on, late_by(received_on, due_on), draft)


def agency_statuses(review: Review, *, today: date | None = None,
                    hidden: Q | None = None) -> list[AgencyStatus]:
    """Each agency in scope (by name) with its author, due date, status and submissions: two
    queries, whatever the number of agencies. The entries counted leave out those ``hidden``
    from the reader (``access.restricted_chronology_entries(..., prefix="entries__")``)."""
    today = today or timezone.localdate()
    authors = list(ChronologyAuthor.objects.filter(review=review)
                   .select_related("agency", "person").order_by("agency__name"))
    by_agency: dict[int, list[Submission]] = {}
    submissions = (Submission.objects.filter(review=review).annotate(entry_count=Count(
                       "entries", filter=None if hidden is None else ~hidden))
                   .select_related("submitted_by", "accepted_by")
                   .defer("problems", "headings").order_by("agency_id", "-version"))
    for submission in submissions:
        by_agency.setdefault(submission.agency_id, []).append(submission)
    return [agency_status(a, a.agency, by_agency.get(a.agency_id, []), today) for a in authors]
