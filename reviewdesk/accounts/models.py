"""Partnerships, agencies and the people who sign in."""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone

from reviewdesk.versioning import changed_at_field, changed_by_field, version_field


class Partnership(models.Model):
    """A Safeguarding Children Partnership: every record belongs to one."""

    name = models.CharField(max_length=200)
    code = models.CharField(
        max_length=6, unique=True, help_text="Short letters that start every review reference, e.g. KV"
    )
    business_unit_email = models.EmailField(blank=True)
    # Where statutory notices go (commissioning, copies of reports). Set on the partnership's
    # settings page; a notice with no address fails visibly and can be retried once it is set.
    panel_email = models.EmailField("National Panel e-mail", blank=True)
    ofsted_email = models.EmailField("Ofsted e-mail", blank=True)
    dfe_email = models.EmailField("Department for Education e-mail", blank=True)
    # Publication: how long a published report stays on the website before it is available on
    # request (the guide: 6 months; national guidance expects at least a year, and the settings
    # page says so), and how many working days the partnership gives itself to answer a request.
    # Fixed on each report at publication: a change affects later publications only.
    website_months = models.PositiveSmallIntegerField(
        "months a published report stays on the website", default=6)
    request_working_days = models.PositiveSmallIntegerField(
        "working days to answer a request for a report", default=20)
    # Retention (decision 0067): how many years after a review closes its records are kept, as
    # the partnership's records policy says (named beside it). Not set: no review is listed as
    # past its time, and nothing can be erased.
    retention_years = models.PositiveSmallIntegerField(
        "years a closed review's records are kept", null=True, blank=True)
    retention_policy = models.CharField("the records policy that sets it", max_length=200,
                                        blank=True)
    # Decision 0023: the settings page's save made from an older version is refused.
    version = version_field()
    changed_by = changed_by_field()
    changed_at = changed_at_field()

    def __str__(self) -> str:
        return self.name


class AgencyQuerySet(models.QuerySet["Agency"]):
    def for_new_work(self, partnership_id: int, keep: Iterable[Any] = ()) -> "AgencyQuerySet":
        """The agencies a form offers: the partnership's active ones, and any in ``keep``
        (already on the record being changed), so a deactivated agency stays where it was."""
        kept = [getattr(a, "pk", a) for a in keep if a]
        return self.filter(models.Q(is_active=True) | models.Q(pk__in=kept),
                           partnership_id=partnership_id)


class Agency(models.Model):
    """An organisation in the partnership: a partner, a relevant agency, a school, a charity.

    The business manager keeps the list (Settings → Agencies). An agency with records is never
    deleted: it is deactivated, so it stays on those records but is not offered for new work.
    """

    class Kind(models.TextChoices):
        SOCIAL_CARE = "social_care", "Children's social care"
        POLICE = "police", "Police"
        HEALTH = "health", "Health / ICB"
        ACUTE_TRUST = "acute_trust", "Hospital / acute trust"
        COMMUNITY_HEALTH = "community_health", "Community or mental health trust"
        AMBULANCE = "ambulance", "Ambulance service"
        PUBLIC_HEALTH = "public_health", "Public health"
        EDUCATION = "education", "Education"
        SCHOOL = "school", "School or college"
        EARLY_YEARS = "early_years", "Early years setting"
        ADULT_SERVICES = "adult_services", "Adult social care"
        PROBATION = "probation", "Probation service"
        YOUTH_JUSTICE = "youth_justice", "Youth justice service"
        HOUSING = "housing", "Housing"
        VOLUNTARY = "voluntary", "Voluntary sector"
        OTHER = "other", "Other"

    # A school or an early years setting named in a published report points to where the child
    # lived; the partnership's other agencies are named in reports as a matter of course
    # (decision record 0013).
    IDENTIFYING_KINDS = frozenset({Kind.SCHOOL, Kind.EARLY_YEARS})

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="agencies")
    name = models.CharField(max_length=200)
    short_name = models.CharField(
        max_length=40, blank=True,
        help_text="What people call it in reports and e-mails, for example KCSC or NWAS")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    email = models.EmailField("contact address for notices", blank=True,
                              help_text="The agency's safeguarding inbox, for notices")
    subgroup_representative = models.ForeignKey(
        "User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name="CSPR subgroup representative",
        help_text="Told when the agency's rapid review summary is late")
    staff_support = models.TextField(
        "support for staff", blank=True,
        help_text="The counselling or support service the agency's staff can use: its name, "
                  "phone number and web address")
    aliases = models.TextField(
        blank=True, help_text="Other names it has been recorded under, one per line (a merged "
                              "duplicate's name is kept here)")
    is_active = models.BooleanField("active", default=True)
    # Decision 0023: a change made from an older version is refused.
    version = version_field()
    changed_by = changed_by_field()
    changed_at = changed_at_field()

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="agency_name_unique"),
            models.UniqueConstraint(fields=["partnership", "short_name"],
                                    condition=~models.Q(short_name=""),
                                    name="agency_short_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def alias_list(self) -> list[str]:
        return [a.strip() for a in self.aliases.splitlines() if a.strip()]

    @property
    def names(self) -> list[str]:
        """Every name it goes by: its name, short name and aliases, without repeats."""
        out: list[str] = []
        for name in [self.name, self.short_name, *self.alias_list]:
            if name and name.casefold() not in {n.casefold() for n in out}:
                out.append(name)
        return out

    @property
    def is_identifying(self) -> bool:
        return self.kind in self.IDENTIFYING_KINDS

    def subgroup_representatives(self) -> "models.QuerySet[User]":
        """Who speaks for the agency on the CSPR subgroup (told when its work is late): the
        person named in its settings while their access is active; if no one is named, the
        subgroup members who work for it."""
        people = User.objects.filter(partnership_id=self.partnership_id, is_active=True)
        named = people.filter(pk=self.subgroup_representative_id)
        if self.subgroup_representative_id and named.exists():
            return named
        return people.filter(role=PartnershipRole.SUBGROUP_MEMBER, agency_id=self.pk)


class PartnershipRole(models.TextChoices):
    BUSINESS_MANAGER = "business_manager", "Business manager"
    SAFEGUARDING_PARTNER = "safeguarding_partner", "Safeguarding partner"
    INDEPENDENT_SCRUTINEER = "independent_scrutineer", "Independent scrutineer"
    SUBGROUP_MEMBER = "subgroup_member", "CSPR subgroup member"
    EXECUTIVE_MEMBER = "executive_member", "Executive group member"
    LEARNING_DEVELOPMENT = "learning_development", "Learning and development subgroup member"


class PartnerFor(models.TextChoices):
    """The three statutory safeguarding partners."""

    LOCAL_AUTHORITY = "local_authority", "Local authority"
    HEALTH = "health", "Health (ICB)"
    POLICE = "police", "Police"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: object) -> "User":
        if not email:
            raise ValueError("An e-mail address is needed")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who may sign in: partnership officers, reviewers, agency staff, practitioners.

    A person's partnership role (if any) gives partnership-wide duties; their part in one
    review comes from a review membership (``reviews.ReviewMembership``).
    """

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    partnership = models.ForeignKey(
        Partnership, null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    role = models.CharField(
        "partnership role", max_length=30, choices=PartnershipRole.choices, blank=True,
        help_text="Leave empty for people who take part only in particular reviews",
    )
    partner_for = models.CharField(
        max_length=20, choices=PartnerFor.choices, blank=True,
        help_text="For a safeguarding partner: which of the three partners they represent",
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May use the Django admin")
    date_joined = models.DateTimeField(default=timezone.now)
    invited_at = models.DateTimeField(null=True, blank=True)
    deactivated_at = models.DateTimeField(null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def display_name(self) -> str:
        return self.full_name or self.email

    @property
    def is_business_manager(self) -> bool:
        return self.is_active and self.role == PartnershipRole.BUSINESS_MANAGER

    @property
    def has_signed_in(self) -> bool:
        return self.last_login is not None

    @property
    def role_label(self) -> str:
        if self.role == PartnershipRole.SAFEGUARDING_PARTNER and self.partner_for:
            return f"Safeguarding partner ({self.get_partner_for_display()})"
        return self.get_role_display() if self.role else "Review participant"
