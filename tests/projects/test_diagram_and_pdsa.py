"""The driver diagram as a tree, and PDSA cycles as a ramp per change idea."""

import re

import pytest

from core.errors import ServiceError
from projects import services
from projects.models import ChangeIdea, Driver, HistoryEntry, PdsaCycle
from tests.factories import ProjectFactory
from tests.projects.data import pdsa_form

pytestmark = pytest.mark.django_db

NHS_NUMBER = "943 476 5919"


@pytest.fixture
def project(champion):
    return ProjectFactory(lead=champion, aim="Reduce falls by 30% by March 2027")


def build(client, project) -> ChangeIdea:
    base = f"/projects/{project.pk}/driver-diagram/drivers/"
    client.post(base, {"primary-text": "A safe environment at night"})
    primary = Driver.objects.get(project=project, parent=None)
    client.post(base, {"secondary-text": "Someone always nearby", "parent": primary.pk})
    secondary = Driver.objects.get(parent=primary)
    client.post(f"{base}{secondary.pk}/change-ideas/", {"idea-text": "Hourly rounding"})
    return ChangeIdea.objects.get(driver=secondary)


def test_the_diagram_is_built_as_a_tree_and_shown_as_nested_lists(client, champion, project):
    client.force_login(champion)
    build(client, project)
    html = client.get(f"/projects/{project.pk}/").content.decode()
    tree = html[html.index("app-driver-diagram__aim") :]
    assert "Reduce falls by 30% by March 2027" in tree
    assert re.search(
        r'aria-label="Primary drivers">.*Primary driver: </span>A safe environment at night'
        r'.*aria-label="Secondary drivers of A safe environment at night">'
        r".*Secondary driver: </span>Someone always nearby.*Change idea: </span>"
        r'<a href="/projects/\d+/change-ideas/\d+/">Hourly rounding</a>',
        tree,
        re.S,
    )
    assert "<img" not in tree
    subjects = set(HistoryEntry.objects.values_list("subject", flat=True))
    assert {"primary driver", "secondary driver", "change idea"} <= subjects


def test_driver_diagram_bad_input_keeps_what_was_typed(client, champion, project):
    client.force_login(champion)
    base = f"/projects/{project.pk}/driver-diagram/drivers/"
    response = client.post(base, {"primary-text": "x" * 301})
    html = response.content.decode()
    assert "<title>Error: Driver diagram" in html
    assert "Primary driver must be 300 characters or fewer" in html
    assert "x" * 301 in html
    response = client.post(base, {"primary-text": f"Patient {NHS_NUMBER}"})
    assert "Do not enter patient-identifiable information" in response.content.decode()
    assert f"Patient {NHS_NUMBER}" in response.content.decode()
    assert not Driver.objects.exists()
    response = client.post(base, {"primary-text": ""})
    assert "Enter the primary driver" in response.content.decode()


def test_a_secondary_driver_sits_under_a_primary_one(champion, project):
    primary = services.driver_create(project=project, by=champion, text="Primary")
    secondary = services.driver_create(
        project=project, by=champion, text="Secondary", parent=primary
    )
    with pytest.raises(ServiceError):
        services.driver_create(project=project, by=champion, text="Third", parent=secondary)


def test_three_pdsa_cycles_form_a_numbered_ramp(client, champion, project):
    client.force_login(champion)
    idea = build(client, project)
    other = services.change_idea_create(driver=idea.driver, by=champion, text="Other idea")
    url = f"/projects/{project.pk}/change-ideas/{idea.pk}/pdsa/new/"
    for objective in ("First test", "Second test", "Third test"):
        response = client.post(url, pdsa_form(objective=objective, status="done", act="adapt"))
        assert response.status_code == 302
    services.pdsa_cycle_create(change_idea=other, by=champion, data={"objective": "Elsewhere"})
    numbers = list(idea.cycles.order_by("number").values_list("number", "objective"))
    assert numbers == [(1, "First test"), (2, "Second test"), (3, "Third test")]
    assert other.cycles.get().number == 1
    html = client.get(f"/projects/{project.pk}/change-ideas/{idea.pk}/").content.decode()
    assert re.search(r"PDSA 1: First test.*PDSA 2: Second test.*PDSA 3: Third test", html, re.S)
    assert "Start PDSA cycle 4" in html
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert re.search(r"PDSA 1</span>.*First test.*PDSA 2</span>.*PDSA 3</span>", page, re.S)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"objective": ""}, "objective", "Enter objective of this cycle"),
        ({"objective": "o" * 301}, "objective", "must be 300 characters or fewer"),
        ({"plan_what": "w" * 4001}, "plan_what", "What must be 4000 characters or fewer"),
        ({"status": "finished"}, "status", "Choose status from the list"),
        ({"act": "ignore"}, "act", "Choose decision from the list"),
        ({"end_date_year": "2025"}, "end_date", "End date must be after the start date"),
        ({"start_date_day": "31", "start_date_month": "2"}, "start_date", "must be a real date"),
        ({"prediction": f"NHS {NHS_NUMBER}"}, "prediction", "patient-identifiable"),
        ({"study": "9434765919 improved"}, "study", "patient-identifiable"),
    ],
)
def test_pdsa_bad_input_is_refused_and_nothing_typed_is_lost(
    client, champion, project, overrides, field, message
):
    client.force_login(champion)
    idea = build(client, project)
    data = pdsa_form(**overrides)
    response = client.post(f"/projects/{project.pk}/change-ideas/{idea.pk}/pdsa/new/", data)
    assert response.status_code == 200
    assert not PdsaCycle.objects.exists()
    assert message in " ".join(response.context["form"].errors[field])
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Night staff on ward 7" in html


def test_editing_a_cycle_is_recorded_field_by_field(client, champion, project):
    client.force_login(champion)
    idea = build(client, project)
    client.post(f"/projects/{project.pk}/change-ideas/{idea.pk}/pdsa/new/", pdsa_form())
    cycle = PdsaCycle.objects.get()
    client.post(
        f"/projects/{project.pk}/pdsa/{cycle.pk}/edit/",
        pdsa_form(status="done", act="adopt", study="Fewer falls than predicted"),
    )
    entry = HistoryEntry.objects.get(subject="PDSA cycle", action="changed")
    changes = {change["field"]: (change["before"], change["after"]) for change in entry.changes}
    assert changes == {
        "status": ("Planned", "Done"),
        "act": ("", "Adopt: keep the change"),
        "study": ("", "Fewer falls than predicted"),
    }


def test_a_driver_or_idea_with_cycles_cannot_be_removed(client, champion, project):
    client.force_login(champion)
    idea = build(client, project)
    services.pdsa_cycle_create(change_idea=idea, by=champion, data={"objective": "Test"})
    response = client.post(
        f"/projects/{project.pk}/driver-diagram/drivers/{idea.driver.parent_id}/delete/",
        follow=True,
    )
    assert "cannot be removed" in response.content.decode()
    response = client.post(f"/projects/{project.pk}/change-ideas/{idea.pk}/delete/", follow=True)
    assert "cannot be removed" in response.content.decode()
    assert ChangeIdea.objects.filter(pk=idea.pk).exists()
    empty = services.change_idea_create(driver=idea.driver, by=champion, text="Untested")
    client.post(f"/projects/{project.pk}/change-ideas/{empty.pk}/delete/")
    assert not ChangeIdea.objects.filter(pk=empty.pk).exists()
