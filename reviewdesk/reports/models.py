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

from reviewdesk.accounts.models import Agency, PartnerFor, Partnership
from reviewdesk.reviews.models import IdentityEntry, Recorded, Review


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


# --- The report stage ---------------------------------------------------------------------------
# Every model of the report stage lives here, as the staff side's live in staff/models.py: the
# stage's apps (comments, checklist, signoff, final_report) own the rules and pages for them.
# Like the publication check, versions hold real identities: the files and their outline are
# shown through the viewer's redactor, and audit summaries hold numbers and counts only.

class ReportVersion(Recorded):
    """One version of the report as the lead reviewer wrote it (.docx), with its publication
    check. ``written_on`` is the date the reviewer submitted it (recorded later, often)."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="report_versions")
    number = models.PositiveIntegerField(help_text="1, 2, 3… within the review")
    # Stored under a random name: the name people give drafts often holds the child's name.
    file = models.FileField(upload_to="reports/versions/", max_length=200)
    original_filename = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(help_text="Bytes")
    sha256 = models.CharField(max_length=64)
    note = models.CharField("what changed", max_length=500, blank=True)
    written_on = models.DateField("date of this version")
    # The document's blocks in order (reviewdesk.lib.report_outline.Block as dicts): what the
    # comparison, the comments' anchors and the checklist read, without opening the file again.
    outline = models.JSONField(default=list, blank=True)
    words = models.PositiveIntegerField(default=0)
    # Its publication check (one per version); findings are carried forward by text and category.
    draft_check = models.OneToOneField(DraftCheck, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="version")

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="report_version_unique"),
        ]

    def __str__(self) -> str:
        return f"Version {self.number} of the report on {self.review}"


class InformationRequest(Recorded):
    """A safeguarding partner's written request, under regulation 14, for information or a draft
    of the report, and the answer given."""

    class Asked(models.TextChoices):
        INFORMATION = "information", "Information"
        DRAFT = "draft", "A draft of the report"
        BOTH = "both", "Information and a draft of the report"

    review = models.ForeignKey(Review, on_delete=models.PROTECT,
                               related_name="information_requests")
    partner_for = models.CharField(max_length=20, choices=PartnerFor.choices)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    requested_on = models.DateField()
    asked = models.CharField(max_length=20, choices=Asked.choices)
    request = models.TextField("what was asked for")
    version = models.ForeignKey(ReportVersion, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", help_text="The draft sent, where one was")
    answered_on = models.DateField(null=True, blank=True)
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_on", "-pk"]

    def __str__(self) -> str:
        return f"Regulation 14 request {self.pk} on {self.review}"


class FamilyDraftCopy(Recorded):
    """A version given to a family member who took up the offer to see the draft: every open
    finding replaced. Logged with who made it; the copy itself is not kept."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="family_draft_copies")
    version = models.ForeignKey(ReportVersion, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey("family.FamilyMember", on_delete=models.PROTECT, related_name="+")
    given_on = models.DateField()
    findings_replaced = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-given_on", "-pk"]

    def __str__(self) -> str:
        return f"Draft copy {self.pk} for the family on {self.review}"


# --- Comment rounds (reviewdesk.comments) -------------------------------------------------------

class CommentRound(Recorded):
    """A round of comments on one version, open for a number of working days."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="comment_rounds")
    version = models.ForeignKey(ReportVersion, on_delete=models.PROTECT,
                                related_name="comment_rounds")
    number = models.PositiveIntegerField(help_text="1, 2, 3… within the review")
    opened_on = models.DateField()
    working_days = models.PositiveSmallIntegerField()
    # Working days after opened_on in England (reviewdesk.lib.workingdays): comments are taken
    # up to the end of this day.
    closes_on = models.DateField()
    reminded_at = models.DateTimeField(null=True, blank=True)
    # Closed as answered: refused while a comment has no answer.
    answered_on = models.DateField(null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="comment_round_unique"),
        ]

    def __str__(self) -> str:
        return f"Comment round {self.number} on {self.review}"


class Comment(Recorded):
    """A commenter's comment on a round's version: on one paragraph (by the document's own number,
    from the version's outline) or general. ``recorded_by`` is who typed it; ``author`` whose
    comment it is (a subgroup member speaks for their agency)."""

    class Answer(models.TextChoices):
        CHANGED = "changed", "Changed"
        NOT_CHANGED = "not_changed", "Not changed"
        DISCUSSION = "discussion", "For discussion"

    round = models.ForeignKey(CommentRound, on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    # The outline block it is on (its index in the version's outline) and the number the document
    # gives it ("3.2", "Paragraph 14"); both empty for a general comment.
    block = models.PositiveIntegerField(null=True, blank=True)
    anchor = models.CharField(max_length=100, blank=True)
    text = models.TextField()
    made_on = models.DateField()
    # After the closing date, only with the business manager's acceptance.
    late = models.BooleanField(default=False)
    late_accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="+")
    late_reason = models.TextField(blank=True)
    answer = models.CharField(max_length=20, choices=Answer.choices, blank=True)
    changed_in = models.ForeignKey(ReportVersion, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    answer_text = models.TextField(blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    answered_on = models.DateField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["round", "block", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(answer="changed") | Q(changed_in__isnull=False),
                name="comment_changed_names_version"),
            models.CheckConstraint(
                condition=~Q(answer="not_changed") | ~Q(answer_text=""),
                name="comment_not_changed_has_reason"),
        ]

    def __str__(self) -> str:
        return f"Comment {self.pk} in round {self.round_id}"


# --- What the report must contain (reviewdesk.checklist) ----------------------------------------

class RequiredSection(models.Model):
    """A section every report of the partnership must have, found by its heading: any of the
    headings (one per line, matched loosely)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE,
                                    related_name="required_sections")
    name = models.CharField(max_length=200)
    headings = models.TextField(help_text="Headings that count as this section, one per line")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class JargonTerm(models.Model):
    """A word or phrase reports should not use, with the plain alternative to suggest."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE,
                                    related_name="jargon_terms")
    term = models.CharField(max_length=100)
    plain = models.CharField("plain alternative", max_length=300)

    class Meta:
        ordering = ["term"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "term"], name="jargon_term_once"),
        ]

    def __str__(self) -> str:
        return self.term


class ChecklistResult(models.Model):
    """The checklist worked out for one version: each item with how it was judged. Worked out
    again when the partnership's lists or the version's findings change."""

    version = models.OneToOneField(ReportVersion, on_delete=models.CASCADE,
                                   related_name="checklist")
    # [{"key": "sections", "title": ..., "passed": bool, "how": ..., "details": [...]}, ...]
    items = models.JSONField(default=list)
    # Per paragraph: [{"block": i, "anchor": ..., "score": ..., "long_sentences": n, ...}, ...]
    paragraphs = models.JSONField(default=list, blank=True)
    worked_out_at = models.DateTimeField()
    seconds = models.FloatField(null=True, blank=True)
    # A hash of what it was worked out from besides the version (the partnership's lists, its
    # agencies' names, the measures' own version): when it differs, the result is stale.
    inputs = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"Checklist for {self.version}"


class ChecklistAcceptance(Recorded):
    """The business manager's reason why a checklist item is accepted as it is on one version, so
    it does not block sign-off."""

    version = models.ForeignKey(ReportVersion, on_delete=models.PROTECT,
                                related_name="checklist_acceptances")
    item = models.CharField(max_length=40)
    reason = models.TextField()
    accepted_on = models.DateField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["item", "-recorded_at"]
        constraints = [
            models.UniqueConstraint(fields=["version", "item"], condition=Q(withdrawn_at__isnull=True),
                                    name="one_acceptance_per_item"),
        ]

    def __str__(self) -> str:
        return f"{self.item} accepted on {self.version}"


# --- Sign-off (reviewdesk.signoff) --------------------------------------------------------------

class Approval(Recorded):
    """One approval of one version, in the guide's order: the subgroup's sign-off (by the business
    manager with the meeting date, or by each subgroup member), the Executive Group's sign-off and,
    separately, its decision on publication (``agrees`` False: not to publish, with reasons), and
    each safeguarding partner's approval. A later version withdraws every approval of an earlier
    one (``withdrawn_at``, ``withdrawn_by``)."""

    class Step(models.TextChoices):
        SUBGROUP = "subgroup", "CSPR subgroup sign-off"
        SUBGROUP_MEMBER = "subgroup_member", "A subgroup member's sign-off"
        EXECUTIVE = "executive", "Executive Group sign-off"
        PUBLICATION = "publication", "Executive Group's decision on publication"
        PARTNER = "partner", "Safeguarding partner's approval"

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="report_approvals")
    version = models.ForeignKey(ReportVersion, on_delete=models.PROTECT, related_name="approvals")
    step = models.CharField(max_length=20, choices=Step.choices)
    partner_for = models.CharField(max_length=20, choices=PartnerFor.choices, blank=True)
    # Whose approval it is (a subgroup member, a partner, an executive member); the business
    # manager records on their behalf or, for the subgroup and executive, for the meeting.
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField(help_text="The meeting's date, or the day the approval was given")
    agrees = models.BooleanField(default=True)
    reasons = models.TextField(blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(ReportVersion, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+",
                                     help_text="The later version that withdrew it")

    class Meta:
        ordering = ["decided_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(agrees=True) | ~Q(reasons=""),
                                   name="approval_refusal_has_reasons"),
            models.CheckConstraint(condition=~Q(step="partner") | ~Q(partner_for=""),
                                   name="approval_partner_names_partner"),
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()} of {self.version}"


class PublicationIntent(Recorded):
    """For a learning review or 'near miss' review: whether the report will be published, with
    reasons, as the subgroup decided case by case. The latest stands."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="publication_intents")
    decided_on = models.DateField()
    will_publish = models.BooleanField()
    reasons = models.TextField()

    class Meta:
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"Publication intent {self.pk} on {self.review}"


# --- The published form (reviewdesk.final_report) -----------------------------------------------

class FinalReport(Recorded):
    """The approved version as it will be published: a cleaned .docx (metadata, comments, tracked
    changes and author names stripped) and a PDF, made with LibreOffice or supplied by the
    reviewer and checked against the .docx. Kept for the publication stage."""

    class Source(models.TextChoices):
        CONVERTED = "converted", "Made from the Word document"
        SUPPLIED = "supplied", "Supplied by the lead reviewer, checked against the Word document"

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="final_reports")
    version = models.ForeignKey(ReportVersion, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=20, choices=Source.choices)
    docx = models.FileField(upload_to="reports/final/", max_length=200)
    pdf = models.FileField(upload_to="reports/final/", max_length=200)
    docx_sha256 = models.CharField(max_length=64)
    pdf_sha256 = models.CharField(max_length=64)
    # What was stripped from the .docx, and how the PDF's text compared with it.
    stripped = models.JSONField(default=dict, blank=True)
    text_check = models.JSONField(default=dict, blank=True)
    produced_on = models.DateField()
    # A newer final report (a fresh approval, a corrected PDF) replaces it; kept for the record.
    replaced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]

    def __str__(self) -> str:
        return f"Final report {self.pk} on {self.review}"
