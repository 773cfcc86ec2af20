import pytest

pytestmark = pytest.mark.django_db

PAGES = ["/", "/healthz", "/admin/login/", "/dev/mailbox/", "/no-such-page/"]


def script_sources(policy: str) -> str:
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    return directives.get("script-src", directives.get("default-src", ""))


@pytest.mark.parametrize("path", PAGES)
def test_every_response_has_a_csp_without_inline_scripts(client, path):
    response = client.get(path)
    policy = response["Content-Security-Policy"]
    assert "'self'" in script_sources(policy)
    assert "unsafe-inline" not in script_sources(policy)
    assert "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy


def test_session_and_csrf_cookies_are_http_only(settings):
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.CSRF_COOKIE_HTTPONLY is True


def test_pages_cannot_be_framed(client):
    assert client.get("/")["X-Frame-Options"] == "DENY"
