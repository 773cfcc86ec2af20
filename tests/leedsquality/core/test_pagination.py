from django.template import Context, Template
from django.test import RequestFactory

from leedsquality.core.pagination import paginate


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
