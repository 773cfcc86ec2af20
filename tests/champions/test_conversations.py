"""Learning-conversation requests: asking, the email, answering, limits and duplicates."""

import datetime
import re

import pytest
from django.utils import timezone

from champions import services
from champions.models import ConversationRequest, Profile, Skill
from core.errors import ServiceError
from core.models import OutgoingEmail
from core.patientdata import PATIENT_DATA_MESSAGE
from tests.champions.helpers import member
from tests.helpers import assert_email

pytestmark = pytest.mark.django_db


@pytest.fixture
def jo():
    return member("Jo Firth", org="LCH", teaches=("SPC charts", "Run charts"))


def ask(client, profile: Profile, **data):
    data.setdefault("skill", str(Skill.objects.get(name="SPC charts").pk))
    data.setdefault("message", "Could you show me how you read your falls chart?")
    return client.post(f"/people/{profile.pk}/ask/", data)


def test_the_form_offers_the_skill_from_the_suggestion(client, champion, jo):
    client.force_login(champion)
    skill = Skill.objects.get(name="Run charts")
    html = client.get(f"/people/{jo.pk}/ask/?skill={skill.pk}").content.decode()
    assert "Jo Firth can teach: Run charts, SPC charts." in html
    assert re.search(rf'<option value="{skill.pk}" selected>Run charts</option>', html)


def test_asking_writes_the_request_and_emails_the_recipient(client, champion, jo):
    client.force_login(champion)
    response = ask(client, jo, topic="our falls chart")
    assert response.status_code == 302
    assert response["Location"] == f"/people/{jo.pk}/"
    conversation = ConversationRequest.objects.get()
    assert (conversation.sender, conversation.recipient, conversation.status) == (
        champion,
        jo.user,
        "open",
    )
    assert conversation.subject == "SPC charts: our falls chart"
    email = assert_email(
        to=jo.user.email,
        kind="champions.conversation_request",
        subject="Asha Patel would like a learning conversation with you",
        text=(
            "Hello Jo Firth",
            "about SPC charts: our falls chart",
            "Could you show me how you read your falls chart?",
            "http://127.0.0.1:8000/people/conversations/",
            f"http://127.0.0.1:8000/people/{champion.profile.pk}/",
        ),
        html=(
            "<strong>SPC charts: our falls chart</strong>",
            "Could you show me how you read your falls chart?",
            'href="http://127.0.0.1:8000/people/conversations/"',
            "Accept or decline",
        ),
    )
    assert champion.email not in email.text + email.html, "not before they accept"
    assert email.related == conversation
    html = client.get(response["Location"]).content.decode()
    assert "Your request has been sent to Jo Firth" in html
    assert "You asked Jo Firth for a learning conversation" in html


def test_the_recipient_sees_the_request_on_their_home_page_and_accepts_it(client, champion, jo):
    client.force_login(champion)
    ask(client, jo, message="Hello <b>Jo</b>\nThanks!")
    conversation = ConversationRequest.objects.get()
    client.force_login(jo.user)
    home = client.get("/home/").content.decode()
    assert "Learning conversations you have been asked for" in home
    assert "Asha Patel</a> would like to talk about SPC charts" in home
    assert "Hello &lt;b&gt;Jo&lt;/b&gt;<br>Thanks!" in home
    assert f'action="/people/conversations/{conversation.pk}/answer/"' in home
    assert champion.email not in home

    response = client.post(f"/people/conversations/{conversation.pk}/answer/", {"answer": "accept"})
    assert response["Location"] == "/people/conversations/"
    conversation.refresh_from_db()
    assert conversation.status == "accepted"
    assert conversation.responded_at is not None
    html = client.get("/people/conversations/").content.decode()
    assert f"Their email address is {champion.email}" in html
    assert f'href="mailto:{champion.email}"' in html
    assert (
        "Learning conversations you have been asked for"
        not in client.get("/home/").content.decode()
    )

    assert_email(
        to=champion.email,
        kind="champions.conversation_accepted",
        subject="Jo Firth accepted your request for a learning conversation",
        text=(f"Their email address is {jo.user.email}.",),
        html=(f'href="mailto:{jo.user.email}"', "SPC charts"),
    )
    client.force_login(champion)
    assert f'href="mailto:{jo.user.email}"' in client.get("/people/conversations/").content.decode()


def test_declining_shares_nothing_and_lets_the_sender_ask_again_later(client, champion, jo):
    client.force_login(champion)
    ask(client, jo)
    conversation = ConversationRequest.objects.get()
    client.force_login(jo.user)
    client.post(f"/people/conversations/{conversation.pk}/answer/", {"answer": "decline"})
    conversation.refresh_from_db()
    assert conversation.status == "declined"
    assert not OutgoingEmail.objects.filter(to=champion.email).exists()
    assert champion.email not in client.get("/people/conversations/").content.decode()
    client.force_login(champion)
    sent = client.get("/people/conversations/").content.decode()
    assert "Declined" in sent
    assert jo.user.email not in sent
    assert ask(client, jo).status_code == 302
    assert ConversationRequest.objects.filter(status="open").count() == 1


def test_an_answered_request_cannot_be_answered_again(client, champion, jo):
    conversation = ConversationRequest.objects.create(
        sender=champion, recipient=jo.user, topic="Falls", message="Hi", status="accepted"
    )
    client.force_login(jo.user)
    response = client.post(
        f"/people/conversations/{conversation.pk}/answer/", {"answer": "decline"}, follow=True
    )
    assert "You have already accepted this request." in response.content.decode()
    conversation.refresh_from_db()
    assert conversation.status == "accepted"


@pytest.mark.parametrize("answer", ["", "maybe"])
def test_an_unknown_answer_is_refused(client, champion, jo, answer):
    conversation = ConversationRequest.objects.create(
        sender=champion, recipient=jo.user, topic="Falls", message="Hi"
    )
    client.force_login(jo.user)
    response = client.post(
        f"/people/conversations/{conversation.pk}/answer/", {"answer": answer}, follow=True
    )
    assert "Choose accept or decline." in response.content.decode()
    conversation.refresh_from_db()
    assert conversation.is_open


def test_only_the_recipient_answers(client, champion, other_champion, jo):
    conversation = ConversationRequest.objects.create(
        sender=champion, recipient=jo.user, topic="Falls", message="Hi"
    )
    url = f"/people/conversations/{conversation.pk}/answer/"
    client.force_login(champion)
    assert client.post(url, {"answer": "accept"}).status_code == 403
    client.force_login(other_champion)
    assert client.post(url, {"answer": "accept"}).status_code == 404
    assert client.get(url).status_code == 405, "no change on GET"
    conversation.refresh_from_db()
    assert conversation.is_open


def test_a_second_open_request_to_the_same_person_is_refused(client, champion, jo):
    client.force_login(champion)
    ask(client, jo)
    response = ask(client, jo, message="Me again")
    assert response.status_code == 200
    html = response.content.decode()
    assert "You have already asked Jo Firth for a learning conversation." in html
    assert "Me again" in html, "what was typed is kept"
    assert ConversationRequest.objects.count() == 1
    assert OutgoingEmail.objects.filter(to=jo.user.email).count() == 1


def test_the_database_refuses_two_open_requests_between_the_same_people(champion, jo):
    from django.db import IntegrityError

    ConversationRequest.objects.create(sender=champion, recipient=jo.user, topic="A", message="x")
    with pytest.raises(IntegrityError):
        ConversationRequest.objects.create(
            sender=champion, recipient=jo.user, topic="B", message="y"
        )


def test_ten_requests_a_day_then_a_clear_message(client, champion, time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 3, 9, 0, tzinfo=datetime.UTC))
    client.force_login(champion)
    teachers = [member(f"Teacher {i}", teaches=("SPC charts",)) for i in range(11)]
    for minutes, teacher in enumerate(teachers[: services.REQUESTS_PER_DAY]):
        time_machine.move_to(datetime.datetime(2026, 3, 3, 9, minutes, tzinfo=datetime.UTC))
        assert ask(client, teacher).status_code == 302
    time_machine.move_to(datetime.datetime(2026, 3, 3, 17, 0, tzinfo=datetime.UTC))
    response = ask(client, teachers[10])
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "You have asked 10 people for a learning conversation in the last 24 hours, which is "
        "the most the network allows. You can ask again after 09:00 on Wednesday 4 March."
    ) in html
    assert ConversationRequest.objects.count() == 10
    time_machine.move_to(datetime.datetime(2026, 3, 4, 9, 0, 30, tzinfo=datetime.UTC))
    assert ask(client, teachers[10]).status_code == 302
    assert ConversationRequest.objects.count() == 11


def test_the_limit_counts_requests_whatever_became_of_them(champion, jo):
    now = timezone.now()
    others = [member(f"Other {i}") for i in range(services.REQUESTS_PER_DAY)]
    for index, other in enumerate(others):
        ConversationRequest.objects.create(
            sender=champion, recipient=other.user, topic="x", message="x",
            status="declined", created_at=now - datetime.timedelta(hours=index),
        )  # fmt: skip
    with pytest.raises(ServiceError, match="in the last 24 hours"):
        services.conversation_request_create(
            by=champion, recipient=jo.user, skill=None, topic="Falls", message="Hi"
        )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"message": ""}, "Enter a message"),
        ({"message": "m" * 1001}, "Your message must be 1,000 characters or fewer"),
        ({"topic": "t" * 201}, "Topic must be 200 characters or fewer"),
        ({"message": "About 943 476 5919"}, PATIENT_DATA_MESSAGE),
        ({"topic": "Patient 9434765919"}, PATIENT_DATA_MESSAGE),
        ({"skill": "999999"}, "Select a skill from the list"),
        ({"skill": "spc"}, "Select a skill from the list"),
        ({"skill": "", "topic": ""}, "Select a skill or describe the topic"),
    ],
)
def test_bad_requests_are_refused_and_what_was_typed_is_kept(client, champion, jo, data, message):
    client.force_login(champion)
    response = ask(client, jo, **{"topic": "Reading charts", **data})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: Ask Jo Firth for a learning conversation" in html
    summary = re.search(r'<div class="nhsuk-error-summary".*?</ul>', html, re.S).group(0)
    assert message in summary
    assert summary.count("<li>") == 1
    if "topic" not in data:
        assert 'value="Reading charts"' in html
    assert not ConversationRequest.objects.exists()
    assert not OutgoingEmail.objects.exists()


def test_html_in_a_message_is_escaped_in_the_email(champion, jo):
    services.conversation_request_create(
        by=champion, recipient=jo.user, skill=None, topic="<i>charts</i>",
        message='<script>alert("x")</script>',
    )  # fmt: skip
    email = OutgoingEmail.objects.get()
    assert "<script>" not in email.html
    assert "&lt;script&gt;" in email.html
    assert "&lt;i&gt;charts&lt;/i&gt;" in email.html
    assert '<script>alert("x")</script>' in email.text, "plain text is plain"


def test_nobody_asks_themselves(client, champion):
    client.force_login(champion)
    response = client.get(f"/people/{champion.profile.pk}/ask/", follow=True)
    assert "You cannot ask yourself for a learning conversation." in response.content.decode()
    with pytest.raises(ServiceError):
        services.conversation_request_create(
            by=champion, recipient=champion, skill=None, topic="x", message="x"
        )


def test_a_member_completes_their_profile_before_asking(client, champion, jo):
    Profile.objects.filter(user=champion).update(completed_at=None)
    client.force_login(champion)
    response = ask(client, jo)
    assert response["Location"] == "/people/me/edit/"
    assert not ConversationRequest.objects.exists()


def test_the_conversations_page_lists_both_directions(client, champion, jo):
    other = member("Sam Akhtar")
    ConversationRequest.objects.create(sender=champion, recipient=jo.user, topic="Run charts",
                                       message="Hi")  # fmt: skip
    ConversationRequest.objects.create(sender=other.user, recipient=champion, topic="Coaching",
                                       message="Could we talk?")  # fmt: skip
    client.force_login(champion)
    html = client.get("/people/conversations/").content.decode()
    waiting = html.index("Waiting for your answer")
    sent = html.index("Requests you have sent")
    assert waiting < html.index("Sam Akhtar") < sent < html.index("Jo Firth")
    assert "Waiting for an answer" in html


def test_an_empty_request_says_what_to_enter(client, champion, jo):
    client.force_login(champion)
    html = client.post(f"/people/{jo.pk}/ask/", {}).content.decode()
    assert "Enter a message" in html
    assert "Select a skill or describe the topic" in html
    assert not ConversationRequest.objects.exists()
