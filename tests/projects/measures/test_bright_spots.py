"""Bright spots, "What is working well in Leeds": special cause improvement only, on projects
the member may see (never drafts), with the team to ask; never a concern; fast at city scale."""

import datetime

import pytest

from champions.models import ClinicalArea, Profile
from projects import services as project_services
from projects.models import Measure, PointType, Project, TeamMember
from tests.factories import ProjectFactory, UserFactory
from tests.helpers import count_queries
from tests.projects.measures import IMPROVING, STEADY, WORSENING, make_measure

pytestmark = pytest.mark.django_db

URL = "/projects/bright-spots/"


def page(client, url: str = URL) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def lead(other_champion):
    return other_champion


def test_only_special_cause_improvement_is_a_bright_spot(client, champion, lead):
    project = ProjectFactory(lead=lead, title="Safer nights")
    make_measure(project, lead, IMPROVING, name="Falls with harm")
    make_measure(project, lead, WORSENING, name="Patients woken at night")
    make_measure(project, lead, STEADY, name="Call bells answered")
    make_measure(project, lead, IMPROVING, name="Neutral measure", improvement="neutral")
    client.force_login(champion)
    html = page(client)
    assert "1 bright spot" in html
    assert "Falls with harm" in html
    assert "Special cause improvement: " in html
    for absent in ("Patients woken at night", "Call bells answered", "Neutral measure",
                   "concern", "Concern"):  # fmt: skip
        assert absent not in html


def test_drafts_never_shine_even_for_their_team(client, lead):
    draft = ProjectFactory(lead=lead, visibility="draft", title="A draft project")
    make_measure(draft, lead, IMPROVING, name="Draft measure")
    client.force_login(lead)
    html = page(client)
    assert "Draft measure" not in html
    assert "0 bright spots" in html
    assert "No bright spots yet." in html


def test_the_card_names_the_team_to_ask_and_the_change_ideas_they_tested(client, champion, lead):
    project = ProjectFactory(lead=lead, title="Safer nights")
    driver = project_services.driver_create(project=project, by=lead, text="Safe nights")
    rounding = project_services.change_idea_create(driver=driver, by=lead, text="Rounding")
    project_services.change_idea_create(driver=driver, by=lead, text="Untested idea")
    for _ in range(2):
        project_services.pdsa_cycle_create(
            change_idea=rounding, by=lead, data={"objective": "Test"}
        )
    measure = make_measure(project, lead, IMPROVING)
    client.force_login(champion)
    html = page(client)
    assert f'href="{measure.get_absolute_url()}">Falls with harm</a>' in html
    assert f'href="{rounding.get_absolute_url()}">Rounding</a> (2 PDSA cycles)' in html
    assert "Untested idea" not in html
    assert "Led by Tom Firth, Leeds Teaching Hospitals NHS Trust" in html
    ask = f'href="/people/{lead.profile.pk}/ask/">Ask for a learning conversation'
    assert ask in html
    assert f'<title id="measure-{measure.pk}-icon-improvement_low">' in html


def test_a_lead_with_a_hidden_profile_is_asked_through_the_project(client, champion, lead):
    Profile.objects.filter(user=lead).update(visibility=Profile.Visibility.HIDDEN)
    project = ProjectFactory(lead=lead)
    make_measure(project, lead, IMPROVING)
    client.force_login(champion)
    html = page(client)
    assert f'href="{project.get_absolute_url()}">Ask for a learning conversation' in html
    assert "/ask/" not in html
    assert "Leeds Teaching Hospitals" not in html


def test_the_lead_sees_their_own_bright_spot_without_asking_themselves(client, lead):
    make_measure(ProjectFactory(lead=lead), lead, IMPROVING)
    client.force_login(lead)
    html = page(client)
    assert "This is your project: others may ask you how you did it." in html
    assert "Ask for a learning conversation" not in html


def test_bright_spots_can_be_narrowed_to_a_clinical_area(client, champion, lead):
    falls = ClinicalArea.objects.get(name="Falls")
    in_falls = ProjectFactory(lead=lead)
    in_falls.clinical_areas.set([falls])
    make_measure(in_falls, lead, IMPROVING, name="Falls measure")
    make_measure(ProjectFactory(lead=lead), lead, IMPROVING, name="Other measure")
    client.force_login(champion)
    html = page(client, f"{URL}?area=falls")
    assert "1 bright spot in falls" in html
    assert "Falls measure" in html
    assert "Other measure" not in html
    assert "2 bright spots" in page(client, f"{URL}?area=no-such-area")


def test_the_newest_come_first(client, champion, lead):
    project = ProjectFactory(lead=lead)
    older = make_measure(project, lead, IMPROVING, name="Older")
    newer = make_measure(project, lead, IMPROVING, name="Newer")
    Measure.objects.filter(pk=older.pk).update(latest_date=datetime.date(2025, 1, 1))
    Measure.objects.filter(pk=newer.pk).update(latest_date=datetime.date(2026, 1, 1))
    client.force_login(champion)
    html = page(client)
    assert html.index("Newer") < html.index("Older")


# The home page --------------------------------------------------------------------------------


def test_the_home_panel_shows_other_teams_bright_spots_in_my_areas_first(client, champion, lead):
    Profile.objects.get(user=champion).clinical_areas.set(
        [ClinicalArea.objects.get(name="Dementia")]
    )
    dementia = ProjectFactory(lead=lead, title="Calmer wards")
    dementia.clinical_areas.set([ClinicalArea.objects.get(name="Dementia")])
    make_measure(dementia, lead, IMPROVING, name="Episodes of distress")
    for index in range(3):
        newer = make_measure(ProjectFactory(lead=lead), lead, IMPROVING, name=f"Newer {index}")
        Measure.objects.filter(pk=newer.pk).update(latest_date=datetime.date(2026, 6, 1))
    make_measure(ProjectFactory(lead=champion), champion, IMPROVING, name="My own measure")
    make_measure(ProjectFactory(lead=lead), lead, WORSENING, name="A concern")
    client.force_login(champion)
    html = page(client, "/home/")
    panel = html[html.index("What is working well in Leeds") :]
    assert panel.index("Episodes of distress") < panel.index("Newer")
    assert panel.count("Newer") == 2, "three at most"
    assert "My own measure" not in panel
    assert "A concern" not in html
    assert 'href="/projects/bright-spots/">See what is working well across Leeds' in panel


def test_without_bright_spots_there_is_no_panel(client, champion):
    client.force_login(champion)
    assert "What is working well in Leeds" not in page(client, "/home/")


# City scale -----------------------------------------------------------------------------------


def city(size: int, leads: list) -> None:
    """`size` measures on size / 4 network projects (and a few drafts), their readings set as
    measure_analysis_refresh sets them: about half are bright spots."""
    projects = Project.objects.bulk_create(
        Project(title=f"Project {i}", summary="s", problem="p", aim="a",
                visibility="draft" if i % 10 == 9 else "network")
        for i in range(size // 4)
    )  # fmt: skip
    TeamMember.objects.bulk_create(
        TeamMember(project=project, user=leads[i % len(leads)], role="lead", status="active")
        for i, project in enumerate(projects)
    )
    falls = ClinicalArea.objects.get(name="Falls")
    Project.clinical_areas.through.objects.bulk_create(
        Project.clinical_areas.through(project=project, clinicalarea=falls)
        for project in projects[::2]
    )
    types = [PointType.IMPROVEMENT, PointType.COMMON_CAUSE, PointType.IMPROVEMENT,
             PointType.CONCERN]  # fmt: skip
    Measure.objects.bulk_create(
        Measure(project=project, name=f"Measure {i}", kind="outcome", numerator="n",
                data_source="s", point_count=30, latest_point_type=types[i % 4],
                latest_date=datetime.date(2026, 1, 1) + datetime.timedelta(days=i % 200),
                latest_value=4, variation="improvement_high", reading="Special cause improvement.")
        for project in projects for i in range(4)
    )  # fmt: skip


@pytest.mark.parametrize("size", [100, 10_000])
def test_bright_spots_run_a_fixed_number_of_queries_at_any_scale(client, champion, size):
    leads = [UserFactory() for _ in range(5)]
    city(size, leads)
    client.force_login(champion)
    client.get(URL)
    with_filter = f"{URL}?area=falls"
    # session, user, roles (header), the clinical areas to choose from (and, filtered, the one
    # chosen), how many bright spots, the page of them with their projects, the projects'
    # leads with their profiles, the change ideas they tested
    assert count_queries(lambda: page(client)) == 8
    assert count_queries(lambda: page(client, with_filter)) == 9
    assert page(client, with_filter).count('class="nhsuk-card app-bright-spot"') == 20
    html = page(client)
    expected = size // 4 * 2 - size // 40 * 2
    assert f"{expected:,} bright spots" in html
    assert html.count('class="nhsuk-card app-bright-spot"') == 20
