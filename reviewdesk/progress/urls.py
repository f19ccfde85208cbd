from django.urls import path

from reviewdesk.progress import views

app_name = "progress"

A = "actions/<uuid:action_uuid>/"

urlpatterns = [
    path("my-actions/", views.my_actions, name="my_actions"),
    path("actions/", views.monitoring, name="monitoring"),
    path("actions/download/", views.monitoring_download, name="monitoring_download"),
    path("actions/meetings/add/", views.record_meeting, name="record_meeting"),
    path(A, views.action, name="action"),
    path(A + "update/", views.post_update, name="post_update"),
    path(A + "complete/", views.complete, name="complete"),
    path(A + "impact/", views.add_impact, name="add_impact"),
    path(A + "accept-impact/", views.accept_impact, name="accept_impact"),
    path(A + "evidence/<int:file_pk>/", views.evidence, name="evidence"),
]
