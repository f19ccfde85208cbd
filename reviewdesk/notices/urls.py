from django.urls import path

from reviewdesk.notices import views

app_name = "notices"

urlpatterns = [
    path("reviews/<uuid:review_uuid>/notices/", views.review_notices, name="review_notices"),
    path("reviews/<uuid:review_uuid>/notices/<uuid:notice_uuid>/", views.notice, name="notice"),
    path("reviews/<uuid:review_uuid>/notices/<uuid:notice_uuid>/retry/", views.retry,
         name="retry"),
    path("settings/notices/", views.templates, name="templates"),
    path("settings/notices/<slug:key>/", views.edit_template, name="edit_template"),
]
