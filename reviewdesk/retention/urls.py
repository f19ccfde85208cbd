from django.urls import path

from reviewdesk.retention import views

app_name = "retention"

R = "reviews/<uuid:review_uuid>/retention/"

urlpatterns = [
    path("settings/retention/", views.overview, name="overview"),
    path(R + "hold/", views.hold, name="hold"),
    path(R + "lift/", views.lift, name="lift"),
    path(R + "erase/", views.erase, name="erase"),
]
