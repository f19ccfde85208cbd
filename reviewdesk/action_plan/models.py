"""The action plan: every model of the last stage, for the apps above it (decision 0061).

* ``Theme`` — the partnership's editable list of themes (defaults from the national themes),
  tagged on reviews (``ReviewTheme``), findings and recommendations (reviewdesk.findings,
  reviewdesk.learning).
* ``Finding`` and ``Recommendation`` — what the review found and recommends, entered or taken
  from the final report's numbered recommendations (reviewdesk.findings).
* ``PlanMeeting`` — a CSPR subgroup meeting: the extraordinary meeting that agrees a review's
  actions, or a monitoring meeting that accepts impact (reviewdesk.action_plan).
* ``Action`` — one agreed action: owner, due date, success criteria and how impact is assessed;
  ``DueDateRevision`` keeps each revised due date with its reason (reviewdesk.action_plan);
  ``ActionUpdate`` and ``EvidenceFile`` are the owner's progress and evidence
  (reviewdesk.progress).
* ``ActionsStatement`` — the public document on the actions taken, their impact and what more
  will be done (reviewdesk.statement).
* ``Briefing``, ``BriefingDocument`` and ``Reflection`` — the L&D subgroup's briefing sessions
  (on the meetings app's calendar invitations), the seven-minute briefing and what attendees will
  do differently (reviewdesk.briefings).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from reviewdesk.accounts.models import Agency, Partnership
from reviewdesk.reports.models import FinalReport
from reviewdesk.reviews.models import Clock, Recorded, Review
from reviewdesk.staff.models import Invitation, Meeting
from reviewdesk.versioning import changed_at_field, changed_by_field, version_field

# The national themes a partnership's list starts from (the Panel's annual reports' themes).
NATIONAL_THEMES = [
    "Neglect",
    "Domestic abuse",
    "Parental mental health",
    "Parental substance use",
    "Sudden unexpected death in infancy / safe sleep",
    "Non-accidental injury",
    "Child exploitation",
    "Child sexual abuse",
    "Information sharing",
    "Voice of the child",
    "Professional curiosity",
    "Escalation",
    "Interpreters and language",
    "School attendance",
    "Disabled children",
    "Adolescents and risk outside the home",
    "Men in the household",
    "Multi-agency working",
]


class Theme(models.Model):
    """One theme on the partnership's list. Retired, never deleted: old tags keep their word."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="themes")
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    national = models.BooleanField(default=False, help_text="One of the national themes")
    retired_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["partnership", "name"],
                                               name="one_theme_a_name")]

    def __str__(self) -> str:
        return self.name


class ReviewTheme(Recorded):
    """A theme tagged on a review as a whole."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="theme_tags")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="review_tags")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "theme"],
                                               name="one_tag_a_theme_a_review")]


class Source(models.TextChoices):
    ENTERED = "entered", "Entered"
    FINAL_REPORT = "final_report", "Taken from the final report"


class Finding(Recorded):
    """A finding of the review, numbered as in the report."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="findings")
    number = models.PositiveIntegerField()
    text = models.TextField()
    themes = models.ManyToManyField(Theme, blank=True, related_name="findings")
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.ENTERED)
    final_report = models.ForeignKey(FinalReport, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    # Removed, not deleted: the record keeps what was once agreed.
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_reason = models.TextField(blank=True)
    version = version_field()
    changed_by = changed_by_field()
    changed_at = changed_at_field()

    class Meta:
        ordering = ["review", "number", "pk"]

    def __str__(self) -> str:
        return f"Finding {self.number}"


class Recommendation(Recorded):
    """A recommendation of the review, numbered as in the report, each linked to its findings."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="recommendations")
    number = models.PositiveIntegerField()
    text = models.TextField()
    addressed_to = models.CharField(max_length=300, blank=True,
                                    help_text="The agencies or body it is addressed to")
    findings = models.ManyToManyField(Finding, blank=True, related_name="recommendations")
    themes = models.ManyToManyField(Theme, blank=True, related_name="recommendations")
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.ENTERED)
    final_report = models.ForeignKey(FinalReport, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_reason = models.TextField(blank=True)
    version = version_field()
    changed_by = changed_by_field()
    changed_at = changed_at_field()

    class Meta:
        ordering = ["review", "number", "pk"]

    def __str__(self) -> str:
        return f"Recommendation {self.number}"


class PlanMeeting(Recorded):
    """A CSPR subgroup meeting about actions: the extraordinary meeting at a review's conclusion
    (or on interim learning while it runs late) that agrees them, or a monitoring meeting."""

    class Kind(models.TextChoices):
        EXTRAORDINARY = "extraordinary", "Extraordinary subgroup meeting"
        MONITORING = "monitoring", "Monitoring meeting"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT,
                                    related_name="plan_meetings")
    # The review whose actions it agreed; empty for a monitoring meeting across reviews.
    review = models.ForeignKey(Review, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="plan_meetings")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    held_on = models.DateField("date it was held")
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    other_attendees = models.TextField(
        blank=True, help_text="Others present without a sign-in: one per line, with their agency")
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on:%-d %B %Y}"


class Action(Recorded):
    """One agreed action: what, who (an agency and a named owner), by when, how success is
    judged and how its impact will be assessed. Overdue when not completed by its due date."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Completed"
        IMPACT_SHOWN = "impact_shown", "Impact shown"
        CLOSED = "closed", "Closed with reasons"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="plan_actions")
    number = models.PositiveIntegerField()
    description = models.TextField()
    recommendations = models.ManyToManyField(Recommendation, blank=True, related_name="actions")
    # An action on interim learning, agreed while the review ran late (before its report).
    interim_learning = models.ForeignKey(Clock, null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="interim_actions")
    agreed_at = models.ForeignKey(PlanMeeting, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="actions_agreed")
    agreed_on = models.DateField()
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="plan_actions")
    # A named owner: a person with a sign-in, or a name (and e-mail address) without one.
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.PROTECT, related_name="plan_actions")
    owner_name = models.CharField(max_length=200, blank=True)
    owner_email = models.EmailField(blank=True)
    due_on = models.DateField("due date")
    original_due_on = models.DateField("original due date")
    success_criteria = models.TextField()
    impact_measure = models.TextField(help_text="What will be measured to show impact")
    impact_source = models.TextField(help_text="Where the measure comes from")
    impact_assessed_on = models.DateField("when impact will be assessed")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    completed_on = models.DateField(null=True, blank=True)
    completion_evidence = models.TextField(blank=True)
    impact_evidence = models.TextField(blank=True)
    impact_accepted_at = models.ForeignKey(PlanMeeting, null=True, blank=True,
                                           on_delete=models.PROTECT, related_name="impact_accepted")
    closed_reason = models.TextField(blank=True)
    last_update_on = models.DateField(null=True, blank=True)
    # Reminders sent once: each holds the due date it was sent for, so a revised date starts again.
    reminded_before_for = models.DateField(null=True, blank=True)
    reminded_on_day_for = models.DateField(null=True, blank=True)
    escalated_for = models.DateField(null=True, blank=True)
    version = version_field()
    changed_by = changed_by_field()
    changed_at = changed_at_field()

    class Meta:
        ordering = ["review", "number", "pk"]
        # The monitoring view's order: its first page read from the index, not by sorting every
        # action the partnership has.
        indexes = [models.Index(fields=["due_on", "review", "number"], name="action_by_due_date")]
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="one_action_a_number"),
            models.CheckConstraint(condition=~Q(owner__isnull=True, owner_name=""),
                                   name="an_action_has_an_owner"),
        ]

    def __str__(self) -> str:
        return f"Action {self.number}"

    @property
    def owner_label(self) -> str:
        return self.owner.display_name if self.owner else self.owner_name

    @property
    def is_open(self) -> bool:
        return self.status in {self.Status.NOT_STARTED, self.Status.IN_PROGRESS}


class DueDateRevision(Recorded):
    """A revised due date, with its reason; the action keeps the original."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="due_date_revisions")
    previous_due_on = models.DateField()
    new_due_on = models.DateField()
    reason = models.TextField()
    decided_on = models.DateField("date it was decided")

    class Meta:
        ordering = ["decided_on", "pk"]


class ActionUpdate(Recorded):
    """Something that happened to an action, in its history: a progress update with evidence,
    a change of status, impact accepted, or the action closed."""

    class Kind(models.TextChoices):
        PROGRESS = "progress", "Progress update"
        COMPLETED = "completed", "Completed"
        IMPACT = "impact", "Impact evidence"
        IMPACT_ACCEPTED = "impact_accepted", "Impact accepted by the subgroup"
        REOPENED = "reopened", "Reopened"
        CLOSED = "closed", "Closed with reasons"

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="updates")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    written_on = models.DateField("date of the update")
    text = models.TextField(blank=True)
    status_from = models.CharField(max_length=20, choices=Action.Status.choices, blank=True)
    status_to = models.CharField(max_length=20, choices=Action.Status.choices, blank=True)

    class Meta:
        ordering = ["written_on", "pk"]


class EvidenceFile(models.Model):
    """A file of evidence attached to an update (an audit, a policy, training figures)."""

    update = models.ForeignKey(ActionUpdate, on_delete=models.PROTECT, related_name="files")
    file = models.FileField(upload_to="action_plan/evidence/", max_length=200)
    name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Reflection {self.pk}"


class ActionsStatement(Recorded):
    """The public document on the actions taken, their impact and what more will be done:
    generated from the plan, edited, checked by the publication check and approved. Each new
    version replaces the last; published beside the report by choice."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="actions_statements")
    number = models.PositiveIntegerField()
    introduction = models.TextField(blank=True)
    # One entry per action: {"action": pk, "taken": str, "impact": str, "more": str}.
    body = models.JSONField(default=list, blank=True)
    what_more = models.TextField(blank=True)
    docx = models.FileField(upload_to="action_plan/statements/", max_length=200, blank=True)
    pdf = models.FileField(upload_to="action_plan/statements/", max_length=200, blank=True)
    # The publication check's result on the text: {"findings": [...], "checked_at": iso}.
    scan = models.JSONField(default=dict, blank=True)
    approved_on = models.DateField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    replaced_at = models.DateTimeField(null=True, blank=True)
    version = version_field()
    changed_by = changed_by_field()
    changed_at = changed_at_field()

    class Meta:
        ordering = ["review", "-number"]
        constraints = [models.UniqueConstraint(fields=["review", "number"],
                                               name="one_statement_a_number")]


class Briefing(Recorded):
    """A briefing session for a review, on the meetings app's calendar invitations: capacity
    and audience (the review's practitioners, and wider staff by agency)."""

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="briefing")
    capacity = models.PositiveIntegerField()
    online_link = models.URLField(blank=True)
    for_practitioners = models.BooleanField(default=True,
                                            help_text="The review's practitioners are invited")
    agencies = models.ManyToManyField(Agency, blank=True, related_name="briefings",
                                      help_text="Wider staff of these agencies are invited")

    def __str__(self) -> str:
        return f"Briefing: {self.meeting}"


class BriefingDocument(Recorded):
    """The seven-minute briefing: one page from the final report's findings and
    recommendations, edited, pseudonymised and checked by the publication check."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="briefing_documents")
    number = models.PositiveIntegerField()
    background = models.TextField(blank=True)
    findings = models.TextField(blank=True)
    practice = models.TextField("what it means for practice", blank=True)
    questions = models.TextField("questions for reflection", blank=True)
    docx = models.FileField(upload_to="action_plan/briefings/", max_length=200, blank=True)
    pdf = models.FileField(upload_to="action_plan/briefings/", max_length=200, blank=True)
    scan = models.JSONField(default=dict, blank=True)
    approved_on = models.DateField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    replaced_at = models.DateTimeField(null=True, blank=True)
    version = version_field()
    changed_by = changed_by_field()
    changed_at = changed_at_field()

    class Meta:
        ordering = ["review", "-number"]
        constraints = [models.UniqueConstraint(fields=["review", "number"],
                                               name="one_briefing_document_a_number")]


class Reflection(models.Model):
    """An attendee's reflection after a briefing: what they will do differently. Seen by the
    L&D subgroup only in aggregate, without names; the agency for counts (small groups merged)."""

    briefing = models.ForeignKey(Briefing, on_delete=models.PROTECT, related_name="reflections")
    # Only to stop a second answer; never shown beside the answer.
    invitation = models.OneToOneField(Invitation, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    answered_on = models.DateField()
    will_do_differently = models.TextField()
    useful = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="How useful the briefing was, 1 (not) to 5 (very)")

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Reflection {self.pk}"
