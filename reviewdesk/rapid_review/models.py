"""The rapid review (DESIGN.md §2, stages 1 and 2): the statutory notifications for each incident,
the agency summary requests, the rapid review meetings and the rapid review record the partners
decide on and the Panel receives a copy of.

The plan's steps are ``reviews.Task`` rows with keys starting ``rapid-review-`` (see plan.py).
"""

import uuid

from django.conf import settings
from django.db import models

from reviewdesk.accounts.models import Agency, PartnerFor
from reviewdesk.lib.workingdays import late_by
from reviewdesk.reviews.models import Incident, Review
from reviewdesk.versioning import changed_at_field, changed_by_field, version_field


class Notification(models.Model):
    """The notifications one incident needs: the National Panel and the local partners within
    5 working days of the local authority becoming aware; for a looked-after child's death, Ofsted
    and the Secretary of State as well, whether or not abuse or neglect is suspected."""

    incident = models.OneToOneField(Incident, on_delete=models.PROTECT, related_name="notification")
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="notifications")
    panel_notified_on = models.DateField("date the Panel was notified", null=True, blank=True)
    panel_reference = models.CharField(
        "reference from the national notification system", max_length=100, blank=True)
    partners_told_on = models.DateField("date the local partners were told", null=True, blank=True)
    ofsted_notified_on = models.DateField("date Ofsted was notified", null=True, blank=True)
    secretary_of_state_notified_on = models.DateField(
        "date the Secretary of State was notified", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    # Decision 0023: a change made from an older version is refused.
    version = version_field()

    def __str__(self) -> str:
        return f"Notification for {self.incident}"

    @property
    def panel_and_partners_done(self) -> bool:
        return bool(self.panel_notified_on and self.panel_reference and self.partners_told_on)


class SummaryRequest(models.Model):
    """One agency's summary for the rapid review, asked of its named contact."""

    class State(models.TextChoices):
        REQUESTED = "requested", "Requested"
        SUBMITTED = "submitted", "Sent, waiting to be checked"
        ACCEPTED = "accepted", "Accepted"
        RETURNED = "returned", "Returned for more work"

    OPEN_STATES = (State.REQUESTED, State.RETURNED)

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="summary_requests")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    contact = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="summary_requests",
                                help_text="The agency's named contact, who writes the summary")
    state = models.CharField(max_length=20, choices=State.choices, default=State.REQUESTED)
    due_on = models.DateField()
    requested_on = models.DateField(help_text="Date the request took effect")
    requested_at = models.DateTimeField(auto_now_add=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    what_known = models.TextField("what the agency knew and did", blank=True)
    immediate_actions = models.TextField("immediate actions taken to keep children safe", blank=True)
    early_learning = models.TextField("early learning", blank=True)
    # The date the summary was received: today when the named contact sends it here; the day it
    # really arrived when the business manager records one that came another way. Lateness is
    # measured from it, never from the day it was typed in (submitted_at).
    submitted_on = models.DateField("date received", null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    checked_on = models.DateField("date accepted or returned", null=True, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    return_reason = models.TextField(blank=True)
    times_returned = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["agency__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "agency"], name="one_summary_request_per_agency")
        ]

    def __str__(self) -> str:
        return f"Summary request to {self.agency} on {self.review}"

    @property
    def is_open(self) -> bool:
        """Waiting for the agency: asked for, or returned to it for more work."""
        return self.state in self.OPEN_STATES

    @property
    def received_late_by(self) -> int | None:
        """Working days after the due date the summary was received (0: on time); None until it
        is received. Measured from the date received, not the day it was recorded."""
        if self.submitted_on is None or self.is_open:
            return None
        return late_by(self.due_on, self.submitted_on)


class Meeting(models.Model):
    """A rapid review meeting of the partners and the agencies involved."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    review = models.ForeignKey(Review, on_delete=models.PROTECT,
                               related_name="rapid_review_meetings")
    held_on = models.DateField("date of the meeting")
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", blank=True)
    other_attendees = models.TextField(blank=True, help_text="People without a sign-in, one a line")
    notes = models.TextField(blank=True)
    immediate_actions = models.TextField("immediate actions to keep children safe", blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    # Decision 0023: a change made from an older version is refused.
    version = version_field()
    changed_by = changed_by_field()
    changed_at = changed_at_field()

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"Rapid review meeting on {self.held_on:%d %b %Y}"

    @property
    def other_attendee_list(self) -> list[str]:
        return [line.strip() for line in self.other_attendees.splitlines() if line.strip()]


class Answer(models.TextChoices):
    MET = "met", "Met"
    NOT_MET = "not_met", "Not met"
    UNCLEAR = "unclear", "Unclear"


class NationalView(models.TextChoices):
    RECOMMEND = "recommend", "Recommend a national review"
    DO_NOT_RECOMMEND = "do_not_recommend", "Do not recommend a national review"


# The criteria for a local child safeguarding practice review (Working Together 2018 ch. 4;
# the Child Safeguarding Practice Review and Relevant Agency (England) Regulations 2018).
CRITERIA = [
    ("a", "improvements needed",
     "(a) Highlights or may highlight improvements needed to safeguard and promote the welfare of "
     "children, including where those improvements have been previously identified"),
    ("b", "recurrent themes",
     "(b) Highlights or may highlight recurrent themes in the safeguarding and promotion of the "
     "welfare of children"),
    ("c", "agencies working together",
     "(c) Highlights or may highlight concerns regarding two or more organisations or agencies "
     "working together effectively to safeguard and promote the welfare of children"),
    ("d", "the Panel's view",
     "(d) The Child Safeguarding Practice Review Panel has considered the case and indicated that "
     "a local review may be more appropriate"),
]
CRITERION_KEYS = [key for key, _short, _text in CRITERIA]


class RapidReviewRecord(models.Model):
    """What the rapid review found: one per review, changed by the business manager until the
    rapid review is complete, then kept as it was sent to the Panel."""

    review = models.OneToOneField(Review, on_delete=models.PROTECT,
                                  related_name="rapid_review_record")
    facts_established = models.TextField(blank=True)
    immediate_actions = models.TextField("immediate actions taken", blank=True)
    practice_strengths = models.TextField(blank=True)
    learning_local = models.TextField("learning identified (local)", blank=True)
    learning_national = models.TextField("learning of possible national significance", blank=True)
    criterion_a = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    evidence_a = models.TextField(blank=True)
    criterion_b = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    evidence_b = models.TextField(blank=True)
    criterion_c = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    evidence_c = models.TextField(blank=True)
    criterion_d = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    evidence_d = models.TextField(blank=True)
    national_review_view = models.CharField(max_length=20, choices=NationalView.choices,
                                            blank=True)
    national_review_reasons = models.TextField(blank=True)
    panel_copy_sent_on = models.DateField("date the copy was sent to the Panel", null=True,
                                          blank=True)
    panel_copy_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                               on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    # Decision 0023: a change made from an older version is refused.
    version = version_field()

    def __str__(self) -> str:
        return f"Rapid review record for {self.review}"

    def criteria(self) -> list[tuple[str, str, str, str]]:
        """(key, criterion text, answer label, evidence) for each criterion, in order."""
        return [(key, text, getattr(self, f"get_criterion_{key}_display")(),
                 getattr(self, f"evidence_{key}")) for key, _short, text in CRITERIA]


class SignOff(models.Model):
    """One safeguarding partner's sign-off of the rapid review record. Each of the three signs
    off once (or the business manager records it on their behalf); the plan's sign-off step is
    done when all three have, on the date of the last of them. A change to the record after a
    partner has signed off withdraws the sign-offs so far: they sign off what is sent."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT,
                               related_name="rapid_review_sign_offs")
    partner_for = models.CharField(max_length=20, choices=PartnerFor.choices)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+", help_text="The partner who signed it off")
    signed_on = models.DateField("date signed off")
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    withdrawn_at = models.DateTimeField(null=True, blank=True,
                                        help_text="When a change to the record withdrew it")

    class Meta:
        ordering = ["signed_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "partner_for"],
                                    condition=models.Q(withdrawn_at__isnull=True),
                                    name="one_sign_off_per_partner")
        ]

    def __str__(self) -> str:
        return f"{self.get_partner_for_display()} sign-off of {self.review}"

    @property
    def on_behalf_of(self) -> object | None:
        """The partner, when someone else (the business manager) recorded it for them."""
        return self.signed_by if self.recorded_by_id != self.signed_by_id else None
