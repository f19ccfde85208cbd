from django.urls import path

from reviewdesk.reports import views

app_name = "reports"

R = "reviews/<uuid:review_uuid>/publication-checks/"
CHECK = R + "<int:number>/"

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
    # Compare two versions of the report (issue 17).
    path("reviews/<uuid:review_uuid>/report/compare/", views.compare, name="compare"),
]
