"""Reads of a review's parallel processes, in a fixed number of queries.

``panel(review, viewer)`` is what every page of the review shows at its top ("Processes open
now", and the advice in force): pages call it through ``reviews.sections``' panels, so it must
stay cheap whatever the review holds.

Reads of the advice to staff, as a viewer may see them (names through their redactor).
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.urls import reverse

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import User
from reviewdesk.parallel.models import (
    Acknowledgement,
    Advice,
    ChronologyRestriction,
    ParallelProcess,
    ProcessState,
    ProcessStatus,
)
from reviewdesk.parallel.notices import affected_people
from reviewdesk.parallel.restrictions import advice_in_force
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.needs import WAITING, Need


def _latest(field: str) -> Subquery:
    return Subquery(ProcessStatus.objects.filter(process=OuterRef("pk"))
                    .order_by("-effective_on", "-pk").values(field)[:1])


def open_processes(review: Review) -> QuerySet[ParallelProcess]:
    """The processes not concluded, oldest first, each with ``since`` (the date of its latest
    status) and ``listed_for`` (the date it is listed for, when it is): one query."""
    return (ParallelProcess.objects.filter(review=review)
            .exclude(state=ProcessState.CONCLUDED)
            .select_related("lead_agency")
            .annotate(since=_latest("effective_on"), listed_for=_latest("listed_for"))
            .order_by("opened_on", "pk"))


def processes_with_history(review: Review) -> list[ParallelProcess]:
    """Every process on the review, open ones first, each with its whole status history
    (``history``, in the order it happened) and who recorded each change: two queries."""
    statuses = ProcessStatus.objects.select_related("recorded_by", "on_behalf_of").order_by(
        "effective_on", "pk")
    processes = list(
        ParallelProcess.objects.filter(review=review)
        .select_related("lead_agency", "lead_person", "created_by", "on_behalf_of")
        .prefetch_related(Prefetch("statuses", queryset=statuses, to_attr="history"))
        .order_by("opened_on", "pk"))
    return sorted(processes, key=lambda p: not p.is_open)


def panel(review: Review, viewer: User) -> dict[str, Any] | None:
    """What the panel at the top of the review's pages shows this viewer, or None if they may
    not read it. ``advice`` is the advice in force (filled in by the advice's own selector)."""
    if not access.can(viewer, review, Permission.VIEW_PARALLEL_PROCESSES):
        return None
    # The advice in force (a model here): views.review_panel shows it through the viewer's names
    # (advice_panel), to those who may read it.
    return {"processes": list(open_processes(review)), "advice": advice_in_force(review)}


@dataclass(frozen=True)
class Shown:
    """One restriction as the viewer sees it, with what lifting it needs."""

    kind: str  # the URL's word: no-contact, topic, chronology
    pk: int
    text: str
    lifted_on: Any = None


def range_words(restriction: ChronologyRestriction) -> str:
    agency = f" from {restriction.agency.name}" if restriction.agency else ""
    who = [w for w, yes in (("the lead reviewer(s)", restriction.lead_reviewers_see),
                            ("the business manager", restriction.business_manager_sees)) if yes]
    who += [f"{a.name}'s users" for a in restriction.agencies_see.all()]
    seen_by = ", ".join(who) if who else "nobody until it is lifted"
    return (f"Entries{agency} dated {restriction.date_from:%-d %B %Y} to "
            f"{restriction.date_to:%-d %B %Y}: seen only by {seen_by}")


def restrictions_of(advice: Advice, names: Names, *, show_ranges: bool) -> dict[str, list[Shown]]:
    """The advice's restrictions as ``names``' viewer may see them, lifted ones included (with
    their date). Ranges are described only to those who manage the advice."""
    ranges = [Shown("chronology", r.pk, range_words(r) if show_ranges else
                    "Some chronology entries are seen only by named people.", r.lifted_on)
              for r in advice.chronology_restrictions.select_related("agency")
              .prefetch_related("agencies_see").order_by("date_from", "pk")]
    return {
        "no_contact": [Shown("no-contact", r.pk, names.entry_with_label(r.identity), r.lifted_on)
                       for r in advice.no_contact.select_related("identity").order_by("pk")],
        "topics": [Shown("topic", r.pk, names.redact(r.topic), r.lifted_on)
                   for r in advice.topics.order_by("pk")],
        "ranges": ranges,
    }


def advice_panel(review: Review, viewer: User, names: Names,
                 advice: Advice | None = None) -> dict[str, Any] | None:
    """The 'Advice in force' panel for this viewer, or None when there is none (or they may not
    read it). ``advice``: the advice in force, when the caller has read it already."""
    if not access.can(viewer, review, Permission.VIEW_ADVICE):
        return None
    advice = advice or advice_in_force(review)
    if advice is None:
        return None
    manages = access.can(viewer, review, Permission.MANAGE_ADVICE)
    restrictions = restrictions_of(advice, names, show_ranges=manages)
    in_force = {key: [r for r in shown if r.lifted_on is None]
                for key, shown in restrictions.items()}
    acknowledged = Acknowledgement.objects.filter(advice=advice, person=viewer).first()
    return {
        "advice": advice, "text": names.redact(advice.text),
        "requested_by": names.redact(advice.requested_by),
        "process": advice.process.kind_label if advice.process else "",
        "recorded_by": names.user(advice.recorded_by),
        "on_behalf_of": names.user(advice.on_behalf_of) if advice.on_behalf_of else "",
        "restrictions": in_force,
        "acknowledged_at": acknowledged.acknowledged_at if acknowledged else None,
        "can_acknowledge": (acknowledged is None
                            and access.can(viewer, review, Permission.ACKNOWLEDGE_ADVICE)),
        "can_manage": manages,
    }


@dataclass(frozen=True)
class Reader:
    name: str
    roles: str
    acknowledged_at: datetime | None


def readers(advice: Advice, names: Names) -> tuple[list[Reader], list[Reader]]:
    """Everyone on the review's team now: those who have acknowledged the advice, and those who
    have not yet (for the business manager)."""
    at = dict(Acknowledgement.objects.filter(advice=advice).values_list("person_id",
                                                                        "acknowledged_at"))
    done: list[Reader] = []
    waiting: list[Reader] = []
    for person, roles in affected_people(advice.review).items():
        reader = Reader(names.user(person), ", ".join(roles), at.get(person.pk))
        (done if reader.acknowledged_at else waiting).append(reader)
    return done, waiting


def history(review: Review) -> list[Advice]:
    """Every advice the review has had, newest first: in force, replaced and lifted."""
    return list(review.advice.select_related("process", "recorded_by", "on_behalf_of",
                                             "ended_by", "ended_on_behalf_of", "replaced_by"))


def needs(viewer: User, today: date) -> list[Need]:
    """Home items: the advice in force on each review the viewer is on the team of, until they
    have said they have read it (one query, whatever the number of reviews)."""
    if not access.roles_ever_held(viewer):
        return []
    unread = (Advice.objects.in_force()
              .filter(review__in=access.reviews_in_role(viewer))
              .exclude(acknowledgements__person=viewer)
              .select_related("review", "review__partnership").order_by("pk"))
    return [Need(advice.review, "Read the advice to staff in force and say you have read it",
                 reverse("reviews:review", args=[advice.review.uuid]) + "#advice-in-force",
                 WAITING, since=advice.effective_on)
            for advice in unread]
