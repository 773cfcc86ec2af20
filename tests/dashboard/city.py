"""A small city whose every figure is known: four network projects and a draft, six members
(one hidden, one unfinished), PDSA cycles, updates, conversations and events, each dated.

The tests freeze the clock at NOW (a Monday in June 2026); the city view's 24 months are then
July 2024 to June 2026.

Members (joined):
    nurse   LTHT, Nursing, teaches Run charts, learns SPC charts, Falls         10 Jan 2026
    doctor  LTHT, Medicine, teaches Run charts and SPC charts, Sepsis          5 Mar 2026
    pharmacist  LCH, Pharmacy, teaches Process mapping, learns Run charts, Falls  20 Nov 2025
    partner  partner, LYPFT but hidden, no profession, learns Run charts, Diabetes  20 Mar 2026
    hidden  LTHT, Nursing, teaches Run charts; profile hidden: never counted   1 Feb 2026
    unfinished  LCH; profile not completed: never counted                     1 Feb 2026
    leader  the system leader looking; profile hidden: never counted          (NOW)

Projects (logged):
    falls    LTHT + LCH (cross-boundary), Falls, testing, MFI, co-designing,
             help Run charts; team nurse (lead), doctor, pharmacist (invited)    10 Feb 2026
             PDSA: done 3 Mar 2026, running 20 Apr 2026, planned 1 Jul 2026;
             update 25 Apr 2026
    sepsis   LTHT, Sepsis + Falls, implementing, LIM, no partners,
             help Run charts and SPC charts; team doctor                         15 Aug 2025
             PDSA: done 10 Sep 2025, done without a start date (logged 15 Jan 2026);
             update 1 Oct 2025
    diabetes LCH + UoL (cross-boundary), Diabetes, idea, QSIR, consulted,
             help SPC charts; team pharmacist (lead), partner                     2 May 2026
    orphan   no organisation, no area, testing, MFI, no partners; team hidden    1 Mar 2024
             PDSA: done 1 Apr 2024 (before the 24 months)
    draft    a draft: LTHT, Falls, testing, help SPC charts; team nurse; a PDSA
             cycle and an update. Never counted.                                  1 Apr 2026

Learning conversations: nurse → doctor (SPC charts, accepted, 10 Mar 2026), nurse →
pharmacist (open, 20 Jan 2026), pharmacist → nurse (open, 10 May 2026), partner → nurse
(declined, 1 Apr 2026), hidden → doctor (accepted, 5 Apr 2026: never counted).

Events:
    workshop  12 Mar 2026 (held), SPC charts, Falls, 5 places: nurse attended (commitment),
              doctor did not attend, pharmacist attended (commitment), hidden attended,
              partner waiting
    clinic    1 Jul 2026 (to come), Run charts, Diabetes, 1 place: doctor booked, nurse and
              pharmacist waiting, partner cancelled
    a draft event and a cancelled one, each with a booking: never counted
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from champions.models import (
    ClinicalArea,
    ConversationRequest,
    Organisation,
    Profession,
    Skill,
    User,
)
from core import roles
from events.models import Commitment, Event, Registration
from projects.models import ChangeIdea, Driver, PdsaCycle, Project, ProjectUpdate, TeamMember
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import ProjectFactory, UserFactory

LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2026, 6, 15, 12, 0, tzinfo=LONDON)


def at(year: int, month: int, day: int, hour: int = 12) -> datetime.datetime:
    """Noon (by default) on a day in Leeds."""
    return datetime.datetime(year, month, day, hour, tzinfo=LONDON)


def organisation(short_name: str) -> Organisation:
    return Organisation.objects.get(short_name=short_name)


def profession(name: str) -> Profession:
    return Profession.objects.get(name=name)


def member(email: str, joined: datetime.datetime, **profile) -> User:
    user = UserFactory(email=email, **{f"profile__{key}": value for key, value in profile.items()})
    User.objects.filter(pk=user.pk).update(date_joined=joined)
    return user


def project(
    title: str,
    *,
    lead: User,
    logged: datetime.datetime,
    organisations: list[str],
    areas: list[str],
    help_with: list[str],
    **fields,
) -> Project:
    made = ProjectFactory(
        title=title,
        created_by=lead,
        lead=lead,
        organisations=[organisation(name) for name in organisations],
        **fields,
    )
    made.clinical_areas.set(ClinicalArea.objects.filter(name__in=areas))
    made.help_wanted_skills.set(Skill.objects.filter(name__in=help_with))
    Project.objects.filter(pk=made.pk).update(created_at=logged)
    return made


def cycle(
    on: Project,
    number: int,
    *,
    status: str,
    start: datetime.date | None,
    logged: datetime.datetime | None = None,
) -> PdsaCycle:
    driver, _ = Driver.objects.get_or_create(project=on, text="Reliable care")
    idea, _ = ChangeIdea.objects.get_or_create(project=on, driver=driver, text="Try it")
    made = PdsaCycle.objects.create(
        project=on, change_idea=idea, number=number, objective=f"Test {number}", status=status,
        start_date=start,
    )  # fmt: skip
    if logged:
        PdsaCycle.objects.filter(pk=made.pk).update(created_at=logged)
    return made


def update(on: Project, author: User, posted: datetime.datetime) -> ProjectUpdate:
    made = ProjectUpdate.objects.create(
        project=on, author=author, now="Now", working_well="Well", do_more="More"
    )
    ProjectUpdate.objects.filter(pk=made.pk).update(created_at=posted)
    return made


def conversation(sender: User, recipient: User, status: str, sent: datetime.datetime) -> None:
    ConversationRequest.objects.create(
        sender=sender, recipient=recipient, topic="Measurement", message="Could we talk?",
        status=status, created_at=sent,
    )  # fmt: skip


@dataclass
class City:
    leader: User
    nurse: User
    doctor: User
    pharmacist: User
    partner: User
    hidden: User
    unfinished: User
    falls: Project
    sepsis: Project
    diabetes: Project
    orphan: Project
    draft: Project
    workshop: Event
    clinic: Event


def build_city() -> City:
    """The city above. Call it with the clock at NOW."""
    staff = {"kind": "staff", "job_title": "Improvement lead"}
    nurse = member(
        "nurse@example.org", at(2026, 1, 10), organisation=organisation("LTHT"),
        profession=profession("Nursing"), teaches=["Run charts"], learns=["SPC charts"],
        areas=["Falls"], display_name="Nia Nurse", **staff,
    )  # fmt: skip
    doctor = member(
        "doctor@example.org", at(2026, 3, 5), organisation=organisation("LTHT"),
        profession=profession("Medicine"), teaches=["Run charts", "SPC charts"],
        areas=["Sepsis"], display_name="Dev Doctor", **staff,
    )  # fmt: skip
    pharmacist = member(
        "pharmacist@example.org", at(2025, 11, 20), organisation=organisation("LCH"),
        profession=profession("Pharmacy"), teaches=["Process mapping"], learns=["Run charts"],
        areas=["Falls"], display_name="Pat Pharmacist", **staff,
    )  # fmt: skip
    partner = member(
        "partner@example.org", at(2026, 3, 20), kind="partner", organisation=organisation("LYPFT"),
        hide_organisation=True, profession=None, job_title="", learns=["Run charts"],
        areas=["Diabetes"], display_name="Parveen Partner",
    )  # fmt: skip
    hidden = member(
        "hidden@example.org", at(2026, 2, 1), organisation=organisation("LTHT"),
        profession=profession("Nursing"), teaches=["Run charts"], visibility="hidden",
        display_name="Harriet Hidden",
    )  # fmt: skip
    unfinished = member(
        "unfinished@example.org", at(2026, 2, 1), organisation=organisation("LCH"),
        completed_at=None, display_name="Umar Unfinished",
    )  # fmt: skip
    leader = UserFactory(
        email="leader@example.org", roles=[roles.CHAMPION, roles.SYSTEM_LEADER],
        profile__visibility="hidden", profile__display_name="Lee Leader",
    )  # fmt: skip

    falls = project(
        "Fewer falls at night", lead=nurse, logged=at(2026, 2, 10),
        organisations=["LTHT", "LCH"], areas=["Falls"], help_with=["Run charts"],
        stage="testing", method="mfi", partner_involvement="co_designing",
    )  # fmt: skip
    TeamMember.objects.create(project=falls, user=doctor, role="member", status="active")
    TeamMember.objects.create(project=falls, user=pharmacist, role="member", status="invited")
    sepsis = project(
        "Sepsis screening in the emergency department", lead=doctor, logged=at(2025, 8, 15),
        organisations=["LTHT"], areas=["Sepsis", "Falls"], help_with=["Run charts", "SPC charts"],
        stage="implementing", method="lim", partner_involvement="none",
    )  # fmt: skip
    diabetes = project(
        "Diabetes reviews closer to home", lead=pharmacist, logged=at(2026, 5, 2),
        organisations=["LCH", "UoL"], areas=["Diabetes"], help_with=["SPC charts"],
        stage="idea", method="qsir", partner_involvement="consulted",
    )  # fmt: skip
    TeamMember.objects.create(project=diabetes, user=partner, role="partner", status="active")
    orphan = project(
        "An early project with no organisation", lead=hidden, logged=at(2024, 3, 1),
        organisations=[], areas=[], help_with=[], stage="testing", method="mfi",
        partner_involvement="none",
    )  # fmt: skip
    draft = project(
        "A draft nobody else sees", lead=nurse, logged=at(2026, 4, 1), organisations=["LTHT"],
        areas=["Falls"], help_with=["SPC charts"], stage="testing", method="mfi",
        partner_involvement="co_leading", visibility="draft",
    )  # fmt: skip

    cycle(falls, 1, status="done", start=datetime.date(2026, 3, 3))
    cycle(falls, 2, status="running", start=datetime.date(2026, 4, 20))
    cycle(falls, 3, status="planned", start=datetime.date(2026, 7, 1))
    cycle(sepsis, 1, status="done", start=datetime.date(2025, 9, 10))
    cycle(sepsis, 2, status="done", start=None, logged=at(2026, 1, 15))
    cycle(orphan, 1, status="done", start=datetime.date(2024, 4, 1))
    cycle(draft, 1, status="done", start=datetime.date(2026, 4, 2))
    update(falls, nurse, at(2026, 4, 25))
    update(sepsis, doctor, at(2025, 10, 1))
    update(draft, nurse, at(2026, 4, 3))

    conversation(nurse, doctor, "accepted", at(2026, 3, 10))
    conversation(nurse, pharmacist, "open", at(2026, 1, 20))
    conversation(pharmacist, nurse, "open", at(2026, 5, 10))
    conversation(partner, nurse, "declined", at(2026, 4, 1))
    conversation(hidden, doctor, "accepted", at(2026, 4, 5))

    workshop = _event("SPC workshop", at(2026, 3, 12, 10), 5, ["SPC charts"], ["Falls"])
    for who, status in (
        (nurse, "attended"), (doctor, "no_show"), (pharmacist, "attended"),
        (hidden, "attended"), (partner, "waitlisted"),
    ):  # fmt: skip
        registration = RegistrationFactory(event=workshop, user=who, status=status)
        if who in (nurse, pharmacist):
            Commitment.objects.create(registration=registration, change_idea="Plot the dots")
    clinic = _event("Run charts clinic", at(2026, 7, 1, 10), 1, ["Run charts"], ["Diabetes"])
    for who, status in (
        (doctor, "confirmed"), (nurse, "waitlisted"), (pharmacist, "waitlisted"),
        (partner, "cancelled"),
    ):  # fmt: skip
        RegistrationFactory(event=clinic, user=who, status=status)
    for status, day in ((Event.Status.DRAFT, 1), (Event.Status.CANCELLED, 2)):
        other = _event(f"A {status} event", at(2026, 4, day, 10), 5, ["Run charts"], ["Falls"])
        Event.objects.filter(pk=other.pk).update(status=status)
        RegistrationFactory(event=other, user=nurse, status=Registration.Status.CONFIRMED)
    return City(
        leader, nurse, doctor, pharmacist, partner, hidden, unfinished,
        falls, sepsis, diabetes, orphan, draft, workshop, clinic,
    )  # fmt: skip


def _event(
    title: str, starts: datetime.datetime, capacity: int, skills: list[str], areas: list[str]
) -> Event:
    event = EventFactory(
        title=title, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2),
        capacity=capacity,
    )  # fmt: skip
    event.skills.set(Skill.objects.filter(name__in=skills))
    event.clinical_areas.set(ClinicalArea.objects.filter(name__in=areas))
    return event
