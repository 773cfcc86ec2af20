import pytest

from tests.dashboard.city import NOW, build_city


@pytest.fixture
def city(db, time_machine):
    """The known small city (tests/dashboard/city.py), with the clock stopped at NOW."""
    time_machine.move_to(NOW, tick=False)
    return build_city()


@pytest.fixture
def leader_client(client, city):
    """A client signed in as the city's system leader (whose own profile is hidden)."""
    client.force_login(city.leader)
    return client
