from django.urls import path

from reviewdesk.rapid_review import views

app_name = "rapid_review"

R = "reviews/<uuid:review_uuid>/rapid-review/"

urlpatterns = [
    path(R + "start/", views.start, name="start"),
    path(R + "notification/<int:incident_pk>/", views.notification, name="notification"),
    path(R + "summaries/", views.requests, name="requests"),
    path(R + "summaries/request/", views.request_new, name="request_new"),
    path(R + "summaries/<uuid:request_uuid>/", views.request_page, name="request"),
    path(R + "summaries/<uuid:request_uuid>/accept/", views.request_accept,
         name="request_accept"),
    path(R + "summaries/<uuid:request_uuid>/return/", views.request_return,
         name="request_return"),
    path(R + "summaries/<uuid:request_uuid>/chase/", views.request_chase, name="request_chase"),
    path(R + "meetings/add/", views.meeting_form, name="meeting_add"),
    path(R + "meetings/<uuid:meeting_uuid>/", views.meeting, name="meeting"),
    path(R + "meetings/<uuid:meeting_uuid>/change/", views.meeting_form, name="meeting_edit"),
    path(R + "record/", views.record_page, name="record"),
    path(R + "record/change/", views.record_edit, name="record_edit"),
    path(R + "record/sign-off/", views.sign_off, name="sign_off"),
    path(R + "panel-copy/", views.panel_copy, name="panel_copy"),
    path(R + "export.docx", views.export_docx, name="export_docx"),
    path(R + "export.pdf", views.export_pdf, name="export_pdf"),
]
