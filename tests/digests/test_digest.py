"""Composing and sending the weekly digest (eager; the real worker is in test_digest_real_stack)."""

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.utils.html import escape

from champions.models import ConversationRequest, Skill
from core.models import OutgoingEmail
from digests import selectors, services, tasks
from digests.models import DigestDelivery
from tests.factories import ProfileFactory, UserFactory
from tests.helpers import assert_email, count_queries

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2026, 11, 30, 7, 0, tzinfo=LONDON)  # ISO week 2026-W49


def member(email: str, **profile):
    user = UserFactory(email=email, profile=False)
    ProfileFactory(user=user, **profile)
    return user


def ask(sender, recipient, topic="Run charts"):
    return ConversationRequest.objects.create(
        sender=sender, recipient=recipient, skill=Skill.objects.get(name=topic),
        message="Could we talk about your run charts?",
    )  # fmt: skip


@pytest.fixture
def learner():
    return member("learner@example.org", display_name="Priya Shah", learns=["SPC charts"])


@pytest.fixture
def new_teacher(time_machine):
    time_machine.move_to(MONDAY - timedelta(days=2), tick=False)
    teacher = member(
        "teacher@example.org", display_name="Kwame Mensah", teaches=["SPC charts", "Run charts"]
    )
    time_machine.move_to(MONDAY, tick=False)
    return teacher


def send(user_ids, run_at=MONDAY):
    return services.digest_chunk_send(user_ids=user_ids, run_at=run_at)


def test_a_digest_tells_a_member_who_can_teach_what_they_want_to_learn(learner, new_teacher):
    assert send([learner.pk]) == {"claimed": 1, "sent": 1, "empty": 0}
    email = assert_email(
        to="learner@example.org",
        kind="digests.digest",
        subject="Your Leeds Quality Network digest",
        text=(
            "NEW MEMBERS WHO CAN TEACH WHAT YOU WANT TO LEARN",
            "Kwame Mensah",
            "Can teach SPC charts",
        ),
        html=(
            "New members who can teach what you want to learn",
            "Kwame Mensah",
            "Can teach SPC charts",
        ),
    )
    assert "/digests/unsubscribe/" in email.headers["List-Unsubscribe"]
    assert email.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "View this digest in your browser" in email.html
    assert DigestDelivery.objects.get(user=learner).period == "2026-W49"


def test_open_learning_conversation_requests_are_in_the_digest(learner, new_teacher, time_machine):
    ask(learner, new_teacher)
    send([new_teacher.pk])
    assert_email(
        to="teacher@example.org",
        text=("LEARNING CONVERSATIONS WAITING FOR YOUR ANSWER", "Priya Shah", "About Run charts"),
        html=("Learning conversations waiting for your answer",),
    )


def test_an_empty_digest_is_not_sent_but_the_period_is_recorded(learner):
    assert send([learner.pk]) == {"claimed": 1, "sent": 0, "empty": 1}
    assert OutgoingEmail.objects.count() == 0
    assert DigestDelivery.objects.get(user=learner).status == "empty"


def test_a_chunk_run_twice_sends_each_digest_once(learner, new_teacher):
    send([learner.pk, new_teacher.pk])
    assert send([learner.pk, new_teacher.pk]) == {"claimed": 0, "sent": 0, "empty": 0}
    assert OutgoingEmail.objects.filter(to="learner@example.org").count() == 1


def test_running_the_weekly_job_twice_sends_nothing_the_second_time(learner, new_teacher, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    from leedsquality.celery import app

    app.conf.task_always_eager = True
    try:
        tasks.send_digests.apply()
        first = OutgoingEmail.objects.count()
        tasks.send_digests.apply()
    finally:
        app.conf.task_always_eager = False
    assert first == 1
    assert OutgoingEmail.objects.count() == 1


def test_members_who_chose_never_or_are_not_due_get_nothing(new_teacher):
    never = member("never@example.org", learns=["SPC charts"], digest_frequency="never")
    fortnightly = member(
        "fortnight@example.org", learns=["SPC charts"], digest_frequency="fortnightly"
    )
    monthly = member("month@example.org", learns=["SPC charts"], digest_frequency="monthly")
    # 30 Nov 2026 starts an even fortnight and is not the month's first Monday; 7 Dec is
    # the first Monday of December, in the odd week of that fortnight.
    assert selectors.digest_recipients_due(run_at=MONDAY) == sorted(
        [new_teacher.pk, fortnightly.pk]
    )
    assert selectors.digest_recipients_due(run_at=MONDAY + timedelta(days=7)) == sorted(
        [new_teacher.pk, monthly.pk]
    )
    assert never.pk


def test_members_who_have_had_this_periods_digest_are_not_due_again(learner):
    send([learner.pk])
    assert learner.pk not in selectors.digest_recipients_due(run_at=MONDAY + timedelta(hours=3))
    assert learner.pk in selectors.digest_recipients_due(run_at=MONDAY + timedelta(days=7))


def test_a_chunks_query_count_does_not_grow_with_its_size(new_teacher):
    small = [member(f"s{n}@example.org", learns=["SPC charts"]).pk for n in range(3)]
    large = [
        member(f"l{n}@example.org", learns=["SPC charts"], teaches=["Run charts"]).pk
        for n in range(30)
    ]
    for user_id in small[:1] + large[:1]:
        ask(new_teacher, UserFactory._meta.model.objects.get(pk=user_id))
    # recipients + 3 prefetches, the claim, 2 providers (3 queries), the outbox insert,
    # the deliveries and their update, and the savepoint's release
    assert count_queries(lambda: send(small)) == count_queries(lambda: send(large))
    assert OutgoingEmail.objects.filter(kind="digests.digest").count() == 33


@pytest.mark.django_db(transaction=True)
def test_two_workers_sending_the_same_chunk_at_once_send_each_digest_once(time_machine):
    time_machine.move_to(MONDAY - timedelta(days=2), tick=False)
    teacher = member("teacher@example.org", teaches=["SPC charts"])
    time_machine.move_to(MONDAY, tick=False)
    learners = [member(f"l{n}@example.org", learns=["SPC charts"]).pk for n in range(20)]
    results, barrier = [], threading.Barrier(2)

    def worker():
        barrier.wait()
        try:
            results.append(send(learners))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(result["sent"] for result in results) == [0, 20]
    assert OutgoingEmail.objects.filter(kind="digests.digest").count() == 20
    assert teacher.pk


def test_updates_and_comments_by_others_on_my_projects(learner, time_machine):
    from projects.models import Comment, Follow, ProjectUpdate, TeamMember
    from tests.factories import ProjectFactory

    colleague = member("colleague@example.org", display_name="Tom Firth")
    mine = ProjectFactory(title="Safer discharge", lead=learner, created_by=learner)
    followed = ProjectFactory(title="Falls on ward 7", lead=colleague, created_by=colleague)
    TeamMember.objects.create(project=mine, user=colleague, role="member", status="active")
    Follow.objects.create(user=learner, project=followed)
    time_machine.move_to(MONDAY - timedelta(days=1), tick=False)
    update = ProjectUpdate.objects.create(
        project=mine, author=colleague, now="Now", working_well="Well", do_more="More"
    )
    ProjectUpdate.objects.create(
        project=followed, author=colleague, now="a", working_well="b", do_more="c"
    )
    ProjectUpdate.objects.create(
        project=mine, author=learner, now="Mine", working_well="x", do_more="y"
    )
    Comment.objects.create(update=update, author=colleague, body="Great")
    Comment.objects.create(update=update, author=colleague, body="Another")
    time_machine.move_to(MONDAY, tick=False)

    send([learner.pk])
    email = assert_email(
        to="learner@example.org",
        text=(
            "New learning update on Safer discharge",
            "New learning update on Falls on ward 7",
            "Posted by Tom Firth",
            "2 new comments on Safer discharge",
        ),
        html=("On your projects",),
    )
    assert email.text.count("New learning update") == 2  # not the one I posted myself


def test_projects_in_my_areas_and_asking_for_help_i_can_give(time_machine):
    from champions.models import ClinicalArea
    from tests.factories import ProjectFactory

    me = member("me@example.org", areas=["Falls"], teaches=["Process mapping"])
    lead = member("lead@example.org")
    time_machine.move_to(MONDAY - timedelta(days=3), tick=False)
    falls = ProjectFactory(title="Fewer falls at night", lead=lead, created_by=lead)
    falls.clinical_areas.add(ClinicalArea.objects.get(name="Falls"))
    helping = ProjectFactory(
        title="Faster clinic letters",
        lead=lead,
        created_by=lead,
        help_wanted_text="Two hours a week",
    )
    helping.help_wanted_skills.add(Skill.objects.get(name="Process mapping"))
    draft = ProjectFactory(title="Secret draft", lead=lead, created_by=lead, visibility="draft")
    draft.clinical_areas.add(ClinicalArea.objects.get(name="Falls"))
    time_machine.move_to(MONDAY, tick=False)

    send([me.pk])
    email = assert_email(
        to="me@example.org",
        text=(
            "Fewer falls at night",
            "New · In falls",
            "Asking for help with process mapping: Two hours a week",
        ),
        html=("New and updated projects in your areas", "Projects asking for help you could give"),
    )
    assert "Secret draft" not in email.text
    assert "Secret draft" not in email.html


def test_events_on_my_areas_or_skills_with_places_left(time_machine):
    from champions.models import ClinicalArea, Network, NetworkMembership
    from events.models import Event
    from tests.events.factories import EventFactory, RegistrationFactory

    time_machine.move_to(MONDAY - timedelta(days=1), tick=False)
    me = member("me@example.org", areas=["Falls"], learns=["SPC charts"])
    soon = MONDAY + timedelta(days=10)

    def event(title, **fields):
        created = EventFactory(
            title=title, starts_at=soon, ends_at=soon + timedelta(hours=2), **fields
        )
        return created

    falls = event("Falls learning set", capacity=2)
    falls.clinical_areas.add(ClinicalArea.objects.get(name="Falls"))
    RegistrationFactory(event=falls)
    spc = event("Plot the dots", capacity=1)
    spc.skills.add(Skill.objects.get(name="SPC charts"))
    RegistrationFactory(event=spc)
    booked = event("Already booked")
    booked.skills.add(Skill.objects.get(name="SPC charts"))
    RegistrationFactory(event=booked, user=me)
    leaders = event("Leaders only", audience=Event.Audience.SYSTEM_LEADERS)
    leaders.skills.add(Skill.objects.get(name="SPC charts"))
    unrelated = event("Sepsis masterclass")
    unrelated.clinical_areas.add(ClinicalArea.objects.get(name="Sepsis"))
    time_machine.move_to(MONDAY, tick=False)

    send([me.pk])
    email = assert_email(
        to="me@example.org",
        text=(
            "LEARNING EVENTS FOR YOU",
            "Falls learning set",
            "1 place left",
            "Plot the dots",
            "Full: join the waiting list",
        ),
        html=("Learning events for you",),
    )
    for absent in ("Already booked", "Leaders only", "Sepsis masterclass"):
        assert absent not in email.text
    NetworkMembership.objects.create(profile=me.profile, network=Network.SYSTEM_LEADERS)
    OutgoingEmail.objects.all().delete()
    send([me.pk], run_at=MONDAY + timedelta(days=1, hours=1))  # a catch-up run: nothing new
    assert OutgoingEmail.objects.count() == 0


def test_facilitators_hear_of_events_for_every_audience(time_machine):
    """As for booking (facilitators are in every audience), so for the digest."""
    from champions.models import ClinicalArea
    from core import roles
    from events.models import Event
    from tests.events.factories import EventFactory

    time_machine.move_to(MONDAY - timedelta(days=1), tick=False)
    facilitator = member("facilitator@example.org", areas=["Falls"])
    roles.grant_role(facilitator, roles.FACILITATOR)
    champion = member("champion@example.org", areas=["Falls"])
    soon = MONDAY + timedelta(days=10)
    for title, audience, year in (
        ("Leaders only", Event.Audience.SYSTEM_LEADERS, None),
        ("Cohort 2026 only", Event.Audience.PLCP, 2026),
    ):
        event = EventFactory(
            title=title, starts_at=soon, ends_at=soon + timedelta(hours=2), audience=audience,
            cohort_year=year,
        )  # fmt: skip
        event.clinical_areas.add(ClinicalArea.objects.get(name="Falls"))
    time_machine.move_to(MONDAY, tick=False)

    assert send([facilitator.pk, champion.pk]) == {"claimed": 2, "sent": 1, "empty": 1}
    assert_email(
        to="facilitator@example.org",
        text=("LEARNING EVENTS FOR YOU", "Leaders only", "Cohort 2026 only"),
        html=("Learning events for you", "Leaders only", "Cohort 2026 only"),
    )
    assert not OutgoingEmail.objects.filter(to="champion@example.org").exists()


def test_commitments_are_nudged_two_and_six_weeks_after_the_event(time_machine):
    from events.models import Commitment
    from tests.events.factories import EventFactory, RegistrationFactory

    me = member("me@example.org")

    def attended(weeks_ago: float, idea: str):
        ends = MONDAY - timedelta(weeks=weeks_ago)
        event = EventFactory(
            title=f"Event {idea}", starts_at=ends - timedelta(hours=2), ends_at=ends
        )
        registration = RegistrationFactory(event=event, user=me, status="attended")
        Commitment.objects.create(registration=registration, change_idea=idea)

    attended(2.2, "Try a falls huddle")  # ended in the window two weeks back
    attended(6.1, "Ask patients about discharge")  # ended in the window six weeks back
    attended(4, "Not now")  # four weeks ago: no nudge this week
    send([me.pk])
    email = assert_email(
        to="me@example.org",
        text=(
            "HAVE YOU TRIED YOUR TEST OF CHANGE?",
            "Try a falls huddle",
            "Ask patients about discharge",
        ),
        html=("Have you tried your test of change?",),
    )
    assert "Not now" not in email.text


def measure_on(project, name, point_type, reading, analysed_at):
    from projects.models import Measure

    return Measure.objects.create(
        project=project, name=name, kind="outcome", numerator="Falls", data_source="Datix",
        improvement="decrease", latest_point_type=point_type, reading=reading,
        analysed_at=analysed_at, point_count=30,
    )  # fmt: skip


def test_signals_on_my_measures_and_bright_spots_in_my_areas():
    from champions.models import ClinicalArea
    from projects.models import PointType
    from tests.factories import ProjectFactory

    me = member("me@example.org", areas=["Falls"])
    other = member("other@example.org")
    mine = ProjectFactory(title="My ward's falls", lead=me, created_by=me)
    theirs = ProjectFactory(title="Their falls work", lead=other, created_by=other)
    theirs.clinical_areas.add(ClinicalArea.objects.get(name="Falls"))
    draft = ProjectFactory(title="A draft", lead=other, created_by=other, visibility="draft")
    draft.clinical_areas.add(ClinicalArea.objects.get(name="Falls"))
    recent, stale = MONDAY - timedelta(days=2), MONDAY - timedelta(days=20)
    measure_on(
        mine,
        "Night-time falls",
        PointType.CONCERN,
        "Special cause concern: 7 points above the mean.",
        recent,
    )
    measure_on(mine, "Old news", PointType.IMPROVEMENT, "Old.", stale)
    measure_on(
        theirs,
        "Falls with harm",
        PointType.IMPROVEMENT,
        "Special cause improvement: 7 below.",
        recent,
    )
    measure_on(theirs, "Steady", PointType.COMMON_CAUSE, "Common cause.", recent)
    measure_on(draft, "Hidden", PointType.IMPROVEMENT, "Hidden.", recent)

    send([me.pk])
    email = assert_email(
        to="me@example.org",
        text=(
            "SIGNALS ON YOUR MEASURES",
            "Night-time falls (My ward's falls)",
            "What do we know about what is going on now?",
            "WHAT IS WORKING WELL IN YOUR AREAS",
            "Falls with harm (Their falls work)",
        ),
        html=("Signals on your measures", "What is working well in your areas"),
    )
    for absent in ("Old news", "Steady", "Hidden"):
        assert absent not in email.text
    # The other team does not hear about my concern.
    send([other.pk])
    assert "Night-time falls" not in OutgoingEmail.objects.get(to="other@example.org").text


def test_deleting_an_account_takes_the_name_out_of_other_members_digests(learner, new_teacher):
    from champions.services import account_delete
    from core.personaldata import personal_data_export

    send([learner.pk, new_teacher.pk])
    assert "Kwame Mensah" in OutgoingEmail.objects.get(to="learner@example.org").text
    assert personal_data_export(learner)["digests"]["digests"][0]["period"] == "2026-W49"
    account_delete(user=new_teacher)
    email = OutgoingEmail.objects.get(to="learner@example.org")
    assert "Kwame Mensah" not in email.text
    assert "Kwame Mensah" not in email.html
    assert "Former member" in email.text
    assert not DigestDelivery.objects.filter(user=new_teacher).exists()


def test_a_name_with_an_apostrophe_or_ending_in_punctuation_is_taken_out_too(learner, new_teacher):
    from champions.services import account_delete

    for name in ("Siobhan O'Brien", "Jo (she/her)"):
        OutgoingEmail.objects.filter(to="learner@example.org").delete()
        DigestDelivery.objects.all().delete()
        teacher = member(f"t{len(name)}@example.org", display_name=name, teaches=["SPC charts"])
        teacher.profile.completed_at = new_teacher.profile.completed_at
        teacher.profile.save(update_fields=["completed_at"])
        send([learner.pk])
        email = OutgoingEmail.objects.get(to="learner@example.org")
        assert name in email.text, name
        account_delete(user=teacher)
        email.refresh_from_db()
        assert name not in email.text, name
        assert escape(name) not in email.html, name
        assert "Former member" in email.text
        assert "Former member" in email.html


def test_delivery_records_cannot_be_deleted_in_the_admin(rf):
    from django.contrib import admin

    from digests.admin import DigestDeliveryAdmin

    model_admin = DigestDeliveryAdmin(DigestDelivery, admin.site)
    assert not model_admin.has_delete_permission(rf.get("/admin/"))
