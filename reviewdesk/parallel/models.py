"""Parallel processes and the advice in force because of them.

The guide: where there is a police investigation, an inquest, or criminal or family proceedings,
what staff may discuss changes over time ("at one point staff are advised not to discuss the case
amongst themselves but later this advice might change"). So a review keeps:

* a register of its parallel processes, each with a status history (``ProcessStatus``) and who
  leads it (for the police, the senior investigating officer, often without a sign-in);
* dated advice, set by the business manager (usually at the senior investigating officer's
  request, recorded on their behalf), in plain English for staff, that may carry restrictions the
  app enforces until they are lifted: no contact with named people, topics not to be discussed,
  and chronology entries seen only by named roles.

At most one advice is in force on a review: new advice replaces the old (``ended_at`` and
``replaced_by`` on the old). Lifted and replaced advice stays, as history. Disciplinary processes
are not recorded here: the review is separate from them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from reviewdesk.accounts.models import Agency
from reviewdesk.reviews.models import IdentityEntry, Review


class ProcessKind(models.TextChoices):
    POLICE_INVESTIGATION = "police_investigation", "Police investigation"
    PROSECUTION = "prosecution", "Charging decision or prosecution"
    INQUEST = "inquest", "Inquest"
    FAMILY_PROCEEDINGS = "family_proceedings", "Family proceedings"
    COURT_ORDER = "court_order", "Reporting restriction or other court order"
    OTHER = "other", "Other"


class ProcessState(models.TextChoices):
    OPENED = "opened", "Open"
    ADJOURNED = "adjourned", "Adjourned"
    LISTED = "listed", "Listed for a date"
    CONCLUDED = "concluded", "Concluded"


class ParallelProcess(models.Model):
    """One police investigation, prosecution, inquest, set of proceedings or court order."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT,
                               related_name="parallel_processes")
    kind = models.CharField(max_length=30, choices=ProcessKind.choices)
    other_kind = models.CharField("what kind of process", max_length=200, blank=True,
                                  help_text="Only for 'Other'")
    reference = models.CharField(
        max_length=200, blank=True,
        help_text="The operation name, case number or court reference, if there is one")
    # Who leads it: a name and role typed in (the senior investigating officer rarely has a
    # sign-in), or a sign-in when they have one. Shown through the redactor, like every name.
    lead_name = models.CharField("who leads it", max_length=200, blank=True)
    lead_role = models.CharField("their role", max_length=200, blank=True,
                                 help_text="For example: senior investigating officer, coroner")
    lead_agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    lead_person = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    lead_contact = models.CharField("how to contact them", max_length=300, blank=True)
    opened_on = models.DateField("date it opened")
    # The latest status, kept in step with the history by the actions (lists need no subquery).
    state = models.CharField(max_length=20, choices=ProcessState.choices,
                             default=ProcessState.OPENED)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    on_behalf_of = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["opened_on", "pk"]
        verbose_name_plural = "parallel processes"

    def __str__(self) -> str:
        return f"{self.kind_label} on {self.review}"

    @property
    def kind_label(self) -> str:
        if self.kind == ProcessKind.OTHER and self.other_kind:
            return self.other_kind
        return ProcessKind(self.kind).label

    @property
    def is_open(self) -> bool:
        return self.state != ProcessState.CONCLUDED


class ProcessStatus(models.Model):
    """One change in a process's status, on the date it happened. Never edited: a correction is
    a new row."""

    process = models.ForeignKey(ParallelProcess, on_delete=models.PROTECT,
                                related_name="statuses")
    state = models.CharField(max_length=20, choices=ProcessState.choices)
    effective_on = models.DateField("date it happened")
    listed_for = models.DateField("date it is listed for", null=True, blank=True)
    outcome = models.TextField(blank=True, help_text="When it concluded: the outcome in a sentence")
    note = models.TextField(blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    on_behalf_of = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["effective_on", "pk"]
        verbose_name_plural = "process statuses"

    def __str__(self) -> str:
        return f"{self.get_state_display()} on {self.effective_on}"


class AdviceQuerySet(models.QuerySet["Advice"]):
    def in_force(self) -> "AdviceQuerySet":
        return self.filter(ended_at__isnull=True)


class Advice(models.Model):
    """What staff may discuss, set on a date, with the restrictions the app enforces."""

    class Ended(models.TextChoices):
        LIFTED = "lifted", "Lifted"
        REPLACED = "replaced", "Replaced by newer advice"

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="advice")
    process = models.ForeignKey(ParallelProcess, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="advice",
                                help_text="The process the advice is given because of")
    text = models.TextField("advice to staff",
                            help_text="Plain English, for every practitioner on the review")
    requested_by = models.CharField(
        max_length=200, blank=True,
        help_text="Who asked for it, when they have no sign-in: for example the senior "
                  "investigating officer")
    effective_on = models.DateField("date the advice was given")
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    on_behalf_of = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    # How it ended: lifted (who, when, why) or replaced by newer advice.
    ended = models.CharField(max_length=10, choices=Ended.choices, blank=True)
    ended_on = models.DateField("date it was lifted or replaced", null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    ended_on_behalf_of = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                           on_delete=models.PROTECT, related_name="+")
    end_reason = models.TextField(blank=True)
    replaced_by = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="replaces")

    objects = AdviceQuerySet.as_manager()

    class Meta:
        ordering = ["-effective_on", "-pk"]
        verbose_name_plural = "advice"
        constraints = [
            # New advice replaces the old: never two in force on one review.
            models.UniqueConstraint(fields=["review"], condition=Q(ended_at__isnull=True),
                                    name="one_advice_in_force_per_review"),
        ]

    def __str__(self) -> str:
        return f"Advice of {self.effective_on} on {self.review}"

    @property
    def in_force(self) -> bool:
        return self.ended_at is None


class Restriction(models.Model):
    """What every restriction shares: it belongs to one advice and holds until it, or the
    advice, is lifted."""

    advice = models.ForeignKey(Advice, on_delete=models.PROTECT, related_name="+")
    lifted_on = models.DateField(null=True, blank=True)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True

    @property
    def in_force(self) -> bool:
        return self.lifted_at is None and self.advice.ended_at is None


def in_force_q(prefix: str = "") -> Q:
    """Restrictions in force: neither they nor their advice lifted or replaced."""
    return Q(**{f"{prefix}lifted_at__isnull": True, f"{prefix}advice__ended_at__isnull": True})


class NoContact(Restriction):
    """No contact with a named person about the review: no meeting, letter, notice or recorded
    contact with them."""

    advice = models.ForeignKey(Advice, on_delete=models.PROTECT, related_name="no_contact")
    identity = models.ForeignKey(IdentityEntry, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "no contact with a named person"
        verbose_name_plural = "no contact with named people"
        constraints = [models.UniqueConstraint(fields=["advice", "identity"],
                                               name="one_no_contact_per_person_per_advice")]

    def __str__(self) -> str:
        return f"No contact with {self.identity.pseudonym}"


class TopicRestriction(Restriction):
    """A topic not to be discussed at practitioner events and conversations."""

    advice = models.ForeignKey(Advice, on_delete=models.PROTECT, related_name="topics")
    topic = models.CharField(max_length=300)

    class Meta:
        verbose_name = "topic not to be discussed"
        verbose_name_plural = "topics not to be discussed"

    def __str__(self) -> str:
        return self.topic


class ChronologyRestriction(Restriction):
    """Chronology entries dated in a range (and, optionally, from one agency) that only named
    roles may see; for everyone else they are absent. ``access.py`` applies it, reading it
    through ``review.chronology_restrictions``."""

    advice = models.ForeignKey(Advice, on_delete=models.PROTECT,
                               related_name="chronology_restrictions")
    # Kept here too so access.py filters entries without joining through the advice.
    review = models.ForeignKey(Review, on_delete=models.PROTECT,
                               related_name="chronology_restrictions")
    date_from = models.DateField("entries dated from")
    date_to = models.DateField("entries dated to")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+",
                               help_text="Only this agency's entries; leave empty for all")
    # Who may still see them. The agency that wrote an entry sees it only if it is named here.
    lead_reviewers_see = models.BooleanField("the lead reviewer(s) may see them", default=True)
    business_manager_sees = models.BooleanField("the business manager may see them",
                                                default=True)
    agencies_see = models.ManyToManyField(Agency, blank=True, related_name="+",
                                          verbose_name="agencies whose users may see them")

    class Meta:
        verbose_name = "restricted chronology entries"
        verbose_name_plural = "restricted chronology entries"
        constraints = [models.CheckConstraint(condition=Q(date_from__lte=models.F("date_to")),
                                              name="chronology_restriction_range_in_order")]

    def __str__(self) -> str:
        return f"Chronology entries {self.date_from} to {self.date_to} restricted"


class Acknowledgement(models.Model):
    """A person on the review has read the advice in force."""

    advice = models.ForeignKey(Advice, on_delete=models.PROTECT, related_name="acknowledgements")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    acknowledged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["advice", "person"],
                                               name="one_acknowledgement_per_person")]

    def __str__(self) -> str:
        return f"{self.person} acknowledged {self.advice}"
