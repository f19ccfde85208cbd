from django.urls import path

from reviewdesk.chronology import views

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
    path(AGENCY + "entries/<int:pk>/change/", views.change_entry, name="change_entry"),
    path(VERSION, views.submission, name="submission"),
    path(VERSION + "status/", views.submission_status, name="submission_status"),
    path(VERSION + "columns/", views.change_mapping, name="change_mapping"),
    path(VERSION + "accept/", views.accept, name="accept"),
    path(VERSION + "accept-without-errors/", views.accept_without_errors,
         name="accept_without_errors"),
    path(VERSION + "withdraw/", views.withdraw, name="withdraw"),
]
