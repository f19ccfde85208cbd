from django.urls import path

from reviewdesk.parallel import views

app_name = "parallel"

R = "reviews/<uuid:review_uuid>/parallel-processes/"

urlpatterns = [
    path(R, views.processes, name="processes"),
    path(R + "add/", views.add_process, name="add_process"),
    path(R + "<int:process_pk>/status/", views.record_status, name="record_status"),
]
