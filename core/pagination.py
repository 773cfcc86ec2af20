"""One way to paginate a list page, rendered by `templates/includes/pagination.html`."""

from django.core.paginator import Page, Paginator
from django.http import HttpRequest


def paginate(request: HttpRequest, object_list, *, per_page: int = 20) -> Page:
    """The requested page; a missing, bad or too-large page number gives the nearest page."""
    paginator = Paginator(object_list, per_page)
    return paginator.get_page(request.GET.get("page"))


def page_url(request: HttpRequest, number: int) -> str:
    """The current URL with its filters kept and `page` set."""
    query = request.GET.copy()
    query["page"] = number
    return f"?{query.urlencode()}"
