"""The city view's overview, built once and kept in the cache (Redis) for a few minutes.

Two entries per set of filters (keyed by the filters exactly as the query string gives them),
written together: the page's rendered body, compressed (about 30 KB instead of 220 KB, which
halves the time to read it), and the tables the CSV downloads read. They expire after
CACHE_SECONDS rather than being invalidated: the figures are for reflection, not operations,
and the page says when they were counted.
"""

import datetime
import hashlib
import zlib
from dataclasses import dataclass

from django.core.cache import cache
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import timezone

from dashboard.forms import DATES_HINT, CityFilterForm, describe_filters, filter_data
from dashboard.sections import SECTIONS, Context
from dashboard.tables import Links, Table

CACHE_SECONDS = 10 * 60
# Raise when what is cached changes shape, so no process reads an old entry.
CACHE_VERSION = 2


@dataclass(frozen=True)
class Overview:
    as_of: datetime.datetime
    body: str  # the filter form and every panel, rendered for the page
    tables: dict[str, Table]  # by slug


def cache_key(query: QueryDict) -> str:
    """The key of the filters' entries (the page's is this plus ":page", the tables'
    ":tables")."""
    filters = filter_data(query).urlencode()
    digest = hashlib.sha256(filters.encode()).hexdigest()
    return f"dashboard:overview:{CACHE_VERSION}:{digest}"


def cache_forget(query: QueryDict) -> None:
    key = cache_key(query)
    cache.delete_many([f"{key}:page", f"{key}:tables"])


def build_overview(form: CityFilterForm, *, now: datetime.datetime) -> Overview:
    """Every panel's figures for a valid (or unbound) form, and the page's body."""
    query = filter_data(form.data) if form.is_bound else QueryDict()
    filters = form.filters()
    context = Context(
        filters=filters,
        links=Links(query.urlencode()),
        today=timezone.localdate(now),
        now=now,
    )
    sections = [build(context) for build in SECTIONS]
    body = render_to_string(
        "dashboard/_overview.html",
        {
            "form": form,
            "sections": sections,
            "as_of": timezone.localtime(now),
            "chosen": describe_filters(filters),
            "dates_hint": DATES_HINT,
            "cache_minutes": CACHE_SECONDS // 60,
            "query": query.urlencode(),
        },
    )
    tables = {block.table.slug: block.table for s in sections for block in s.blocks}
    return Overview(as_of=now, body=body, tables=tables)


def _built(query: QueryDict) -> tuple[Overview | None, CityFilterForm]:
    """Build the overview and keep it; or, when the filters are not valid, the form with
    its errors."""
    data = filter_data(query)
    form = CityFilterForm(data or None)
    if form.is_bound and not form.is_valid():
        return None, form
    overview = build_overview(form, now=timezone.now())
    key = cache_key(query)
    cache.set_many(
        {
            f"{key}:page": zlib.compress(overview.body.encode(), 1),
            f"{key}:tables": (overview.as_of, overview.tables),
        },
        CACHE_SECONDS,
    )
    return overview, form


def overview_body(query: QueryDict) -> tuple[str | None, CityFilterForm | None]:
    """The page's body for a query string (from the cache, or counted now), or None and the
    form with its errors."""
    compressed = cache.get(f"{cache_key(query)}:page")
    if compressed is not None:
        return zlib.decompress(compressed).decode(), None
    overview, form = _built(query)
    return (overview.body if overview else None), form


def overview_tables(
    query: QueryDict,
) -> tuple[tuple[datetime.datetime, dict[str, Table]] | None, CityFilterForm | None]:
    """When the figures were counted and their tables, for the CSV downloads (the same
    figures as the page), or None and the form with its errors."""
    cached = cache.get(f"{cache_key(query)}:tables")
    if cached is not None:
        return cached, None
    overview, form = _built(query)
    return ((overview.as_of, overview.tables) if overview else None), form
