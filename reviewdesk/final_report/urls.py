from django.urls import path

from reviewdesk.final_report import views

app_name = "final_report"

R = "reviews/<uuid:review_uuid>/final-report/"

urlpatterns = [
    path(R, views.report, name="report"),
    path(R + "produce/", views.produce, name="produce"),
    path(R + "supply/", views.supply, name="supply"),
    path(R + "<int:pk>/<str:kind>/", views.download, name="download"),
]
