from django.urls import path

from reviewdesk.parallel import views

app_name = "parallel"

R = "reviews/<uuid:review_uuid>/parallel-processes/"
ADVICE = "reviews/<uuid:review_uuid>/advice/"

urlpatterns = [
    path(R, views.processes, name="processes"),
    path(R + "add/", views.add_process, name="add_process"),
    path(R + "<int:process_pk>/status/", views.record_status, name="record_status"),
    path(ADVICE, views.advice, name="advice"),
    path(ADVICE + "set/", views.set_advice, name="set_advice"),
    path(ADVICE + "<int:advice_pk>/lift/", views.lift_advice, name="lift_advice"),
    path(ADVICE + "<int:advice_pk>/acknowledge/", views.acknowledge, name="acknowledge_advice"),
    path(ADVICE + "<int:advice_pk>/<slug:kind>/<int:pk>/lift/", views.lift_restriction,
         name="lift_restriction"),
]
