"""The "Publication check" panel on a review's page: the latest checks and a way to upload a
draft. Three queries, however many checks and findings there are."""

from collections.abc import Callable

from django.db.models import Count
from django.http import HttpRequest

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.reports.models import DraftCheck, DraftFinding, ReportVersion
from reviewdesk.reviews.models import Review, Stage
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.sections import Section

ORDER = 80
LATEST = 5
STAGES = (Stage.REPORT, Stage.PUBLICATION)


def publication_check_section(request: HttpRequest, review: Review,
                              names: Names) -> Section | None:
    user = request.user
    if not access.can(user, review, Permission.VIEW_DRAFT_CHECKS):
        return None
    checks = list(DraftCheck.objects.filter(review=review).defer("text", "segments")
                  .select_related("uploaded_by").order_by("-number")[:LATEST + 1])
    counts = dict(DraftFinding.objects.visible().filter(
        draft_check__in=[c.pk for c in checks]).values("draft_check_id").annotate(
        n=Count("pk")).values_list("draft_check_id", "n"))
    return Section("reports/_section.html", ORDER, {
        "review": review,
        "checks": [(c, counts.get(c.pk, 0)) for c in checks[:LATEST]],
        "more": len(checks) > LATEST,
        "may_check": access.can(user, review, Permission.CHECK_DRAFTS),
        "sees_all": access.sees_staff_identities(names.tier),
    })


# --- The report stage: the latest version, its check, a link to the report page -----------------
REPORT_ORDER = ORDER - 1  # above the publication check: the version is what people look for


def report_section(request: HttpRequest, review: Review, names: Names) -> Section | None:
    user = request.user
    if not access.can(user, review, Permission.READ_REPORT):
        return None
    latest = (ReportVersion.objects.filter(review=review).defer("outline")
              .select_related("draft_check", "recorded_by", "on_behalf_of")
              .defer("draft_check__text", "draft_check__segments").order_by("-number").first())
    count = DraftFinding.objects.visible().filter(
        draft_check_id=latest.draft_check_id).count() if latest and latest.draft_check_id else 0
    return Section("reports/_report_section.html", REPORT_ORDER, {
        "review": review, "versions": [(latest, count)] if latest else [],
        "may_upload": access.can(user, review, Permission.UPLOAD_REPORT),
    })


# A version's page shows the stages' panels about that version (its rounds of comments, its
# checklist, its approvals): apps above this one register a provider here, as they do for the
# review page (this app imports none of them).
VersionPanel = Callable[[HttpRequest, ReportVersion, Names], Section | None]
VERSION_PANELS: list[VersionPanel] = []


def register_version_panel(provider: VersionPanel) -> VersionPanel:
    if provider not in VERSION_PANELS:
        VERSION_PANELS.append(provider)
    return provider


def version_panels(request: HttpRequest, version: ReportVersion, names: Names) -> list[Section]:
    found = [provider(request, version, names) for provider in VERSION_PANELS]
    return sorted((s for s in found if s is not None), key=lambda s: s.order)
