"""An e-mail backend that always fails, set with ``settings.MAILERS`` in a test, to show what the
business manager sees when a notice cannot be delivered."""

from collections.abc import Sequence
from typing import NoReturn

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> NoReturn:
        raise ConnectionRefusedError("the mail server refused the connection")
