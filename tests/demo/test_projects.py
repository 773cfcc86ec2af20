"""The demo projects and measures `seed_demo` loads."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Max, Min

from demo import projects as demo
from projects.models import (
    Comment,
    DataPoint,
    Measure,
    PdsaCycle,
    Project,
    ProjectUpdate,
    Rebase,
    TeamMember,
)

pytestmark = pytest.mark.django_db


def seed(scale: int) -> str:
    out = StringIO()
    call_command("seed_demo", "--scale", str(scale), stdout=out)
    return out.getvalue()


def test_seed_makes_projects_with_teams_diagrams_cycles_and_updates_once():
    output = seed(40)
    assert "Demo projects: 82 created" in output
    counts = (
        Project.objects.count(), PdsaCycle.objects.count(), ProjectUpdate.objects.count(),
        Comment.objects.count(), TeamMember.objects.count(),
    )  # fmt: skip
    assert counts[0] == 82
    assert counts[1] > 150
    assert counts[2] > 30
    assert counts[3] > 10
    assert counts[4] > 82 * 2
    assert "Demo projects: 0 created" in seed(40)
    assert counts == (
        Project.objects.count(), PdsaCycle.objects.count(), ProjectUpdate.objects.count(),
        Comment.objects.count(), TeamMember.objects.count(),
    )  # fmt: skip
    # The search vectors and cross-boundary flags were built in SQL for every project.
    assert not Project.objects.filter(search_vector__isnull=True).exists()
    assert Project.objects.filter(is_cross_boundary=True).exists()
    assert Project.objects.filter(visibility="draft").exists()


def test_seed_is_deterministic_and_grows_without_changing_what_exists():
    seed(10)
    first = list(Project.objects.order_by("pk").values_list("title", "aim"))
    seed(20)
    assert list(Project.objects.order_by("pk").values_list("title", "aim"))[: len(first)] == first
    assert Project.objects.count() == 42


def test_the_demo_champion_leads_a_real_looking_project():
    seed(5)
    falls = Project.objects.get(title="Fewer falls at night on the frailty wards")
    assert falls.created_by.email == "champion@example.org"
    assert falls.is_cross_boundary
    assert falls.team.filter(user__email="partner@example.org", role="partner").exists()
    rounding = falls.change_ideas.get(text="Intentional rounding every hour at night")
    assert list(rounding.cycles.values_list("number", flat=True)) == [1, 2, 3]
    assert falls.updates.get().comments.count() == 2
    assert Project.objects.filter(created_by=falls.created_by, visibility="draft").count() == 1


def test_demo_titles_and_aims_are_filled_in():
    seed(5)
    planned = Project.objects.exclude(created_by__email="champion@example.org")
    for project in planned:
        assert "{" not in project.title + project.aim + project.problem
        assert project.aim.endswith(".")
    assert demo.PROJECTS_PER_MEMBER == 2


def test_every_seeded_project_gets_measures_with_realistic_series_analysed_once():
    seed(60)
    generated = Measure.objects.exclude(project__created_by__email="champion@example.org")
    per_project = Counter(generated.values_list("project_id", flat=True))
    assert set(per_project.values()) <= {1, 2, 3, 4}
    assert len(per_project) == Project.objects.count() - 2
    lengths = dict(generated.values_list("frequency").annotate(low=Min("point_count"))
                   .values_list("frequency", "low"))  # fmt: skip
    highs = dict(generated.values_list("frequency").annotate(high=Max("point_count"))
                 .values_list("frequency", "high"))  # fmt: skip
    assert 24 <= lengths["monthly"] <= highs["monthly"] <= 36
    assert 52 <= lengths["weekly"] <= highs["weekly"] <= 104
    assert DataPoint.objects.count() == sum(Measure.objects.values_list("point_count", flat=True))
    assert not Measure.objects.filter(analysed_at__isnull=True).exists()
    kinds = Counter(generated.values_list("latest_point_type", flat=True))
    assert kinds["special_cause_improvement"] > 10
    assert kinds["common_cause"] > 10
    assert kinds["special_cause_concern"] > 0
    rebase = Rebase.objects.filter(measure__in=generated).select_related("pdsa").first()
    assert rebase.pdsa.project_id == rebase.measure.project_id
    assert rebase.change_idea_id == rebase.pdsa.change_idea_id
    assert DataPoint.objects.filter(pdsa__isnull=False).exists()
    counts = (Measure.objects.count(), DataPoint.objects.count(), Rebase.objects.count())
    assert "Demo projects: 0 created" in seed(60)
    assert counts == (Measure.objects.count(), DataPoint.objects.count(), Rebase.objects.count())


def test_the_demo_champions_charts_tell_the_falls_story():
    seed(5)
    falls = Project.objects.get(title="Fewer falls at night on the frailty wards")
    readings = dict(falls.measures.values_list("kind", "latest_point_type"))
    assert readings == {
        "outcome": "special_cause_improvement",
        "process": "common_cause",
        "balancing": "special_cause_concern",
    }
    rebase = Rebase.objects.get(measure__project=falls)
    assert rebase.pdsa.number == 2
    assert falls.history.filter(subject="values").count() == 3
    draft = Project.objects.get(title__startswith="Home for lunch")
    assert draft.measures.get().point_count == 10
