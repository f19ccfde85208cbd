"""An e-mail backend that always fails, to test what users see when delivery fails."""

import smtplib
from collections.abc import Sequence
from typing import NoReturn

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> NoReturn:
        raise ConnectionRefusedError("the mail server refused the connection")


class RefusingBackend(BaseEmailBackend):
    """The server is up and refuses every address: trying again later will not help."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> NoReturn:
        raise smtplib.SMTPRecipientsRefused({"ofsted@example.test": (550, b"No such user")})
