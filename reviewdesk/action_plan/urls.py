from django.urls import path

from reviewdesk.action_plan import views

app_name = "action_plan"

R = "reviews/<uuid:review_uuid>/action-plan/"

urlpatterns = [
    path(R, views.page, name="page"),
    path(R + "meetings/record/", views.record_meeting, name="record_meeting"),
    path(R + "actions/agree/", views.agree_action, name="agree_action"),
    path(R + "actions/<int:number>/change/", views.edit_action, name="edit_action"),
    path(R + "actions/<int:number>/due-date/", views.revise_due_date, name="revise_due_date"),
    path(R + "actions/<int:number>/close/", views.close_action, name="close_action"),
    path(R + "reopen/", views.reopen, name="reopen"),
]
