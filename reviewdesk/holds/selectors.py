"""Reads with rules: a review's holds, its advance copy as it stands, the holds due an alert, and
the business manager's home items."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Max, OuterRef, QuerySet, Subquery
from django.urls import reverse

from reviewdesk import access
from reviewdesk.accounts.models import User
from reviewdesk.final_report.actions import current as current_final_report
from reviewdesk.parallel.models import ProcessState, ProcessStatus
from reviewdesk.publication.models import AdvanceCopy, Hold
from reviewdesk.reports.models import FinalReport
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.needs import WAITING, Need


def holds_of(review: Review) -> list[Hold]:
    """Every hold, in force or released, oldest first."""
    return list(review.publication_holds.select_related(
        "process", "recorded_by", "on_behalf_of", "released_by", "released_on_behalf_of"))


def in_force(review: Review) -> list[Hold]:
    return list(review.publication_holds.filter(released_at__isnull=True)
                .select_related("process"))


@dataclass(frozen=True)
class AdvanceCopyState:
    final: FinalReport | None  # the final report that stands
    copy: AdvanceCopy | None  # its advance copy, if it went
    earlier: list[AdvanceCopy]  # advance copies of earlier final reports

    @property
    def earliest_on(self) -> date | None:
        return self.copy.earliest_publication_on if self.copy else None


def advance_copy_state(review: Review) -> AdvanceCopyState:
    final = current_final_report(review)
    copies = list(AdvanceCopy.objects.filter(review=review)
                  .select_related("final_report__version", "recorded_by", "on_behalf_of"))
    copy = next((c for c in copies if final is not None and c.final_report_id == final.pk), None)
    return AdvanceCopyState(final, copy, [c for c in copies if c is not copy])


def _concluded_on() -> Subquery:
    """The date a hold's process was last recorded as concluded."""
    return Subquery(ProcessStatus.objects.filter(
        process=OuterRef("process"), state=ProcessState.CONCLUDED)
        .values("process").annotate(on=Max("effective_on")).values("on")[:1])


def waiting_for_release() -> QuerySet[Hold]:
    """Holds in force whose process has concluded: the business manager should decide whether
    to release them."""
    return (Hold.objects.filter(released_at__isnull=True, process__state=ProcessState.CONCLUDED)
            .annotate(concluded_on=_concluded_on()))


def due_release_alerts(today: date) -> QuerySet[Hold]:
    """Those of them the business unit has not yet been told about."""
    return (Hold.objects.filter(
        released_at__isnull=True, release_alerted_on__isnull=True,
        process__state=ProcessState.CONCLUDED,
        process__statuses__state=ProcessState.CONCLUDED,
        process__statuses__effective_on__lte=today).distinct().order_by("pk"))


def needs(viewer: User, today: date) -> list[Need]:
    """Home items for the business manager: each hold in force whose process has concluded
    (one query, whatever the number of reviews)."""
    if not access.is_business_manager(viewer) or viewer.partnership_id is None:
        return []
    holds = (waiting_for_release().filter(review__partnership_id=viewer.partnership_id)
             .exclude(review__stage="closed").select_related("review", "process")
             .order_by("pk"))
    items = []
    for hold in holds:
        assert hold.process is not None  # the filter on its state
        items.append(Need(
            hold.review, "Decide whether to release the hold on publication: the "
                         f"{hold.process.kind_label.lower()} it waits for has concluded",
            reverse("holds:holds", args=[hold.review.uuid]) + f"#hold-{hold.pk}", WAITING,
            since=getattr(hold, "concluded_on", None)))
    return items
