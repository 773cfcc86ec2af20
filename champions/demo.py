"""Demo members for `manage.py seed_demo`: deterministic, idempotent, bulk-inserted."""

import random
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction

from champions.models import Organisation, Profession, Profile, User
from leedsquality.core import roles

DEMO_PASSWORD = "improve-together-leeds"  # noqa: S105 (printed for the demo on purpose)
DEMO_DOMAIN = "example.org"
BATCH = 2000

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


# The sign-ins printed by `make run`, one per role.
PERSONAS = [
    DemoMember(
        f"champion@{DEMO_DOMAIN}", "Asha Patel", None, Profile.Kind.STAFF,
        "Leeds Teaching Hospitals NHS Trust", "Nursing", "Ward sister",
    ),
    DemoMember(
        f"partner@{DEMO_DOMAIN}", "Margaret Holroyd", None, Profile.Kind.PARTNER,
        None, "Patient or carer partner", "",
    ),
    DemoMember(
        f"facilitator@{DEMO_DOMAIN}", "Kwame Mensah", roles.FACILITATOR, Profile.Kind.STAFF,
        "Leeds Health and Care Academy", "Other", "Improvement advisor",
    ),
    DemoMember(
        f"leader@{DEMO_DOMAIN}", "Claire Gledhill", roles.SYSTEM_LEADER, Profile.Kind.STAFF,
        "NHS West Yorkshire Integrated Care Board (Leeds place)", "Management and administration",
        "Director of quality",
    ),
    DemoMember(
        f"admin@{DEMO_DOMAIN}", "Network administrator", None, Profile.Kind.STAFF,
        "Leeds Health and Care Academy", "Management and administration", "Network manager",
        is_superuser=True,
    ),
]  # fmt: skip


def generated_members(count: int, seed: int) -> list[DemoMember]:
    """The same `count` members for the same seed, whatever the database holds."""
    rng = random.Random(seed)  # noqa: S311 (demo data, not security)
    organisations = list(Organisation.objects.order_by("slug").values_list("name", flat=True))
    professions = list(JOB_TITLES)
    members = []
    for index in range(count):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        email_local = f"{first}.{last}.{index + 1}".lower().replace("'", "")
        draw = rng.random()
        if draw < 0.06:
            members.append(
                DemoMember(
                    f"{email_local}@{DEMO_DOMAIN}", f"{first} {last}", None,
                    Profile.Kind.PARTNER, rng.choice([None, None, *organisations]),
                    "Patient or carer partner",
                )
            )  # fmt: skip
            continue
        role = roles.FACILITATOR if draw > 0.985 else roles.SYSTEM_LEADER if draw > 0.97 else None
        profession = rng.choice(professions)
        members.append(
            DemoMember(
                f"{email_local}@{DEMO_DOMAIN}", f"{first} {last}", role, Profile.Kind.STAFF,
                rng.choice(organisations), profession, rng.choice(JOB_TITLES[profession]),
            )
        )  # fmt: skip
    return members


def seed_members(*, count: int, seed: int) -> int:
    """Create the personas and `count` generated members that do not exist yet.

    Returns how many members were created; existing ones are never changed.
    """
    wanted = PERSONAS + generated_members(count, seed)
    created = 0
    password = make_password(DEMO_PASSWORD)
    organisations = dict(Organisation.objects.values_list("name", "pk"))
    professions = dict(Profession.objects.values_list("name", "pk"))
    groups = dict(Group.objects.values_list("name", "pk"))
    for start in range(0, len(wanted), BATCH):
        batch = wanted[start : start + BATCH]
        existing = set(
            User.objects.filter(email__in=[m.email for m in batch]).values_list("email", flat=True)
        )
        new = [member for member in batch if member.email not in existing]
        if not new:
            continue
        with transaction.atomic():
            users = User.objects.bulk_create(
                [
                    User(
                        email=m.email,
                        password=password,
                        is_staff=m.is_superuser,
                        is_superuser=m.is_superuser,
                    )
                    for m in new
                ]
            )
            Profile.objects.bulk_create(
                [
                    Profile(
                        user=user,
                        kind=m.kind,
                        display_name=m.display_name,
                        organisation_id=organisations.get(m.organisation),
                        profession_id=professions.get(m.profession),
                        job_title=m.job_title,
                    )
                    for user, m in zip(users, new, strict=True)
                ]
            )
            EmailAddress.objects.bulk_create(
                [
                    EmailAddress(user=user, email=user.email, verified=True, primary=True)
                    for user in users
                ]
            )
            memberships = User.groups.through
            rows = [memberships(user_id=user.pk, group_id=groups[roles.CHAMPION]) for user in users]
            rows += [
                memberships(user_id=user.pk, group_id=groups[m.role])
                for user, m in zip(users, new, strict=True)
                if m.role
            ]
            memberships.objects.bulk_create(rows)
        created += len(users)
    return created
