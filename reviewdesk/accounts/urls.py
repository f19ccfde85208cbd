from django.urls import path

from reviewdesk.accounts import reauth, views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("set-password/<uidb64>/<token>/", views.set_password, name="set_password"),
    path("two-factor/set-up/", views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("account/", views.account, name="account"),
    path("account/confirm/", reauth.confirm_identity, name="confirm_identity"),
    path("people/", views.people, name="people"),
    path("people/invite/", views.invite, name="invite"),
    path("people/<int:pk>/", views.person, name="person"),
    path("people/<int:pk>/reset-access/", views.reset, name="reset_access"),
    path("people/<int:pk>/deactivate/", views.deactivate, name="deactivate"),
    path("people/<int:pk>/reactivate/", views.reactivate, name="reactivate"),
    path("settings/agencies/", views.agencies, name="agencies"),
    path("settings/agencies/add/", views.add_agency, name="add_agency"),
    path("settings/agencies/merge/", views.merge_agencies, name="merge_agencies"),
    path("settings/agencies/<int:pk>/", views.change_agency, name="change_agency"),
    path("settings/agencies/<int:pk>/delete/", views.delete_agency, name="delete_agency"),
    path("settings/agencies/<int:pk>/deactivate/", views.deactivate_agency,
         name="deactivate_agency"),
]
