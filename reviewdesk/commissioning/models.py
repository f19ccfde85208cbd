"""Commissioning and set-up (stages 4 and 5 of DESIGN.md §2).

The guide: once a review is commissioned, partner agencies, Ofsted, the Department for Education
and the National Panel are alerted and every agency that worked with the family secures its case
files (a copy made where the work continues). Then lead reviewer(s) are appointed, the subgroup
and the business manager draft the terms of reference, each agency names a chronology author, and
the terms of reference are shared with the staff involved.

The commissioning notices themselves are ``notices.Notice`` rows (purpose ``commissioning``):
they keep their recipients, time and delivery state, and the notices page retries failures.
"""

from django.conf import settings
from django.db import models

from reviewdesk.accounts.models import Agency, Partnership
from reviewdesk.reviews.models import Review, ReviewMembership
from reviewdesk.versioning import changed_at_field, changed_by_field, version_field


class NotNotified(models.Model):
    """For a learning review or other learning activity: partners 'do not tend to be notified',
    and the partnership agreed, case by case, not to send the commissioning notices."""

    review = models.OneToOneField(Review, on_delete=models.PROTECT, related_name="not_notified")
    reason = models.TextField()
    agreed_on = models.DateField("date it was agreed")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    on_behalf_of = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "decision not to notify"

    def __str__(self) -> str:
        return f"Not notified: {self.review}"


class CaseFileCheck(models.Model):
    """One line of a review's case-file checklist: one agency that worked with the family."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="case_file_checks")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    # Who confirmed the files are secured: a sign-in, or a name and role typed in.
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    confirmed_by_name = models.CharField(max_length=200, blank=True)
    confirmed_by_role = models.CharField(max_length=200, blank=True)
    confirmed_on = models.DateField("date the files were secured", null=True, blank=True)
    records_held = models.TextField("where the records are held", blank=True)
    copy_made = models.BooleanField(
        "copy made because work with the family continues", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    on_behalf_of = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["review", "agency"], name="one_case_file_line_per_agency")
        ]

    def __str__(self) -> str:
        return f"Case files: {self.agency} on {self.review}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_on is not None


class Reviewer(models.Model):
    """An independent reviewer the partnership may appoint to lead reviews."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="reviewers")
    full_name = models.CharField(max_length=200)
    email = models.EmailField()
    organisation = models.CharField(max_length=200, blank=True)
    expertise = models.TextField("areas of expertise", blank=True)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="reviewer_profile")
    is_active = models.BooleanField("may be appointed", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Decision 0023: a change made from an older version is refused.
    version = version_field()
    changed_by = changed_by_field()
    changed_at = changed_at_field()

    class Meta:
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "email"], name="reviewer_email_unique")
        ]

    def __str__(self) -> str:
        return self.full_name


class LeadReviewerAppointment(models.Model):
    """A reviewer appointed to lead one review, with their conflict-of-interest declaration."""

    class Conflict(models.TextChoices):
        NONE = "none", "No conflict of interest"
        DECLARED = "declared", "A possible conflict of interest"

    review = models.ForeignKey(Review, on_delete=models.PROTECT,
                               related_name="lead_reviewer_appointments")
    reviewer = models.ForeignKey(Reviewer, on_delete=models.PROTECT, related_name="appointments")
    membership = models.OneToOneField(ReviewMembership, on_delete=models.PROTECT, related_name="+")
    appointed_on = models.DateField()
    # A national review's reviewer is an external reviewer the Panel appointed.
    by_panel = models.BooleanField(default=False)
    conflict = models.CharField(max_length=10, choices=Conflict.choices)
    conflict_details = models.TextField(blank=True)
    acceptance_reason = models.TextField(
        blank=True, help_text="Why the business manager accepted a declared conflict")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    on_behalf_of = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["appointed_on", "pk"]

    def __str__(self) -> str:
        return f"Lead reviewer on {self.review}"


class TermsOfReference(models.Model):
    """One version of a review's terms of reference / scope. Every save is a new version; a
    version is approved as a whole, and a later change is a new draft."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="terms_of_reference")
    number = models.PositiveSmallIntegerField()
    period_from = models.DateField("period under review: from")
    period_to = models.DateField("period under review: to")
    lines_of_enquiry = models.TextField("key lines of enquiry")
    agencies = models.ManyToManyField(Agency, related_name="+", verbose_name="agencies in scope")
    methodology = models.TextField()
    scope_notes = models.TextField("other scope notes", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    approved_on = models.DateField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    approved_on_behalf_of = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                              on_delete=models.PROTECT, related_name="+")
    approval_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = "terms of reference version"
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="one_tor_version_number")
        ]

    def __str__(self) -> str:
        return f"Terms of reference v{self.number} for {self.review}"

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED


class TermsOfReferenceShare(models.Model):
    """The sharing log: one approved version sent to one member of staff involved."""

    version = models.ForeignKey(TermsOfReference, on_delete=models.PROTECT, related_name="shares")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    shared_at = models.DateTimeField(auto_now_add=True)
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    notice = models.ForeignKey("notices.Notice", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")

    class Meta:
        ordering = ["-shared_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "person"], name="share_once_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.version} shared"


class ChronologyAuthor(models.Model):
    """The professional an agency named to write its chronology, and when it is due."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="chronology_authors")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField("chronology due")
    named_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    on_behalf_of = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["review", "agency"], name="one_author_per_agency")
        ]

    def __str__(self) -> str:
        return f"Chronology author for {self.agency} on {self.review}"
