"""Each agency's chronology for a review: the files it sends (submissions) and their entries.

An agency's current chronology is the entries of its one accepted submission; a new accepted
upload supersedes it, and the earlier version stays, entries and all. Nothing is ever deleted: a
file with errors is either replaced by a corrected upload or accepted with its error rows
excluded, each exclusion kept with its codes, reason and who made it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from reviewdesk.accounts.models import Agency
from reviewdesk.reviews.models import Review
from reviewdesk.versioning import changed_at_field, changed_by_field, version_field


class Submission(models.Model):
    class Status(models.TextChoices):
        CHECKING = "checking", "Being checked"
        PROBLEMS = "problems", "Submitted with problems"
        READY = "ready", "Checked, not yet accepted"
        ACCEPTED = "accepted", "Accepted"
        SUPERSEDED = "superseded", "Earlier version"
        WITHDRAWN = "withdrawn", "Not used"

    class Kind(models.TextChoices):
        XLSX = "xlsx", "Excel workbook"
        CSV = "csv", "CSV file"
        DOCX = "docx", "Word document"
        BROWSER = "browser", "Entered in Review Desk"

    class Via(models.TextChoices):
        UPLOAD = "upload", "Uploaded"
        COMMAND = "command", "Imported by the data team"
        BROWSER = "browser", "Entered in Review Desk"

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="chronology_submissions")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(help_text="1, 2, 3… per agency on this review")
    via = models.CharField(max_length=10, choices=Via.choices, default=Via.UPLOAD)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+",
                                     help_text="Empty when the data team's command imported it")
    # Kept under a random name; the name the agency gave the file is shown to the team.
    file = models.FileField(upload_to="chronology/", max_length=200, blank=True)
    original_filename = models.CharField(max_length=255, blank=True)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    size = models.PositiveBigIntegerField(default=0)
    sheet = models.CharField(max_length=100, blank=True, help_text="The worksheet read (Excel)")
    headings = models.JSONField(default=list, blank=True, help_text="The file's column headings")
    mapping = models.JSONField(default=dict, blank=True,
                               help_text="Our column key -> the file's column index (or null)")
    default_source = models.CharField(max_length=300, blank=True,
                                      help_text="Source of information for rows without one")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.CHECKING)
    progress = models.PositiveSmallIntegerField(default=0)
    # While being checked: the worker's lease (renewed as it reports progress) and how many times
    # a worker has started the check. A check whose lease runs out lost its worker, and is run
    # once more before it is marked failed (reviewdesk.jobs, manage.py recover_jobs).
    attempts = models.PositiveSmallIntegerField(default=0)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    rows_total = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    warning_count = models.PositiveIntegerField(default=0)
    # Every problem found, as dicts of reviewdesk.chronology.checks.Problem, until accepted.
    problems = models.JSONField(default=list, blank=True)
    # The day the agency's chronology reached the partnership (recorded perhaps days later):
    # lateness against the author's due date is measured from it, never from created_at. Empty
    # while a version typed in Review Desk is a draft: it is received when it is sent.
    received_on = models.DateField("date received", null=True, blank=True,
                                   default=timezone.localdate)
    # Acceptance is the business manager's or a lead reviewer's decision, on the day it took
    # effect; accepted_at is when it was recorded.
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    accepted_on = models.DateField("date accepted", null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    # An accepted chronology is settled; the business manager reopens it with a reason, and the
    # changes form a new version (``revises`` this one) that is accepted again.
    reopened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    reopened_on = models.DateField("date reopened", null=True, blank=True)
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopen_reason = models.TextField("why it was reopened", blank=True)
    revises = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+",
                                help_text="The accepted version this one changes, once reopened")
    created_at = models.DateTimeField(auto_now_add=True)
    # Decision 0023: the columns chosen from an older edit version are refused. ``version`` is
    # the submission's number, so its edit version has its own name.
    edit_version = version_field()
    edit_version_field = "edit_version"
    changed_by = changed_by_field()
    changed_at = changed_at_field()

    class Meta:
        ordering = ["agency__name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["review", "agency", "version"],
                                    name="chronology_version_unique"),
            models.UniqueConstraint(fields=["review", "agency"],
                                    condition=models.Q(status="accepted"),
                                    name="one_accepted_chronology_per_agency"),
        ]

    def __str__(self) -> str:
        return f"Chronology version {self.version} from {self.agency} on {self.review}"

    @property
    def is_waiting(self) -> bool:
        """Being checked, but no worker has taken it up yet."""
        return (self.status == self.Status.CHECKING and self.lease_expires_at is None
                and self.progress == 0)

    @property
    def lost_its_worker(self) -> bool:
        """Being checked, with its lease run out: the recovery sweep will run it again or fail it."""
        return (self.status == self.Status.CHECKING and self.lease_expires_at is not None
                and self.lease_expires_at < timezone.now())

    @property
    def was_retried(self) -> bool:
        return self.status == self.Status.CHECKING and self.attempts > 1

    @property
    def is_draft(self) -> bool:
        """Typed in Review Desk and not yet sent: not received, so not measured for lateness."""
        return self.kind == self.Kind.BROWSER and self.received_on is None


class ExcludedRow(models.Model):
    """An error row left out when a file was accepted: listed on the submission for good."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="excluded_rows")
    row_ref = models.CharField(max_length=20)
    row_label = models.CharField(max_length=40)
    codes = models.JSONField(default=list, help_text="The check codes of the row's errors")
    reason = models.TextField()
    excluded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    excluded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submission", "id"]

    def __str__(self) -> str:
        return f"{self.row_label} excluded from {self.submission}"


class Entry(models.Model):
    """One event in an agency's chronology, as read from its file (or typed in Review Desk)."""

    class Precision(models.TextChoices):
        DAY = "day", "Day"
        MONTH = "month", "Month"
        YEAR = "year", "Year"

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="entries")
    # For month or year precision, the first day of the month or year.
    date = models.DateField()
    precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)
    uncertain = models.BooleanField(default=False)
    time = models.TimeField(null=True, blank=True)
    sequence = models.PositiveIntegerField(null=True, blank=True, help_text="Order within a day")
    source = models.TextField("source of information")
    role = models.TextField("practitioner role", blank=True)
    event = models.TextField("event / contact")
    action = models.TextField("action / outcome", blank=True)
    analysis = models.TextField("analysis / comment", blank=True)
    # Warnings kept on the entry and shown (dicts of checks.Problem).
    warnings = models.JSONField(default=list, blank=True)
    # Where it came from, as the author sees it: "7" / "Row 7", "2.4" / "Table 2, row 4".
    row_ref = models.CharField(max_length=20, blank=True)
    row_label = models.CharField(max_length=40, blank=True)
    position = models.PositiveIntegerField(default=0, help_text="Order in the file")
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    edited_at = models.DateTimeField(null=True, blank=True)
    # The edit's version (not the chronology's ``Submission.version``): decision 0023.
    version = version_field()
    # In a version made after reopening: the accepted entry this one was copied from.
    carried_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")

    class Meta:
        ordering = ["date", "sequence", "position"]
        indexes = [
            models.Index(fields=["submission", "position"], name="chron_entry_in_file"),
            # Every column the merged order and its page's query read (merge.py): a page's ids
            # come from this index alone.
            models.Index(fields=["review", "date", "precision", "sequence", "time", "agency",
                                 "position", "id", "submission"],
                         name="chron_entry_merged_order"),
        ]
        verbose_name_plural = "entries"

    def __str__(self) -> str:
        return f"Chronology entry {self.pk} ({self.agency})"


class DuplicateDecision(models.Model):
    """The reviewer's decision on a suggested duplicate: two agencies' records of one event.

    Linking never deletes: both entries stay, the later-listed one shown as a duplicate of the
    other. A dismissed suggestion is not suggested again.
    """

    class Decision(models.TextChoices):
        LINKED = "linked", "Same event"
        DISMISSED = "dismissed", "Not the same event"

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="+")
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="duplicate_decisions")
    original = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    reason = models.CharField(max_length=300, blank=True, help_text="Why it was suggested")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_at"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "original"], name="one_decision_per_pair"),
        ]

    def __str__(self) -> str:
        return f"Entry {self.entry_id} {self.get_decision_display().lower()} as entry {self.original_id}"


class Significance(models.Model):
    """An entry the reviewer marks as significant (a key practice episode), with their note."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="+")
    entry = models.OneToOneField(Entry, on_delete=models.PROTECT, related_name="significance")
    note = models.TextField(blank=True)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    marked_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["entry__date"]
        verbose_name_plural = "significance marks"

    def __str__(self) -> str:
        return f"Entry {self.entry_id} marked significant"


# --- The anonymised search text ----------------------------------------------------------------
# What a reader of the anonymised view searches: each current entry's text fields as that view
# shows them, built in the background for one version of the review's identity register
# (search_text.py). Derived data: deleted with what it is derived from.

class SearchRegister(models.Model):
    """The version of a review's identity register the anonymised search text is built for:
    bumped whenever what the anonymiser replaces changes (``fingerprint``)."""

    review = models.OneToOneField(Review, primary_key=True, on_delete=models.CASCADE,
                                  related_name="+")
    version = models.PositiveIntegerField(default=0)
    fingerprint = models.CharField(max_length=64, blank=True,
                                   help_text="SHA-256 of the register entries the anonymiser hides")
    queued_at = models.DateTimeField(null=True, blank=True,
                                     help_text="When a rebuild was last queued (none running)")

    def __str__(self) -> str:
        return f"Search register version {self.version} of review {self.review_id}"


class AnonymisedSubmission(models.Model):
    """The register version a submission's entries' anonymised text was built at."""

    submission = models.OneToOneField(Submission, primary_key=True, on_delete=models.CASCADE,
                                      related_name="+")
    register_version = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"Submission {self.submission_id} anonymised at version {self.register_version}"


class AnonymisedText(models.Model):
    """An entry's five text fields as the anonymised view shows them, joined by
    ``filters.FIELD_SEPARATOR``: what the keyword and person filters read for that view (a
    trigram GIN index on PostgreSQL, migration 0009)."""

    entry = models.OneToOneField(Entry, primary_key=True, on_delete=models.CASCADE,
                                 related_name="anonymised")
    text = models.TextField()

    def __str__(self) -> str:
        return f"Anonymised text of entry {self.entry_id}"


# --- Possible duplicates, worked out once --------------------------------------------------------
# Finding likely duplicates compares every entry with the others of its day and the next: seconds
# for tens of thousands of entries. It is done once for each set of accepted chronologies, in the
# background after an acceptance (duplicates.refresh), and stored; pages and exports read the
# stored pairs, leaving out those decided since and any entry hidden from the reader. Derived
# data: deleted with what it is derived from.

class DuplicateScan(models.Model):
    """For which accepted chronologies the review's stored suggestions were worked out."""

    review = models.OneToOneField(Review, primary_key=True, on_delete=models.CASCADE,
                                  related_name="+")
    fingerprint = models.CharField(max_length=64, blank=True,
                                   help_text="SHA-256 of the accepted submissions compared")
    built_at = models.DateTimeField(null=True, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True,
                                     help_text="When a refresh was last queued (none running)")

    def __str__(self) -> str:
        return f"Duplicate suggestions of review {self.review_id}"


class DuplicateSuggestion(models.Model):
    """A likely duplicate as worked out: ``entry`` (listed later) and ``original``; ``rank`` 1
    is the most likely."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="+")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="+")
    original = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    reason = models.CharField(max_length=300)
    rank = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["review", "rank"], name="duplicate_suggestion_rank")]

    def __str__(self) -> str:
        return f"Entry {self.entry_id} may be a duplicate of entry {self.original_id}"
