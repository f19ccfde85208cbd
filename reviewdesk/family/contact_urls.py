"""The contact log, meetings, contributions, consent and letters (family/urls.py includes them)."""

from django.urls import path

from reviewdesk.family import contact_views as views

MEMBER = "reviews/<uuid:review_uuid>/family/members/<int:member_id>/"

contact_urlpatterns = [
    path(f"{MEMBER}contact/", views.contact_log, name="contact_log"),
    path(f"{MEMBER}contact/record/", views.record_contact, name="record_contact"),
    path(f"{MEMBER}meetings/record/", views.record_meeting, name="record_meeting"),
    path(f"{MEMBER}contributions/add/", views.add_contribution, name="add_contribution"),
    path(f"{MEMBER}contributions/<int:contribution_id>/download/", views.download_contribution,
         name="download_contribution"),
    path(f"{MEMBER}consent/record/", views.record_consent, name="record_consent"),
    path(f"{MEMBER}letters/produce/", views.produce_letter, name="produce_letter"),
    path(f"{MEMBER}letters/<int:letter_id>/sent/", views.mark_letter_sent,
         name="mark_letter_sent"),
    path(f"{MEMBER}letters/<int:letter_id>/download/<str:fmt>/", views.download_letter,
         name="download_letter"),
    path("reviews/<uuid:review_uuid>/family/letters/", views.letter_templates,
         name="letter_templates"),
    path("reviews/<uuid:review_uuid>/family/letters/<str:kind>/", views.letter_template,
         name="letter_template"),
]
