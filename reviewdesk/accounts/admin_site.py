"""The Django admin's site, for developers and support when ``ADMIN_ENABLED`` (never in production).

The admin must not have a sign-in of its own. Its form posts ``username`` where the lockout reads
``email``, so its failures were counted against no one; and once that no one was locked it
answered 429 to a wrong password and 200 to the right one — a test of any person's password.
Here its sign-in page sends people to the app's own sign-in (the same form, two-factor code and
lockout as everyone else), and its sign-out is the app's (audited). After signing in, only staff
find the admin; to anyone else it does not exist.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


class AdminConfig(DjangoAdminConfig):
    """``django.contrib.admin`` with the site below (INSTALLED_APPS names this class)."""

    default_site = "reviewdesk.accounts.admin_site.AdminSite"


class AdminSite(admin.AdminSite):
    site_header = site_title = "Review Desk administration"

    def _next(self, request: HttpRequest) -> str:
        target = request.GET.get("next", "")
        # A path only: redirect() reads "+1" as the name of a view (a server error).
        if target.startswith("/") and url_has_allowed_host_and_scheme(
                target, {request.get_host()}, require_https=request.is_secure()):
            return target
        return reverse("admin:index", current_app=self.name)

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        # Whatever was posted here is not read: the only password form is the app's.
        if request.user.is_authenticated:
            if self.has_permission(request):
                return redirect(self._next(request))
            raise Http404("There is no such page.")
        query = QueryDict(mutable=True)
        query["next"] = self._next(request)
        return redirect(f"{reverse('accounts:sign_in')}?{query.urlencode(safe='/')}")

    def logout(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        # This module is loaded with the app registry (the admin's AppConfig names the site),
        # before models can be imported.
        from reviewdesk.accounts.views import sign_out

        return sign_out(request)
