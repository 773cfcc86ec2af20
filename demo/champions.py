"""Demo members for `manage.py seed_demo`: deterministic, idempotent, bulk-inserted.

Every member gets a full profile (bio, clinical areas, skills to teach and to learn,
networks, training) drawn so that matching looks real at any scale: skills follow
professions (analysts teach SPC charts, partners teach co-production), interests follow
sectors, and about one member in fourteen has asked someone for a learning conversation.
"""

import random
from dataclasses import dataclass, field
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from champions.models import (
    ClinicalArea,
    ConversationRequest,
    DigestFrequency,
    Network,
    NetworkMembership,
    Organisation,
    Profession,
    Profile,
    Skill,
    Training,
    User,
)
from core import roles
from core.wording import in_sentence

DEMO_PASSWORD = "improve-together-leeds"  # noqa: S105 (printed for the demo on purpose)
DEMO_DOMAIN = "example.org"
BATCH = 2000
# Generated members join over the network's first two years and a bit, more of them lately.
JOINING_WINDOW_DAYS = 800

FIRST_NAMES = [
    "Olivia", "Amelia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Isabella", "Rosie", "Sophia",
    "Grace", "Freya", "Aisha", "Fatima", "Maryam", "Zainab", "Priya", "Anjali", "Simran",
    "Chloe", "Emily", "Hannah", "Sarah", "Rebecca", "Claire", "Joanne", "Nicola", "Siobhan",
    "Niamh", "Aoife", "Oluwaseun", "Chidinma", "Adaeze", "Agnieszka", "Katarzyna", "Mei",
    "Noah", "Oliver", "George", "Arthur", "Muhammad", "Leo", "Harry", "Oscar", "Jack",
    "Jacob", "Thomas", "James", "Daniel", "Samuel", "Joseph", "David", "Michael", "Andrew",
    "Imran", "Bilal", "Hamza", "Arjun", "Rohan", "Sanjay", "Kwame", "Tunde", "Emeka",
    "Piotr", "Tomasz", "Ciaran", "Declan", "Rhys", "Owain", "Callum", "Ewan", "Jamal",
]  # fmt: skip
LAST_NAMES = [
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson",
    "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood",
    "Jackson", "Clarke", "Hussain", "Khan", "Ali", "Ahmed", "Begum", "Patel", "Shah", "Singh",
    "Kaur", "Sharma", "Okafor", "Adeyemi", "Mensah", "Owusu", "Nowak", "Kowalski", "Murphy",
    "O'Brien", "Kelly", "Byrne", "Campbell", "Stewart", "MacDonald", "Hughes", "Lewis",
    "Morgan", "Chen", "Wong", "Nguyen", "Akhtar", "Iqbal", "Mahmood", "Holmes", "Atkinson",
    "Barker", "Booth", "Dawson", "Firth", "Gledhill", "Haigh", "Holroyd", "Sykes", "Whiteley",
]  # fmt: skip
JOB_TITLES = {
    "Medicine": ["Consultant physician", "Specialty registrar", "GP partner", "Foundation doctor"],
    "Nursing": ["Staff nurse", "Ward sister", "District nurse", "Advanced nurse practitioner"],
    "Midwifery": ["Community midwife", "Labour ward coordinator"],
    "Allied health professions": ["Physiotherapist", "Occupational therapist", "Dietitian"],
    "Pharmacy": ["Clinical pharmacist", "Pharmacy technician"],
    "Healthcare science": ["Biomedical scientist", "Clinical physiologist"],
    "Social work": ["Social worker", "Senior practitioner"],
    "Social care": ["Care home manager", "Support worker"],
    "Management and administration": ["Service manager", "Operations manager", "Team leader"],
    "Analyst / information": ["Information analyst", "Senior data analyst"],
    "Research / academic": ["Lecturer in improvement science", "Research fellow"],
    "Other": ["Improvement advisor", "Project coordinator"],
}


# What each profession tends to teach; everyone may also teach any skill now and then.
TEACHES = {
    "Medicine": ["PDSA cycles", "Root cause analysis", "Human factors", "Model for Improvement"],
    "Nursing": ["PDSA cycles", "Process mapping", "Human factors", "Coaching"],
    "Midwifery": ["PDSA cycles", "Co-production with patients and carers", "Process mapping"],
    "Allied health professions": ["Process mapping", "PDSA cycles", "Evaluation", "Coaching"],
    "Pharmacy": ["Root cause analysis", "Measurement planning", "Run charts"],
    "Healthcare science": ["SPC charts", "Measurement planning", "Data analysis"],
    "Social work": ["Co-production with patients and carers", "Stakeholder engagement"],
    "Social care": ["Co-production with patients and carers", "Sustainability of change"],
    "Management and administration": [
        "Project management", "Demand and capacity", "Stakeholder engagement", "Spread and scale",
    ],
    "Analyst / information": [
        "SPC charts", "Run charts", "Data analysis", "Measurement planning", "Demand and capacity",
    ],
    "Research / academic": ["Evaluation", "Measurement planning", "Driver diagrams"],
    "Patient or carer partner": [
        "Co-production with patients and carers", "Storytelling / presenting data",
    ],
    "Other": ["Facilitation", "Model for Improvement", "Driver diagrams", "Coaching"],
}  # fmt: skip
# What most members want to learn: measurement first, as the network finds.
POPULAR_TO_LEARN = ["SPC charts", "Run charts", "Driver diagrams", "Measurement planning",
                    "Model for Improvement", "Spread and scale"]  # fmt: skip
AREAS_BY_SECTOR = {
    "acute": ["Sepsis", "Falls", "Pressure ulcers", "Urgent and emergency care", "Outpatients",
              "Discharge and flow", "Planned care and waiting lists", "Stroke", "Cancer"],
    "community": ["Frailty", "Falls", "Pressure ulcers", "End of life care", "Diabetes"],
    "mental_health": ["Mental health", "Learning disabilities and autism", "Dementia"],
    "ambulance": ["Urgent and emergency care", "Stroke", "Cardiovascular disease"],
    "primary_care": ["Primary care access", "Diabetes", "Respiratory", "Medicines safety"],
    "local_authority": ["Carers", "Health inequalities", "Children and young people"],
    "commissioner": ["Health inequalities", "Discharge and flow", "Digital and data"],
    "hospice": ["End of life care", "Carers", "Patient experience"],
    "third_sector": ["Carers", "Health inequalities", "Mental health", "Patient experience"],
    "academic": ["Digital and data", "Workforce wellbeing", "Health inequalities"],
}  # fmt: skip
BIOS = [
    "{job}. I am working on {area} and would love to learn more about {learn}.",
    "I have been a {job_lower} for years and I am part of our {area} improvement group. "
    "Happy to share what we learned about {teach}.",
    "{job}. Our team is testing changes in {area}; I can help with {teach}.",
    "Interested in {area} across Leeds. I want to get better at {learn}, and I am glad to "
    "talk about {teach} with anyone starting out.",
]
PARTNER_BIOS = [
    "I care for my mum and joined to make sure carers are heard in {area} work.",
    "Patient partner. I bring lived experience of {area} and I am learning about {learn}.",
    "I help teams include the people they serve. Ask me about {teach}.",
]
OTHER_TRAININGS = ["Six Sigma green belt", "NHS Elect improvement programme",
                   "Health Foundation Q Lab"]  # fmt: skip
REQUEST_MESSAGES = [
    "We are just starting with {skill} on our ward. Could we talk for half an hour?",
    "I saw you can teach {skill}. Would you have time for a learning conversation next month?",
    "Our team wants to try {skill} and we would value your experience.",
]


@dataclass(frozen=True)
class Ask:
    """A learning-conversation request a demo member has sent."""

    recipient: str
    skill: str
    status: str
    days_ago: int
    message: str


@dataclass(frozen=True)
class DemoMember:
    email: str
    display_name: str
    role: str | None = None
    kind: str = Profile.Kind.STAFF
    organisation: str | None = None
    profession: str | None = None
    job_title: str = ""
    is_superuser: bool = False
    bio: str = ""
    areas: tuple[str, ...] = ()
    teaches: tuple[str, ...] = ()
    learns: tuple[str, ...] = ()
    networks: tuple[tuple[str, int | None], ...] = ((Network.IMPROVEMENT_CHAMPIONS, None),)
    trainings: tuple[str, ...] = ()
    other_training: str = ""
    digest_frequency: str = DigestFrequency.WEEKLY
    visibility: str = Profile.Visibility.MEMBERS
    hide_organisation: bool = False
    asks: tuple[Ask, ...] = field(default=())
    # How long ago they joined: the personas were there from the start.
    joined_days_ago: int = JOINING_WINDOW_DAYS


CHAMPION = f"champion@{DEMO_DOMAIN}"
PARTNER = f"partner@{DEMO_DOMAIN}"
FACILITATOR = f"facilitator@{DEMO_DOMAIN}"
LEADER = f"leader@{DEMO_DOMAIN}"

# The sign-ins printed by `make run`, one per role. Asha (the champion) wants to learn what
# Kwame (the facilitator) teaches, so every demo has at least one explained match; Margaret
# has asked Asha for a learning conversation, so Asha's home page shows a request.
PERSONAS = [
    DemoMember(
        CHAMPION, "Asha Patel", None, Profile.Kind.STAFF,
        "Leeds Teaching Hospitals NHS Trust", "Nursing", "Ward sister",
        bio="Ward sister on an older people's ward. We are testing changes to reduce falls "
        "at night, and I want to read our data properly.",
        areas=("Frailty", "Falls", "Dementia"),
        teaches=("PDSA cycles", "Human factors"),
        learns=("SPC charts", "Run charts", "Driver diagrams"),
        trainings=(Training.QI_BRONZE,),
        asks=(Ask(FACILITATOR, "SPC charts", ConversationRequest.Status.ACCEPTED, 12,
                  "Could you help me read our falls SPC chart?"),),
    ),
    DemoMember(
        PARTNER, "Margaret Holroyd", None, Profile.Kind.PARTNER,
        None, "Patient or carer partner", "",
        bio="I cared for my husband through his dementia. I want every improvement team to "
        "hear from carers early.",
        areas=("Carers", "Dementia", "Patient experience"),
        teaches=("Co-production with patients and carers", "Storytelling / presenting data"),
        learns=("Model for Improvement", "PDSA cycles"),
        asks=(Ask(CHAMPION, "PDSA cycles", ConversationRequest.Status.OPEN, 2,
                  "I would love to hear how your ward runs its PDSA cycles."),),
    ),
    DemoMember(
        FACILITATOR, "Kwame Mensah", roles.FACILITATOR, Profile.Kind.STAFF,
        "Leeds Health and Care Academy", "Other", "Improvement advisor",
        bio="I run the network's improvement coaching programme and love plotting the dots.",
        areas=("Frailty", "Health inequalities"),
        teaches=("SPC charts", "Run charts", "Model for Improvement", "Facilitation", "Coaching"),
        learns=("Spread and scale",),
        networks=((Network.IMPROVEMENT_CHAMPIONS, None), (Network.PLCP, 2021)),
        trainings=(Training.QSIR, Training.IHI_OPEN_SCHOOL, Training.QI_GOLD),
    ),
    DemoMember(
        LEADER, "Claire Gledhill", roles.SYSTEM_LEADER, Profile.Kind.STAFF,
        "NHS West Yorkshire Integrated Care Board (Leeds place)", "Management and administration",
        "Director of quality",
        areas=("Urgent and emergency care", "Discharge and flow", "Health inequalities"),
        teaches=("Stakeholder engagement", "Spread and scale"),
        learns=("SPC charts",),
        networks=((Network.SYSTEM_LEADERS, None),),
        trainings=(Training.QSIR,),
    ),
    DemoMember(
        f"admin@{DEMO_DOMAIN}", "Network administrator", None, Profile.Kind.STAFF,
        "Leeds Health and Care Academy", "Management and administration", "Network manager",
        is_superuser=True,
        teaches=("Project management",),
        learns=("Data analysis",),
    ),
]  # fmt: skip


def _profile_details(
    rng: random.Random, *, kind: str, profession: str, sector: str | None, job_title: str
) -> dict:
    """A believable profile for a generated member, drawn from `rng`."""
    skills = [skill for names in TEACHES.values() for skill in names]
    usual = TEACHES[profession]
    teaches = rng.sample(usual, k=min(len(usual), rng.choice([0, 1, 1, 2, 2, 3])))
    if rng.random() < 0.3:
        teaches.append(rng.choice(skills))
    wanted = [s for s in POPULAR_TO_LEARN + rng.sample(skills, k=4) if s not in teaches]
    learns = list(dict.fromkeys(rng.sample(wanted, k=rng.choice([1, 2, 2, 3, 4]))))
    area_pool = AREAS_BY_SECTOR.get(sector or "", []) + AREAS_BY_SECTOR["third_sector"]
    areas = list(dict.fromkeys(rng.sample(area_pool, k=rng.choice([1, 2, 2, 3]))))
    templates = PARTNER_BIOS if kind == Profile.Kind.PARTNER else BIOS
    bio = rng.choice(templates).format(
        job=job_title,
        job_lower=in_sentence(job_title),
        area=in_sentence(areas[0]),
        learn=in_sentence(learns[0]),
        teach=in_sentence(teaches[0]) if teaches else "whatever I can",
    )
    networks = []
    if rng.random() < 0.85:
        networks.append((Network.IMPROVEMENT_CHAMPIONS, None))
    if rng.random() < 0.15:
        networks.append((Network.PLCP, rng.randint(2019, 2025)))
    trainings = rng.sample(list(Training.values), k=rng.choice([0, 0, 1, 1, 2]))
    return {
        "bio": bio if rng.random() < 0.8 else "",
        "areas": tuple(areas),
        "teaches": tuple(dict.fromkeys(teaches)),
        "learns": tuple(learns),
        "networks": tuple(networks),
        "trainings": tuple(trainings),
        "other_training": rng.choice(OTHER_TRAININGS) if Training.OTHER in trainings else "",
        "digest_frequency": rng.choices(list(DigestFrequency.values), weights=[70, 12, 13, 5])[0],
        "visibility": Profile.Visibility.HIDDEN
        if rng.random() < 0.03
        else Profile.Visibility.MEMBERS,
    }


def _asks(rng: random.Random, learns: tuple[str, ...], teachers: dict[str, list[str]]) -> tuple:
    """Now and then, a request to an earlier member who teaches what this one wants."""
    if rng.random() > 0.07:
        return ()
    candidates = [(skill, teachers[skill]) for skill in learns if teachers.get(skill)]
    if not candidates:
        return ()
    skill, emails = rng.choice(candidates)
    status = rng.choices(list(ConversationRequest.Status.values), weights=[50, 35, 15])[0]
    message = rng.choice(REQUEST_MESSAGES).format(skill=in_sentence(skill))
    return (Ask(rng.choice(emails[-50:]), skill, status, rng.randint(0, 40), message),)


def _joined_days_ago(rng: random.Random) -> int:
    """Half join evenly over the window, half more and more lately: a network that grows."""
    recency = rng.random() if rng.random() < 0.5 else rng.random() ** 0.5
    return int(JOINING_WINDOW_DAYS * (1 - recency))


def generated_members(count: int, seed: int) -> list[DemoMember]:
    """The same `count` members for the same seed, whatever the database holds."""
    rng = random.Random(seed)  # noqa: S311 (demo data, not security)
    # Profiles have their own stream, so names and addresses stay what they always were.
    details = random.Random(seed * 1_000_003 + 1)  # noqa: S311
    joining = random.Random(seed * 1_000_003 + 2)  # noqa: S311
    organisations = dict(Organisation.objects.order_by("slug").values_list("name", "sector"))
    names = list(organisations)
    professions = list(JOB_TITLES)
    teachers: dict[str, list[str]] = {}
    for persona in PERSONAS:
        for skill in persona.teaches:
            teachers.setdefault(skill, []).append(persona.email)
    members = []
    for index in range(count):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        email = f"{first}.{last}.{index + 1}".lower().replace("'", "") + f"@{DEMO_DOMAIN}"
        draw = rng.random()
        if draw < 0.06:
            organisation = rng.choice([None, None, *names])
            role, kind, profession, job_title = None, Profile.Kind.PARTNER, None, ""
        else:
            role = (
                roles.FACILITATOR if draw > 0.985 else roles.SYSTEM_LEADER if draw > 0.97 else None
            )
            kind = Profile.Kind.STAFF
            profession = rng.choice(professions)
            organisation = rng.choice(names)
            job_title = rng.choice(JOB_TITLES[profession])
        profile = _profile_details(
            details,
            kind=kind,
            profession=profession or "Patient or carer partner",
            sector=organisations.get(organisation),
            job_title=job_title or "Partner",
        )
        if role == roles.SYSTEM_LEADER:
            profile["networks"] += ((Network.SYSTEM_LEADERS, None),)
        members.append(
            DemoMember(
                email, f"{first} {last}", role, kind, organisation,
                profession or "Patient or carer partner", job_title,
                hide_organisation=bool(
                    kind == Profile.Kind.PARTNER and organisation and details.random() < 0.3
                ),
                asks=_asks(details, profile["learns"], teachers),
                joined_days_ago=_joined_days_ago(joining),
                **profile,
            )
        )  # fmt: skip
        for skill in profile["teaches"]:
            teachers.setdefault(skill, []).append(email)
    return members


def seed_members(*, count: int, seed: int) -> int:
    """Create the personas and `count` generated members that do not exist yet, with their
    profiles and the requests they sent.

    Returns how many members were created; existing ones are never changed.
    """
    wanted = PERSONAS + generated_members(count, seed)
    created = 0
    password = make_password(DEMO_PASSWORD)
    now = timezone.now()
    lookups = {
        "organisations": dict(Organisation.objects.values_list("name", "pk")),
        "professions": dict(Profession.objects.values_list("name", "pk")),
        "skills": dict(Skill.objects.values_list("name", "pk")),
        "areas": dict(ClinicalArea.objects.values_list("name", "pk")),
        "groups": dict(Group.objects.values_list("name", "pk")),
    }
    asks: list[tuple[str, Ask]] = []
    for start in range(0, len(wanted), BATCH):
        batch = wanted[start : start + BATCH]
        existing = set(
            User.objects.filter(email__in=[m.email for m in batch]).values_list("email", flat=True)
        )
        new = [member for member in batch if member.email not in existing]
        if not new:
            continue
        with transaction.atomic():
            _create(new, password=password, now=now, lookups=lookups)
        asks += [(member.email, ask) for member in new for ask in member.asks]
        created += len(new)
    _create_requests(asks, now=now, skills=lookups["skills"])
    return created


def _create(new: list[DemoMember], *, password: str, now, lookups: dict) -> None:
    users = User.objects.bulk_create(
        [
            User(email=m.email, password=password, is_staff=m.is_superuser,
                 is_superuser=m.is_superuser,
                 date_joined=now - timedelta(days=m.joined_days_ago))
            for m in new
        ]
    )  # fmt: skip
    profiles = Profile.objects.bulk_create(
        [
            Profile(
                user=user,
                kind=m.kind,
                display_name=m.display_name,
                organisation_id=lookups["organisations"].get(m.organisation),
                hide_organisation=m.hide_organisation,
                profession_id=lookups["professions"].get(m.profession),
                job_title=m.job_title,
                bio=m.bio,
                trainings=list(m.trainings),
                other_training=m.other_training,
                digest_frequency=m.digest_frequency,
                visibility=m.visibility,
                completed_at=user.date_joined,
            )
            for user, m in zip(users, new, strict=True)
        ]
    )
    pairs = list(zip(profiles, new, strict=True))
    skills, areas = lookups["skills"], lookups["areas"]
    Profile.skills_to_teach.through.objects.bulk_create(
        Profile.skills_to_teach.through(profile_id=p.pk, skill_id=skills[name])
        for p, m in pairs
        for name in m.teaches
    )
    Profile.skills_to_learn.through.objects.bulk_create(
        Profile.skills_to_learn.through(profile_id=p.pk, skill_id=skills[name])
        for p, m in pairs
        for name in m.learns
    )
    Profile.clinical_areas.through.objects.bulk_create(
        Profile.clinical_areas.through(profile_id=p.pk, clinicalarea_id=areas[name])
        for p, m in pairs
        for name in m.areas
    )
    NetworkMembership.objects.bulk_create(
        NetworkMembership(profile=p, network=network, cohort_year=year)
        for p, m in pairs
        for network, year in m.networks
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users]
    )
    memberships = User.groups.through
    groups = lookups["groups"]
    rows = [memberships(user_id=user.pk, group_id=groups[roles.CHAMPION]) for user in users]
    rows += [
        memberships(user_id=user.pk, group_id=groups[m.role])
        for user, m in zip(users, new, strict=True)
        if m.role
    ]
    memberships.objects.bulk_create(rows)


def _create_requests(asks: list[tuple[str, Ask]], *, now, skills: dict[str, int]) -> None:
    """The requests the new members sent (no emails: they are history, not news)."""
    emails = {email for sender, ask in asks for email in (sender, ask.recipient)}
    ids = dict(User.objects.filter(email__in=emails).values_list("email", "pk"))
    ConversationRequest.objects.bulk_create(
        ConversationRequest(
            sender_id=ids[sender],
            recipient_id=ids[ask.recipient],
            skill_id=skills[ask.skill],
            message=ask.message,
            status=ask.status,
            created_at=now - timedelta(days=ask.days_ago, hours=3),
            responded_at=None
            if ask.status == ConversationRequest.Status.OPEN
            else now - timedelta(days=ask.days_ago),
        )
        for sender, ask in asks
    )
