from django.urls import path

from reviewdesk.chronology import merged_views, views

app_name = "chronology"

R = "reviews/<uuid:review_uuid>/chronology/"
AGENCY = R + "<int:agency_pk>/"
VERSION = AGENCY + "versions/<int:version>/"

urlpatterns = [
    path(R, views.overview, name="overview"),
    path(AGENCY, views.agency, name="agency"),
    path(AGENCY + "template.<str:kind>", views.template, name="template"),
    path(AGENCY + "upload/", views.upload, name="upload"),
    path(AGENCY + "entries/add/", views.add_entry, name="add_entry"),
    path(AGENCY + "send/", views.send, name="send"),
    path(AGENCY + "entries/<int:pk>/change/", views.change_entry, name="change_entry"),
    path(AGENCY + "reopen/", views.reopen, name="reopen"),
    path(VERSION, views.submission, name="submission"),
    path(VERSION + "status/", views.submission_status, name="submission_status"),
    path(VERSION + "columns/", views.change_mapping, name="change_mapping"),
    path(VERSION + "accept/", views.accept, name="accept"),
    path(VERSION + "accept-without-errors/", views.accept_without_errors,
         name="accept_without_errors"),
    path(VERSION + "withdraw/", views.withdraw, name="withdraw"),
    path(VERSION + "retry/", views.retry_check, name="retry_check"),
]

# The merged multi-agency chronology: reviewdesk/chronology/merged_views.py.
MERGED = R + "merged/"
MERGED_ENTRY = MERGED + "entries/<int:pk>/"
urlpatterns += [
    path(MERGED, merged_views.merged, name="merged"),
    path(MERGED + "timeline/", merged_views.merged_timeline, name="merged_timeline"),
    path(MERGED + "duplicates/", merged_views.merged_duplicates, name="merged_duplicates"),
    path(MERGED_ENTRY + "same-event-as/<int:original_pk>/", merged_views.same_event,
         name="merged_same_event"),
    path(MERGED_ENTRY + "not-same-event-as/<int:original_pk>/", merged_views.not_same_event,
         name="merged_not_same_event"),
    path(MERGED_ENTRY + "significant/", merged_views.mark_significant,
         name="merged_mark_significant"),
    path(MERGED_ENTRY + "not-significant/", merged_views.unmark_significant,
         name="merged_unmark_significant"),
    path(MERGED + "export/", merged_views.export, name="merged_export"),
]
