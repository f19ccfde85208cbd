"""Background work for accounts: e-mails are sent by the worker, after the change is committed."""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task


@task()
def send_email(to: list[str], subject: str, body: str) -> int:
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to, fail_silently=False)
