from django.urls import path

from reviewdesk.on_request import views

app_name = "on_request"

W = "reviews/<uuid:review_uuid>/publication/website/"
R = "publication/requests/"

urlpatterns = [
    path("settings/publication/", views.settings, name="settings"),
    path(W, views.website, name="website"),
    path(W + "withdrawal/", views.start_withdrawal, name="start_withdrawal"),
    path(W + "withdrawal/agree/", views.agree, name="agree"),
    path(W + "withdraw/", views.withdraw, name="withdraw"),
    path(R, views.requests, name="requests"),
    path(R + "<uuid:request_uuid>/", views.request_page, name="request"),
    path(R + "<uuid:request_uuid>/send/", views.send, name="send"),
    path(R + "<uuid:request_uuid>/decline/", views.decline, name="decline"),
]
