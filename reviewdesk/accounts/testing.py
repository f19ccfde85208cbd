"""Helpers for tests in any app."""

from django.test import Client
from django.utils import timezone

from reviewdesk.accounts.reauth import SESSION_KEY


def reauthenticated(client: Client) -> Client:
    """The client's session has just confirmed it's them (as the confirm page does), for tests
    of the exports that ask for it."""
    session = client.session
    session[SESSION_KEY] = timezone.now().timestamp()
    session.save()
    return client
