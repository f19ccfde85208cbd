from django.urls import path

from reviewdesk.briefings import views

app_name = "briefings"

BRIEFINGS = "reviews/<uuid:review_uuid>/briefings/"
DOCUMENT = f"{BRIEFINGS}document/"

urlpatterns = [
    path(BRIEFINGS, views.briefings, name="list"),
    path(f"{BRIEFINGS}new/", views.schedule, name="schedule"),
    path(f"{BRIEFINGS}<int:pk>/", views.session, name="session"),
    path(f"{BRIEFINGS}<int:pk>/attendance/", views.attendance, name="attendance"),
    path(f"{BRIEFINGS}reflections/", views.reflections, name="reflections"),
    # The attendee's own reflection, found through their invitation.
    path(f"{BRIEFINGS}<int:pk>/reflection/", views.reflect, name="reflect"),
    path(DOCUMENT, views.document, name="document"),
    path(f"{DOCUMENT}new/", views.generate, name="generate"),
    path(f"{DOCUMENT}<int:number>/edit/", views.edit, name="edit"),
    path(f"{DOCUMENT}<int:number>/check/", views.check, name="check"),
    path(f"{DOCUMENT}<int:number>/approve/", views.approve, name="approve"),
    path(f"{DOCUMENT}<int:number>/<str:fmt>/", views.download, name="download"),
]
