"""Reads of a review's parallel processes, in a fixed number of queries.

``panel(review, viewer)`` is what every page of the review shows at its top ("Processes open
now", and the advice in force): pages call it through ``reviews.sections``' panels, so it must
stay cheap whatever the review holds.
"""

from typing import Any

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import User
from reviewdesk.parallel.models import ParallelProcess, ProcessState, ProcessStatus
from reviewdesk.reviews.models import Review


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
    return {"processes": list(open_processes(review)), "advice": None}
