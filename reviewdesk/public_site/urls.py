from django.urls import path

from reviewdesk.public_site import views

app_name = "public_site"

# Public addresses carry a report's slug, never an id.
urlpatterns = [
    path("published/", views.index, name="index"),
    path("published/<slug:slug>/", views.report, name="report"),
    path("published/<slug:slug>/report.pdf", views.download, {"kind": "report"},
         name="report_pdf"),
    path("published/<slug:slug>/actions.pdf", views.download, {"kind": "actions"},
         name="actions_pdf"),
    path("published/<slug:slug>/request/", views.request_form, name="request"),
    path("published/<slug:slug>/request/sent/", views.request_sent, name="request_sent"),
    path("robots.txt", views.robots, name="robots"),
]
