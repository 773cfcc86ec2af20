from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)

    @classmethod
    def normalize_email(cls, email: str | None) -> str:
        return (email or "").strip().lower()

    def get_by_natural_key(self, username: str | None) -> "User":
        return self.get(email__iexact=self.normalize_email(username))


class User(AbstractBaseUser, PermissionsMixin):
    """A member of the network. The email address is the sign-in name."""

    email = models.EmailField("email address", max_length=254, unique=True)
    is_staff = models.BooleanField(
        "staff status",
        default=False,
        help_text="Can sign in to the Django admin.",
    )
    is_active = models.BooleanField(
        "active",
        default=True,
        help_text="Unticking this is how a member is suspended without deleting their account.",
    )
    date_joined = models.DateTimeField("date joined", default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = "member"
        verbose_name_plural = "members"
        constraints = [
            # Addresses are stored lower-cased, so the unique index is case-insensitive.
            models.CheckConstraint(
                condition=models.Q(email=Lower("email")), name="user_email_lowercase"
            ),
        ]

    def __str__(self) -> str:
        return self.email

    def clean(self) -> None:
        super().clean()
        self.email = UserManager.normalize_email(self.email)

    @property
    def display_name(self) -> str:
        profile = getattr(self, "profile", None)
        return profile.display_name if profile and profile.display_name else self.email


class Sector(models.TextChoices):
    ACUTE = "acute", "Acute hospital care"
    COMMUNITY = "community", "Community health care"
    MENTAL_HEALTH = "mental_health", "Mental health"
    AMBULANCE = "ambulance", "Ambulance service"
    PRIMARY_CARE = "primary_care", "Primary care"
    LOCAL_AUTHORITY = "local_authority", "Local authority and social care"
    COMMISSIONER = "commissioner", "Commissioning and integrated care board"
    HOSPICE = "hospice", "Hospice and palliative care"
    THIRD_SECTOR = "third_sector", "Voluntary, community and social enterprise"
    ACADEMIC = "academic", "Universities and academic partners"


class ReferenceItem(models.Model):
    """A row of a reference list that admins can extend in the Django admin."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    is_active = models.BooleanField(
        default=True, help_text="Untick to stop offering it without losing past answers."
    )

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organisation(ReferenceItem):
    short_name = models.CharField(max_length=100)
    sector = models.CharField(max_length=30, choices=Sector)

    class Meta(ReferenceItem.Meta):
        indexes = [models.Index(fields=["sector"])]


class Profession(ReferenceItem):
    pass


class ClinicalArea(ReferenceItem):
    pass


class Skill(ReferenceItem):
    """An improvement skill members can teach or want to learn."""


class Profile(models.Model):
    """What a member tells the network about themselves."""

    class Kind(models.TextChoices):
        STAFF = "staff", "Staff"
        PARTNER = "partner", "Patient or carer partner"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.STAFF)
    display_name = models.CharField(max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="profiles"
    )
    profession = models.ForeignKey(
        Profession, null=True, blank=True, on_delete=models.PROTECT, related_name="profiles"
    )
    job_title = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.display_name or str(self.user)

    @property
    def is_partner(self) -> bool:
        return self.kind == self.Kind.PARTNER


class Network(models.TextChoices):
    IMPROVEMENT_CHAMPIONS = "improvement_champions", "Improvement champions network"
    SYSTEM_LEADERS = "system_leaders", "System leader network"
    PLCP = "plcp", "Professional Leadership and Change Programme"


class NetworkMembership(models.Model):
    """A member's place in one of the city's networks (the programme has yearly cohorts)."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="networks")
    network = models.CharField(max_length=30, choices=Network)
    cohort_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="For the Professional Leadership and Change Programme: the year of the cohort.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "network"], name="one_membership_per_network"
            ),
            models.CheckConstraint(
                condition=models.Q(network="plcp") | models.Q(cohort_year__isnull=True),
                name="cohort_year_only_for_plcp",
            ),
        ]

    def __str__(self) -> str:
        year = f" ({self.cohort_year})" if self.cohort_year else ""
        return f"{self.get_network_display()}{year}"
