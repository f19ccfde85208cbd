from django.urls import path

from reviewdesk.decisions import views

app_name = "decisions"

urlpatterns = [
    path("reviews/<uuid:review_uuid>/decision/", views.decision, name="decision"),
    path("reviews/<uuid:review_uuid>/decision/partner/", views.record_partner_decision,
         name="record_partner_decision"),
    path("reviews/<uuid:review_uuid>/decision/final/", views.record_final_decision,
         name="record_final_decision"),
    path("reviews/<uuid:review_uuid>/decision/panel/", views.record_panel_response,
         name="record_panel_response"),
]
