import re
from datetime import timedelta
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.utils import timezone

from champions.models import ConversationRequest, Organisation, Profile, User
from core import roles
from demo import champions as demo
from events.models import Registration
from projects.models import Project
from tests.events.factories import RegistrationFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_seed_creates_a_signable_persona_for_every_role():
    output = seed("--scale", "20")
    for persona in demo.PERSONAS:
        assert persona.email in output
        user = authenticate(email=persona.email, password=demo.DEMO_PASSWORD)
        assert user is not None, persona.email
        assert EmailAddress.objects.get(user=user).verified
        assert roles.is_champion(user)
    assert roles.is_facilitator(User.objects.get(email="facilitator@example.org"))
    assert roles.is_system_leader(User.objects.get(email="leader@example.org"))
    assert User.objects.get(email="admin@example.org").is_superuser
    assert User.objects.get(email="partner@example.org").profile.kind == Profile.Kind.PARTNER
    assert demo.DEMO_PASSWORD in output


def test_seed_is_idempotent():
    seed("--scale", "50")
    before = (User.objects.count(), Profile.objects.count(), EmailAddress.objects.count())
    output = seed("--scale", "50")
    after = (User.objects.count(), Profile.objects.count(), EmailAddress.objects.count())
    assert before == after == (55, 55, 55)
    assert "0 created" in output


def test_seed_is_deterministic_for_a_seed():
    first = demo.generated_members(30, seed=7)
    assert first == demo.generated_members(30, seed=7)
    assert first != demo.generated_members(30, seed=8)


def test_a_larger_scale_adds_only_the_missing_members():
    seed("--scale", "10")
    emails = set(User.objects.values_list("email", flat=True))
    seed("--scale", "25")
    assert emails < set(User.objects.values_list("email", flat=True))
    assert User.objects.count() == 30


def test_generated_members_look_like_the_network():
    seed("--scale", "300")
    members = Profile.objects.exclude(user__email__in=[p.email for p in demo.PERSONAS])
    assert members.filter(kind=Profile.Kind.PARTNER).exists()
    assert members.filter(kind=Profile.Kind.STAFF, organisation__isnull=True).count() == 0
    sectors = set(members.values_list("organisation__sector", flat=True))
    assert len(sectors) >= 5
    assert all(" " in name for name in members.values_list("display_name", flat=True))


def test_if_empty_leaves_an_existing_database_alone(champion):
    output = seed("--if-empty")
    assert "already has members" in output
    assert User.objects.count() == 1
    assert "champion@example.org" in output  # the sign-ins are still printed


def test_negative_scale_is_refused():
    with pytest.raises(SystemExit):
        seed("--scale", "-1")


def test_organisations_come_from_the_reference_list():
    assert Organisation.objects.count() == 35
    assert Organisation.objects.get(short_name="LTHT").sector == "acute"


def test_generated_profiles_are_full_and_varied_enough_to_match():
    from champions.models import ConversationRequest, NetworkMembership

    seed("--scale", "300")
    members = Profile.objects.exclude(user__email__in=[p.email for p in demo.PERSONAS])
    assert members.filter(completed_at__isnull=True).count() == 0
    assert members.exclude(bio="").count() > 200
    assert members.filter(skills_to_learn__isnull=True).count() == 0
    assert members.filter(clinical_areas__isnull=True).count() == 0
    taught = set(members.values_list("skills_to_teach__name", flat=True)) - {None}
    assert {"SPC charts", "Co-production with patients and carers"} <= taught
    assert len(taught) >= 15
    years = set(
        NetworkMembership.objects.filter(network="plcp").values_list("cohort_year", flat=True)
    )
    assert len(years) >= 3
    assert None not in years
    assert members.exclude(trainings=[]).exists()
    statuses = set(ConversationRequest.objects.values_list("status", flat=True))
    assert statuses == {"open", "accepted", "declined"}


def test_the_demo_champion_has_a_request_waiting_and_an_explained_match():
    from champions import selectors

    seed("--scale", "0")
    asha = User.objects.get(email="champion@example.org")
    (waiting,) = selectors.open_requests_received(asha)
    assert waiting.sender.display_name == "Margaret Holroyd"
    (match,) = selectors.top_matches(viewer=asha.profile, direction=selectors.CAN_HELP)
    assert match.reason == (
        "Can teach run charts and SPC charts · also interested in frailty · "
        "Leeds Health and Care Academy"
    )


def test_a_second_run_adds_no_requests():
    from champions.models import ConversationRequest

    seed("--scale", "200")
    requests = ConversationRequest.objects.count()
    seed("--scale", "200")
    assert ConversationRequest.objects.count() == requests


def test_members_join_over_two_years_and_before_anything_they_did():
    output = seed("--scale", "300")
    now = timezone.now()
    demo_members = User.objects.filter(email__endswith=f"@{demo.DEMO_DOMAIN}")
    months = {
        (joined.year, joined.month) for joined in demo_members.values_list("date_joined", flat=True)
    }
    assert len(months) >= 20  # growth per month is a curve, not one spike
    lately = demo_members.filter(date_joined__gte=now - timedelta(days=182)).count()
    at_first = demo_members.filter(date_joined__lt=now - timedelta(days=600)).count()
    assert lately > 1.25 * at_first  # a growing network
    assert not demo_members.filter(date_joined__lt=now - timedelta(days=3 * 365)).exists()
    assert not demo_members.filter(date_joined__gt=now).exists()
    week = timedelta(days=7)
    for project in Project.objects.exclude(created_by=None).select_related("created_by"):
        assert project.created_by.date_joined <= project.created_at - week, project.pk
    for registration in Registration.objects.select_related("user"):
        assert registration.user.date_joined <= registration.requested_at - week
    for request in ConversationRequest.objects.select_related("sender", "recipient"):
        assert request.sender.date_joined <= request.created_at - week
        assert request.recipient.date_joined <= request.created_at - week
    for profile in Profile.objects.filter(user__in=demo_members).select_related("user"):
        assert profile.completed_at == profile.user.date_joined
    # Projects and bookings are planned after their members joined: only a few conversation
    # requests (sent in the last weeks, some by newer members) move anyone.
    moved = int(re.search(r"before their activity: (\d+)\.", output).group(1))
    assert moved < 0.1 * demo_members.count()
    assert "Planner statistics refreshed" in output
    again = seed("--scale", "300")
    assert "joining date moved before their activity: 0." in again
    assert "Planner statistics" not in again  # nothing loaded, nothing to refresh


def test_members_outside_the_demo_are_never_moved():
    seed("--scale", "10")
    member = UserFactory(email="asha.patel@nhs.net")
    RegistrationFactory(user=member, requested_at=timezone.now() - timedelta(days=300))
    joined = member.date_joined
    seed("--scale", "10")
    member.refresh_from_db()
    assert member.date_joined == joined


def test_skill_names_keep_their_capitals_mid_sentence():
    members = demo.generated_members(400, seed=2026)
    texts = [m.bio for m in members] + [ask.message for m in members for ask in m.asks]
    assert any("SPC charts" in text for text in texts)
    assert not any("sPC" in text or "pDSA" in text for text in texts)
