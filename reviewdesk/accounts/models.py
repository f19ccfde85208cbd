"""Partnerships, agencies and the people who sign in."""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone


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

    def __str__(self) -> str:
        return self.name


class Agency(models.Model):
    class Kind(models.TextChoices):
        SOCIAL_CARE = "social_care", "Children's social care"
        POLICE = "police", "Police"
        HEALTH = "health", "Health / ICB"
        EDUCATION = "education", "Education"
        PUBLIC_HEALTH = "public_health", "Public health"
        VOLUNTARY = "voluntary", "Voluntary sector"
        OTHER = "other", "Other"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="agencies")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    email = models.EmailField(blank=True, help_text="The agency's safeguarding inbox, for notices")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="agency_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


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
