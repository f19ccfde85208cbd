"""Publication: every model of the publication stage, for the apps above it (decision 0060).

* ``Hold`` — a hold on publication, linked to a parallel process or standing alone, until it is
  released (reviewdesk.holds).
* ``AdvanceCopy`` — the date the final report went to the Panel and the Secretary of State; the
  earliest publication date is 7 working days after it (reviewdesk.holds).
* ``HarmAssessment`` and its lines — publication's likely impact on each child, vulnerable adult
  and family member, with mitigations (reviewdesk.publication).
* ``PublicationDateShared`` — the publication date told to a family member who asked for it
  (reviewdesk.publication).
* ``Publication`` — what is (to be) on the public page: scheduled, published, available on
  request or withdrawn, under a public slug, never an internal id (reviewdesk.publication,
  reviewdesk.on_request, reviewdesk.public_site).
* ``WithdrawalAgreement`` — each safeguarding partner's agreement to remove a report early
  (reviewdesk.on_request).
* ``ReportRequest`` — a member of the public's request for a report, with its due date and
  response (reviewdesk.public_site takes it, reviewdesk.on_request answers it).
* ``NationalCopy``, ``RepositoryDeposit`` and ``CopiesDecision`` — copies to Ofsted, the DfE and
  the Panel, the deposit in the national case review repository, and for a learning review the
  subgroup's decision on which copies go (reviewdesk.copies).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from reviewdesk.family.models import FamilyMember
from reviewdesk.parallel.models import ParallelProcess
from reviewdesk.reports.models import FinalReport
from reviewdesk.reviews.models import IdentityEntry, Recorded, Review


class Hold(Recorded):
    """A hold on publication. Linked to a parallel process (an inquest, criminal proceedings, a
    charging decision, a court order or reporting restriction) or standing alone with a reason.
    While it is not released, publishing is refused, naming it."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="publication_holds")
    process = models.ForeignKey(ParallelProcess, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="publication_holds",
                                help_text="The process publication waits for, if there is one")
    reason = models.TextField(help_text="Why publication is delayed")
    decided_by = models.CharField(
        max_length=200, help_text="Who decided to delay: for example the three safeguarding "
                                  "partners, or the chair of the CSPR subgroup")
    decided_on = models.DateField("date it was decided")
    # The business manager was told the linked process has concluded (once).
    release_alerted_on = models.DateField(null=True, blank=True)
    released_on = models.DateField("date it was released", null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    released_on_behalf_of = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                              on_delete=models.PROTECT, related_name="+")
    release_note = models.TextField(blank=True)

    class Meta:
        ordering = ["decided_on", "pk"]

    def __str__(self) -> str:
        return f"Hold {self.pk} on {self.review}"

    @property
    def in_force(self) -> bool:
        return self.released_at is None


class AdvanceCopy(Recorded):
    """The final report sent to the Panel and the Secretary of State before publication."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="advance_copies")
    final_report = models.ForeignKey(FinalReport, on_delete=models.PROTECT, related_name="+")
    sent_on = models.DateField("date it was sent")
    # 7 working days after sent_on, with England's bank holidays: kept as worked out then.
    earliest_publication_on = models.DateField()

    class Meta:
        ordering = ["-sent_on", "-pk"]
        verbose_name_plural = "advance copies"

    def __str__(self) -> str:
        return f"Advance copy {self.pk} on {self.review}"


class HarmAssessment(Recorded):
    """Publication's likely impact on each child, vulnerable adult and family member in the case.
    The latest stands; earlier ones are kept."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="harm_assessments")
    assessed_by = models.CharField(max_length=200,
                                   help_text="Who assessed it: a name and role, or a group")
    assessed_on = models.DateField("date it was assessed")
    conclusion = models.TextField(help_text="Overall: may the report be published, and how")
    mitigations = models.TextField(
        blank=True, help_text="For example: timing, a summary instead of the full report")

    class Meta:
        ordering = ["-assessed_on", "-pk"]

    def __str__(self) -> str:
        return f"Harm assessment {self.pk} on {self.review}"


class HarmAssessmentLine(models.Model):
    """The assessment for one person in the register."""

    assessment = models.ForeignKey(HarmAssessment, on_delete=models.PROTECT, related_name="lines")
    person = models.ForeignKey(IdentityEntry, on_delete=models.PROTECT, related_name="+")
    likely_impact = models.TextField()
    mitigation = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["assessment", "person"],
                                               name="one_harm_line_per_person")]

    def __str__(self) -> str:
        return f"Harm line {self.pk}"


class PublicationDateShared(Recorded):
    """A family member who asked to be told was told the publication date."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT,
                               related_name="publication_dates_shared")
    member = models.ForeignKey(FamilyMember, on_delete=models.PROTECT, related_name="+")
    publication_on = models.DateField("the publication date they were told")
    told_on = models.DateField("date they were told")
    how = models.CharField(max_length=200, blank=True, help_text="For example: by letter, by phone")

    class Meta:
        ordering = ["-told_on", "-pk"]

    def __str__(self) -> str:
        return f"Publication date shared {self.pk}"


class Publication(Recorded):
    """What the public page shows of one review, from scheduling to the end of its time on the
    website and after. Public addresses use ``slug``; nothing public ever shows an internal id."""

    class State(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"
        ON_REQUEST = "on_request", "Available on request"
        WITHDRAWN = "withdrawn", "Withdrawn"
        CANCELLED = "cancelled", "Schedule cancelled"

    class Content(models.TextChoices):
        REPORT = "report", "The final report"
        LEARNING_SUMMARY = "learning_summary", "A learning summary instead of the report"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="publications")
    slug = models.SlugField(max_length=80, unique=True,
                            help_text="The public address: letters, numbers and hyphens")
    title = models.CharField(max_length=200, help_text="Under the pseudonym, e.g. 'Child K'")
    summary = models.TextField(help_text="A short summary written for the public")
    content = models.CharField(max_length=20, choices=Content.choices, default=Content.REPORT)
    final_report = models.ForeignKey(FinalReport, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    # The public PDF: the final report's, or the learning summary uploaded for it.
    document = models.FileField(upload_to="publication/", max_length=200)
    document_sha256 = models.CharField(max_length=64)
    # The separate document on actions taken, their impact and what more will be done, public
    # only where the partnership chooses.
    actions_document = models.FileField(upload_to="publication/actions/", max_length=200,
                                        blank=True)
    actions_published = models.BooleanField(default=False)
    state = models.CharField(max_length=20, choices=State.choices, default=State.SCHEDULED)
    scheduled_for = models.DateField(null=True, blank=True)
    published_on = models.DateField(null=True, blank=True)
    # Fixed at publication from the partnership's setting then; a later change of the setting
    # affects later publications only.
    months_on_website = models.PositiveSmallIntegerField(null=True, blank=True)
    ends_on = models.DateField("planned end of its time on the website", null=True, blank=True)
    on_request_since = models.DateField(null=True, blank=True)
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawal_reason = models.TextField(blank=True)
    # The business manager published without the family being told the date, and why.
    family_override_reason = models.TextField(blank=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_on", "-pk"]
        constraints = [
            # One publication at a time per review (a withdrawn or cancelled one stays, as history).
            models.UniqueConstraint(
                fields=["review"], condition=Q(state__in=["scheduled", "published", "on_request"]),
                name="one_live_publication_per_review"),
        ]

    def __str__(self) -> str:
        return f"Publication {self.pk} on {self.review}"

    @property
    def is_public(self) -> bool:
        """Listed on the public page, with its files downloadable."""
        return self.state == self.State.PUBLISHED


class WithdrawalAgreement(Recorded):
    """One safeguarding partner's agreement to remove a report from the website early."""

    publication = models.ForeignKey(Publication, on_delete=models.PROTECT,
                                    related_name="withdrawal_agreements")
    partner_for = models.CharField(max_length=20)  # accounts.PartnerFor
    agreed_on = models.DateField()
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["agreed_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["publication", "partner_for"],
                                               name="one_withdrawal_agreement_per_partner")]

    def __str__(self) -> str:
        return f"Withdrawal agreement {self.pk}"


class ReportRequest(models.Model):
    """A member of the public asks for a report (on the website or available on request)."""

    class Response(models.TextChoices):
        SENT = "sent", "Sent"
        DECLINED = "declined", "Declined"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="requests")
    name = models.CharField(max_length=200)
    email = models.EmailField()
    reason = models.TextField(blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    received_on = models.DateField()
    due_on = models.DateField()
    # A keyed hash of the sender's address, for the per-address rate limit; never the address.
    client_hash = models.CharField(max_length=64, db_index=True)
    response = models.CharField(max_length=10, choices=Response.choices, blank=True)
    responded_on = models.DateField(null=True, blank=True)
    response_note = models.TextField(blank=True, help_text="When declined: the reasons")
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    on_behalf_of = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(response="declined") | ~Q(response_note=""),
                                   name="declined_request_has_reasons"),
        ]

    def __str__(self) -> str:
        return f"Request {self.pk}"


class NationalBody(models.TextChoices):
    OFSTED = "ofsted", "Ofsted"
    DFE = "dfe", "Department for Education"
    PANEL = "panel", "The National Panel"


class NationalCopy(Recorded):
    """The final report (with the actions taken) sent to a national body."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="national_copies")
    body = models.CharField(max_length=10, choices=NationalBody.choices)
    final_report = models.ForeignKey(FinalReport, on_delete=models.PROTECT, related_name="+")
    with_actions = models.BooleanField(default=False,
                                       help_text="The document on actions taken went with it")
    sent_on = models.DateField("date it was sent")

    class Meta:
        ordering = ["sent_on", "pk"]
        verbose_name_plural = "national copies"

    def __str__(self) -> str:
        return f"Copy to {self.get_body_display()} on {self.review}"


class RepositoryDeposit(Recorded):
    """The report deposited in the national case review repository."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="repository_deposits")
    deposited_on = models.DateField()
    reference = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-deposited_on", "-pk"]

    def __str__(self) -> str:
        return f"Repository deposit {self.pk}"


class CopiesDecision(Recorded):
    """For a learning or 'near miss' review (not inspected by Ofsted): the subgroup's decision on
    which national bodies get a copy. The latest stands."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="copies_decisions")
    decided_on = models.DateField()
    bodies = models.JSONField(default=list, blank=True)  # NationalBody values
    reasons = models.TextField()

    class Meta:
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"Copies decision {self.pk}"
