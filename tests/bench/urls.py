"""The site's URLs plus trivial pages, the benchmarks' framework floors: views that do
nothing but return a constant response, through the same middleware as every page.

- `bench/trivial/` reads nothing: Django loads the session and the member lazily, so this is
  the cost of the middleware alone.
- `bench/trivial-signed-in/` is behind the city view's access check, so it also reads the
  session, the member and their roles: the floor of any page only some members may see.
- `bench/floor/` is the same floor for any signed-in member (a champion too): it reads the
  session, the member and their roles, as every signed-in page does, and nothing else. Every
  page figure of `make bench` is a ratio to it.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from core import roles
from core.access import role_required


def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@login_required
def floor(request: HttpRequest) -> HttpResponse:
    roles.role_names(request.user)  # what every page's navigation reads
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/trivial/", trivial),
    path(
        "bench/trivial-signed-in/",
        role_required(roles.SYSTEM_LEADER, roles.FACILITATOR, hide=True)(trivial),
    ),
    path("bench/floor/", floor),
    path("", include("leedsquality.urls")),
]
