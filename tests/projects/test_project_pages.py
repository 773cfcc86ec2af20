"""Starting a project (with similar projects offered), its page, editing it and its history."""

import re

import pytest

from champions.models import Organisation
from projects.models import HistoryEntry, Project
from tests.factories import ProjectFactory, UserFactory
from tests.helpers import count_queries
from tests.projects.data import project_form

pytestmark = pytest.mark.django_db

NHS_NUMBER = "943 476 5919"  # passes the modulus-11 check


def test_starting_a_project_offers_similar_projects_first(client, champion):
    ProjectFactory(title="Preventing falls at night", aim="Reduce falls with harm by 2027")
    ProjectFactory(title="Sepsis screening", aim="Antibiotics within the hour")
    ProjectFactory(title="Secret falls draft", aim="Fewer falls", visibility="draft")
    client.force_login(champion)
    page = client.get("/projects/new/").content.decode()
    assert "step 1 of 2" in page
    assert "Do not enter patient-identifiable information" in page
    response = client.post(
        "/projects/new/",
        {"step": "start", "title": "Fewer falls on ward 7", "aim": "Reduce falls by 30%"},
    )
    html = response.content.decode()
    assert "Has anyone in Leeds already worked on this?" in html
    assert "Preventing falls at night" in html
    assert "Sepsis screening" not in html
    assert "Secret falls draft" not in html, "someone else's draft is never offered"
    # What was typed comes along to the second step.
    assert 'value="Fewer falls on ward 7"' in html
    assert "Reduce falls by 30%</textarea>" in html


def test_the_similar_projects_fragment_for_the_script(client, champion):
    ProjectFactory(title="Preventing falls at night", aim="Reduce falls with harm by 2027")
    client.force_login(champion)
    html = client.get("/projects/similar/", {"title": "falls", "aim": "fewer falls"}).content
    assert b"Preventing falls at night" in html
    assert b"<html" not in html
    empty = client.get("/projects/similar/", {"title": "zzzz", "aim": "qqqq"}).content
    assert b"We found no similar projects" in empty


def test_the_first_step_needs_a_title_and_an_aim(client, champion):
    client.force_login(champion)
    html = client.post("/projects/new/", {"step": "start", "title": "", "aim": ""}).content
    html = html.decode()
    assert "<title>Error: Start a project" in html
    assert '<a href="#id_title">Enter title</a>' in html
    assert '<a href="#id_aim">Enter aim statement</a>' in html


def test_creating_a_project_makes_the_creator_its_lead(client, champion):
    client.force_login(champion)
    carers = Organisation.objects.get(short_name="Carers Leeds")
    data = project_form(organisations=[Organisation.objects.get(short_name="LTHT").pk, carers.pk])
    response = client.post("/projects/new/", data)
    project = Project.objects.get()
    assert response["Location"] == f"/projects/{project.pk}/"
    assert project.team.get().user == champion
    assert project.team.get().role == "lead"
    assert project.is_cross_boundary, "an acute trust and a charity are two sectors"
    assert project.start_date.isoformat() == "2026-09-01"
    entry = HistoryEntry.objects.get(project=project)
    assert (entry.actor, entry.action, entry.subject) == (champion, "created", "project")
    html = client.get(response["Location"]).content.decode()
    assert "Your project has been created" in html
    assert "Cross-boundary" in html
    assert 'id="measures"' in html
    assert "No measures yet" in html


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": "x" * 201}, "title", "Title must be 200 characters or fewer"),
        ({"summary": ""}, "summary", "Enter one-line summary"),
        ({"aim": "y" * 1001}, "aim", "Aim statement must be 1000 characters or fewer"),
        ({"method": "six-sigma"}, "method", "Choose method from the list"),
        ({"stage": ""}, "stage", "Select stage"),
        ({"progress_score": "9.9"}, "progress_score", "Choose IHI progress score from the list"),
        ({"organisations": ["999999"]}, "organisations", "Choose organisations involved from"),
        ({"visibility": "public"}, "visibility", "Choose visibility from the list"),
        ({"start_date_month": "13"}, "start_date", "Date must be a real date"),
        ({"start_date_year": "26"}, "start_date", "Year must include 4 numbers"),
        ({"start_date_day": ""}, "start_date", "Date must include a day"),
        ({"expected_end_date_year": "2025"}, "expected_end_date", "must be after the start date"),
        ({"partner_involvement": "co_leading"}, "partner_involvement_detail", "Enter how partners"),
        ({"problem": f"Mr Smith, {NHS_NUMBER}, fell"}, "problem", "patient-identifiable"),
        ({"aim": "Reduce falls for 943-476-5919"}, "aim", "patient-identifiable"),
        ({"help_wanted_text": "Help for 9434765919"}, "help_wanted_text", "patient-identifiable"),
    ],
)
def test_bad_input_is_refused_and_nothing_typed_is_lost(
    client, champion, overrides, field, message
):
    client.force_login(champion)
    data = project_form(**overrides)
    response = client.post("/projects/new/", data)
    assert response.status_code == 200
    assert Project.objects.count() == 0
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field])
    html = response.content.decode()
    assert "There is a problem" in html
    assert html.startswith("<!DOCTYPE html>")
    assert "<title>Error: " in html
    kept = {key: value for key, value in data.items() if key in ("title", "summary", "problem")}
    for value in kept.values():
        if len(value) < 200:
            assert value.replace("'", "&#x27;") in html


def test_html_typed_into_a_project_is_shown_as_text(client, champion):
    client.force_login(champion)
    client.post("/projects/new/", project_form(title="<script>alert('x')</script> falls"))
    project = Project.objects.get()
    html = client.get(f"/projects/{project.pk}/").content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; falls" in html
    assert "<script>alert" not in html


def test_editing_records_each_changed_field_in_the_history(client, champion):
    client.force_login(champion)
    client.post("/projects/new/", project_form())
    project = Project.objects.get()
    lch = Organisation.objects.get(short_name="LCH")
    response = client.post(
        f"/projects/{project.pk}/edit/",
        project_form(stage="implementing", organisations=[lch.pk], summary="A new summary"),
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.stage == "implementing"
    assert not project.is_cross_boundary
    entry = HistoryEntry.objects.filter(project=project, action="changed").get()
    changes = {change["field"]: change for change in entry.changes}
    assert set(changes) == {"stage", "organisations", "summary"}
    assert changes["stage"] == {
        "field": "stage", "label": "Stage", "before": "Testing changes", "after": "Implementing",
    }  # fmt: skip
    assert changes["organisations"]["before"] == "Leeds Teaching Hospitals NHS Trust"
    assert changes["organisations"]["after"] == "Leeds Community Healthcare NHS Trust"
    html = client.get(f"/projects/{project.pk}/history/").content.decode()
    assert "Asha Patel</strong> changed the project" in html
    assert "Testing changes" in html
    assert "Implementing" in html
    # Saving with no change writes no entry.
    client.post(
        f"/projects/{project.pk}/edit/",
        project_form(stage="implementing", organisations=[lch.pk], summary="A new summary"),
    )
    assert HistoryEntry.objects.filter(project=project, action="changed").count() == 1


def test_the_history_cannot_be_changed(champion):
    project = ProjectFactory()
    entry = HistoryEntry.objects.create(project=project, action="created", subject="project")
    entry.subject_label = "rewritten"
    with pytest.raises(ValueError, match="append-only"):
        entry.save()
    with pytest.raises(ValueError, match="append-only"):
        entry.delete()


def test_only_a_lead_can_change_who_can_see_a_project(client, champion, partner):
    project = ProjectFactory(lead=champion, title="Team project")
    project.team.create(user=partner, role="partner", status="active")
    client.force_login(partner)
    form = client.get(f"/projects/{project.pk}/edit/").context["form"]
    assert "visibility" not in form.fields
    client.post(f"/projects/{project.pk}/edit/", project_form(visibility="draft", title="Edited"))
    project.refresh_from_db()
    assert (project.title, project.visibility) == ("Edited", "network")
    client.force_login(champion)
    client.post(f"/projects/{project.pk}/edit/", project_form(visibility="draft"))
    project.refresh_from_db()
    assert project.visibility == "draft"


def test_following_a_project(client, champion):
    project = ProjectFactory()
    client.force_login(champion)
    client.post(f"/projects/{project.pk}/follow/", {"action": "follow"})
    assert project.follows.filter(user=champion).exists()
    assert "Stop following" in client.get(f"/projects/{project.pk}/").content.decode()
    client.post(f"/projects/{project.pk}/follow/", {"action": "unfollow"})
    assert not project.follows.exists()


def test_the_storyboard_has_the_story_on_one_page(client, champion):
    client.force_login(champion)
    client.post("/projects/new/", project_form())
    project = Project.objects.get()
    html = client.get(f"/projects/{project.pk}/storyboard/").content.decode()
    for part in ("Aim", "Team", "Organisations", "Driver diagram", "PDSA ramp", "Measures",
                 "Latest learning", "Asha Patel, lead"):  # fmt: skip
        assert part in html
    assert "app-storyboard--a4" in html
    a3 = client.get(f"/projects/{project.pk}/storyboard/", {"paper": "a3"}).content.decode()
    assert "app-storyboard--a3" in a3


def test_contributions_show_a_name_after_the_author_has_gone(client, champion):
    author = UserFactory(profile__display_name="Sam Leaving")
    project = ProjectFactory(lead=champion)
    project.updates.create(author=author, now="n", working_well="w", do_more="d")
    client.force_login(champion)
    assert "Sam Leaving" in client.get(f"/projects/{project.pk}/").content.decode()
    author.delete()
    assert "A former member" in client.get(f"/projects/{project.pk}/").content.decode()


def make_rich_project(project: Project, size: int) -> None:
    from projects import services

    lead = project.created_by
    for number in range(size):
        member = services.team_member_invite(
            project=project, by=lead, user=UserFactory(), role="member"
        )
        services.team_invitation_accept(member=member)
        driver = services.driver_create(project=project, by=lead, text=f"Driver {number}")
        secondary = services.driver_create(
            project=project, by=lead, text=f"Secondary {number}", parent=driver
        )
        idea = services.change_idea_create(driver=secondary, by=lead, text=f"Idea {number}")
        for _ in range(2):
            services.pdsa_cycle_create(change_idea=idea, by=lead, data={"objective": "Test"})
        update = services.learning_update_create(
            project=project, by=lead, data={"now": "n", "working_well": "w", "do_more": "d"}
        )
        update.comments.create(author=lead, body="Thanks")
    project.organisations.set(Organisation.objects.all()[: size + 1])


@pytest.mark.parametrize("viewer", ["lead", "reader"])
def test_the_project_page_runs_the_same_queries_whatever_its_size(client, champion, viewer):
    project = ProjectFactory(lead=champion)
    client.force_login(champion if viewer == "lead" else UserFactory())
    client.get("/projects/")
    make_rich_project(project, 1)
    small = count_queries(lambda: client.get(f"/projects/{project.pk}/"))
    make_rich_project(project, 8)
    large = count_queries(lambda: client.get(f"/projects/{project.pk}/"))
    # session, user, the project, its team (with profiles), organisations, clinical areas,
    # skills wanted, roles (header), drivers, change ideas, PDSA cycles, latest updates
    # (with comment counts), whether the viewer follows it, its measures (none here: see
    # test_measures.py for their values and rebases)
    assert small == large == 14


def test_every_project_page_has_the_projects_navigation(client, champion):
    client.force_login(champion)
    html = client.get("/projects/").content.decode()
    links = re.findall(r'class="nhsuk-header__navigation-link" href="([^"]+)"', html)
    assert "/projects/" in links
