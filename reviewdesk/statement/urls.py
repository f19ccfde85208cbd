from django.urls import path

from reviewdesk.statement import views

app_name = "statement"

R = "reviews/<uuid:review_uuid>/action-plan/statement/"
V = R + "<int:number>/"

urlpatterns = [
    path(R, views.page, name="page"),
    path(R + "new/", views.generate, name="generate"),
    path(V + "edit/", views.edit, name="edit"),
    path(V + "check/", views.check, name="check"),
    path(V + "approve/", views.approve, name="approve"),
    path(V + "download/<str:kind>/", views.download, name="download"),
    path(V + "publish/", views.publish, name="publish"),
    path(V + "send/", views.send, name="send"),
]
