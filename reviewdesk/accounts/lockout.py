"""Locking signing in after repeated failures, the same way on every way in.

Two limits, both kept by django-axes' tables:

- **One person's account from one place**: ``AXES_FAILURE_LIMIT`` failures (wrong passwords and
  wrong two-factor codes) for one e-mail address from one client address lock that address there
  for ``AXES_COOLOFF_TIME``. This is axes' own count.
- **One place, whatever the accounts** (password spraying): ``SIGN_IN_IP_LIMIT`` failures from one
  client address within ``SIGN_IN_IP_WINDOW_MINUTES`` lock that address. Counted here, from axes'
  failure log (one row per failure, with its time).

Either way, while locked the password (or code) is not even checked: the right one and a wrong one
get the same reply, so the lock cannot be used to test passwords. The client address is
``reviewdesk.client_address.client_ip`` (``AXES_CLIENT_IP_CALLABLE``).
"""

from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_credentials
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest
from django.utils import timezone


def address_locked(request: HttpRequest) -> bool:
    """Too many failures from this client address lately, whoever they were for."""
    since = timezone.now() - timedelta(minutes=settings.SIGN_IN_IP_WINDOW_MINUTES)
    return AccessFailureLog.objects.filter(
        ip_address=request.axes_ip_address, attempt_time__gte=since,
    ).count() >= settings.SIGN_IN_IP_LIMIT


class SignInHandler(AxesDatabaseHandler):
    """axes' database handler with the second limit: the client address across accounts."""

    def is_locked(self, request: HttpRequest, credentials: dict | None = None) -> bool:
        return super().is_locked(request, credentials) or address_locked(request)

    def user_login_failed(self, sender: object, credentials: dict, request: HttpRequest | None = None,
                          **kwargs: object) -> None:
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and not request.axes_locked_out and address_locked(request):
            # The middleware turns this into the lockout page, as axes does for an account.
            request.axes_locked_out = True
            request.axes_credentials = credentials


def _credentials(email: str | None) -> dict:
    return get_credentials(email)  # keyed as the user model's USERNAME_FIELD, ``email``


def is_locked(request: HttpRequest, email: str | None) -> bool:
    """Signing in as ``email`` from this request's address is locked (either limit)."""
    return not AxesProxyHandler.is_allowed(request, _credentials(email))


def count_failure(request: HttpRequest, email: str) -> bool:
    """A wrong answer other than a password (a two-factor code): counted as a failed sign-in, on
    both limits. True if that made (or found) the sign-in locked."""
    user_login_failed.send(sender=__name__, credentials=_credentials(email), request=request)
    return bool(getattr(request, "axes_locked_out", False))


def signed_in(request: HttpRequest, email: str) -> None:
    """Signing in is complete (both factors, for someone with two): their failures from this
    address are cleared. Not on the password alone, or someone who has the password could sign in
    again and again for more tries at the code."""
    AxesProxyHandler.update_request(request)
    AccessAttempt.objects.filter(username=email, ip_address=request.axes_ip_address).delete()
