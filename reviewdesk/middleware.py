"""Project-wide response headers."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    """No page is kept by a browser or a proxy: signed-in pages hold the family's story and the
    names of the staff involved, and a shared computer's back button or disk cache must not show
    them to the next person. Static files (served by WhiteNoise before this runs) are cached as
    usual; everything else — pages, downloads, redirects, errors — gets ``no-store``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(settings.STATIC_URL):
            add_never_cache_headers(response)  # no-store, no-cache, must-revalidate, private
            response["Pragma"] = "no-cache"  # HTTP/1.0 caches
        return response
