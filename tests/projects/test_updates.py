"""Learning updates and the conversation around them; the team hears of each comment."""

import pytest

from core.models import OutgoingEmail
from projects.models import Comment, ProjectUpdate
from tests.factories import ProjectFactory
from tests.helpers import assert_email
from tests.projects.data import update_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(champion, partner):
    project = ProjectFactory(lead=champion, title="Fewer falls at night")
    project.team.create(user=partner, role="partner", status="active")
    return project


def test_the_team_posts_an_update_built_on_the_inquiry_questions(client, champion, project):
    client.force_login(champion)
    page = client.get(f"/projects/{project.pk}/updates/new/").content.decode()
    for question in ("What do we know about what is going on now?", "What is working well?",
                     "How could we do more of that?", "What could others learn from us?",
                     "Where do we need help?"):  # fmt: skip
        assert question in page
    response = client.post(f"/projects/{project.pk}/updates/new/", update_form())
    update = ProjectUpdate.objects.get()
    assert response["Location"] == f"/projects/{project.pk}/updates/{update.pk}/"
    assert "Spread rounding to ward 8" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"now": ""}, "now", "Answer this question"),
        ({"do_more": "m" * 4001}, "do_more", "must be 4000 characters or fewer"),
        ({"others_learn": "Ask 943 476 5919"}, "others_learn", "patient-identifiable"),
    ],
)
def test_update_bad_input_keeps_every_answer(client, champion, project, overrides, field, message):
    client.force_login(champion)
    response = client.post(f"/projects/{project.pk}/updates/new/", update_form(**overrides))
    assert not ProjectUpdate.objects.exists()
    assert message in " ".join(response.context["form"].errors[field])
    assert "Night staff like the rounding checklist." in response.content.decode()


def test_a_member_from_anywhere_comments_and_the_team_is_emailed(
    client, champion, partner, other_champion, project
):
    update = project.updates.create(author=champion, now="n", working_well="w", do_more="d")
    client.force_login(other_champion)
    response = client.post(
        f"/projects/{project.pk}/updates/{update.pk}/", {"body": "We saw the <same> at night"}
    )
    comment = Comment.objects.get()
    assert response["Location"].endswith(f"/updates/{update.pk}/#comment-{comment.pk}")
    for member in (champion, partner):
        assert_email(
            to=member.email,
            kind="projects.comment",
            subject="Tom Firth commented on an update of “Fewer falls at night”",
            text=("We saw the <same> at night", f"#comment-{comment.pk}"),
            html=("We saw the &lt;same&gt; at night", "Read the conversation and reply"),
        )
    assert not OutgoingEmail.objects.filter(to=other_champion.email).exists()
    html = client.get(f"/projects/{project.pk}/updates/{update.pk}/").content.decode()
    assert "We saw the &lt;same&gt; at night" in html


def test_a_comment_with_an_nhs_number_is_refused_and_kept_for_editing(
    client, other_champion, project
):
    update = project.updates.create(now="n", working_well="w", do_more="d")
    client.force_login(other_champion)
    response = client.post(
        f"/projects/{project.pk}/updates/{update.pk}/", {"body": "Patient 9434765919 fell"}
    )
    html = response.content.decode()
    assert "Do not enter patient-identifiable information" in html
    assert "Patient 9434765919 fell</textarea>" in html
    assert not Comment.objects.exists()
    assert not OutgoingEmail.objects.exists()


def test_updates_feed_the_search(client, champion, other_champion, project):
    client.force_login(champion)
    client.post(f"/projects/{project.pk}/updates/new/", update_form(now="Tea trolley chats"))
    client.force_login(other_champion)
    html = client.get("/projects/", {"q": "trolley"}).content.decode()
    assert "Fewer falls at night" in html
