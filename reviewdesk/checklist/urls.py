from django.urls import path

from reviewdesk.checklist import views

app_name = "checklist"

S = "settings/report-checklist/"
V = "reviews/<uuid:review_uuid>/report/versions/<int:number>/checklist/"

urlpatterns = [
    # The partnership's lists: the business manager's.
    path(S, views.lists, name="lists"),
    path(S + "sections/add/", views.add_section, name="add_section"),
    path(S + "sections/<int:pk>/", views.change_section, name="change_section"),
    path(S + "sections/<int:pk>/remove/", views.remove_section, name="remove_section"),
    path(S + "jargon/", views.jargon, name="jargon"),
    # A version's checklist.
    path(V, views.checklist, name="checklist"),
    path(V + "<slug:item>/accept/", views.accept, name="accept"),
    path(V + "acceptances/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
