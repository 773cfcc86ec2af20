"""The personal-data registry: apps add what they hold; export and erasure run them all."""

import pytest

from core import personaldata


@pytest.fixture
def registry(monkeypatch):
    """An empty registry for the test; the apps' real providers come back afterwards."""
    monkeypatch.setattr(personaldata, "_exporters", {})
    monkeypatch.setattr(personaldata, "_erasers", {})


def test_the_export_has_one_section_per_exporter(registry):
    personaldata.register_exporter("profile", lambda user: {"name": user})
    personaldata.register_exporter("bookings", lambda user: {"count": 2})
    assert personaldata.personal_data_export("asha") == {
        "profile": {"name": "asha"},
        "bookings": {"count": 2},
    }


def test_erasers_run_upper_layers_first(registry):
    """Apps register lowest layer first, so the last registered runs first: events and
    projects still find the member's profile (their name) that champions then deletes."""
    ran = []
    personaldata.register_eraser("champions", lambda user: ran.append(("champions", user)))
    personaldata.register_eraser("projects", lambda user: ran.append(("projects", user)))
    personaldata.register_eraser("events", lambda user: ran.append(("events", user)))
    assert personaldata.personal_data_erase("asha") == ["events", "projects", "champions"]
    assert ran == [("events", "asha"), ("projects", "asha"), ("champions", "asha")]


def test_a_name_is_taken_once_but_registering_the_same_provider_again_is_harmless(registry):
    def provider(user):
        return {}

    personaldata.register_exporter("profile", provider)
    personaldata.register_exporter("profile", provider)
    with pytest.raises(ValueError, match="already registered"):
        personaldata.register_exporter("profile", lambda user: {})
    personaldata.register_eraser("profile", provider)
    with pytest.raises(ValueError, match="already registered"):
        personaldata.register_eraser("profile", lambda user: None)
