from django.urls import path

from reviewdesk.holds import views

app_name = "holds"

R = "reviews/<uuid:review_uuid>/publication/"

urlpatterns = [
    path(R + "holds/", views.holds, name="holds"),
    path(R + "holds/add/", views.add_hold, name="add_hold"),
    path(R + "holds/<int:hold_pk>/release/", views.release_hold, name="release_hold"),
    path(R + "advance-copy/", views.advance_copy, name="advance_copy"),
    path(R + "advance-copy/record/", views.record_advance_copy, name="record_advance_copy"),
]
