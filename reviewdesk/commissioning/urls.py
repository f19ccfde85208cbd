from django.urls import path

from reviewdesk.commissioning import views

app_name = "commissioning"

R = "reviews/<uuid:review_uuid>/"
TOR = R + "terms-of-reference/"

urlpatterns = [
    path("settings/partnership/", views.partnership_settings, name="partnership_settings"),
    path(R + "commissioning/notices/", views.notices, name="notices"),
    path(R + "commissioning/notices/send/", views.send_notices, name="send_notices"),
    path(R + "commissioning/not-notified/", views.not_notified, name="not_notified"),
    path(R + "case-files/", views.case_files, name="case_files"),
    path(R + "case-files/add-agencies/", views.create_checklist, name="create_checklist"),
    path(R + "case-files/<int:pk>/confirm/", views.confirm_case_files, name="confirm_case_files"),
    path("reviewers/", views.reviewers, name="reviewers"),
    path("reviewers/add/", views.add_reviewer, name="add_reviewer"),
    path("reviewers/<int:pk>/", views.edit_reviewer, name="edit_reviewer"),
    path(R + "lead-reviewers/appoint/", views.appoint_lead_reviewer, name="appoint_lead_reviewer"),
    path(TOR, views.terms_of_reference, name="terms_of_reference"),
    path(TOR + "draft/", views.draft_terms_of_reference, name="draft_terms_of_reference"),
    path(TOR + "<int:number>/", views.terms_of_reference_version,
         name="terms_of_reference_version"),
    path(TOR + "<int:number>/approve/", views.approve_terms_of_reference,
         name="approve_terms_of_reference"),
    path(TOR + "<int:number>/share/", views.share_terms_of_reference,
         name="share_terms_of_reference"),
    path(R + "chronology-authors/<int:agency_pk>/", views.name_chronology_author,
         name="name_chronology_author"),
]
