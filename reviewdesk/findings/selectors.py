"""Reads with rules: a review's findings and recommendations (a fixed number of queries however
many there are), the themes a form offers, and the final report read for its findings."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet

from reviewdesk.accounts.models import Agency, Partnership
from reviewdesk.action_plan.models import Finding, Recommendation, ReviewTheme, Theme
from reviewdesk.final_report.actions import current as current_final_report
from reviewdesk.findings import reading
from reviewdesk.lib import report_checklist as measures
from reviewdesk.lib.report_outline import read_outline
from reviewdesk.reports.models import FinalReport
from reviewdesk.reviews.models import Review


def findings_of(review: Review) -> list[Finding]:
    """Every finding, current first in number order, then those removed."""
    found = list(Finding.objects.filter(review=review)
                 .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name")))
                 .select_related("recorded_by", "on_behalf_of", "changed_by"))
    return sorted(found, key=lambda f: (f.removed_at is not None, f.number, f.pk))


def recommendations_of(review: Review) -> list[Recommendation]:
    found = list(Recommendation.objects.filter(review=review)
                 .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name")),
                                   Prefetch("findings", queryset=Finding.objects.order_by(
                                       "number")))
                 .annotate(action_count=Count("actions", distinct=True))
                 .select_related("recorded_by", "on_behalf_of", "changed_by"))
    return sorted(found, key=lambda r: (r.removed_at is not None, r.number, r.pk))


def current_findings(review: Review) -> QuerySet[Finding]:
    return Finding.objects.filter(review=review, removed_at__isnull=True).order_by("number", "pk")


def review_themes(review: Review) -> list[Theme]:
    return [tag.theme for tag in ReviewTheme.objects.filter(review=review)
            .select_related("theme").order_by("theme__name")]


def theme_choices(review: Review, *, keep: list[int] | None = None) -> QuerySet[Theme]:
    """The partnership's themes in use, and any retired one the record already has."""
    return Theme.objects.filter(Q(retired_at__isnull=True) | Q(pk__in=keep or []),
                                partnership_id=review.partnership_id).order_by("name")


def next_number(items: list[Finding] | list[Recommendation]) -> int:
    return max((i.number for i in items if i.removed_at is None), default=0) + 1


def addressees(partnership: Partnership) -> measures.Lists:
    """Whom a recommendation can be addressed to, as the report checklist reads it: the
    partnership's agencies (names, and short names in capitals) and the partnership itself."""
    agencies = list(Agency.objects.filter(partnership=partnership)
                    .values_list("name", "short_name"))
    return measures.Lists(sections=[], jargon={},
                          addressees=[partnership.name, *(name for name, _ in agencies)],
                          addressee_codes=[partnership.code,
                                           *(short for _, short in agencies if short)])


@dataclass(frozen=True)
class ReportReading:
    final: FinalReport
    reading: reading.Reading


def read_final_report(review: Review) -> ReportReading:
    """The current final report's findings and recommendations, or a refusal saying why there
    are none to take and what was looked for."""
    final = current_final_report(review)
    if final is None:
        raise ValidationError("There is no final report yet: findings and recommendations are "
                              "taken from the final report once it is made. Until then, add "
                              "them one at a time.")
    try:
        with final.docx.open("rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise ValidationError("The final report's Word document is no longer in storage. Make "
                              "the final report again, or add the findings one at a "
                              "time.") from None
    try:
        outline = [block.as_dict() for block in read_outline(data)]
    except (ValueError, SyntaxError):  # a refused package (lib.ooxml) or broken XML
        raise ValidationError("The final report's Word document could not be read. Make the "
                              "final report again, or add the findings one at a time.") from None
    found = reading.read(outline, addressees(review.partnership))
    if found.empty:
        raise ValidationError(
            f"The final report (version {final.version.number}, made on "
            f"{final.produced_on:%-d %B %Y}) holds no findings or recommendations that Review "
            f"Desk could find. {reading.LOOKED_FOR} Add them one at a time instead.")
    return ReportReading(final, found)
