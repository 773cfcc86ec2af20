"""The city view runs a fixed number of queries whatever the size of the city: pinned at two
sizes with the cache empty, each query named."""

import pytest
from django.core.cache import cache

from champions.models import ConversationRequest, Skill
from events.models import Commitment
from projects.models import TeamMember
from tests.dashboard.city import at, cycle, project, update
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import UserFactory
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db

# Every signed-in page: the session, the member, and their roles (the access check; the
# header reads them again from the member).
SIGNED_IN = 3
# The overview, its cache empty (dashboard/selectors.py: one or two queries per panel).
PANELS = (
    1  # projects: total, cross-boundary, without an organisation, stages, partners
    + 1  # projects per clinical area
    + 1  # projects per sector
    + 2  # per organisation: projects logged, PDSA cycles run
    + 1  # team mix: professions per team, in buckets
    + 3  # per month: new projects, PDSA cycles run, updates posted
    + 3  # bright spots: how many (measures, projects), per clinical area, the newest listed
    + 1  # skills: asked for, taught, wanted, events on them (one UNION ALL)
    + 1  # members per sector, with partners
    + 1  # members per profession
    + 1  # members per month joined
    + 1  # learning conversations
    + 2  # events held and to come; places, attendance, waiting lists, commitments
    + 2  # waiting lists per skill, per clinical area
)
# The filter form's organisations and clinical areas, for their drop-down lists.
FORM_CHOICES = 2
# A chosen organisation and clinical area, looked up by their slugs when the form validates.
FORM_LOOKUPS = 2
LTHT = "leeds-teaching-hospitals-nhs-trust"


def grow(city, size: int) -> None:
    """`size` more of everything: members, projects with teams, cycles and updates, events
    with bookings and commitments, and conversations."""
    skills = list(Skill.objects.filter(name__in=["Run charts", "SPC charts"]))
    for number in range(size):
        newcomer = UserFactory(
            profile__teaches=["Run charts"], profile__learns=["SPC charts"],
            profile__areas=["Falls"],
        )  # fmt: skip
        made = project(
            f"Grown {size}-{number}", lead=newcomer, logged=at(2026, 5, 1 + number),
            organisations=["LTHT", "UoL"], areas=["Falls", "Sepsis"],
            help_with=["Run charts"], stage="testing", partner_involvement="informed",
        )  # fmt: skip
        TeamMember.objects.create(project=made, user=city.doctor, status="active")
        cycle(made, 1, status="done", start=at(2026, 5, 2).date())
        update(made, newcomer, at(2026, 5, 3))
        event = EventFactory(starts_at=at(2026, 5, 4), ends_at=at(2026, 5, 4, 14), capacity=1)
        event.skills.set(skills)
        place = RegistrationFactory(event=event, user=newcomer, status="attended")
        Commitment.objects.create(registration=place, change_idea="Try it")
        RegistrationFactory(event=event, user=city.nurse, status="waitlisted")
        ConversationRequest.objects.create(
            sender=newcomer, recipient=city.nurse, topic="Charts", message="Talk?"
        )


@pytest.fixture
def sizes(leader_client, city):
    """The queries of a page with the cache empty, in the small city and a bigger one."""

    def measure(url: str) -> list[int]:
        counts = []
        for size in (1, 8):
            grow(city, size)
            cache.clear()
            counts.append(count_queries(lambda: leader_client.get(url)))
        return counts

    return measure


def test_the_overview(sizes):
    assert sizes("/city/") == [SIGNED_IN + PANELS + FORM_CHOICES] * 2


def test_the_overview_with_every_filter(sizes):
    url = (
        f"/city/?organisation={LTHT}&sector=acute&clinical_area=falls&method=mfi"
        "&start_day=1&start_month=1&start_year=2026&end_day=31&end_month=12&end_year=2026"
    )
    assert sizes(url) == [SIGNED_IN + FORM_LOOKUPS + PANELS + FORM_CHOICES] * 2


def test_the_overview_from_the_cache(leader_client, city):
    leader_client.get("/city/")
    grow(city, 3)
    assert count_queries(lambda: leader_client.get("/city/")) == SIGNED_IN


def test_a_csv_download(sizes):
    assert sizes("/city/tables/organisations.csv") == [SIGNED_IN + PANELS + FORM_CHOICES] * 2


def test_the_lists_behind_the_numbers(sizes):
    # The clinical area's name (the heading), the count, the page, the organisations.
    assert sizes("/city/projects/?by=clinical_area&value=falls") == [SIGNED_IN + 4] * 2
    # The team-mix list counts professions per project in the same query.
    assert sizes("/city/projects/?by=professions&value=2") == [SIGNED_IN + 3] * 2
    # The skill's name, the count, the page (organisations and professions joined).
    assert sizes("/city/members/?by=teaches&value=run-charts") == [SIGNED_IN + 3] * 2
    # The count and the page (places taken and waiting lists as subqueries).
    assert sizes(f"/city/events/?organisation={LTHT}&by=held") == [SIGNED_IN + 1 + 2] * 2


def test_a_second_page_of_a_list(leader_client, city):
    grow(city, 25)
    url = "/city/members/?by=teaches&value=run-charts&page=2"
    assert count_queries(lambda: leader_client.get(url)) == SIGNED_IN + 3
