from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("reviewdesk.reviews.urls")),
    path("", include("reviewdesk.accounts.urls")),
    path("", include("reviewdesk.notices.urls")),
    path("", include("reviewdesk.decisions.urls")),
    path("", include("reviewdesk.parallel.urls")),
    path("", include("reviewdesk.rapid_review.urls")),
    path("", include("reviewdesk.commissioning.urls")),
    path("", include("reviewdesk.reports.urls")),
    path("", include("reviewdesk.comments.urls")),
    path("", include("reviewdesk.checklist.urls")),
    path("", include("reviewdesk.signoff.urls")),
    path("", include("reviewdesk.final_report.urls")),
    path("", include("reviewdesk.publication.urls")),
    path("", include("reviewdesk.holds.urls")),
    path("", include("reviewdesk.on_request.urls")),
    path("", include("reviewdesk.retention.urls")),
    path("", include("reviewdesk.copies.urls")),
    path("", include("reviewdesk.public_site.urls")),
    path("", include("reviewdesk.action_plan.urls")),
    path("", include("reviewdesk.findings.urls")),
    path("", include("reviewdesk.progress.urls")),
    path("", include("reviewdesk.statement.urls")),
    path("", include("reviewdesk.briefings.urls")),
    path("", include("reviewdesk.learning.urls")),
    path("", include("reviewdesk.chronology.urls")),
    path("", include("reviewdesk.family.urls")),
    path("", include("reviewdesk.staff.urls")),
    path("", include("reviewdesk.meetings.urls")),
    path("", include("reviewdesk.informing.urls")),
    path("", include("reviewdesk.conversations.urls")),
    path("", include("reviewdesk.support.urls")),
    path("", include("reviewdesk.guide.urls")),
]
if settings.ADMIN_ENABLED:
    urlpatterns.append(path("django-admin/", admin.site.urls))

handler403 = "reviewdesk.errors.forbidden"
handler404 = "reviewdesk.errors.not_found"
