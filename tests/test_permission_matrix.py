"""Every URL pattern × every persona → the expected status.

A new URL pattern without a row fails `test_every_url_pattern_has_a_row`: decide who may
see it before it ships. Outsiders get 404 for what they may not see and 403 for what they
may see but not change (docs/security.md#permissions-404-and-403). Rows live beside each
app's tests in `tests/<app>/permission_rows.py`.
"""

from collections.abc import Callable

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.champions import permission_rows as champions_rows
from tests.dashboard import permission_rows as dashboard_rows
from tests.digests import permission_rows as digests_rows
from tests.events import permission_rows as events_rows
from tests.leedsquality import permission_rows as wiring_rows
from tests.matrix import PERSONAS, Row, admin_only
from tests.projects import permission_rows as projects_rows

ROW_MODULES = [
    wiring_rows,
    champions_rows,
    projects_rows,
    events_rows,
    digests_rows,
    dashboard_rows,
]


# Admin models nobody adds by hand: emails are written by the outbox, members' requests and
# digests by their services, and registrations by booking (under the event's lock).
READ_ONLY_ADMIN = {
    "core.outgoingemail",
    "champions.conversationrequest",
    "digests.digestdelivery",
    "events.registration",
}
# ... and those nobody deletes by hand: a deleted digest record makes its member due again.
UNDELETABLE_ADMIN = {"digests.digestdelivery"}


def _admin_rows() -> dict[str, Row]:
    rows = {}
    for model in admin.site._registry:
        label = f"{model._meta.app_label}_{model._meta.model_name}"
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        key = f"admin.{model._meta.label_lower}"

        def object_url(suffix: str, key=key, base=base) -> Callable[[dict], str]:
            return lambda ctx: f"{base}{ctx[key]}/{suffix}"

        readonly = model._meta.label_lower in READ_ONLY_ADMIN
        rows[f"admin:{label}_changelist"] = Row(base, admin_only())
        rows[f"admin:{label}_add"] = Row(f"{base}add/", admin_only(403 if readonly else 200))
        rows[f"admin:{label}_change"] = Row(object_url("change/"), admin_only())
        rows[f"admin:{label}_history"] = Row(object_url("history/"), admin_only())
        undeletable = model._meta.label_lower in UNDELETABLE_ADMIN
        rows[f"admin:{label}_delete"] = Row(
            object_url("delete/"), admin_only(403 if undeletable else 200)
        )
        rows[f"admin/{model._meta.app_label}/{model._meta.model_name}/<path:object_id>/"] = Row(
            object_url(""), admin_only(302)
        )
    return rows


def _all_rows() -> dict[str, Row]:
    rows: dict[str, Row] = {}
    for module in ROW_MODULES:
        duplicated = set(rows) & set(module.ROWS)
        assert not duplicated, f"rows defined twice: {sorted(duplicated)}"
        rows.update(module.ROWS)
    rows.update(_admin_rows())
    return rows


ROWS = _all_rows()


def url_patterns(patterns=None, prefix: str = "", namespace: str | None = None):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            ns = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            if pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name
            else:
                yield route


def test_every_url_pattern_has_a_row():
    patterns = set(url_patterns())
    assert sorted(patterns - set(ROWS)) == [], "URL patterns without a permission-matrix row"
    assert sorted(set(ROWS) - patterns) == [], "rows for URL patterns that no longer exist"


@pytest.fixture
def ctx(db, champion, admin_user, request):
    """What the rows' URLs need: each app's objects, and one object of every admin model."""
    from django.contrib.contenttypes.models import ContentType

    context: dict = {}
    for module in ROW_MODULES:
        if hasattr(module, "context"):
            context.update(module.context(request))
    for model in admin.site._registry:
        key = f"admin.{model._meta.label_lower}"
        if key not in context:
            obj = model.objects.order_by("pk").first()
            assert obj is not None, (
                f"no {model._meta.label} for the admin rows: make one in a context()"
            )
            context[key] = obj.pk
    context["user_content_type"] = ContentType.objects.get_for_model(champion).pk
    return context


@pytest.mark.parametrize("name", sorted(ROWS))
def test_permission_matrix(name, ctx, persona_client, settings):
    row = ROWS[name]
    if not row.mailbox:
        settings.DEV_MAILBOX_DIR = None
    url = row.url(ctx) if callable(row.url) else row.url
    observed = {}
    for persona in PERSONAS:
        client = persona_client(persona)
        response = getattr(client, row.method)(url, row.data)
        observed[persona] = response.status_code
    assert observed == row.expect, f"{name} ({url})"


def test_matrix_rows_resolve_to_their_pattern():
    """A row's URL must reach the pattern it is filed under, not a neighbour."""
    assert reverse("core:healthz") == ROWS["core:healthz"].url
    assert reverse("account_login") == ROWS["account_login"].url
