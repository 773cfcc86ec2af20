"""Improvement projects: the Model for Improvement's aim, the team, the driver diagram,
PDSA cycles, learning updates, comments, follows, the project's history, and measures with
their data.

Writes that span rows (teams, organisations, the search vector, history) go through
`projects.services`; reads that need care through `projects.selectors`.
"""

import datetime
from bisect import bisect_left
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse

from champions.models import ClinicalArea, Organisation, Skill
from projects.measures.spc import MIN_FIX_AFTER, SpcResult, analyse

# Free text is long enough for a paragraph or two, never a document.
SHORT_TEXT = 300
LONG_TEXT = 4000

AIM_HINT = (
    "What will improve, by how much, for whom and by when. For example: “Reduce falls with "
    "harm on wards 7 and 8 at St James's by 30% (from 6 to 4 a month) by 31 March 2027.”"
)


class Method(models.TextChoices):
    MODEL_FOR_IMPROVEMENT = "mfi", "Model for Improvement"
    LEEDS_IMPROVEMENT_METHOD = "lim", "Leeds Improvement Method / Lean"
    QSIR = "qsir", "QSIR (Quality, Service Improvement and Redesign)"
    OTHER = "other", "Other"


class Stage(models.TextChoices):
    IDEA = "idea", "Idea"
    PLANNING = "planning", "Planning"
    TESTING = "testing", "Testing changes"
    IMPLEMENTING = "implementing", "Implementing"
    SPREADING = "spreading", "Spreading"
    SUSTAINING = "sustaining", "Sustaining"
    COMPLETED = "completed", "Completed"
    PAUSED = "paused", "Paused"
    STOPPED = "stopped", "Stopped"


class ProgressScore(models.TextChoices):
    """The IHI progress scale: how far a project has come, 0.5 to 5.0."""

    S05 = "0.5", "0.5: Intent to participate"
    S10 = "1.0", "1.0: Charter and team established"
    S15 = "1.5", "1.5: Planning for the project has begun"
    S20 = "2.0", "2.0: Activity, but no changes"
    S25 = "2.5", "2.5: Changes tested, but no improvement"
    S30 = "3.0", "3.0: Modest improvement"
    S35 = "3.5", "3.5: Improvement"
    S40 = "4.0", "4.0: Significant improvement"
    S45 = "4.5", "4.5: Sustainable improvement"
    S50 = "5.0", "5.0: Outstanding sustainable results"


class Setting(models.TextChoices):
    WARD = "ward", "Hospital ward"
    EMERGENCY = "emergency", "Emergency department or urgent care"
    OUTPATIENTS = "outpatients", "Outpatients or day case"
    COMMUNITY = "community", "Community or people's homes"
    GP_PRACTICE = "gp_practice", "GP practice or primary care network"
    CARE_HOME = "care_home", "Care home"
    MENTAL_HEALTH = "mental_health", "Mental health service"
    AMBULANCE = "ambulance", "Ambulance or pre-hospital"
    HOSPICE = "hospice", "Hospice"
    VOLUNTARY = "voluntary", "Voluntary or community service"
    SUPPORT = "support", "Support service or back office"
    SYSTEM = "system", "Across the system"
    OTHER = "other", "Other"


class Visibility(models.TextChoices):
    DRAFT = "draft", "Draft: only the team can see it"
    NETWORK = "network", "Network: every member can find and read it"


class PartnerInvolvement(models.TextChoices):
    NONE = "none", "Not yet"
    INFORMED = "informed", "Informed: kept up to date"
    CONSULTED = "consulted", "Consulted: asked for views"
    CO_DESIGNING = "co_designing", "Co-designing: designing changes with the team"
    CO_LEADING = "co_leading", "Co-leading: sharing the leadership"


class CityPriority(models.TextChoices):
    HEALTH_INEQUALITIES = "health_inequalities", "Reducing health inequalities"
    HOME_FIRST = "home_first", "Home First: care closer to home"
    SAME_DAY = "same_day", "Same-day response and urgent care"
    PROACTIVE_CARE = "proactive_care", "Proactive care for long-term conditions"
    MENTAL_HEALTH = "mental_health", "Mental health and wellbeing"
    CHILD_FRIENDLY = "child_friendly", "Child Friendly Leeds: the best start in life"
    PREVENTION = "prevention", "Prevention and healthy living"
    WORKFORCE = "workforce", "Workforce wellbeing and retention"
    NET_ZERO = "net_zero", "Net zero and sustainability"


class Project(models.Model):
    title = models.CharField(max_length=200)
    summary = models.CharField("one-line summary", max_length=SHORT_TEXT)
    problem = models.TextField(
        "the problem", max_length=LONG_TEXT, help_text="Why this matters, and for whom."
    )
    aim = models.TextField("aim statement", max_length=1000, help_text=AIM_HINT)
    method = models.CharField(max_length=10, choices=Method, default=Method.MODEL_FOR_IMPROVEMENT)
    stage = models.CharField(max_length=15, choices=Stage, default=Stage.IDEA)
    progress_score = models.CharField(
        "IHI progress score", max_length=3, choices=ProgressScore, blank=True
    )
    clinical_areas = models.ManyToManyField(ClinicalArea, blank=True, related_name="projects")
    setting = models.CharField(max_length=20, choices=Setting, blank=True)
    organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="projects", verbose_name="organisations involved"
    )
    # Kept by projects.services whenever the organisations change: city-wide views filter on it.
    is_cross_boundary = models.BooleanField("cross-boundary", default=False, editable=False)
    start_date = models.DateField(null=True, blank=True)
    expected_end_date = models.DateField(null=True, blank=True)
    visibility = models.CharField(max_length=10, choices=Visibility, default=Visibility.DRAFT)
    help_wanted_skills = models.ManyToManyField(
        Skill, blank=True, related_name="projects_wanting_help"
    )
    help_wanted_text = models.CharField("help wanted", max_length=SHORT_TEXT, blank=True)
    city_priorities = ArrayField(
        models.CharField(max_length=30, choices=CityPriority), default=list, blank=True
    )
    partner_involvement = models.CharField(
        "patient and carer partners",
        max_length=15,
        choices=PartnerInvolvement,
        default=PartnerInvolvement.NONE,
    )
    partner_involvement_detail = models.CharField(
        "how partners are involved", max_length=SHORT_TEXT, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Title (A) > aim (B) > summary and problem (C) > learning updates (D); kept by
    # projects.services.project_search_refresh in one UPDATE.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["-updated_at"]
        indexes = [
            GinIndex(fields=["search_vector"], name="project_search_vector"),
            GinIndex(fields=["title"], opclasses=["gin_trgm_ops"], name="project_title_trgm"),
            GinIndex(fields=["aim"], opclasses=["gin_trgm_ops"], name="project_aim_trgm"),
            models.Index(fields=["visibility", "-updated_at"], name="project_visible_recent"),
            models.Index(fields=["stage"], name="project_stage"),
            # The city view counts network projects by when they were logged, and by these
            # columns, many times per page: an index-only scan of this (about 1 MB at 20,000
            # projects) instead of the table, whose rows carry the texts and search vector.
            models.Index(
                fields=["created_at"],
                include=["id", "method", "stage", "partner_involvement", "is_cross_boundary"],
                condition=models.Q(visibility="network"),
                name="project_network_created",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expected_end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(expected_end_date__gte=models.F("start_date")),
                name="project_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.visibility == Visibility.DRAFT

    def get_city_priorities_display(self) -> list[str]:
        labels = dict(CityPriority.choices)
        return [labels.get(value, value) for value in self.city_priorities]


class TeamMember(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", "Lead"
        MEMBER = "member", "Team member"
        SPONSOR = "sponsor", "Sponsor"
        COACH = "coach", "Improvement coach"
        PARTNER = "partner", "Patient or carer partner"

    class Status(models.TextChoices):
        INVITED = "invited", "Invited"
        ACTIVE = "active", "Active"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_memberships"
    )
    role = models.CharField(max_length=10, choices=Role, default=Role.MEMBER)
    status = models.CharField(max_length=10, choices=Status, default=Status.INVITED)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    joined_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="one_membership_per_project")
        ]
        indexes = [models.Index(fields=["user", "status"], name="teammember_user_status")]

    def __str__(self) -> str:
        return f"{self.user}, {self.get_role_display()} of {self.project}"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class Driver(models.Model):
    """A primary driver (no parent) or a secondary driver (under a primary one)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="drivers")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    text = models.CharField(max_length=SHORT_TEXT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def is_primary(self) -> bool:
        return self.parent_id is None

    @property
    def kind_label(self) -> str:
        return "primary driver" if self.is_primary else "secondary driver"


class ChangeIdea(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="change_ideas")
    driver = models.ForeignKey(Driver, on_delete=models.CASCADE, related_name="change_ideas")
    text = models.CharField(max_length=SHORT_TEXT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        return reverse("projects:change_idea", args=[self.project_id, self.pk])


class PdsaCycle(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        RUNNING = "running", "Running"
        DONE = "done", "Done"

    class Act(models.TextChoices):
        ADOPT = "adopt", "Adopt: keep the change"
        ADAPT = "adapt", "Adapt: change it and test again"
        ABANDON = "abandon", "Abandon: stop testing it"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="pdsa_cycles")
    # PROTECT: a change idea with cycles is part of the project's learning and stays.
    change_idea = models.ForeignKey(ChangeIdea, on_delete=models.PROTECT, related_name="cycles")
    number = models.PositiveSmallIntegerField(editable=False)
    objective = models.CharField("objective of this cycle", max_length=SHORT_TEXT)
    questions = models.TextField("questions we want to answer", max_length=LONG_TEXT, blank=True)
    prediction = models.TextField("what we predict will happen", max_length=LONG_TEXT, blank=True)
    plan_who = models.CharField("who", max_length=SHORT_TEXT, blank=True)
    plan_what = models.TextField("what", max_length=LONG_TEXT, blank=True)
    plan_when = models.CharField("when", max_length=SHORT_TEXT, blank=True)
    plan_where = models.CharField("where", max_length=SHORT_TEXT, blank=True)
    plan_data = models.TextField("data to collect", max_length=LONG_TEXT, blank=True)
    do_notes = models.TextField("what happened", max_length=LONG_TEXT, blank=True)
    study = models.TextField(
        "what we learned, compared with the prediction", max_length=LONG_TEXT, blank=True
    )
    act = models.CharField("decision", max_length=10, choices=Act, blank=True)
    act_next = models.TextField("what next", max_length=LONG_TEXT, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.PLANNED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["change_idea_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["change_idea", "number"], name="one_pdsa_number_per_change_idea"
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="pdsa_ends_after_it_starts",
            ),
        ]
        indexes = [
            models.Index(fields=["project", "change_idea"], name="pdsa_project_idea"),
            # The city view counts cycles run (not planned) by when they started, from this
            # index alone: a tenth of the table's size (dashboard/selectors.py).
            models.Index(
                fields=["start_date"],
                include=["project", "created_at", "id"],
                condition=~models.Q(status="planned"),
                name="pdsa_run_started",
            ),
        ]

    def __str__(self) -> str:
        return f"PDSA {self.number}: {self.objective}"

    def get_absolute_url(self) -> str:
        return reverse("projects:pdsa_detail", args=[self.project_id, self.pk])


class ProjectUpdate(models.Model):
    """A learning update, built on the three inquiry questions."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    now = models.TextField("What do we know about what is going on now?", max_length=LONG_TEXT)
    working_well = models.TextField("What is working well?", max_length=LONG_TEXT)
    do_more = models.TextField("How could we do more of that?", max_length=LONG_TEXT)
    others_learn = models.TextField(
        "What could others learn from us?", max_length=LONG_TEXT, blank=True
    )
    help_needed = models.TextField("Where do we need help?", max_length=LONG_TEXT, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["project", "-created_at"], name="update_project_recent"),
            # The city view counts updates by month from this index alone.
            models.Index(fields=["created_at"], include=["project", "id"], name="update_created"),
        ]

    def __str__(self) -> str:
        return f"Update on {self.project} ({self.created_at:%d %B %Y})"

    def get_absolute_url(self) -> str:
        return reverse("projects:update_detail", args=[self.project_id, self.pk])


class Comment(models.Model):
    update = models.ForeignKey(ProjectUpdate, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField("comment", max_length=LONG_TEXT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Comment on {self.update}"


class Follow(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_follows"
    )
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "project"], name="one_follow_per_project")
        ]

    def __str__(self) -> str:
        return f"{self.user} follows {self.project}"


class HistoryEntry(models.Model):
    """One change to a project or its parts: who, when, what, and each field's before and
    after. Written only by projects.services; never changed or removed afterwards, except
    that erasing a member's account replaces their name (projects.personaldata)."""

    class Action(models.TextChoices):
        CREATED = "created", "created"
        CHANGED = "changed", "changed"
        ADDED = "added", "added"
        REMOVED = "removed", "removed"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="history")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=10, choices=Action)
    # What was changed: "project", "PDSA cycle", "team member", "driver", ...
    subject = models.CharField(max_length=50)
    subject_id = models.BigIntegerField(null=True)
    subject_label = models.CharField(max_length=SHORT_TEXT, blank=True)
    # [{"field": "stage", "label": "Stage", "before": "Planning", "after": "Testing"}]
    changes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "history entries"
        indexes = [models.Index(fields=["project", "-created_at"], name="history_project_recent")]

    def __str__(self) -> str:
        return f"{self.subject} {self.action}: {self.subject_label}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValueError("History is append-only: an entry cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("History is append-only: an entry cannot be removed.")


# Measures and their data, read as SPC charts (projects/measures/spc.py). The reading of each
# measure's latest point is cached on its row by projects.measures.services, so city-wide
# pages (bright spots) filter on indexed columns instead of running the engine per request.


class MeasureKind(models.TextChoices):
    OUTCOME = "outcome", "Outcome: the result for people"
    PROCESS = "process", "Process: a step that leads to the result"
    BALANCING = "balancing", "Balancing: what might get worse elsewhere"


class Improvement(models.TextChoices):
    """Which way is better: the engine's `improvement` argument."""

    INCREASE = "increase", "Higher is better"
    DECREASE = "decrease", "Lower is better"
    NEUTRAL = "neutral", "Neither: we watch for any change"


class Frequency(models.TextChoices):
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"
    MONTHLY = "monthly", "Monthly"


class PointType(models.TextChoices):
    """The SPC reading of a point (projects.measures.spc's point types)."""

    COMMON_CAUSE = "common_cause", "Common cause variation"
    IMPROVEMENT = "special_cause_improvement", "Special cause improvement"
    CONCERN = "special_cause_concern", "Special cause concern"
    NEUTRAL_HIGH = "special_cause_neutral_high", "Special cause variation (high)"
    NEUTRAL_LOW = "special_cause_neutral_low", "Special cause variation (low)"


MIN_BASELINE = MIN_FIX_AFTER  # the engine refuses a shorter baseline


class Measure(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="measures")
    name = models.CharField(max_length=200)
    kind = models.CharField("type of measure", max_length=10, choices=MeasureKind)
    # The operational definition: exactly what is counted, out of what, from where.
    numerator = models.CharField("what is counted (numerator)", max_length=SHORT_TEXT)
    denominator = models.CharField("out of what (denominator)", max_length=SHORT_TEXT, blank=True)
    data_source = models.CharField("where the data comes from", max_length=SHORT_TEXT)
    inclusions = models.TextField("what is included and excluded", max_length=LONG_TEXT, blank=True)
    unit = models.CharField(max_length=30, blank=True)
    improvement = models.CharField(
        "which way is better", max_length=10, choices=Improvement, default=Improvement.INCREASE
    )
    target = models.FloatField(null=True, blank=True)
    frequency = models.CharField(max_length=10, choices=Frequency, default=Frequency.WEEKLY)
    fix_after = models.PositiveSmallIntegerField(
        "baseline length", null=True, blank=True, validators=[MinValueValidator(MIN_BASELINE)]
    )
    screen_outliers = models.BooleanField(
        "leave out unusual jumps when calculating the limits", default=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The cached analysis, written only by projects.measures.services.measure_analysis_refresh.
    point_count = models.PositiveIntegerField(default=0, editable=False)
    latest_date = models.DateField(null=True, editable=False)
    latest_value = models.FloatField(null=True, editable=False)
    latest_point_type = models.CharField(
        max_length=30, choices=PointType, blank=True, editable=False
    )
    variation = models.CharField(max_length=20, blank=True, editable=False)
    assurance = models.CharField(max_length=20, blank=True, editable=False)
    reading = models.TextField(blank=True, editable=False)
    analysed_at = models.DateTimeField(null=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["project", "created_at"], name="measure_project"),
            # Bright spots: the newest special-cause improvements first.
            models.Index(
                models.F("latest_date").desc(),
                models.F("id").desc(),
                condition=models.Q(latest_point_type=PointType.IMPROVEMENT),
                name="measure_bright_spots",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(fix_after__isnull=True) | models.Q(fix_after__gte=MIN_BASELINE),
                name="measure_baseline_of_12_or_more",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("projects:measure_detail", args=[self.project_id, self.pk])

    def analyse(
        self,
        dates: Sequence[datetime.date],
        values: Sequence[float],
        rebase_dates: Iterable[datetime.date] = (),
    ) -> SpcResult:
        """The SPC reading of this measure's values (in date order) with its settings; a
        rebase starts a new segment at the first value on or after its date."""
        starts = {bisect_left(dates, day) for day in rebase_dates}
        return analyse(
            values,
            improvement=self.improvement,
            target=self.target,
            fix_after=self.fix_after,
            rebase_at=sorted(start for start in starts if start < len(dates)),
            screen_outliers=self.screen_outliers,
        )

    @property
    def kind_name(self) -> str:
        """ "Outcome", "Process" or "Balancing", without the explanation."""
        return self.get_kind_display().split(":")[0]


class DataPoint(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="points")
    date = models.DateField()
    value = models.FloatField()
    note = models.CharField(max_length=SHORT_TEXT, blank=True)
    pdsa = models.ForeignKey(
        PdsaCycle,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="data_points",
        verbose_name="PDSA cycle",
    )

    class Meta:
        ordering = ["measure_id", "date"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "date"], name="one_value_per_date")
        ]

    def __str__(self) -> str:
        return f"{self.measure}: {self.value} on {self.date:%d/%m/%Y}"


class Rebase(models.Model):
    """The process changed on `date`: the limits are calculated afresh from there."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="rebases")
    date = models.DateField("from")
    reason = models.CharField("what changed", max_length=SHORT_TEXT)
    pdsa = models.ForeignKey(
        PdsaCycle,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rebases",
        verbose_name="PDSA cycle",
    )
    change_idea = models.ForeignKey(
        ChangeIdea, null=True, blank=True, on_delete=models.SET_NULL, related_name="rebases"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["measure_id", "date"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "date"], name="one_rebase_per_date")
        ]

    def __str__(self) -> str:
        return f"Limits recalculated from {self.date:%d/%m/%Y}: {self.reason}"
