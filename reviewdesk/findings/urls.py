from django.urls import path

from reviewdesk.findings import views

app_name = "findings"

R = "reviews/<uuid:review_uuid>/findings/"

urlpatterns = [
    path(R, views.findings_list, name="list"),
    path(R + "add/", views.add_finding, name="add_finding"),
    path(R + "<int:pk>/change/", views.change_finding, name="change_finding"),
    path(R + "<int:pk>/remove/", views.remove_finding, name="remove_finding"),
    path(R + "recommendations/add/", views.add_recommendation, name="add_recommendation"),
    path(R + "recommendations/<int:pk>/change/", views.change_recommendation,
         name="change_recommendation"),
    path(R + "recommendations/<int:pk>/remove/", views.remove_recommendation,
         name="remove_recommendation"),
    path(R + "themes/", views.review_themes, name="themes"),
    path(R + "from-report/", views.from_report, name="from_report"),
]
