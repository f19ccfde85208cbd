from django.urls import path

from reviewdesk.signoff import views

app_name = "signoff"

R = "reviews/<uuid:review_uuid>/sign-off/"

urlpatterns = [
    path(R, views.page, name="page"),
    path(R + "subgroup/", views.subgroup, name="subgroup"),
    path(R + "executive/", views.executive, name="executive"),
    path(R + "publication/", views.publication, name="publication"),
    path(R + "partner/", views.partner, name="partner"),
    path(R + "publication-intent/", views.intent, name="intent"),
]
