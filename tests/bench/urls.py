"""The site's URLs plus two trivial pages, the benchmarks' framework floors: views that do
nothing but return a constant response, through the same middleware as every page.

- `bench/trivial/` reads nothing: Django loads the session and the member lazily, so this is
  the cost of the middleware alone.
- `bench/trivial-signed-in/` is behind the city view's access check, so it also reads the
  session, the member and their roles: the floor of any page only some members may see.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from core import roles
from core.access import role_required


def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/trivial/", trivial),
    path(
        "bench/trivial-signed-in/",
        role_required(roles.SYSTEM_LEADER, roles.FACILITATOR, hide=True)(trivial),
    ),
    path("", include("leedsquality.urls")),
]
