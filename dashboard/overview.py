"""The city view's overview, built once and kept in the cache (Redis) for a few minutes.

The entry is keyed by the filters exactly as the query string gives them; it holds the
sections' tables (which the CSV downloads read) and the page's rendered body. It expires
after CACHE_SECONDS rather than being invalidated: the figures are for reflection, not for
operations, and the page says when they were counted.
"""

import datetime
import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import timezone

from dashboard.forms import DATES_HINT, CityFilterForm, describe_filters, filter_data
from dashboard.sections import SECTIONS, Context
from dashboard.tables import Links, Section, Table

CACHE_SECONDS = 10 * 60
# Raise when what is cached changes shape, so no process reads an old entry.
CACHE_VERSION = 1


@dataclass(frozen=True)
class Overview:
    as_of: datetime.datetime
    sections: list[Section]
    body: str  # the rendered panels and the filter form, ready for the page

    def table(self, slug: str) -> Table | None:
        return next(
            (b.table for s in self.sections for b in s.blocks if b.table.slug == slug), None
        )


def cache_key(query: QueryDict) -> str:
    filters = filter_data(query).urlencode()
    digest = hashlib.sha256(filters.encode()).hexdigest()
    return f"dashboard:overview:{CACHE_VERSION}:{digest}"


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
    return Overview(as_of=now, sections=sections, body=body)


def overview_for(query: QueryDict) -> tuple[Overview | None, CityFilterForm | None]:
    """The overview for a query string, from the cache or built (and cached); or, when the
    filters are not valid, no overview and the form with its errors."""
    key = cache_key(query)
    overview = cache.get(key)
    if overview is not None:
        return overview, None
    data = filter_data(query)
    form = CityFilterForm(data or None)
    if form.is_bound and not form.is_valid():
        return None, form
    overview = build_overview(form, now=timezone.now())
    cache.set(key, overview, CACHE_SECONDS)
    return overview, form
