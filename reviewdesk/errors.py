from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception) if exception and str(exception) else "You may not do this."
    return render(request, "errors/403.html", {"title": "You may not do this", "message": message},
                  status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", {"title": "Page not found"}, status=404)


def ordinary_not_found(get_response: Callable[[HttpRequest], HttpResponse]
                       ) -> Callable[[HttpRequest], HttpResponse]:
    """With DEBUG on, Django answers a 404 with its technical page, which lists every URL pattern
    (or names the view and why it raised): the ordinary page instead, for everyone. A developer
    still sees the path in the log ("Not Found: …"). An outsider's 404 for a review then stays
    identical to a missing review's, as without DEBUG."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if response.status_code == 404 and settings.DEBUG:
            return not_found(request)
        return response

    return middleware
