from django.urls import path

from reviewdesk.publication import views

app_name = "publication"

R = "reviews/<uuid:review_uuid>/publication/"

urlpatterns = [
    path(R, views.page, name="page"),
    path(R + "harm/", views.harm, name="harm"),
    path(R + "family-date/", views.date_shared, name="date_shared"),
    path(R + "publish/", views.publish, name="publish"),
    path(R + "<uuid:publication_uuid>/cancel/", views.cancel, name="cancel"),
]
