from django.urls import path

from reviewdesk.family import views
from reviewdesk.family.contact_urls import contact_urlpatterns

app_name = "family"

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
    *contact_urlpatterns,
]
