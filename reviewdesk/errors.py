import errno
import logging
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


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


# A full disk, a quota reached, a disk gone read-only or failing: the storage of uploaded and
# generated files could not take a file. (An object store's errors are added here when it is used.)
STORAGE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EROFS}


def storage_failed(exception: BaseException) -> bool:
    return isinstance(exception, OSError) and exception.errno in STORAGE_ERRNOS


class StorageFailureMiddleware:
    """A file that cannot be stored, or the database connection lost (issue 22 §2), ends the
    request with a page saying so, not a server error: the action's transaction has rolled back,
    so nothing was saved, and the person can try again. Logged for whoever runs the service."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if storage_failed(exception):
            logger.error("A file could not be stored (%s %s): %s", request.method, request.path,
                         exception)
            response = render(request, "errors/storage.html",
                              {"title": "Your file could not be saved"}, status=503)
            response["Retry-After"] = "600"
            return response
        if database_lost(exception):
            # The action's transaction never committed: nothing of it was saved. The page needs
            # no database (a new connection may not be there either).
            logger.error("The database connection was lost (%s %s): %s", request.method,
                         request.path, exception)
            response = HttpResponse(render_to_string("errors/database.html"), status=503)
            response["Retry-After"] = "30"
            return response
        return None


# PostgreSQL's classes of error for a lost connection: connection exceptions (08…) and the
# server shut down or restarting (57P…). A lock or serialisation failure, a deadlock or a
# cancelled statement is the query's own error and stays a server error.
LOST_CONNECTION_STATES = ("08", "57P")


def database_lost(exception: BaseException) -> bool:
    """The connection to the database went (the server restarted, a failover, the connection
    killed), by the driver's error: by the time this is asked Django may have connected again."""
    if connection.vendor != "postgresql" or not isinstance(exception,
                                                           OperationalError | InterfaceError):
        return False
    state = getattr(exception.__cause__, "sqlstate", None)
    return state is None or state.startswith(LOST_CONNECTION_STATES)
