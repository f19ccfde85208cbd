"""Two-factor sign-in: required in production, and for anyone who has set it up."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import resolve, reverse
from django.utils.functional import LazyObject, empty
from django_otp import user_has_device

EXEMPT_URL_NAMES = {"sign_out", "two_factor_setup", "two_factor_verify", "set_password"}


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(settings.STATIC_URL)
        ):
            match = resolve(request.path_info)
            if match.url_name not in EXEMPT_URL_NAMES:
                if user_has_device(user):
                    return redirect(reverse("accounts:two_factor_verify") + f"?next={request.path}")
                if settings.TWO_FACTOR_REQUIRED:
                    return redirect("accounts:two_factor_setup")
        if user is not None:
            request.user = _unwrapped(user)
        return self.get_response(request)


def _unwrapped(user: Any) -> Any:
    """The person behind the lazy objects that Django's and django-otp's middleware wrap
    request.user in (one inside the other), already worked out above: a page that asks for
    the viewer thousands of times (a filter of every review) paid for two proxies each time."""
    while isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user
