from django.urls import path

from reviewdesk.reports import version_views, views

app_name = "reports"

R = "reviews/<uuid:review_uuid>/publication-checks/"
CHECK = R + "<int:number>/"
# The report stage: versions of the report.
REPORT = "reviews/<uuid:review_uuid>/report/"
VERSION = REPORT + "versions/<int:number>/"

urlpatterns = [
    path(R, views.checks, name="checks"),
    path(R + "upload/", views.upload, name="upload"),
    path(CHECK, views.check, name="check"),
    path(CHECK + "status/", views.check_status, name="check_status"),
    path(CHECK + "retry/", views.retry_check, name="retry_check"),
    path(CHECK + "findings/<int:pk>/false-alarm/", views.mark_false_alarm,
         name="mark_false_alarm"),
    path(CHECK + "false-alarms/<int:pk>/undo/", views.undo_false_alarm, name="undo_false_alarm"),
    path(CHECK + "original/", views.download_original, name="download_original"),
    path(CHECK + "corrected/", views.download_corrected, name="download_corrected"),
    # Compare two versions of the report.
    path("reviews/<uuid:review_uuid>/report/compare/", views.compare, name="compare"),
    path(REPORT, version_views.report, name="report"),
    path(REPORT + "upload/", version_views.upload_version, name="upload_version"),
    path(VERSION, version_views.version, name="version"),
    path(VERSION + "download/", version_views.download_version, name="download_version"),
    path(REPORT + "family-copy/", version_views.family_copy, name="family_copy"),
    path(REPORT + "regulation-14/new/", version_views.add_request, name="add_request"),
    path(REPORT + "regulation-14/<int:pk>/answer/", version_views.answer_request,
         name="answer_request"),
]
