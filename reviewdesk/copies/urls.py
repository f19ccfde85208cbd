from django.urls import path

from reviewdesk.copies import views

app_name = "copies"

R = "reviews/<uuid:review_uuid>/publication/copies/"

urlpatterns = [
    path(R, views.page, name="page"),
    path(R + "send/", views.send, name="send"),
    path(R + "decide/", views.decide, name="decide"),
    path(R + "deposit/", views.deposit, name="deposit"),
    path(R + "<int:pk>/retry/", views.retry, name="retry"),
]
