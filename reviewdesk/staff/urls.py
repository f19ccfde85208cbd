from django.urls import path

from reviewdesk.staff import views

app_name = "staff"

STAFF = "reviews/<uuid:review_uuid>/staff/"

urlpatterns = [
    path(STAFF, views.practitioners, name="practitioners"),
    path(f"{STAFF}add/", views.add, name="add"),
    path(f"{STAFF}add-list/", views.add_list, name="add_list"),
    path(f"{STAFF}<int:pk>/change/", views.change, name="change"),
    path(f"{STAFF}<int:pk>/remove/", views.remove, name="remove"),
]
