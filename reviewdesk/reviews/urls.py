from django.urls import path

from reviewdesk.reviews import audit_views, finding_views, views

app_name = "reviews"

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/export.xlsx", finding_views.dashboard_export, name="dashboard_export"),
    path("search/", finding_views.search, name="search"),
    path("audit/", audit_views.audit_log, name="audit"),
    path("settings/", views.partnership_settings, name="settings"),
    path("settings/clocks/", views.clock_rules, name="clock_rules"),
    path("settings/clocks/escalation/", views.change_escalation_clock,
         name="change_escalation_clock"),
    path("reviews/new/", views.record_incident, name="record_incident"),
    path("reviews/<uuid:review_uuid>/", views.review_page, name="review"),
    path("reviews/<uuid:review_uuid>/finished-stages/", views.finished_stages,
         name="finished_stages"),
    path("reviews/<uuid:review_uuid>/cases/add/", views.add_case, name="add_case"),
    path("reviews/<uuid:review_uuid>/stage/undo/", views.undo_stage, name="undo_stage"),
    path("reviews/<uuid:review_uuid>/stage/<slug:name>/", views.change_stage, name="change_stage"),
    path("reviews/<uuid:review_uuid>/team/", views.team, name="team"),
    path("reviews/<uuid:review_uuid>/team/add/", views.add_member, name="add_member"),
    path("reviews/<uuid:review_uuid>/team/<int:pk>/remove/", views.remove_member,
         name="remove_member"),
    path("reviews/<uuid:review_uuid>/register/", views.register, name="register"),
    path("reviews/<uuid:review_uuid>/register/add/", views.register_entry, name="register_add"),
    path("reviews/<uuid:review_uuid>/register/export/", views.register_export,
         name="register_export"),
    path("reviews/<uuid:review_uuid>/register/import/", views.register_import,
         name="register_import"),
    path("reviews/<uuid:review_uuid>/register/<int:pk>/edit/", views.register_entry,
         name="register_edit"),
    path("reviews/<uuid:review_uuid>/clocks/<int:pk>/met/", views.clock_met, name="clock_met"),
    path("reviews/<uuid:review_uuid>/clocks/<int:pk>/delay/", views.clock_delay,
         name="clock_delay"),
    path("reviews/<uuid:review_uuid>/tasks/<int:pk>/done/", views.task_done, name="task_done"),
    path("reviews/<uuid:review_uuid>/tasks/<int:pk>/change/", views.task_change,
         name="task_change"),
]
