from django.urls import path

from reviewdesk.meetings import views

app_name = "meetings"

MEETING = "reviews/<uuid:review_uuid>/meetings/<int:pk>/"
INVITATION = "reviews/<uuid:review_uuid>/invitations/<int:pk>/"

urlpatterns = [
    path("reviews/<uuid:review_uuid>/meetings/", views.meetings, name="list"),
    path("reviews/<uuid:review_uuid>/meetings/new/", views.schedule, name="schedule"),
    path(MEETING, views.meeting, name="meeting"),
    path(f"{MEETING}change/", views.change, name="change"),
    path(f"{MEETING}cancel/", views.cancel, name="cancel"),
    path(f"{MEETING}invite/", views.invite, name="invite"),
    path(f"{MEETING}invitations/<int:invitation_id>/withdraw/", views.uninvite,
         name="uninvite"),
    path(f"{MEETING}attendance/", views.attendance, name="attendance"),
    # The invitee's own invitation.
    path(INVITATION, views.invitation, name="invitation"),
    path(f"{INVITATION}answer/", views.respond, name="respond"),
    path(f"{INVITATION}invitation.ics", views.calendar_file, name="calendar"),
]
