"""An e-mail backend that always fails, to test what users see when delivery fails."""

from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):  # noqa: ANN001, ANN201
        raise ConnectionRefusedError("the mail server refused the connection")
