from django.urls import path

from reviewdesk.family import views

app_name = "family"

# A family member's contact log, meetings, contributions, consent and letters.
MEMBER = "reviews/<uuid:review_uuid>/family/<int:member_id>/"

urlpatterns = [
    path("reviews/<uuid:review_uuid>/family/", views.involvement, name="involvement"),
    path("reviews/<uuid:review_uuid>/family/add/", views.add_member, name="add_member"),
    path("reviews/<uuid:review_uuid>/family/<int:pk>/", views.member, name="member"),
    path("reviews/<uuid:review_uuid>/family/<int:pk>/change/", views.change_member,
         name="change_member"),
    path("reviews/<uuid:review_uuid>/family/<int:pk>/sibling-decision/", views.sibling_decision,
         name="sibling_decision"),
    path("reviews/<uuid:review_uuid>/family/<int:pk>/draft-report/", views.report_offer,
         name="report_offer"),
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
