"""The review case file: incidents, reviews, the team, the identity register, clocks, timeline."""

import uuid
from datetime import date

from django.conf import settings
from django.db import models

from reviewdesk.accounts.models import Agency, Partnership
from reviewdesk.lib.workingdays import late_by
from reviewdesk.versioning import changed_at_field, changed_by_field, version_field


class Stage(models.TextChoices):
    """The stages of DESIGN.md §2, in order."""

    NOTIFICATION = "notification", "Notification"
    RAPID_REVIEW = "rapid_review", "Rapid review"
    DECISION = "decision", "Partners' decision"
    COMMISSIONING = "commissioning", "Commissioning"
    SET_UP = "set_up", "Set-up: lead reviewer and terms of reference"
    INFORMING_STAFF = "informing_staff", "Informing staff"
    CHRONOLOGY = "chronology", "Chronology"
    CONVERSATIONS = "conversations", "Conversations with staff"
    FAMILY = "family", "Family involvement"
    REPORT = "report", "Report: drafting and sign-off"
    PUBLICATION = "publication", "Publication"
    ACTION_PLAN = "action_plan", "Action plan and briefings"
    CLOSED = "closed", "Closed"


STAGE_ORDER = list(Stage)


class ReviewKind(models.TextChoices):
    RAPID_REVIEW_ONLY = "rapid_review", "Rapid review"
    LOCAL_CSPR = "local_cspr", "Local child safeguarding practice review"
    LEARNING_REVIEW = "learning_review", "Local learning review / 'near miss'"
    OTHER_LEARNING = "other_learning", "Other learning activity"
    NATIONAL = "national", "National review by the Panel"


class Review(models.Model):
    """One review's case file, whatever its kind, from notification to the last action."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="reviews")
    reference = models.CharField(max_length=20, unique=True)
    kind = models.CharField(max_length=20, choices=ReviewKind.choices,
                            default=ReviewKind.RAPID_REVIEW_ONLY)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.NOTIFICATION)
    stage_since = models.DateField(help_text="Date the current stage took effect")
    initiated_on = models.DateField(
        null=True, blank=True, help_text="Date the partners decided to initiate the review"
    )
    closed_reason = models.TextField(blank=True)
    # The subject child: the first child recorded at intake. The review's title uses their
    # pseudonym only (a review of siblings is still 'Child A', not 'Child A, Child B').
    subject_child = models.ForeignKey(
        "IdentityEntry", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="The child the review is about; the first child recorded at intake",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        # Only the reference: names are rendered through the identity register, never here.
        return self.reference

    @property
    def stage_number(self) -> int:
        return STAGE_ORDER.index(Stage(self.stage)) + 1

    @property
    def is_open(self) -> bool:
        return self.stage != Stage.CLOSED


class Incident(models.Model):
    """A serious incident: a case the review looks at. A learning review may have several."""

    class WhatHappened(models.TextChoices):
        DEATH = "death", "The child died"
        SERIOUS_HARM = "serious_harm", "The child was seriously harmed"

    class AbuseOrNeglect(models.TextChoices):
        KNOWN = "known", "Known"
        SUSPECTED = "suspected", "Suspected"
        NOT_SUSPECTED = "not_suspected", "Neither known nor suspected"

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="incidents")
    what_happened = models.CharField(max_length=20, choices=WhatHappened.choices)
    abuse_or_neglect = models.CharField(max_length=20, choices=AbuseOrNeglect.choices)
    incident_date = models.DateField()
    la_aware_on = models.DateField("date the local authority became aware")
    summary = models.TextField()
    agencies = models.ManyToManyField(Agency, related_name="incidents", blank=True)
    # Known parallel processes: everyone on the review must know of them (what may be discussed
    # depends on them), and they name nobody, so they are shown to everyone who sees the review.
    police_investigation = models.BooleanField("a police investigation", default=False)
    inquest = models.BooleanField("an inquest", default=False)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        ordering = ["la_aware_on", "pk"]

    def __str__(self) -> str:
        return f"Incident on {self.incident_date:%d %b %Y}"

    @property
    def meets_notification_criteria(self) -> bool:
        """Abuse or neglect known or suspected, and the child died or was seriously harmed."""
        return self.abuse_or_neglect != self.AbuseOrNeglect.NOT_SUSPECTED


class IdentityEntry(models.Model):
    """One real person, place, organisation or identifier in the case, with its pseudonym.

    The register drives every view of a name: people without the right to see an identity get
    the pseudonym or role label instead.
    """

    class Kind(models.TextChoices):
        CHILD = "child", "Child"
        FAMILY = "family", "Parent, relative or family member"
        OTHER_PERSON = "other_person", "Other person (friend, neighbour, partner…)"
        PROFESSIONAL = "professional", "Professional (staff)"
        PLACE = "place", "Place or address"
        ORGANISATION = "organisation", "Organisation (school, GP surgery…)"
        IDENTIFIER = "identifier", "Identifier (NHS number, phone, e-mail…)"

    class Tier(models.TextChoices):
        FAMILY = "family", "Family identity"
        STAFF = "staff", "Staff identity"

    # Identifiers and addresses may share a placeholder ('[phone number]' for every phone number
    # in a published report): nobody needs to tell them apart by it. A person or an organisation
    # needs a pseudonym of their own, so that the personalised view can be reversed.
    SHARED_PLACEHOLDER_KINDS = ("identifier", "place")

    class IdentifierType(models.TextChoices):
        NHS_NUMBER = "nhs_number", "NHS number"
        PHONE = "phone", "Phone number"
        EMAIL = "email", "E-mail address"
        NI_NUMBER = "ni_number", "National Insurance number"
        VEHICLE = "vehicle", "Vehicle registration"
        # A postcode on its own identifies a household as surely as the full address.
        POSTCODE = "postcode", "Postcode"
        OTHER = "other", "Other"

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="identities")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    real_name = models.CharField(
        "real name or value", max_length=300,
        help_text="As it appears in records: the name, the address, the number",
    )
    pseudonym = models.CharField(
        "pseudonym or role label", max_length=100,
        help_text="What everyone without identity access sees, e.g. Child A, Mother, Health Visitor "
                  "1. Each person and organisation needs their own; identifiers and addresses may "
                  "share a placeholder such as [phone number]",
    )
    aliases = models.TextField(
        blank=True, help_text="Other names, nicknames and spellings, one per line"
    )
    date_of_birth = models.DateField(null=True, blank=True)
    role_title = models.CharField(
        "role or relationship", max_length=200, blank=True,
        help_text="For example: mother, health visitor, school",
    )
    identifier_type = models.CharField(max_length=20, choices=IdentifierType.choices, blank=True)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="identity_entries", help_text="The sign-in of a professional on the team",
    )
    belongs_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="details",
        help_text="Whose identifier or address this is",
    )
    is_public = models.BooleanField(
        default=False, help_text="Named in published reports (for example the lead reviewer)"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Decision 0023: an edit made from an older version is refused.
    version = version_field()
    changed_by = changed_by_field()
    changed_at = changed_at_field()

    class Meta:
        ordering = ["kind", "pseudonym"]
        verbose_name_plural = "identity entries"
        constraints = [
            models.UniqueConstraint(fields=["review", "pseudonym"], name="pseudonym_unique_in_review",
                                    condition=~models.Q(kind__in=["identifier", "place"]))
        ]

    def __str__(self) -> str:
        return self.pseudonym

    @property
    def tier(self) -> str:
        """Staff identities are the professionals; everything else identifies the family."""
        return self.Tier.STAFF if self.kind == self.Kind.PROFESSIONAL else self.Tier.FAMILY

    @property
    def may_share_pseudonym(self) -> bool:
        return self.kind in self.SHARED_PLACEHOLDER_KINDS

    @property
    def alias_list(self) -> list[str]:
        return [a.strip() for a in self.aliases.splitlines() if a.strip()]


class IncidentChild(models.Model):
    """A child named in an incident (up to four); the name and date of birth live in the register.

    The structured details are each optional (empty: not recorded). Who sees which is decided in
    ``names.Names.child_details`` (docs/decisions/0014): sex, first language and the need for an
    interpreter are family-tier details; the age at the incident and the legal status are shown
    to everyone who sees the review.
    """

    class Sex(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        INDETERMINATE = "indeterminate", "Not known or indeterminate"

    class LegalStatus(models.TextChoices):
        CHILD_IN_NEED = "child_in_need", "Child in need"
        CHILD_PROTECTION_PLAN = "child_protection_plan", "Child protection plan"
        LOOKED_AFTER = "looked_after", "Looked after"
        NONE = "none", "None"
        OTHER = "other", "Other"

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="children")
    identity = models.OneToOneField(IdentityEntry, on_delete=models.PROTECT, related_name="+")
    looked_after = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=1)
    sex = models.CharField(max_length=20, choices=Sex.choices, blank=True)
    legal_status = models.CharField("legal status at the time", max_length=30,
                                    choices=LegalStatus.choices, blank=True)
    first_language = models.CharField(max_length=100, blank=True)
    interpreter_needed = models.BooleanField("an interpreter is needed", null=True, blank=True)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return f"Child {self.position} of {self.incident}"


class Recorded(models.Model):
    """Who recorded something and when; on whose behalf where someone typed it for them."""

    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    on_behalf_of = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True


class ReviewRole(models.TextChoices):
    LEAD_REVIEWER = "lead_reviewer", "Lead reviewer"
    SUBGROUP_MEMBER = "subgroup_member", "CSPR subgroup member"
    AGENCY_AUTHOR = "agency_author", "Agency author"
    PRACTITIONER = "practitioner", "Practitioner"
    # A practitioner's line manager: sees what a practitioner sees, and their own staff's names.
    MANAGER = "manager", "Practitioner's manager"


class ReviewMembership(models.Model):
    """A person's role in one review. Ended, not deleted, when they leave the review."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="memberships")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="memberships")
    role = models.CharField(max_length=20, choices=ReviewRole.choices)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    identity = models.ForeignKey(IdentityEntry, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    started_on = models.DateField()
    added_at = models.DateTimeField(auto_now_add=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="+")
    ended_on = models.DateField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    end_reason = models.TextField(blank=True)
    # A subgroup member declares they had no direct contact with, or decision-making
    # responsibility for, the child or family (the guide); one who cannot is not added.
    no_contact_declared_at = models.DateTimeField(null=True, blank=True)
    no_contact_declaration = models.TextField(blank=True)

    class Meta:
        ordering = ["role", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "person", "role"], condition=models.Q(ended_at__isnull=True),
                name="one_active_membership_per_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} on {self.review}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class ClockKind(models.TextChoices):
    PANEL_NOTIFICATION = "panel_notification", "Panel notification (and local partners told)"
    RAPID_REVIEW = "rapid_review", "Rapid review complete, copy to the Panel"
    REVIEW_COMPLETION = "review_completion", "Review complete"
    DECISION_ESCALATION = "decision_escalation", "Independent scrutineer's final decision"


class ClockUnit(models.TextChoices):
    WORKING_DAYS = "working_days", "working days"
    MONTHS = "months", "months"


class ClockRule(models.Model):
    """A partnership's setting for one statutory clock, with where the rule comes from."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="clock_rules")
    kind = models.CharField(max_length=30, choices=ClockKind.choices)
    length = models.PositiveSmallIntegerField()
    unit = models.CharField(max_length=20, choices=ClockUnit.choices)
    starts_from = models.CharField(max_length=200)
    owed_by = models.CharField(max_length=200)
    source = models.CharField(max_length=300)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "kind"], name="one_rule_per_clock")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.length} {self.get_unit_display()}"


class Clock(models.Model):
    """A deadline on a review: when it started, when it is due, who owes it, whether it is met."""

    class DelayReason(models.TextChoices):
        POLICE_INVESTIGATION = "police_investigation", "Police investigation"
        INQUEST = "inquest", "Inquest"
        COURT_PROCEEDINGS = "court_proceedings", "Court proceedings"
        FAMILY_ENGAGEMENT = "family_engagement", "Engagement with the family"
        OTHER = "other", "Other"

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="clocks")
    incident = models.ForeignKey(Incident, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="clocks")
    kind = models.CharField(max_length=30, choices=ClockKind.choices)
    started_on = models.DateField()
    due_on = models.DateField()
    owed_by = models.CharField(max_length=200)
    rule_source = models.CharField(max_length=300)
    rule_text = models.CharField(max_length=200)
    met_on = models.DateField(null=True, blank=True)
    met_note = models.CharField(
        max_length=300, blank=True,
        help_text="Why met_on is not the day it was met: a step done before Review Desk that an "
                  "import gave no date for is met by the next date known")
    revised_due_on = models.DateField(null=True, blank=True)
    delay_reason = models.CharField(max_length=30, choices=DelayReason.choices, blank=True)
    delay_detail = models.TextField(blank=True)
    interim_learning = models.TextField(
        blank=True, help_text="Improvements captured and acted on while the review runs late"
    )
    # Decision 0023: marking it met or delayed from an older version is refused.
    version = version_field()
    changed_by = changed_by_field()
    changed_at = changed_at_field()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def is_delayed(self) -> bool:
        return self.revised_due_on is not None

    @property
    def effective_due_on(self) -> date:
        return self.revised_due_on or self.due_on


class TimelineEntry(models.Model):
    """Something that happened on a review: the review's own history, shown on its page."""

    class Kind(models.TextChoices):
        INCIDENT_RECORDED = "incident_recorded", "Incident recorded"
        STAGE_CHANGED = "stage_changed", "Stage changed"
        CLOCK_MET = "clock_met", "Deadline met"
        CLOCK_DELAYED = "clock_delayed", "Deadline delayed"
        MEMBER_ADDED = "member_added", "Added to the review"
        MEMBER_REMOVED = "member_removed", "Removed from the review"
        REGISTER_CHANGED = "register_changed", "Identity register changed"
        TASK_DONE = "task_done", "Task done"
        NOTE = "note", "Recorded"

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="timeline")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    title = models.CharField(max_length=200)
    detail = models.TextField(blank=True)
    from_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    subject = models.ForeignKey(
        IdentityEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="The register entry the event is about, rendered through the register",
    )
    effective_on = models.DateField()
    recorded_at = models.DateTimeField(auto_now_add=True)
    # None when Review Desk did it by itself, in the daily run (a scheduled publication
    # published, a report's time on the website ended): shown as "Review Desk".
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    on_behalf_of = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-effective_on", "-recorded_at", "-pk"]
        verbose_name_plural = "timeline entries"

    def __str__(self) -> str:
        return self.title


class Task(models.Model):
    """Something someone must do on a review by a date: a step of the rapid review plan, a
    request to an agency. Reminders go before and on the due date; overdue shows everywhere."""

    OPEN_STAGES = [s for s in Stage if s != Stage.CLOSED]

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="tasks")
    key = models.SlugField(max_length=60, blank=True,
                           help_text="Identifies tasks an app creates, e.g. rapid-review-meeting")
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.PROTECT, related_name="tasks")
    owner_label = models.CharField(max_length=200, blank=True,
                                   help_text="Who owes it, when it is not one person")
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    # Decision 0023: a change of due date or owner made from an older version is refused.
    version = version_field()
    changed_by = changed_by_field()
    changed_at = changed_at_field()

    class Meta:
        ordering = ["due_on", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_on is not None

    @property
    def done_late_by(self) -> int:
        """Working days after the due date it was done, measured from the date it was done
        (the effective date of the step that ticked it), not the day that was recorded."""
        if self.done_on is None:
            return 0
        return late_by(self.due_on, self.done_on)
