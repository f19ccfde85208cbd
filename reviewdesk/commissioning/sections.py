"""The "Commissioning and set-up" panel on a review's page. A fixed number of queries, however
many agencies, reviewers and authors the review has."""

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.commissioning import rules, scope
from reviewdesk.commissioning.models import LeadReviewerAppointment, NotNotified
from reviewdesk.notices.models import Notice
from reviewdesk.reviews.models import Review, ReviewKind, ReviewRole, Stage
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.sections import Section

STAGES = (Stage.COMMISSIONING, Stage.SET_UP, Stage.INFORMING_STAFF)


def commissioning_section(request: HttpRequest, review: Review, names: Names) -> Section | None:
    if not rules.was_commissioned(review):
        return None
    return Section("commissioning/_section.html", order=60,
                   context=summary(request.user, review, names))


def summary(user: Any, review: Review, names: Names) -> dict[str, Any]:
    today = timezone.localdate()
    counts = {row["status"]: row["n"] for row in review.notices.filter(
        purpose=rules.NOTICE_PURPOSE).values("status").annotate(n=Count("pk"))}
    waiver = NotNotified.objects.filter(review=review).select_related(
        "recorded_by", "on_behalf_of").first()
    files = review.case_file_checks.aggregate(
        total=Count("pk"), confirmed=Count("pk", filter=Q(confirmed_on__isnull=False)))
    appointments = {a.membership_id: a for a in LeadReviewerAppointment.objects.filter(
        review=review)}
    leads = [{"name": names.user(m.person), "appointment": appointments.get(m.pk)}
             for m in review.memberships.filter(role=ReviewRole.LEAD_REVIEWER,
                                                ended_at__isnull=True).select_related("person")]
    versions = list(review.terms_of_reference.annotate(shared=Count("shares")).prefetch_related(
        "agencies").order_by("-number")[:20])
    latest = versions[0] if versions else None
    approved = next((v for v in versions if v.is_approved), None)
    staff = {m for m in review.memberships.filter(
        role__in=rules.STAFF_ROLES, ended_at__isnull=True).values_list("person_id", flat=True)}
    authors = list(review.chronology_authors.select_related("agency", "person"))
    in_force = approved or latest
    in_scope = in_force.agencies.all() if in_force else rules.involved_agencies(review)
    named = {a.agency_id for a in authors}
    return {
        "review": review,
        "national": review.kind == ReviewKind.NATIONAL,
        "notices_required": review.kind in rules.NOTICES_REQUIRED,
        "notices": {"sent": counts.get(Notice.Status.SENT, 0),
                    "failed": counts.get(Notice.Status.FAILED, 0),
                    "pending": counts.get(Notice.Status.PENDING, 0),
                    "total": sum(counts.values())},
        "waiver": waiver,
        "files": files,
        "leads": leads,
        "latest": latest,
        "approved": approved,
        "staff_count": len(staff),
        "authors": [{"agency": a.agency.name, "agency_id": a.agency_id,
                     "person": names.user(a.person), "due_on": a.due_on,
                     "overdue": a.due_on < today} for a in authors],
        "missing_authors": [a for a in in_scope if a.pk not in named],
        "today": today,
        "may_commission": access.can(user, review, Permission.COMMISSION),
        "may_draft": access.can(user, review, Permission.DRAFT_TERMS_OF_REFERENCE),
        "may_view_notices": access.can(user, review, Permission.VIEW_NOTICES),
        "commissioning_stage": review.stage in rules.COMMISSIONING_STAGES,
        "open": rules.is_commissioned(review),
    }


def practitioner_section(request: HttpRequest, review: Review, names: Names) -> Section | None:
    """The terms of reference shared with this practitioner, so they understand the focus."""
    version = scope.version_shared_with(request.user, review)
    if version is None:
        return None
    return Section("commissioning/_practitioner_section.html", order=10,
                   context={"version": version})
