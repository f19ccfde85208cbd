"""What the chronology asks of people, for their home page: each agency author's chronology due,
overdue, sent with problems or reopened; and for the business manager the chronologies overdue,
with problems, or checked and waiting to be accepted. And for a review's page, what the chronology
stage is waiting for (``reviews.selectors.WAITS``)."""

from datetime import date

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import User
from reviewdesk.chronology import status as st
from reviewdesk.chronology.models import Submission
from reviewdesk.chronology.reminders import ESCALATE_AFTER_WORKING_DAYS, KEY_PREFIX
from reviewdesk.commissioning.models import ChronologyAuthor
from reviewdesk.commissioning.reminders import CHRONOLOGY_STAGES
from reviewdesk.notices.models import Notice
from reviewdesk.reviews.models import Review, ReviewMembership, ReviewRole
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.needs import DUE_SOON, OVERDUE, WAITING, Need, state_for
from reviewdesk.reviews.transitions import Blocker


def needs(viewer: User, today: date) -> list[Need]:
    bm = access.is_business_manager(viewer)
    # A named author acts while still on the review's team as an agency author.
    on_team = ReviewMembership.objects.filter(
        review=OuterRef("review"), person=viewer, role=ReviewRole.AGENCY_AUTHOR,
        ended_at__isnull=True)
    # The review's lead reviewer(s) accept chronologies, as the business manager does.
    leads = ReviewMembership.objects.filter(
        review=OuterRef("review"), person=viewer, role=ReviewRole.LEAD_REVIEWER,
        ended_at__isnull=True)
    if not bm and not {ReviewRole.AGENCY_AUTHOR, ReviewRole.LEAD_REVIEWER} & (
            access.roles_ever_held(viewer)):
        return []
    mine = (Q(person=viewer) & Q(Exists(on_team))) | Q(Exists(leads))
    if bm:
        mine |= Q(review__partnership_id=viewer.partnership_id)
    authors = list(ChronologyAuthor.objects.filter(mine, review__stage__in=CHRONOLOGY_STAGES)
                   .select_related("review", "agency"))
    if not authors:
        return []
    by_pair: dict[tuple[int, int], list[Submission]] = {}
    submissions = (Submission.objects.filter(review__in={a.review_id for a in authors},
                                             agency__in={a.agency_id for a in authors})
                   .defer("problems", "headings").order_by("-version"))
    for submission in submissions:
        by_pair.setdefault((submission.review_id, submission.agency_id), []).append(submission)
    lead_on = set(ReviewMembership.objects.filter(
        person=viewer, role=ReviewRole.LEAD_REVIEWER, ended_at__isnull=True,
        review__in={a.review_id for a in authors}).values_list("review_id", flat=True))
    items = []
    for author in authors:
        found = st.agency_status(author, author.agency, by_pair.get(
            (author.review_id, author.agency_id), []), today)
        need = _need(author, found, today, own=author.person_id == viewer.pk, bm=bm,
                     accepts=bm or author.review_id in lead_on)
        if need is not None:
            items.append(need)
    return items


def _need(author: ChronologyAuthor, found: st.AgencyStatus, today: date, *, own: bool,
          bm: bool, accepts: bool) -> Need | None:
    review, agency = author.review, author.agency
    url = reverse("chronology:agency", args=[review.uuid, agency.pk])
    who = "You" if own else f"{agency.name}'s chronology author"
    if found.status == st.PROBLEMS and (own or bm):
        version = found.pending.version if found.pending else ""
        return Need(review, f"Put right the problems found in {agency.name}'s chronology "
                            f"(version {version})", url, DUE_SOON, due_on=found.due_on, who=who)
    if found.status == st.REOPENED and own:
        return Need(review, f"{agency.name}'s chronology was reopened: make the changes and send "
                            "them", url, WAITING, since=found.current.reopened_on
                    if found.current else None, who=who)
    if found.status in {st.REQUESTED, st.DUE, st.OVERDUE}:
        state = state_for(found.due_on, today)
        if own:
            escalated = found.overdue_days >= ESCALATE_AFTER_WORKING_DAYS
            return Need(review, f"Send {agency.name}'s chronology", url, state,
                        due_on=found.due_on, who=who, detail=(
                            f"Escalated: the business manager and {agency.name}'s "
                            "representative on the CSPR subgroup have been told it is late."
                            if escalated else ""))
        if bm and state == OVERDUE:
            return Need(review, f"{agency.name}'s chronology is overdue: chase its author", url,
                        state, due_on=found.due_on, who=who)
    if found.status == st.READY and accepts:
        return Need(review, f"Accept {agency.name}'s chronology, or return it", url, WAITING,
                    since=found.received_on,
                    who="The business manager or the lead reviewer" if bm else "You")
    return None


# --- The review page: what the chronology stage is waiting for ---------------------------------

ACCEPTS = "The business manager or a lead reviewer"


def _days(n: int) -> str:
    return f"{n} working day{'' if n == 1 else 's'}"


def chronologies_waiting(review: Review, names: Names) -> list[Blocker]:
    """Each agency's chronology not yet accepted, with its due date, how late it is and whether
    it was escalated: "Waiting for Eastvale Police's chronology (due 4 December 2026, 3 working
    days late, escalated)". An agency's author sees their own agency's only. Three queries,
    however many agencies."""
    viewer = names.viewer
    sees_all = access.can(viewer, review, Permission.VIEW_CHRONOLOGIES)
    own = set() if sees_all else access.authored_agencies(viewer, review)
    today = timezone.localdate()
    waiting = [s for s in st.agency_statuses(review, today=today)
               if (s.current is None or s.is_reopened) and (sees_all or s.agency.pk in own)]
    keys = {s.agency.pk: f"{KEY_PREFIX}{s.author.pk}:{s.due_on.isoformat()}:escalated"
            for s in waiting if s.author is not None and s.due_on is not None}
    escalated = set(Notice.objects.filter(review=review, dedupe_key__in=keys.values())
                    .values_list("dedupe_key", flat=True)) if keys else set()
    blockers = []
    for s in waiting:
        agency = s.agency.name
        url = reverse("chronology:agency", args=[review.uuid, s.agency.pk])
        author = (f"{names.user(s.author.person)}, {agency}'s chronology author"
                  if s.author is not None else f"{agency}'s chronology author")
        if s.is_reopened:
            blockers.append(Blocker(f"{agency}'s chronology was reopened: a new version is awaited",
                                    author, url))
        elif s.pending is not None and s.status == st.READY:
            blockers.append(Blocker(f"{agency}'s chronology: received {s.received_words}, checked "
                                    "and ready to accept", ACCEPTS, url))
        elif s.pending is not None and s.status == st.PROBLEMS:
            blockers.append(Blocker(f"{agency}'s chronology: received {s.received_words}, with "
                                    "problems to fix", author, url))
        elif s.pending is not None:
            blockers.append(Blocker(f"{agency}'s chronology: received {s.received_words}, being "
                                    "checked", "Review Desk (no one need act yet)", url))
        else:
            words = [f"due {s.due_on:%-d %B %Y}"] if s.due_on else ["no due date set"]
            if s.overdue_days:
                words.append(f"{_days(s.overdue_days)} late")
            if keys.get(s.agency.pk) in escalated:
                words.append("escalated")
            if s.draft is not None:
                words.append("a draft typed, not yet sent")
            blockers.append(Blocker(f"Waiting for {agency}'s chronology ({', '.join(words)})",
                                    author, url))
    return blockers
