from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

# How a member who deleted their account appears beside what they contributed.
FORMER_MEMBER = "Former member"


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
    erased_at = models.DateTimeField(
        "erased at",
        null=True,
        blank=True,
        help_text="When the member deleted their account. The row stays, anonymised, so "
        'their contributions to shared work are kept under "Former member".',
    )

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
        if self.erased_at is not None:
            return FORMER_MEMBER
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


class Training(models.TextChoices):
    QSIR = "qsir", "QSIR (Quality, Service Improvement and Redesign)"
    IHI_OPEN_SCHOOL = "ihi_open_school", "IHI Open School"
    LEEDS_IMPROVEMENT_METHOD = "leeds_improvement_method", "Leeds Improvement Method"
    QI_BRONZE = "qi_bronze", "Bronze QI"
    QI_SILVER = "qi_silver", "Silver QI"
    QI_GOLD = "qi_gold", "Gold QI"
    OTHER = "other", "Other improvement training"


class DigestFrequency(models.TextChoices):
    WEEKLY = "weekly", "Weekly"
    FORTNIGHTLY = "fortnightly", "Every 2 weeks"
    MONTHLY = "monthly", "Monthly"
    NEVER = "never", "Never"


class ProfileQuerySet(models.QuerySet["Profile"]):
    def listed(self) -> "ProfileQuerySet":
        """Profiles every signed-in member may see: completed, shown to members, of an
        active account. The directory, matching and member search use only these."""
        return self.filter(
            completed_at__isnull=False,
            visibility=Profile.Visibility.MEMBERS,
            user__is_active=True,
        )


class Profile(models.Model):
    """What a member tells the network about themselves."""

    class Kind(models.TextChoices):
        STAFF = "staff", "Staff"
        PARTNER = "partner", "Patient or carer partner"

    class Visibility(models.TextChoices):
        MEMBERS = "members", "All signed-in members"
        HIDDEN = "hidden", "Only me and the people I have learning conversations with"

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
    bio = models.TextField("about me", max_length=2000, blank=True)
    clinical_areas = models.ManyToManyField(ClinicalArea, blank=True, related_name="profiles")
    skills_to_teach = models.ManyToManyField(Skill, blank=True, related_name="teachers")
    skills_to_learn = models.ManyToManyField(Skill, blank=True, related_name="learners")
    trainings = ArrayField(
        models.CharField(max_length=30, choices=Training), default=list, blank=True
    )
    other_training = models.CharField(max_length=200, blank=True)
    digest_frequency = models.CharField(
        max_length=12, choices=DigestFrequency, default=DigestFrequency.WEEKLY
    )
    visibility = models.CharField(max_length=10, choices=Visibility, default=Visibility.MEMBERS)
    hide_organisation = models.BooleanField(
        default=False, help_text="Partners may keep their organisation to themselves."
    )
    completed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the member first completed their profile."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["display_name"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hide_organisation=False) | models.Q(kind="partner"),
                name="only_partners_hide_their_organisation",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or str(self.user)

    @property
    def is_partner(self) -> bool:
        return self.kind == self.Kind.PARTNER

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None

    @property
    def is_listed(self) -> bool:
        """`Profile.objects.listed()` for one profile in hand (reads its user)."""
        return (
            self.is_complete
            and self.visibility == Profile.Visibility.MEMBERS
            and self.user.is_active
        )

    @property
    def visible_organisation(self) -> Organisation | None:
        """The organisation other members may see (a partner may hide theirs)."""
        return None if self.hide_organisation else self.organisation

    @property
    def sector(self) -> str:
        organisation = self.visible_organisation
        return organisation.get_sector_display() if organisation else ""

    def get_trainings_display(self) -> list[str]:
        labels = dict(Training.choices)
        names = [labels[code] for code in self.trainings if code != Training.OTHER]
        if Training.OTHER in self.trainings:
            names.append(self.other_training or labels[Training.OTHER])
        return names


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


class ConversationRequest(models.Model):
    """One member asking another for a learning conversation about a skill or topic.

    The two see each other's email addresses only once the request is accepted.
    """

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for an answer"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversations_asked"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversations_offered"
    )
    skill = models.ForeignKey(
        Skill, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    topic = models.CharField(max_length=200, blank=True)
    message = models.TextField(max_length=1000)
    status = models.CharField(max_length=10, choices=Status, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "learning-conversation request"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["sender", "created_at"]),
            models.Index(fields=["recipient", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["sender", "recipient"],
                condition=models.Q(status="open"),
                name="one_open_request_per_pair",
            ),
            models.CheckConstraint(
                condition=~models.Q(sender=models.F("recipient")),
                name="no_request_to_oneself",
            ),
            models.CheckConstraint(
                condition=models.Q(skill__isnull=False) | ~models.Q(topic=""),
                name="request_has_a_skill_or_topic",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sender} → {self.recipient}: {self.subject} ({self.get_status_display()})"

    @property
    def subject(self) -> str:
        """What the conversation is about: the skill, the topic, or both."""
        parts = [self.skill.name if self.skill_id else "", self.topic]
        return ": ".join(part for part in parts if part)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_accepted(self) -> bool:
        return self.status == self.Status.ACCEPTED
