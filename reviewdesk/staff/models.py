"""The staff side of a review (DESIGN.md §2, stages 6 and 8).

The guide is written for staff: the people who worked with the child must understand why the
review is happening and what is expected of them, be kept informed, speak to the reviewer and
raise what they think matters, and be supported throughout. The review is never a disciplinary
process.

* ``Practitioner`` — a frontline member of staff on a review, with their manager as far as it is
  known; their name is in the identity register (staff tier), everyone without staff identities
  sees the role label the report will use ("Health Visitor 1").
* ``StaffUpdate`` — every notice a practitioner or manager was sent about the review: the first
  one telling them, and each update (a new terms of reference version, a meeting, changed advice,
  a progress digest), sent once.
* ``ExpectedStageDate`` — the dates the business manager expects the coming stages to start,
  shown to staff as progress.
* ``Question`` — a practitioner's question, answered by their agency's subgroup representative
  or the business manager.
* ``Meeting`` and ``Invitation`` — learning events, reviewer conversations and briefings, sent as
  calendar invitations (one per recipient), answered in the app, attendance on the day.
* ``Conversation`` — the lead reviewer's conversation with one practitioner; ``AreaRaised`` — what
  a practitioner wants the reviewer to consider. Read by the lead reviewer(s) only.
* ``SupportService``, ``SupportOffer``, ``SupportRequest``, ``SupportEscalationContact`` and
  ``TeamSupportSession`` — the support on offer, throughout.

Conversation notes, areas raised, support records and consent are never in any export, search or
page outside the roles access.py names (the review is separate from discipline).
"""

import uuid

from django.conf import settings
from django.db import models

from reviewdesk.accounts.models import Agency, Partnership
from reviewdesk.reviews.models import IdentityEntry, Recorded, Review, ReviewMembership, Stage
from reviewdesk.versioning import changed_at_field, changed_by_field, version_field

# --- Practitioners -------------------------------------------------------------------------------

class Practitioner(Recorded):
    """A member of staff who worked with the child or family, on one review.

    Their name and role label live in the identity register (``identity``); their sign-in in
    ``person``, with a practitioner membership of the review. The manager, where known, is a
    sign-in too (with a manager membership); ``manager_email`` keeps the address typed.
    """

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="practitioners")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="practitioner_roles")
    membership = models.OneToOneField(ReviewMembership, on_delete=models.PROTECT,
                                      related_name="practitioner")
    identity = models.ForeignKey(IdentityEntry, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    job_title = models.CharField("job", max_length=200)
    email = models.EmailField()
    manager = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.PROTECT, related_name="managed_practitioners")
    manager_email = models.EmailField("manager's e-mail", blank=True)
    added_on = models.DateField("date added to the review")
    # The first notice telling them about the review (StaffUpdate keeps every notice).
    told_on = models.DateField("date told about the review", null=True, blank=True)
    version = version_field()
    changed_by = changed_by_field()
    changed_at = changed_at_field()

    class Meta:
        ordering = ["agency__name", "identity__pseudonym", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "person"], name="one_practitioner_entry"),
        ]

    def __str__(self) -> str:
        return self.identity.pseudonym


# --- Keeping staff informed ---------------------------------------------------------------------

class StaffUpdate(Recorded):
    """One notice sent to a practitioner or manager about the review (delivery state on the
    notice). ``key`` is what the update was about, so each is sent once per person."""

    class Kind(models.TextChoices):
        TOLD = "told", "Told about the review"
        TERMS_OF_REFERENCE = "terms_of_reference", "New terms of reference"
        MEETING = "meeting", "Meeting"
        ADVICE = "advice", "Advice changed"
        PROGRESS = "progress", "Progress digest"
        QUESTION_ANSWERED = "question_answered", "Question answered"
        SUPPORT = "support", "Support"

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="staff_updates")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    practitioner = models.ForeignKey(Practitioner, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="updates")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    key = models.CharField(max_length=200, help_text="What it was about, e.g. tor-12")
    notice = models.ForeignKey("notices.Notice", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    sent_on = models.DateField()

    class Meta:
        ordering = ["-sent_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "person", "kind", "key"],
                                    name="one_staff_update_per_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.sent_on:%-d %B %Y})"


class ExpectedStageDate(Recorded):
    """When the business manager expects a coming stage to start, for staff's progress page."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT,
                               related_name="expected_stage_dates")
    stage = models.CharField(max_length=20, choices=Stage.choices)
    expected_on = models.DateField()

    class Meta:
        ordering = ["expected_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "stage"], name="one_expected_date_a_stage"),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()}: {self.expected_on:%-d %B %Y}"


class ProgressSettings(models.Model):
    """Whether staff also get each stage change as an e-mail digest (the business manager's
    choice); the page shows progress either way."""

    review = models.OneToOneField(Review, on_delete=models.PROTECT,
                                  related_name="staff_progress_settings")
    email_digest = models.BooleanField(default=False)
    changed_by = changed_by_field()
    changed_at = changed_at_field()

    def __str__(self) -> str:
        return "E-mail digest" if self.email_digest else "No e-mail digest"


class Question(Recorded):
    """A practitioner's question about the review or the advice in force."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="staff_questions")
    practitioner = models.ForeignKey(Practitioner, on_delete=models.PROTECT,
                                     related_name="questions")
    text = models.TextField("question")
    asked_on = models.DateField()
    # Their agency's CSPR subgroup representative on the review, or the business manager.
    routed_to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    lead_reviewer_asked_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(blank=True)
    answered_on = models.DateField(null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-asked_on", "-pk"]

    def __str__(self) -> str:
        return f"Question asked on {self.asked_on:%-d %B %Y}"


# --- Meetings and calendar invitations ----------------------------------------------------------

class Meeting(Recorded):
    """A meeting to diarise, sent as calendar invitations (one per recipient, naming only them).

    ``uid`` and ``sequence`` are the calendar's: a changed time is sent as the same UID with the
    next SEQUENCE, a cancellation as METHOD:CANCEL.
    """

    class Kind(models.TextChoices):
        LEARNING_EVENT = "learning_event", "Practitioner learning event"
        CONVERSATION = "conversation", "Conversation with the lead reviewer"
        BRIEFING = "briefing", "Briefing"

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="staff_meetings")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    place = models.CharField(max_length=300, help_text="A room, an address or a video link")
    agenda = models.TextField(blank=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_reason = models.TextField(blank=True)
    version = version_field()
    changed_by = changed_by_field()
    changed_at = changed_at_field()

    class Meta:
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return self.title


class Invitation(models.Model):
    """One person's invitation to a meeting: their answer and whether they came."""

    class Response(models.TextChoices):
        NONE = "", "Not answered"
        ATTENDING = "attending", "Attending"
        NOT_ATTENDING = "not_attending", "Not attending"
        REARRANGE = "rearrange", "Asked to rearrange"

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="invitations")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    practitioner = models.ForeignKey(Practitioner, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="invitations")
    # The SEQUENCE last sent to them (an update is sent when the meeting's is higher).
    sequence_sent = models.PositiveIntegerField(null=True, blank=True)
    cancellation_sent = models.BooleanField(default=False)
    response = models.CharField(max_length=20, choices=Response.choices, blank=True)
    response_note = models.TextField(blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(null=True, blank=True)
    attendance_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                               on_delete=models.PROTECT, related_name="+")
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_invitation_a_person"),
        ]

    def __str__(self) -> str:
        return f"Invitation to {self.meeting}"


# --- The reviewer and staff ---------------------------------------------------------------------

class Consent(models.TextChoices):
    QUOTED = "quoted", "Quoted anonymously"
    PARAPHRASED = "paraphrased", "Paraphrased only"
    NOT_USED = "not_used", "Not used"


class Conversation(Recorded):
    """The lead reviewer's conversation with one practitioner: asked for, a date agreed, held.
    The note is the lead reviewer(s)' only, and the business manager's if they share it."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "Asked for"
        OTHER_DATE_ASKED = "other_date_asked", "Practitioner asked for another date"
        BOOKED = "booked", "Booked"
        HELD = "held", "Held"
        WITHDRAWN = "withdrawn", "Withdrawn"

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="conversations")
    practitioner = models.ForeignKey(Practitioner, on_delete=models.PROTECT,
                                     related_name="conversations")
    requested_on = models.DateField()
    areas = models.TextField("areas the reviewer wants to explore")
    proposed_dates = models.JSONField(default=list, help_text="ISO dates and times offered")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REQUESTED)
    practitioner_reply = models.TextField(blank=True)
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    held_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)
    note_shared_with_business_manager = models.BooleanField(default=False)
    consent = models.CharField("how their contribution may be used", max_length=20,
                               choices=Consent.choices, blank=True)
    consent_recorded_on = models.DateField(null=True, blank=True)
    version = version_field()
    changed_by = changed_by_field()
    changed_at = changed_at_field()

    class Meta:
        ordering = ["-requested_on", "-pk"]

    def __str__(self) -> str:
        return f"Conversation asked for on {self.requested_on:%-d %B %Y}"


class AreaRaised(Recorded):
    """Something a practitioner wants the reviewer to consider. The lead reviewer(s) read it and
    answer; nobody else does."""

    class Status(models.TextChoices):
        NEW = "", "Not yet looked at"
        CONSIDERED = "considered", "Considered"
        IN_TERMS_OF_REFERENCE = "in_terms_of_reference", "Taken into the terms of reference"
        ANSWERED = "answered", "Answered"

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="areas_raised")
    practitioner = models.ForeignKey(Practitioner, on_delete=models.PROTECT,
                                     related_name="areas_raised")
    text = models.TextField("what they want the reviewer to consider")
    raised_on = models.DateField()
    status = models.CharField(max_length=30, choices=Status.choices, blank=True)
    reply = models.TextField(blank=True)
    replied_on = models.DateField(null=True, blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-raised_on", "-pk"]
        verbose_name_plural = "areas raised"

    def __str__(self) -> str:
        return f"Area raised on {self.raised_on:%-d %B %Y}"


# --- Support ------------------------------------------------------------------------------------

class SupportService(models.Model):
    """An agency's counselling or employee-assistance service, configured by the business manager.
    """

    agency = models.OneToOneField(Agency, on_delete=models.PROTECT, related_name="support_service")
    name = models.CharField(max_length=200)
    how_to_reach = models.TextField("how to reach it")
    changed_by = changed_by_field()
    changed_at = changed_at_field()

    def __str__(self) -> str:
        return self.name


class SupportEscalationContact(models.Model):
    """The senior person an unanswered "I can't get the support I need" goes to, once. They see
    that request only, not the review."""

    partnership = models.OneToOneField(Partnership, on_delete=models.PROTECT,
                                       related_name="support_escalation_contact")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    changed_by = changed_by_field()
    changed_at = changed_at_field()

    def __str__(self) -> str:
        return f"Support escalation contact for {self.partnership}"


class SupportOffer(Recorded):
    """Support offered to one practitioner, and what became of it."""

    class Source(models.TextChoices):
        LINE_MANAGER = "line_manager", "Their line manager"
        AGENCY_SERVICE = "agency_service", "Their agency's counselling or employee-assistance service"
        PARTNERSHIP = "partnership", "The partnership, through the business manager"

    class Status(models.TextChoices):
        OFFERED = "offered", "Offered"
        TAKEN_UP = "taken_up", "Taken up"
        DECLINED = "declined", "Declined"

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="support_offers")
    practitioner = models.ForeignKey(Practitioner, on_delete=models.PROTECT,
                                     related_name="support_offers")
    source = models.CharField(max_length=20, choices=Source.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OFFERED)
    offered_on = models.DateField()
    status_on = models.DateField(help_text="When it was offered, taken up or declined")
    follow_up_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)
    version = version_field()
    changed_by = changed_by_field()
    changed_at = changed_at_field()

    class Meta:
        ordering = ["-offered_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.get_status_display().lower()}"


class SupportRequest(Recorded):
    """"I can't get the support I need": the business manager is told at once and owes an answer
    in 2 working days; an overdue answer goes once to the partnership's senior contact."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="support_requests")
    practitioner = models.ForeignKey(Practitioner, on_delete=models.PROTECT,
                                     related_name="support_requests")
    text = models.TextField("what support they need")
    asked_on = models.DateField()
    task = models.ForeignKey("reviews.Task", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    action_taken = models.TextField("what was done", blank=True)
    answer = models.TextField("the answer to the practitioner", blank=True)
    answered_on = models.DateField(null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    escalated_on = models.DateField(null=True, blank=True)
    escalated_to = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    # What the senior contact did about it (they may record a note; they see nothing else).
    escalation_note = models.TextField("what the senior contact did", blank=True)
    escalation_noted_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-asked_on", "-pk"]

    def __str__(self) -> str:
        return f"Support asked for on {self.asked_on:%-d %B %Y}"


class TeamSupportSession(Recorded):
    """A manager's team support session: that it took place, and when. No content, ever."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT,
                               related_name="team_support_sessions")
    manager = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="+")
    held_on = models.DateField()

    class Meta:
        ordering = ["-held_on", "-pk"]


    def __str__(self) -> str:
        return f"Team support session on {self.held_on:%-d %B %Y}"
