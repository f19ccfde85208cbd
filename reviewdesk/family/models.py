"""The family's involvement in a review (DESIGN.md §2, stage 9).

The guide: family members (and sometimes friends) are invited to contribute in whatever way they
can, and siblings are considered with care. The lead reviewer runs it:

* ``FamilyMember`` — who to approach, from the identity register: relationship, how to approach
  them, language and interpreter, support needs, who is best placed to make the approach; or why
  they are not approached.
* ``SiblingDecision`` — for a sibling, a separate considered decision recorded before any approach.
* ``Contact`` — the contact log: attempts and responses, in their words or through whom.
* ``FamilyMeeting`` — meetings with the lead reviewer; ``Contribution`` — what they wrote (the
  file seen only by the lead reviewer and the business manager); ``Consent`` — how their
  contribution may be used.
* the offer to see the draft report and the wish to be told the publication date, on the member,
  for the report and publication stages.
* ``LetterTemplate`` and ``Letter`` — kind, short, plain letters, editable per review; every
  letter produced is logged.

Only the business manager, the lead reviewer(s) and the review's subgroup members see any of
this; partners see a count and status; practitioners and agency authors see none (access.py).
"""

from django.conf import settings
from django.db import models

from reviewdesk.reviews.models import IdentityEntry, Review
from reviewdesk.versioning import changed_at_field, changed_by_field, version_field


class Approach(models.TextChoices):
    LETTER = "letter", "By letter"
    PHONE = "phone", "By phone"
    PROFESSIONAL = "professional", "Through a professional who knows them"
    SOLICITOR = "solicitor", "Through their solicitor"
    IN_PERSON = "in_person", "In person"


class InterpreterNeed(models.TextChoices):
    NONE = "", "No interpreter needed"
    SPOKEN = "spoken", "Spoken"
    WRITTEN = "written", "Written (translation)"
    BOTH = "both", "Spoken and written"


class FamilyMember(models.Model):
    """A family member or friend the review considers approaching."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="family_members")
    identity = models.ForeignKey(IdentityEntry, on_delete=models.PROTECT, related_name="+")
    relationship = models.CharField("relationship to the child", max_length=200)
    is_sibling = models.BooleanField(
        default=False, help_text="A sibling needs a considered decision before any approach")
    to_approach = models.BooleanField("to be approached", default=True)
    not_approached_reason = models.TextField(
        "why they are not approached", blank=True,
        help_text="Needed whenever a family member is not approached")
    approach = models.CharField("how to approach them", max_length=20,
                                choices=Approach.choices, blank=True)
    approach_through = models.CharField(
        "through whom", max_length=300, blank=True,
        help_text="The professional or solicitor, when the approach goes through someone")
    best_placed = models.CharField("who is best placed to make the approach", max_length=300,
                                   blank=True)
    language = models.CharField("language", max_length=100, blank=True,
                                help_text="Leave empty for English")
    interpreter = models.CharField("interpreter or translation", max_length=10,
                                   choices=InterpreterNeed.choices, blank=True)
    support_needs = models.TextField("support or accessibility needs", blank=True)
    # The report and publication stages read these.
    offered_draft_on = models.DateField("date they were offered the draft report", null=True,
                                        blank=True)
    wants_to_see_draft = models.BooleanField("wants to see the draft report", null=True,
                                             blank=True)
    wants_publication_date = models.BooleanField("wants to be told the publication date",
                                                 null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    version = version_field()
    changed_at = changed_at_field()
    changed_by = changed_by_field()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "identity"],
                                    name="one_family_member_per_identity"),
            models.CheckConstraint(
                condition=models.Q(to_approach=True) | ~models.Q(not_approached_reason=""),
                name="family_member_not_approached_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.identity.pseudonym} ({self.relationship})"


class SiblingDecision(models.Model):
    """The considered decision about one sibling, recorded before any approach."""

    member = models.OneToOneField(FamilyMember, on_delete=models.PROTECT,
                                  related_name="sibling_decision")
    age = models.PositiveSmallIntegerField("age at the time of the decision")
    consulted = models.TextField("who was consulted",
                                 help_text="For example the sibling's social worker, a parent")
    contact_appropriate = models.BooleanField("contact is appropriate")
    how = models.TextField("how contact should be made", blank=True)
    decision = models.TextField()
    reasons = models.TextField()
    decided_on = models.DateField("date of the decision")
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    on_behalf_of = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"Sibling decision for {self.member}"


class Contact(models.Model):
    """One line of the contact log: an attempt to reach a family member, or their response."""

    class Kind(models.TextChoices):
        ATTEMPT = "attempt", "Attempt to make contact"
        RESPONSE = "response", "Their response"

    class Response(models.TextChoices):
        AGREED_TO_MEET = "agreed_to_meet", "Agreed to meet"
        WILL_WRITE = "will_write", "Will write"
        DECLINED = "declined", "Declined"
        NO_RESPONSE = "no_response", "No response"

    member = models.ForeignKey(FamilyMember, on_delete=models.PROTECT, related_name="contacts")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    method = models.CharField(max_length=20, choices=Approach.choices, blank=True)
    response = models.CharField(max_length=20, choices=Response.choices, blank=True)
    in_their_words = models.TextField(blank=True)
    through_whom = models.CharField(
        max_length=300, blank=True,
        help_text="When the response came through someone, for example their representative")
    note = models.TextField(blank=True)
    happened_on = models.DateField("date it happened")
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    on_behalf_of = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["happened_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.happened_on}"


class FamilyMeeting(models.Model):
    """A meeting between the lead reviewer and a family member."""

    member = models.ForeignKey(FamilyMember, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField("date of the meeting")
    place = models.CharField(max_length=300)
    interpreter_booked = models.BooleanField(default=False)
    supporter_present = models.CharField(
        "supporter present", max_length=300, blank=True,
        help_text="Who came to support them, if anyone")
    notes = models.TextField(blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    on_behalf_of = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"Meeting with {self.member} on {self.held_on}"


class Contribution(models.Model):
    """A written contribution from a family member. The file is restricted to the lead reviewer
    and the business manager."""

    member = models.ForeignKey(FamilyMember, on_delete=models.PROTECT,
                               related_name="contributions")
    received_on = models.DateField("date it was received")
    description = models.CharField(max_length=300, blank=True)
    file = models.FileField(upload_to="family/", max_length=200)
    filename = models.CharField(max_length=300)
    sha256 = models.CharField(max_length=64)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    on_behalf_of = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["received_on", "pk"]

    def __str__(self) -> str:
        return f"Contribution from {self.member} on {self.received_on}"


class Consent(models.Model):
    """How a family member agreed their contribution may be used. A change is a new row; the
    latest is the one in force."""

    class Use(models.TextChoices):
        QUOTED = "quoted", "May be quoted in the report, without their name"
        SUMMARISED = "summarised", "May be summarised, not quoted"
        BACKGROUND = "background", "For the reviewer's understanding only, not in the report"
        WITHDRAWN = "withdrawn", "Consent withdrawn: not to be used"

    member = models.ForeignKey(FamilyMember, on_delete=models.PROTECT, related_name="consents")
    use = models.CharField(max_length=20, choices=Use.choices)
    note = models.TextField(blank=True)
    given_on = models.DateField("date it was given")
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    on_behalf_of = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["given_on", "pk"]

    def __str__(self) -> str:
        return f"Consent from {self.member}: {self.get_use_display()}"


class LetterKind(models.TextChoices):
    FIRST = "first", "First letter"
    REMINDER = "reminder", "Reminder"
    SEE_REPORT = "see_report", "Invitation to see the report"


class LetterTemplate(models.Model):
    """A review's own wording for one kind of letter; without one, the default wording is used."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="letter_templates")
    kind = models.CharField(max_length=20, choices=LetterKind.choices)
    body = models.TextField()
    version = version_field()
    changed_at = changed_at_field()
    changed_by = changed_by_field()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "kind"],
                                               name="one_letter_template_per_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.review}"


class Letter(models.Model):
    """A letter produced for a family member, as it was produced: the log of letters sent."""

    member = models.ForeignKey(FamilyMember, on_delete=models.PROTECT, related_name="letters")
    kind = models.CharField(max_length=20, choices=LetterKind.choices)
    body = models.TextField(help_text="The text as produced")
    sent_on = models.DateField("date it was sent", null=True, blank=True)
    produced_at = models.DateTimeField(auto_now_add=True)
    produced_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    on_behalf_of = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["produced_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.member}"
