from django.urls import path

from reviewdesk.support import views

app_name = "support"

R = "reviews/<uuid:review_uuid>/support/"

urlpatterns = [
    # The partnership's settings: each agency's service, the senior contact.
    path("settings/support/", views.services, name="services"),
    path("settings/support/agencies/<int:agency_id>/", views.service, name="service"),
    path("settings/support/senior-contact/", views.escalation_contact,
         name="escalation_contact"),
    # A review's support: the business manager's.
    path(R, views.review_support, name="review"),
    path(R + "practitioners/<int:practitioner_id>/offer/", views.add_offer, name="add_offer"),
    path(R + "offers/<int:pk>/", views.change_offer, name="change_offer"),
    path(R + "requests/<int:pk>/", views.support_request, name="request"),
    # The practitioner's and the manager's.
    path(R + "ask/", views.ask, name="ask"),
    path(R + "team-session/", views.team_session, name="team_session"),
    # The senior contact's page of one escalated request: no review in its address.
    path("support/requests/<int:pk>/", views.escalated, name="escalated"),
]
