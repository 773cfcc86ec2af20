"""Projects showcased at an event: facilitators find network projects and add or remove
them; the event's page lists them; a copy for a series keeps them; drafts never appear."""

import datetime
import html

import pytest

from core.errors import ServiceError
from events import services
from events.models import Event
from projects.models import Visibility
from tests.events.factories import EventFactory
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, facilitator):
    client.force_login(facilitator)
    return client


@pytest.fixture
def event():
    return EventFactory(title="Falls learning set")


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return html.unescape(response.content.decode())


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_a_facilitator_finds_a_project_adds_it_and_members_see_it(staff, client, event, champion):
    falls = ProjectFactory(title="Fewer falls at night", summary="Hourly rounding on ward 7")
    ProjectFactory(title="Sepsis screening in ED")
    page = text(staff.get(f"/events/{event.pk}/showcase/", {"q": "falls"}))
    assert "No projects are showcased at this event yet." in page
    assert "Fewer falls at night" in page
    assert "Sepsis screening" not in page, "only what the search finds"

    response = staff.post(
        f"/events/{event.pk}/showcase/add/", {"project": falls.pk, "q": "falls"}, follow=True
    )
    assert response.redirect_chain == [(f"/events/{event.pk}/showcase/?q=falls", 302)]
    assert messages_of(response) == ["“Fewer falls at night” is showcased at this event."]
    assert list(event.showcased_projects.all()) == [falls]
    page = text(response)
    assert "Showcased (1)" in page
    assert "No network project that is not already showcased matches “falls”." in page

    client.force_login(champion)  # the same client, now as a member
    page = text(client.get(f"/events/{event.pk}/"))
    assert "Projects showcased" in page
    assert f'<a href="/projects/{falls.pk}/">Fewer falls at night</a>' in page
    assert "Hourly rounding on ward 7" in page


def test_a_draft_is_never_offered_nor_added(staff, event, facilitator):
    draft = ProjectFactory(title="Falls draft", visibility=Visibility.DRAFT, lead=facilitator)
    page = text(staff.get(f"/events/{event.pk}/showcase/", {"q": "falls"}))
    assert "Falls draft" not in page, "not even to a facilitator in its team"

    response = staff.post(f"/events/{event.pk}/showcase/add/", {"project": draft.pk}, follow=True)
    assert messages_of(response) == [
        "That project could not be found. Only projects shared with the network can be "
        "showcased: search for it again."
    ]
    assert not event.showcased_projects.exists()


@pytest.mark.parametrize("project", ["999999", "99999999999999999999", "", "falls", "-3"])
def test_an_unknown_project_changes_nothing(staff, event, project):
    ProjectFactory()
    response = staff.post(f"/events/{event.pk}/showcase/add/", {"project": project}, follow=True)
    assert response.redirect_chain[-1][0] == f"/events/{event.pk}/showcase/"
    assert messages_of(response)[0].startswith("That project could not be found.")
    assert not event.showcased_projects.exists()


def test_adding_twice_or_removing_what_is_not_there_is_explained(staff, event):
    project = ProjectFactory(title="Discharge before noon")
    event.showcased_projects.add(project)
    response = staff.post(f"/events/{event.pk}/showcase/add/", {"project": project.pk}, follow=True)
    assert messages_of(response) == ["“Discharge before noon” is already showcased at this event."]
    other = ProjectFactory(title="Hydration rounds")
    response = staff.post(
        f"/events/{event.pk}/showcase/remove/", {"project": other.pk}, follow=True
    )
    assert messages_of(response) == ["“Hydration rounds” is not showcased at this event."]
    assert list(event.showcased_projects.all()) == [project]


def test_removing_a_project(staff, event):
    kept, removed = ProjectFactory(title="Kept"), ProjectFactory(title="Removed")
    event.showcased_projects.add(kept, removed)
    response = staff.post(
        f"/events/{event.pk}/showcase/remove/", {"project": removed.pk}, follow=True
    )
    assert messages_of(response) == ["“Removed” is no longer showcased at this event."]
    assert list(event.showcased_projects.all()) == [kept]
    page = text(response)
    assert "Showcased (1)" in page
    assert 'Remove<span class="nhsuk-u-visually-hidden"> Kept</span>' in page


def test_a_project_made_a_draft_later_disappears_even_for_its_team(client, staff, event, champion):
    project = ProjectFactory(title="Went back to draft", lead=champion)
    event.showcased_projects.add(project)
    project.visibility = Visibility.DRAFT
    project.save(update_fields=["visibility"])
    assert "Went back to draft" not in text(staff.get(f"/events/{event.pk}/showcase/"))
    client.force_login(champion)  # the same client, now as the project's lead
    assert "Went back to draft" not in text(client.get(f"/events/{event.pk}/"))


def test_a_cancelled_events_showcase_cannot_change(staff, event):
    project = ProjectFactory(title="Frailty huddles")
    event.showcased_projects.add(project)
    Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED)
    page = text(staff.get(f"/events/{event.pk}/showcase/", {"q": "frailty"}))
    assert "This event has been cancelled, so its projects cannot be changed." in page
    assert "showcase/remove/" not in page
    assert "showcase/add/" not in page
    response = staff.post(
        f"/events/{event.pk}/showcase/remove/", {"project": project.pk}, follow=True
    )
    assert messages_of(response) == ["A cancelled event cannot be changed."]
    assert list(event.showcased_projects.all()) == [project]


def test_a_copy_for_a_series_keeps_the_showcase_but_not_drafts(event, facilitator):
    shared = ProjectFactory(title="Shared")
    made_draft = ProjectFactory(title="Made a draft since", visibility=Visibility.DRAFT)
    event.showcased_projects.add(shared, made_draft)
    first = (event.starts_at + datetime.timedelta(days=7)).date()
    copies = services.event_duplicate(event_id=event.pk, first_date=first, copies=2, by=facilitator)
    for copy in copies:
        assert list(copy.showcased_projects.all()) == [shared]
    assert set(event.showcased_projects.all()) == {shared, made_draft}, "the original is kept"


def test_the_services_refuse_drafts_and_unknown_projects(event, facilitator):
    draft = ProjectFactory(visibility=Visibility.DRAFT)
    for project_id in (draft.pk, 10**9):
        with pytest.raises(ServiceError, match="could not be found"):
            services.event_showcase_add(event_id=event.pk, project_id=project_id, by=facilitator)
    assert not event.showcased_projects.exists()


def test_the_run_this_event_card_links_to_the_showcase(staff, event):
    assert f'href="/events/{event.pk}/showcase/"' in text(staff.get(f"/events/{event.pk}/"))


def test_search_results_say_who_leads_a_project(staff, event, champion):
    ProjectFactory(title="Falls prevention", lead=champion)
    page = text(staff.get(f"/events/{event.pk}/showcase/", {"q": "falls"}))
    assert "Led by Asha Patel" in page
