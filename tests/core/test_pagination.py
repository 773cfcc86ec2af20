from django.template import Context, Template
from django.test import RequestFactory

from core.pagination import paginate


def render(path: str, items: int) -> str:
    request = RequestFactory().get(path)
    page = paginate(request, list(range(items)), per_page=10)
    template = Template('{% include "includes/pagination.html" with page=page %}')
    return template.render(Context({"page": page, "request": request}))


def test_one_page_needs_no_pagination():
    assert render("/projects/", 10).strip() == ""


def test_links_keep_the_filters():
    html = render("/projects/?stage=testing&page=2", 35)
    assert "Page 2 of 4 (35 results)" in html
    assert 'href="?stage=testing&amp;page=1" rel="prev"' in html
    assert 'href="?stage=testing&amp;page=3" rel="next"' in html


def test_a_bad_page_number_gives_the_nearest_page():
    assert "Page 1 of 4" in render("/projects/?page=banana", 35)
    assert "Page 4 of 4" in render("/projects/?page=99", 35)


def test_large_numbers_have_thousands_separated_by_commas():
    html = render("/projects/?page=1001", 12_345)
    assert "Page 1,001 of 1,235 (12,345 results)" in html


def test_the_thousands_filter_leaves_what_is_not_a_number():
    template = Template("{% load nhsuk %}{{ a|thousands }} {{ b|thousands }} {{ c|thousands }}")
    assert template.render(Context({"a": 999, "b": 18381, "c": "many"})) == "999 18,381 many"
