"""Project-wide response headers."""

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import add_never_cache_headers, patch_cache_control

# The one exception to no-store: a view marked ``public_page`` (the public site's published
# reports, which anyone may read and keep) answering a visitor who is not signed in, with a page
# that sets no cookie. Everything a signed-in person is shown stays no-store, even a public page.
PUBLIC_MAX_AGE = 300
_PUBLIC_STATUSES = {200, 410}


def public_page[View: Callable[..., HttpResponseBase]](view: View) -> View:
    """Mark a view's responses as public: the same for every visitor and holding nothing that is
    not published. ``NoStoreMiddleware`` then lets browsers and proxies keep them for a short
    time (``PUBLIC_MAX_AGE``) when the visitor is not signed in."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        response.public_page = True  # type: ignore[attr-defined]
        return response

    return cast(View, wrapper)


def _may_be_kept(request: HttpRequest, response: HttpResponse) -> bool:
    user = getattr(request, "user", None)
    return (getattr(response, "public_page", False)
            and request.method in ("GET", "HEAD")
            and response.status_code in _PUBLIC_STATUSES
            and not (user is not None and user.is_authenticated)
            # A page that sets a cookie (a form's CSRF cookie, a session) is this visitor's own.
            and not response.cookies)


class NoStoreMiddleware:
    """No page is kept by a browser or a proxy: signed-in pages hold the family's story and the
    names of the staff involved, and a shared computer's back button or disk cache must not show
    them to the next person. Static files (served by WhiteNoise before this runs) are cached as
    usual; everything else — pages, downloads, redirects, errors — gets ``no-store``, except a
    public page shown to a visitor who is not signed in (``public_page``), kept for five minutes."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(settings.STATIC_URL):
            return response
        if _may_be_kept(request, response):
            patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
            return response
        add_never_cache_headers(response)  # no-store, no-cache, must-revalidate, private
        response["Pragma"] = "no-cache"  # HTTP/1.0 caches
        return response


class NullCharacterInAddress(SuspiciousOperation):
    """A request's address (its path or query string) holds a NUL character."""


def refuse_null_characters(get_response: Callable[[HttpRequest], HttpResponse]
                           ) -> Callable[[HttpRequest], HttpResponse]:
    """A NUL in the address is a bad request (400): no page's address, search or filter holds
    one, and PostgreSQL refuses it in any text, so wherever it reached a query it was a server
    error. Forms refuse a NUL themselves, with a message (Django's ProhibitNullCharacters)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or any("\x00" in text for key, values in request.GET.lists()
                                         for text in (key, *values)):
            raise NullCharacterInAddress("The address holds a NUL character.")
        return get_response(request)

    return middleware
