from django.urls import path

from reviewdesk.comments import views

app_name = "comments"

R = "reviews/<uuid:review_uuid>/report-comments/"
ROUND = R + "<int:number>/"

urlpatterns = [
    path(R + "open/", views.open_round, name="open_round"),
    path(ROUND, views.round_page, name="round"),
    path(ROUND + "comment/", views.comment, name="comment"),
    path(ROUND + "comments/<int:pk>/answer/", views.answer, name="answer"),
    path(ROUND + "close/", views.close_round, name="close_round"),
    path(ROUND + "log.<str:kind>", views.download_log, name="download_log"),
]
