"""The bright-spots panel on the known city: measures whose latest point shows special cause
improvement. Concerns and drafts are never shown; the filters apply."""

import datetime

import pytest

from champions.models import ClinicalArea
from dashboard import selectors
from dashboard.selectors import CityFilters
from projects.models import Measure, PointType
from tests.dashboard.city import organisation

pytestmark = pytest.mark.usefixtures("city")


def measure(project, name, point_type, latest):
    return Measure.objects.create(
        project=project, name=name, kind="outcome", numerator="Count", data_source="Audit",
        improvement="decrease", latest_point_type=point_type, latest_date=latest,
        reading=f"{name}: reading.", point_count=24,
    )  # fmt: skip


@pytest.fixture
def spots(city):
    measure(city.falls, "Falls with harm", PointType.IMPROVEMENT, datetime.date(2026, 5, 4))
    measure(city.falls, "Bed rails checked", PointType.IMPROVEMENT, datetime.date(2026, 4, 6))
    measure(
        city.sepsis, "Antibiotics within an hour", PointType.IMPROVEMENT, datetime.date(2025, 12, 1)
    )
    measure(city.sepsis, "Sepsis deaths", PointType.CONCERN, datetime.date(2026, 5, 1))
    measure(city.diabetes, "Reviews done", PointType.COMMON_CAUSE, datetime.date(2026, 5, 1))
    measure(city.draft, "Secret", PointType.IMPROVEMENT, datetime.date(2026, 5, 1))
    return city


def test_bright_spots_without_filters(spots):
    found = selectors.bright_spots(CityFilters())
    assert (found.measures, found.projects) == (3, 2)
    assert {g.label: g.count for g in found.by_area} == {"Falls": 3, "Sepsis": 1}
    assert [spot.measure for spot in found.newest] == [
        "Falls with harm", "Bed rails checked", "Antibiotics within an hour",
    ]  # fmt: skip


def test_bright_spots_under_each_filter(spots):
    in_2026 = CityFilters(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31))
    assert selectors.bright_spots(in_2026).measures == 2
    lch = CityFilters(organisation=organisation("LCH"))
    assert selectors.bright_spots(lch).measures == 2  # the falls project involves LCH
    sepsis = CityFilters(clinical_area=ClinicalArea.objects.get(name="Sepsis"))
    assert selectors.bright_spots(sepsis).measures == 1
    assert selectors.bright_spots(CityFilters(method="lim")).measures == 1
    assert selectors.bright_spots(CityFilters(sector="primary_care")).measures == 0


def test_the_page_lists_them_and_each_number_opens_its_projects(leader_client, spots):
    html = leader_client.get("/city/").content.decode()
    assert "What is working well: bright spots" in html
    assert "Falls with harm" in html
    assert "Sepsis deaths" not in html, "a concern is for the team, never the city view"
    assert "Secret" not in html
    listing = leader_client.get("/city/projects/", {"by": "bright_area", "value": "falls"})
    assert listing.status_code == 200
    text = listing.content.decode()
    assert "Fewer falls at night" in text
    assert "Sepsis screening in the emergency department" in text
    assert "A draft nobody else sees" not in text
