import pytest

pytestmark = pytest.mark.django_db


def test_landing_page_says_what_the_network_is(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Improvement together across Leeds – Leeds Quality Network</title>" in html
    assert "Everyone has something to learn, and everyone has something to teach" in html
    assert "Data for learning, not judgement" in html
    assert 'id="maincontent"' in html
    assert 'href="#maincontent"' in html
