"""Outbound messages (notices) and the partnership's editable templates for them.

Every message Review Desk sends about a review is kept here with its recipients, time and
delivery state, so it is visible in the app whatever the e-mail backend did with it. Notices
never carry real identities: they are written with pseudonyms and role labels, because e-mail
leaves the partnership.
"""

import uuid

from django.conf import settings
from django.db import models

from reviewdesk.accounts.models import Partnership
from reviewdesk.versioning import version_field


class NoticeTemplate(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE,
                                    related_name="notice_templates")
    key = models.SlugField(max_length=60)
    name = models.CharField(max_length=200)
    subject = models.CharField(max_length=300)
    body = models.TextField(help_text="Placeholders in {{ double braces }}; see the list beside "
                                      "the form.")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    # Decision 0023: a change made from an older version is refused.
    version = version_field()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "key"], name="one_template_per_key")
        ]

    def __str__(self) -> str:
        return self.name


class Notice(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="notices")
    review = models.ForeignKey("reviews.Review", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="notices")
    purpose = models.CharField(max_length=60, help_text="What the notice is for, e.g. "
                                                        "commissioning or a reminder")
    # Nothing is sent twice: a second notice with the same key is refused.
    dedupe_key = models.CharField(max_length=200, unique=True)
    recipient_label = models.CharField(max_length=200, help_text="e.g. Ofsted, West Kirkvale "
                                                                 "Police")
    recipients = models.JSONField(default=list)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    # Files sent with it, each {"filename", "content_type", "content"} as text: a calendar
    # invitation (.ics) for a meeting to diarise.
    attachments = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # Waiting after the mail server did not take it: when it is tried again by itself
    # (tasks.retry_due_notices, run by recover_jobs every minute).
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.subject} → {self.recipient_label}"
