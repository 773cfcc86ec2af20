"""Assertion helpers shared by the suite."""

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import OutgoingEmail


def count_queries(action: Callable[[], object]) -> int:
    """How many SQL queries `action` runs. Compare at two data sizes to prove a page's
    query count does not grow with the data."""
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured.captured_queries)


def assert_email(
    *,
    to: str,
    subject: str | None = None,
    text: tuple[str, ...] = (),
    html: tuple[str, ...] = (),
    kind: str | None = None,
) -> OutgoingEmail:
    """The one outbox email to `to` (optionally of `kind`), checked in both its parts."""
    emails = OutgoingEmail.objects.filter(to=to)
    if kind:
        emails = emails.filter(kind=kind)
    found = list(emails)
    assert len(found) == 1, f"expected one email to {to}, found {[e.subject for e in found]}"
    email = found[0]
    if subject is not None:
        assert subject in email.subject, f"subject {email.subject!r} lacks {subject!r}"
    for fragment in text:
        assert fragment in email.text, f"text part lacks {fragment!r}:\n{email.text}"
    for fragment in html:
        assert fragment in email.html, f"HTML part lacks {fragment!r}:\n{email.html}"
    return email
