"""A link may suggest a new PDSA cycle's objective (`?objective=...`): the form starts with
it, trimmed to the field's length, and nothing is saved until the member sends the form."""

import pytest

from projects import services
from projects.models import PdsaCycle
from tests.factories import ProjectFactory
from tests.projects.data import pdsa_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_cycle_url(champion) -> str:
    project = ProjectFactory(lead=champion)
    driver = services.driver_create(project=project, by=champion, text="Reliable checks")
    idea = services.change_idea_create(driver=driver, by=champion, text="Hourly rounding")
    return f"/projects/{project.pk}/change-ideas/{idea.pk}/pdsa/new/"


def test_the_objective_starts_with_the_suggestion(client, champion, new_cycle_url):
    client.force_login(champion)
    response = client.get(new_cycle_url, {"objective": "  Try hourly rounding for a week "})
    assert response.status_code == 200
    assert response.context["form"]["objective"].value() == "Try hourly rounding for a week"
    assert 'value="Try hourly rounding for a week"' in response.content.decode()
    assert not PdsaCycle.objects.exists()


def test_a_long_suggestion_is_trimmed_to_the_fields_length(client, champion, new_cycle_url):
    client.force_login(champion)
    response = client.get(new_cycle_url, {"objective": "a" * 290 + " then more words"})
    assert response.context["form"]["objective"].value() == "a" * 290 + " then more"
    assert len(response.context["form"]["objective"].value()) == 300


def test_without_a_suggestion_the_objective_is_empty(client, champion, new_cycle_url):
    client.force_login(champion)
    assert client.get(new_cycle_url).context["form"]["objective"].value() == ""


def test_what_the_member_sends_is_saved_not_the_suggestion(client, champion, new_cycle_url):
    client.force_login(champion)
    response = client.post(
        f"{new_cycle_url}?objective=Suggested", pdsa_form(objective="What I typed")
    )
    assert response.status_code == 302
    assert list(PdsaCycle.objects.values_list("objective", flat=True)) == ["What I typed"]


def test_a_suggestion_opens_no_door(client, other_champion, new_cycle_url):
    client.force_login(other_champion)
    assert client.get(new_cycle_url, {"objective": "Let me in"}).status_code == 403
