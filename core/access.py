"""The one access pattern every app uses.

Each app's `permissions.py` says who may see and who may change its objects; views get
objects only through a helper built on `get_object_for_user`, so an outsider gets **404**
for what they may not see (its existence is not revealed) and **403** for what they may
see but not change.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from core import roles


def get_object_for_user[M: models.Model](
    queryset: models.QuerySet[M] | type[M],
    *,
    user,
    can_view: Callable[[object, M], bool],
    can_change: Callable[[object, M], bool] | None = None,
    write: bool = False,
    **lookup: object,
) -> M:
    obj = get_object_or_404(queryset, **lookup)
    if not can_view(user, obj):
        raise Http404("No such page.")
    if write and (can_change is None or not can_change(user, obj)):
        raise PermissionDenied("You can see this, but you cannot change it.")
    return obj


def role_required(*role_names: str, hide: bool = False):
    """Only members with one of the roles. Others get 403, or 404 with `hide=True` for
    pages whose existence is nobody else's business. Anonymous visitors sign in first."""
    unknown = set(role_names) - set(roles.ROLES)
    if unknown:
        raise ValueError(f"Unknown roles: {', '.join(sorted(unknown))}")

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not any(roles.has_role(request.user, role) for role in role_names):
                if hide:
                    raise Http404("No such page.")
                raise PermissionDenied(
                    "This page is for " + " and ".join(role_names).lower() + "s."
                )
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
