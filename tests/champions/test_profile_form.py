"""Onboarding and the profile form: what is asked, what is saved, and every bad answer."""

import re

import pytest
from django.utils import timezone

from champions.models import (
    ClinicalArea,
    NetworkMembership,
    Organisation,
    Profession,
    Profile,
    Skill,
)
from core.models import OutgoingEmail
from core.patientdata import PATIENT_DATA_MESSAGE
from tests.champions.test_accounts import link_in, sign_up
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
URL = "/people/me/edit/"


def ids(model, *names: str) -> list[str]:
    return [str(pk) for pk in model.objects.filter(name__in=names).values_list("pk", flat=True)]


def answers(**overrides) -> dict:
    data = {
        "display_name": "Nadia Hussain",
        "kind": "staff",
        "organisation": str(Organisation.objects.get(short_name="LCH").pk),
        "profession": str(Profession.objects.get(name="Allied health professions").pk),
        "job_title": "Physiotherapist",
        "bio": "I lead our falls work.\nAsk me about huddles.",
        "clinical_areas": ids(ClinicalArea, "Falls", "Frailty"),
        "skills_to_teach": ids(Skill, "Process mapping"),
        "skills_to_learn": ids(Skill, "SPC charts", "Run charts"),
        "networks": ["improvement_champions", "plcp"],
        "plcp_cohort_year": "2024",
        "trainings": ["qsir", "other"],
        "other_training": "Six Sigma green belt",
        "digest_frequency": "monthly",
        "visibility": "members",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def newcomer(client):
    user = UserFactory(email="nadia@example.org", profile=False)
    client.force_login(user)
    return user


def test_verifying_an_email_address_leads_straight_to_the_profile_form(client):
    sign_up(client, email="new.member@example.org")
    link = link_in(OutgoingEmail.objects.get(to="new.member@example.org"))
    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"] == URL
    html = client.get(URL).content.decode()
    assert "<h1>Complete your profile</h1>" in html
    assert "we suggest people from other organisations" in html, "hints say why it helps"


def test_signing_in_goes_to_the_form_until_the_profile_is_complete(client, newcomer):
    client.logout()
    credentials = {"login": newcomer.email, "password": PASSWORD}
    assert client.post("/accounts/login/", credentials)["Location"] == URL
    Profile.objects.create(user=newcomer, display_name="Nadia", completed_at=timezone.now())
    client.logout()
    assert client.post("/accounts/login/", credentials)["Location"] == "/home/"


def test_the_home_page_reminds_an_incomplete_profile_gently(client, newcomer):
    html = client.get("/home/").content.decode()
    assert "Complete your profile" in html
    assert f'href="{URL}"' in html
    client.post(URL, answers())
    assert "Complete your profile" not in client.get("/home/").content.decode()


def test_completing_the_profile_saves_every_answer(client, newcomer):
    response = client.post(URL, answers())
    assert response.status_code == 302
    assert response["Location"] == "/people/who-can-help-me/"
    profile = Profile.objects.get(user=newcomer)
    assert profile.is_complete
    assert (profile.display_name, profile.kind, profile.organisation.short_name) == (
        "Nadia Hussain",
        "staff",
        "LCH",
    )
    assert profile.sector == "Community health care"
    assert profile.bio == "I lead our falls work.\nAsk me about huddles."
    assert sorted(a.name for a in profile.clinical_areas.all()) == ["Falls", "Frailty"]
    assert [s.name for s in profile.skills_to_teach.all()] == ["Process mapping"]
    assert sorted(s.name for s in profile.skills_to_learn.all()) == ["Run charts", "SPC charts"]
    assert sorted(NetworkMembership.objects.values_list("network", "cohort_year")) == [
        ("improvement_champions", None),
        ("plcp", 2024),
    ]
    assert profile.get_trainings_display() == [
        "QSIR (Quality, Service Improvement and Redesign)",
        "Six Sigma green belt",
    ]
    assert (profile.digest_frequency, profile.visibility) == ("monthly", "members")
    page = client.get(response["Location"]).content.decode()
    assert "Your profile is complete" in page


def test_a_partner_needs_no_organisation_profession_or_job_title(client, newcomer):
    response = client.post(
        URL,
        answers(kind="partner", organisation="", profession="", job_title="", networks=[],
                plcp_cohort_year=""),
    )  # fmt: skip
    assert response.status_code == 302
    profile = Profile.objects.get(user=newcomer)
    assert profile.is_partner
    assert profile.organisation is None


def test_a_partner_may_hide_their_organisation(client, newcomer):
    client.post(URL, answers(kind="partner", hide_organisation="on"))
    profile = Profile.objects.get(user=newcomer)
    assert profile.hide_organisation
    assert profile.visible_organisation is None
    html = client.get(f"/people/{profile.pk}/").content.decode()
    assert "Other members do not see your organisation." in html


def test_changing_the_profile_keeps_it_complete_and_replaces_the_lists(client, champion):
    client.force_login(champion)
    client.post(URL, answers())
    form = client.get(URL).content.decode()
    assert "<h1>Change your profile</h1>" in form
    assert re.search(r'name="networks" value="plcp"[^>]*checked', form)
    assert 'name="plcp_cohort_year" value="2024"' in form
    response = client.post(URL, answers(networks=["system_leaders"], plcp_cohort_year="",
                                        skills_to_learn=ids(Skill, "Coaching")))  # fmt: skip
    assert response["Location"] == f"/people/{champion.profile.pk}/"
    assert list(NetworkMembership.objects.values_list("network", flat=True)) == ["system_leaders"]
    assert [s.name for s in champion.profile.skills_to_learn.all()] == ["Coaching"]


def test_a_retired_skill_already_chosen_stays_on_the_form(client, champion):
    client.force_login(champion)
    client.post(URL, answers())
    Skill.objects.filter(name="Process mapping").update(is_active=False)
    Skill.objects.filter(name="Coaching").update(is_active=False)
    form = client.get(URL).content.decode()
    assert "Process mapping" in form, "kept: the member chose it"
    assert "Coaching" not in form, "retired and not chosen: no longer offered"


NHS_NUMBER = "943 476 5919"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"display_name": ""}, "display_name", "Enter your name"),
        ({"display_name": "N" * 151}, "display_name", "Your name must be 150 characters or fewer"),
        ({"job_title": "J" * 201}, "job_title", "Job title must be 200 characters or fewer"),
        ({"bio": "b" * 2001}, "bio", "About you must be 2,000 characters or fewer"),
        ({"other_training": "o" * 201}, "other_training",
         "Other improvement training must be 200 characters or fewer"),
        ({"bio": f"My patient {NHS_NUMBER} fell"}, "bio", PATIENT_DATA_MESSAGE),
        ({"display_name": f"Nadia {NHS_NUMBER}"}, "display_name", PATIENT_DATA_MESSAGE),
        ({"job_title": "Nurse 9434765919"}, "job_title", PATIENT_DATA_MESSAGE),
        ({"kind": "robot"}, "kind", "Select staff or patient or carer partner"),
        ({"organisation": "999999"}, "organisation", "Select your organisation from the list"),
        ({"profession": "banana"}, "profession", "Select your profession from the list"),
        ({"skills_to_teach": ["999999"]}, "skills_to_teach", "Select skills from the list"),
        ({"skills_to_learn": ["abc"]}, "skills_to_learn", "Select skills from the list"),
        ({"clinical_areas": ["999999"]}, "clinical_areas", "Select clinical areas from the list"),
        ({"networks": ["book_club"]}, "networks", "Select networks from the list"),
        ({"trainings": ["karate"]}, "trainings", "Select training from the list"),
        ({"digest_frequency": "hourly"}, "digest_frequency",
         "Select how often you would like a digest"),
        ({"visibility": "public"}, "visibility", "Select who can see your profile"),
        ({"organisation": ""}, "organisation", "Select your organisation"),
        ({"profession": ""}, "profession", "Select your profession"),
        ({"job_title": ""}, "job_title", "Enter your job title"),
        ({"hide_organisation": "on"}, "hide_organisation",
         "Only patient and carer partners can hide their organisation"),
        ({"skills_to_teach": [], "skills_to_learn": []}, "skills_to_learn",
         "Select at least one skill you could teach or want to learn"),
        ({"plcp_cohort_year": ""}, "plcp_cohort_year",
         "Enter the year your Professional Leadership and Change Programme cohort started"),
        ({"networks": ["improvement_champions"]}, "plcp_cohort_year",
         "Tick the Professional Leadership and Change Programme, or leave the cohort year blank"),
        ({"plcp_cohort_year": "twenty"}, "plcp_cohort_year",
         "Cohort year must be a year, like 2024"),
        ({"plcp_cohort_year": "1066"}, "plcp_cohort_year", "Cohort year must be 2000 or later"),
        ({"other_training": ""}, "other_training", "Enter the other improvement training"),
    ],
)  # fmt: skip
def test_bad_answers_are_refused_with_a_clear_message_and_nothing_is_lost(
    client, newcomer, overrides, field, message
):
    response = client.post(URL, answers(**overrides))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: Complete your profile – Leeds Quality Network</title>" in html
    summary = re.search(r'<div class="nhsuk-error-summary".*?</ul>', html, re.S).group(0)
    escaped = message.replace("'", "&#x27;")
    assert escaped in summary
    assert summary.count("<li>") == 1, "one clear message, no database jargon beside it"
    assert re.search(rf'id="id_{field}(_0)?--error-message"', html), "message beside the field"
    assert not Profile.objects.filter(user=newcomer).exists()
    kept = answers(**overrides)
    if field != "display_name":
        assert 'value="Nadia Hussain"' in html, "what was typed is kept"
    if field != "bio":
        assert "Ask me about huddles." in html
    if field not in {"skills_to_learn", "skills_to_teach"}:
        for skill in kept["skills_to_learn"]:
            assert re.search(rf'name="skills_to_learn" value="{skill}"[^>]*checked', html)


def test_html_in_the_profile_is_shown_as_text(client, newcomer):
    client.post(
        URL,
        answers(display_name="<b>Nadia</b>", bio='<script>alert("x")</script>\nSecond line'),
    )
    profile = Profile.objects.get(user=newcomer)
    html = client.get(f"/people/{profile.pk}/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>Second line" in html
    assert "&lt;b&gt;Nadia&lt;/b&gt;" in html


def test_an_empty_form_says_what_to_enter(client, newcomer):
    html = client.post(URL, {}).content.decode()
    for message in ("Enter your name", "Select staff or patient or carer partner",
                    "Select at least one skill you could teach or want to learn",
                    "Select who can see your profile"):  # fmt: skip
        assert message in html
    assert not Profile.objects.filter(user=newcomer).exists()
