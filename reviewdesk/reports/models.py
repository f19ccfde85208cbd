"""The review's report: the publication check on uploaded drafts.

A ``DraftCheck`` is one uploaded draft and its scan; its ``DraftFinding`` rows are the identifying
details the scanner found. A ``FalseAlarm`` is kept per review: text of a category, as one register
entry (or as an identifier the register does not hold), that someone judged not identifying, with
their reason. It hides matching findings on every check of that review and stops later scans
raising them: 'Mark' marked as an ordinary word does not hide the registered uncle Mark.

Everything here holds real identities (the file, its text, the findings' text and the original
file name): pages show them through the identity register, and audit summaries never hold them.
"""

import re
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from reviewdesk.reviews.models import IdentityEntry, Review


def normalise(text: str) -> str:
    """How a false alarm is matched: any case, any spacing, either apostrophe, possessive or not."""
    text = re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip().lower()
    return text[:-2] if text.endswith("'s") else text


class DraftCheck(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Checking"
        DONE = "done", "Checked"
        FAILED = "failed", "Could not be checked"

    class Kind(models.TextChoices):
        DOCX = "docx", "Word document"
        PDF = "pdf", "PDF"
        TXT = "txt", "Plain text"

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="draft_checks")
    number = models.PositiveIntegerField(help_text="1, 2, 3… within the review")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    # Stored under a random name: the name people give drafts often holds the child's name.
    file = models.FileField(upload_to="reports/drafts/", max_length=200)
    original_filename = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(help_text="Bytes")
    kind = models.CharField(max_length=4, choices=Kind.choices)
    # What the reader extracted at upload: the text every offset points into, and its parts as
    # [part, start, end, label] (see reviewdesk.lib.scanner.documents.Segment).
    text = models.TextField(blank=True)
    segments = models.JSONField(default=list, blank=True)
    words = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent scanned")
    error = models.TextField(blank=True, help_text="Why the check failed and what to do")
    skipped_false_alarms = models.PositiveIntegerField(
        default=0, help_text="Findings not raised because they were marked as false alarms")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    scan_seconds = models.FloatField(null=True, blank=True)
    # The worker's lease while it runs (renewed as it reports progress) and how many times a
    # worker has started it: a check whose lease runs out lost its worker, and is run once more
    # before it is marked failed (reviewdesk.jobs, manage.py recover_jobs).
    attempts = models.PositiveSmallIntegerField(default=0)
    lease_expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="draft_check_number_unique"),
        ]

    def __str__(self) -> str:
        return f"Publication check {self.number} on {self.review}"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def looks_stuck(self) -> bool:
        """Waiting far longer than any draft takes (no worker is running), or running with its
        lease run out (its worker stopped): the recovery sweep will run it again or fail it."""
        now = timezone.now()
        if self.status == self.Status.RUNNING:
            return self.lease_expires_at is not None and self.lease_expires_at < now
        return self.status == self.Status.QUEUED and now - self.created_at > timedelta(minutes=15)

    @property
    def was_retried(self) -> bool:
        """Started again after its worker stopped."""
        return self.attempts > 1 and not self.is_finished

    @property
    def is_docx(self) -> bool:
        return self.kind == self.Kind.DOCX


class FindingQuerySet(models.QuerySet):
    def visible(self) -> "FindingQuerySet":
        """Findings not hidden by a false alarm on their review: same text, same category and
        the same register entry (or, for both, none)."""
        alarms = FalseAlarm.objects.active().filter(
            review_id=OuterRef("draft_check__review_id"), normalised=OuterRef("normalised"),
            category=OuterRef("category"))
        return self.exclude(
            Q(Exists(alarms.filter(entry_id=OuterRef("entry_id"))), entry__isnull=False)
            | Q(Exists(alarms.filter(entry__isnull=True)), entry__isnull=True))


class DraftFinding(models.Model):
    class Source(models.TextChoices):
        REGISTER = "register", "The identity register"
        PATTERN = "pattern", "A pattern (numbers, postcodes, e-mail addresses)"
        MODEL = "model", "The language model (names, places)"

    draft_check = models.ForeignKey(DraftCheck, on_delete=models.CASCADE, related_name="findings")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.CharField(max_length=500)
    normalised = models.CharField(max_length=500, db_index=True)
    part = models.CharField(max_length=30)
    segment_label = models.CharField(max_length=200, blank=True)
    paragraph_start = models.PositiveIntegerField()
    paragraph_end = models.PositiveIntegerField()
    category = models.CharField(max_length=40)
    reason = models.CharField(max_length=500)
    suggestion = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    # Which register entry it is, so its tier decides who may read it; empty for unregistered
    # identifiers (people the register does not know), which only Tier.ALL may read.
    entry = models.ForeignKey(IdentityEntry, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")

    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["start", "end"]

    def __str__(self) -> str:
        return f"Finding {self.pk} ({self.category}) in check {self.draft_check_id}"


class FalseAlarmQuerySet(models.QuerySet):
    def active(self) -> "FalseAlarmQuerySet":
        return self.filter(undone_at__isnull=True)


class FalseAlarm(models.Model):
    """Text of one category, as one register entry (or none), judged not identifying on this
    review: not raised again."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="false_alarms")
    normalised = models.CharField(max_length=500)
    category = models.CharField(max_length=40)
    # The finding it was marked on, and its text as written.
    finding = models.ForeignKey(DraftFinding, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    text = models.CharField(max_length=500)
    # Part of what it matches: the finding's register entry; empty for identifiers the register
    # does not hold.
    entry = models.ForeignKey(IdentityEntry, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    reason = models.TextField()
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    marked_at = models.DateTimeField(auto_now_add=True)
    undone_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    undone_at = models.DateTimeField(null=True, blank=True)

    objects = FalseAlarmQuerySet.as_manager()

    class Meta:
        ordering = ["-marked_at"]
        # Two constraints, since NULLs are never equal in a unique index: once per entry, and
        # once for what the register does not hold.
        constraints = [
            models.UniqueConstraint(
                fields=["review", "normalised", "category", "entry"],
                name="false_alarm_once_per_entry",
                condition=Q(undone_at__isnull=True, entry__isnull=False)),
            models.UniqueConstraint(
                fields=["review", "normalised", "category"],
                name="false_alarm_once_unregistered",
                condition=Q(undone_at__isnull=True, entry__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"False alarm {self.pk} ({self.category}) on {self.review}"
