from django.urls import path

from reviewdesk.informing import views

app_name = "informing"

R = "reviews/<uuid:review_uuid>/"

urlpatterns = [
    path(R + "telling-staff/", views.staff, name="staff"),
    path(R + "telling-staff/tell/", views.tell, name="tell"),
    path(R + "telling-staff/expected-dates/", views.expected_dates, name="expected_dates"),
    path(R + "telling-staff/digest/", views.digest, name="digest"),
    path(R + "questions/", views.questions, name="questions"),
    path(R + "questions/ask/", views.ask, name="ask"),
    path(R + "questions/<int:question_pk>/answer/", views.answer, name="answer"),
    path(R + "questions/<int:question_pk>/lead-reviewer/", views.bring_in_lead_reviewer,
         name="bring_in_lead_reviewer"),
]
