"""The home page's projects panel and next step."""

import pytest

from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_a_member_without_projects_is_asked_to_log_one(client, champion):
    client.force_login(champion)
    html = client.get("/home/").content.decode()
    assert "Log your first improvement project" in html
    assert 'href="/projects/new/"' in html


def test_the_home_page_lists_my_projects_and_invitations(client, champion, other_champion):
    mine = ProjectFactory(lead=champion, title="My falls project")
    invited = ProjectFactory(lead=other_champion, title="Tom's project", visibility="draft")
    invited.team.create(user=champion, role="coach", invited_by=other_champion)
    client.force_login(champion)
    html = client.get("/home/").content.decode()
    assert "Log your first improvement project" not in html
    assert "Your projects" in html
    assert f'href="/projects/{mine.pk}/">My falls project</a>' in html
    assert "Tom Firth invited you as improvement coach" in html
