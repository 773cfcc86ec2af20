"""Careful reads of measures: a project's charts in three queries, and bright spots across
the city from the cached readings (never the SPC engine per request)."""

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet

from champions.models import ClinicalArea, Profile
from projects.models import (
    ChangeIdea,
    DataPoint,
    Measure,
    PdsaCycle,
    PointType,
    Project,
    Rebase,
    TeamMember,
    Visibility,
)
from projects.selectors import visible_projects


def with_data(measures: QuerySet[Measure]) -> QuerySet[Measure]:
    """Measures with their values in date order (`point_list`, with PDSA cycles) and
    rebases (`rebase_list`): one query each, whatever their number."""
    return measures.prefetch_related(
        Prefetch(
            "points",
            queryset=DataPoint.objects.select_related("pdsa").order_by("date"),
            to_attr="point_list",
        ),
        Prefetch(
            "rebases",
            queryset=Rebase.objects.select_related("pdsa", "change_idea").order_by("date"),
            to_attr="rebase_list",
        ),
    )


def project_measures(project: Project) -> list[Measure]:
    """A project's measures in the order they were added, ready to chart (three queries)."""
    return list(with_data(Measure.objects.filter(project=project).order_by("created_at", "pk")))


def bright_spots(*, user, clinical_area: ClinicalArea | None = None) -> QuerySet[Measure]:
    """Measures whose latest point is special cause improvement, on network projects the
    user may see (never drafts), newest first, each with its project, the project's active
    leads (`leads`, each annotated `listed`: whether their profile may be shown) and the
    change ideas the team tested (`tested_ideas`, with `cycle_count`). A page of them takes
    one query, plus one each for the leads and the ideas."""
    measures = Measure.objects.filter(
        latest_point_type=PointType.IMPROVEMENT,
        project__visibility=Visibility.NETWORK,
        project__in=visible_projects(user),
    )
    if clinical_area is not None:
        measures = measures.filter(
            Exists(
                Project.clinical_areas.through.objects.filter(
                    project=OuterRef("project_id"), clinicalarea=clinical_area
                )
            )
        )
    cycles = PdsaCycle.objects.filter(change_idea=OuterRef("pk"))
    return (
        measures.select_related("project")
        .order_by("-latest_date", "-pk")
        .prefetch_related(
            Prefetch(
                "project__team",
                queryset=TeamMember.objects.filter(
                    role=TeamMember.Role.LEAD, status=TeamMember.Status.ACTIVE
                )
                .select_related("user__profile__organisation")
                .annotate(listed=Exists(Profile.objects.listed().filter(user=OuterRef("user_id"))))
                .order_by("created_at", "pk"),
                to_attr="leads",
            ),
            Prefetch(
                "project__change_ideas",
                queryset=ChangeIdea.objects.filter(Exists(cycles))
                .annotate(cycle_count=Count("cycles"))
                .order_by("created_at", "pk"),
                to_attr="tested_ideas",
            ),
        )
    )


def bright_spots_for_home(user, *, limit: int = 3) -> list[Measure]:
    """A few bright spots for the home page in one query: from other teams' projects, those
    in the member's clinical areas first, then the newest."""
    my_areas = Profile.clinical_areas.through.objects.filter(profile__user=user).values(
        "clinicalarea_id"
    )
    in_my_areas = Exists(
        Project.clinical_areas.through.objects.filter(
            project=OuterRef("project_id"), clinicalarea_id__in=my_areas
        )
    )
    mine = Exists(TeamMember.objects.filter(project=OuterRef("project_id"), user=user))
    return list(
        Measure.objects.filter(
            latest_point_type=PointType.IMPROVEMENT,
            project__visibility=Visibility.NETWORK,
            project__in=visible_projects(user),
        )
        .filter(~mine)
        .annotate(in_my_areas=in_my_areas)
        .select_related("project")
        # Every bright spot is sorted: narrow rows keep that quick at city scale.
        .only("name", "reading", "latest_date", "project_id", "project__title")
        .order_by("-in_my_areas", "-latest_date", "-pk")[:limit]
    )
