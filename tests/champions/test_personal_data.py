"""Download my data, and Delete my account: what the export holds, and that erasure leaves
the member's name and email address nowhere in the database."""

import json

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import authenticate
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client

from champions import services
from champions.models import FORMER_MEMBER, ConversationRequest, NetworkMembership, Profile, User
from core import personaldata, roles
from core.models import OutgoingEmail
from tests.champions.helpers import member
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

EMAIL = "nadia.hussain@nhs.net"
SECOND_EMAIL = "nadia.h@example.com"
NAME = "Nadia Hussain"
BIO_WORD = "Zanzibarfalls"


@pytest.fixture
def nadia():
    profile = member(NAME, org="LCH", teaches=("Process mapping",), learns=("SPC charts",),
                     areas=("Falls",), bio=f"I run the {BIO_WORD} huddle.",
                     job_title="Physiotherapist")  # fmt: skip
    user = profile.user
    User.objects.filter(pk=user.pk).update(email=EMAIL)
    EmailAddress.objects.filter(user=user).update(email=EMAIL)
    user.refresh_from_db()
    EmailAddress.objects.create(user=user, email=SECOND_EMAIL, verified=True, primary=False)
    NetworkMembership.objects.create(profile=profile, network="plcp", cohort_year=2024)
    profile.trainings = ["qsir"]
    profile.save()
    return user


@pytest.fixture
def conversations(nadia):
    """Nadia asked Jo (accepted), Sam asked Nadia (open), Nadia asked Tom (declined)."""
    jo = member("Jo Firth", teaches=("SPC charts",)).user
    sam = member("Sam Akhtar").user
    tom = member("Tom Okafor").user
    accepted = services.conversation_request_create(
        by=nadia, recipient=jo, skill=None, topic="SPC charts", message=f"Hi Jo, {NAME} here"
    )
    services.conversation_request_answer(conversation=accepted, accept=True)
    services.conversation_request_create(
        by=sam, recipient=nadia, skill=None, topic="Coaching", message="Hello Nadia"
    )
    declined = services.conversation_request_create(
        by=nadia, recipient=tom, skill=None, topic="Run charts", message="Hi Tom"
    )
    services.conversation_request_answer(conversation=declined, accept=False)
    ConversationRequest.objects.create(sender=sam, recipient=tom, topic="Other", message="x")
    return {"jo": jo, "sam": sam, "tom": tom}


@pytest.fixture
def contributions(nadia, conversations):
    """Nadia in projects and events: she leads a project and invited Sam to it, is in Jo's
    team, wrote an update and a comment there and a PDSA cycle, follows a project; she has a
    place on an event to come (answers given), and reflected on one she attended."""
    from events import services as event_services
    from events.models import CalendarFeed, Commitment, Reflection, Registration
    from projects import services as project_services
    from tests.events.factories import EventFactory, RegistrationFactory, in_days
    from tests.factories import ProjectFactory

    jo, sam = conversations["jo"], conversations["sam"]
    own = project_services.project_create(
        by=nadia, data={"title": "Safer handovers", "summary": "Handover huddles",
                             "problem": "Things get missed", "aim": "Halve missed tasks",
                             "visibility": "network"},
    )  # fmt: skip
    project_services.team_invitation_accept(
        member=project_services.team_member_invite(project=own, by=nadia, user=sam, role="member")
    )
    jos = ProjectFactory(title="Falls at home", lead=jo)
    project_services.team_invitation_accept(
        member=project_services.team_member_invite(project=jos, by=jo, user=nadia, role="coach")
    )
    update = project_services.learning_update_create(
        project=jos, by=nadia,
        data={"now": "Fewer falls", "working_well": "Huddles", "do_more": "Spread them"},
    )  # fmt: skip
    project_services.comment_create(update=update, by=nadia, body="Well done, team")
    driver = project_services.driver_create(project=jos, by=nadia, text="Safe homes")
    idea = project_services.change_idea_create(driver=driver, by=nadia, text="Hazard checks")
    project_services.pdsa_cycle_create(change_idea=idea, by=nadia, data={"objective": "Try"})
    project_services.project_follow(project=ProjectFactory(), user=nadia)

    answers = event_services.Answers(
        project=f"The {BIO_WORD} huddle", learning="SPC", access=f"{BIO_WORD} ramp"
    )
    event_services.registration_create(
        event_id=EventFactory().pk, user=nadia, by=nadia, answers=answers
    )
    past = EventFactory(starts_at=in_days(-3), ends_at=in_days(-3, 12))
    attended = RegistrationFactory(
        event=past, user=nadia, status=Registration.Status.ATTENDED,
        project_answer=f"The {BIO_WORD} huddle",
    )  # fmt: skip
    Reflection.objects.create(registration=attended, learned=f"{NAME}: run charts at {BIO_WORD}")
    Commitment.objects.create(registration=attended, change_idea=f"Plot the {BIO_WORD} dots")
    CalendarFeed.objects.create(user=nadia)
    return {"project": own, "jos": jos, "update": update}


def test_download_my_data_has_everything_about_me(client, nadia, conversations):
    OutgoingEmail.objects.create(to=SECOND_EMAIL, subject="Welcome", text="Hi", kind="test",
                                 idempotency_key="welcome")  # fmt: skip
    Authenticator.objects.create(user=nadia, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(nadia)
    response = client.get("/people/me/data/")
    assert response["Content-Type"] == "application/json"
    disposition = response["Content-Disposition"]
    assert disposition == 'attachment; filename="leeds-quality-network-my-data.json"'
    assert "no-cache" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["email"] == EMAIL
    assert data["account"]["roles"] == [roles.CHAMPION]
    assert {a["email"] for a in data["account"]["email_addresses"]} == {EMAIL, SECOND_EMAIL}
    assert data["account"]["two_step_verification"] == ["totp"]
    profile = data["profile"]
    assert profile["display_name"] == NAME
    assert profile["organisation"] == "Leeds Community Healthcare NHS Trust"
    assert profile["sector"] == "Community health care"
    assert profile["bio"] == f"I run the {BIO_WORD} huddle."
    assert profile["skills_i_can_teach"] == ["Process mapping"]
    assert profile["skills_i_want_to_learn"] == ["SPC charts"]
    assert profile["clinical_areas"] == ["Falls"]
    assert profile["networks"] == [
        {"network": "Professional Leadership and Change Programme", "cohort_year": 2024}
    ]
    assert profile["improvement_training"] == ["QSIR (Quality, Service Improvement and Redesign)"]
    assert profile["digest_frequency"] == "Weekly"
    conversations_out = {c["with"]: c for c in data["learning_conversations"]}
    assert set(conversations_out) == {"Jo Firth", "Sam Akhtar", "Tom Okafor"}
    assert conversations_out["Jo Firth"]["direction"] == "sent"
    assert conversations_out["Jo Firth"]["their_email"] == conversations["jo"].email
    assert conversations_out["Sam Akhtar"]["their_email"] is None, "not accepted: not shared"
    assert conversations_out["Sam Akhtar"]["message"] == "Hello Nadia"
    subjects = sorted(e["subject"] for e in data["emails_sent_to_me"])
    assert subjects == [
        "Jo Firth accepted your request for a learning conversation",
        "Sam Akhtar would like a learning conversation with you",
        "Welcome",
    ]


def test_a_member_without_a_profile_can_still_download(client):
    user = member("x").user
    Profile.objects.filter(user=user).delete()
    client.force_login(user)
    assert json.loads(client.get("/people/me/data/").content)["profile"] is None


def tables_mentioning(*needles: str) -> dict[tuple[str, str], int]:
    """Every table whose rows, read as text, contain a needle: the whole database checked."""
    found = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            for needle in needles:
                cursor.execute(
                    f'SELECT count(*) FROM "{table}" AS t WHERE t::text ILIKE %s',  # noqa: S608
                    [f"%{needle}%"],
                )
                count = cursor.fetchone()[0]
                if count:
                    found[(table, needle)] = count
    return found


def sign_in_recently(client, user: User) -> None:
    """Signed in, and the password given again just now, as deleting an account asks."""
    client.force_login(user)
    response = client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302


def test_deleting_my_account_leaves_my_name_and_email_nowhere(
    client, nadia, conversations, contributions, admin_user
):
    OutgoingEmail.objects.create(
        to=EMAIL, subject="Confirm", text=NAME, kind="account.email_confirmation",
        idempotency_key="c",
    )  # fmt: skip
    for model, pk in ((User, nadia.pk), (Profile, nadia.profile.pk)):
        LogEntry.objects.create(
            user=admin_user, content_type=ContentType.objects.get_for_model(model),
            object_id=str(pk), object_repr=f"{NAME} <{EMAIL}>", action_flag=CHANGE,
        )  # fmt: skip
    other_device = Client()
    other_device.force_login(nadia)
    needles = (EMAIL, SECOND_EMAIL, NAME, BIO_WORD)
    assert {table for table, _ in tables_mentioning(*needles)} >= {
        "champions_user",
        "champions_profile",
        "account_emailaddress",
        "core_outgoingemail",
        "champions_conversationrequest",
        "django_admin_log",
        "projects_historyentry",
        "events_registration",
        "events_reflection",
        "events_commitment",
    }, "the check can see the data it looks for"

    sign_in_recently(client, nadia)
    Authenticator.objects.create(user=nadia, type=Authenticator.Type.TOTP, data={"secret": "x"})
    response = client.post("/people/me/delete/", {"confirm": "on"})
    assert response["Location"] == "/"

    assert tables_mentioning(*needles) == {}
    user = User.objects.get(pk=nadia.pk)
    assert user.erased_at is not None
    assert user.display_name == FORMER_MEMBER
    assert not user.is_active
    assert not user.has_usable_password()
    assert not user.groups.exists()
    assert "@" not in user.email
    assert not Authenticator.objects.filter(user=user).exists()
    assert not Session.objects.filter(session_key=other_device.session.session_key).exists()
    assert authenticate(email=EMAIL, password=PASSWORD) is None
    assert "Your account has been deleted" in client.get("/").content.decode()
    assert other_device.get("/home/").status_code == 302, "signed out everywhere"
    update = contributions["update"]
    assert update.comments.get().author_id == user.pk, "shared contributions stay"
    client.force_login(conversations["jo"])
    page = client.get(update.get_absolute_url()).content.decode()
    assert "by Former member" in page
    assert "Well done, team" in page


def test_other_members_keep_their_own_data(client, nadia, conversations):
    sign_in_recently(client, nadia)
    client.post("/people/me/delete/", {"confirm": "on"})
    assert Profile.objects.filter(user=conversations["jo"]).exists()
    assert list(ConversationRequest.objects.values_list("message", flat=True)) == ["x"]


def test_deleting_needs_the_box_ticked(client, nadia):
    sign_in_recently(client, nadia)
    page = client.get("/people/me/delete/").content.decode()
    assert "What you contributed to shared work" in page
    assert "Former member" in page
    response = client.post("/people/me/delete/", {})
    html = response.content.decode()
    assert "<title>Error: Delete your account – Leeds Quality Network</title>" in html
    assert "Confirm that you understand your account will be deleted" in html
    assert User.objects.get(pk=nadia.pk).is_active


def test_deleting_asks_for_the_password_again_after_a_while(client, nadia):
    client.force_login(nadia)  # no recent sign-in recorded
    response = client.post("/people/me/delete/", {"confirm": "on"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert User.objects.get(pk=nadia.pk).is_active


def test_an_app_eraser_runs_while_the_name_and_address_can_still_be_read(nadia, monkeypatch):
    seen = []
    monkeypatch.setattr(personaldata, "_erasers", dict(personaldata._erasers))
    personaldata.register_eraser(
        "an app above", lambda user: seen.append((user.email, user.display_name))
    )
    services.account_delete(user=nadia)
    assert seen == [(EMAIL, NAME)]


def test_a_deleted_member_can_sign_up_again_with_the_same_address(client, nadia):
    services.account_delete(user=nadia)
    response = client.post(
        "/accounts/signup/",
        {
            "email": EMAIL,
            "password1": "a-brand-new-passphrase",
            "password2": "a-brand-new-passphrase",
        },
    )
    assert response.status_code == 302
    assert User.objects.filter(email=EMAIL).exclude(pk=nadia.pk).exists()
