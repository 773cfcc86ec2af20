"""Careful reads of members: visibility and query counts are decided here, not in views."""

from django.db.models import Q, QuerySet

from champions.models import Profile


def search_members(*, viewer, query: str, limit: int = 20) -> QuerySet[Profile]:
    """Active members whose name or email matches `query`, for pickers such as inviting
    someone to a project team. The viewer is never in their own results."""
    query = query.strip()
    profiles = Profile.objects.filter(user__is_active=True).select_related(
        "user", "organisation", "profession"
    )
    if viewer is not None and viewer.is_authenticated:
        profiles = profiles.exclude(user=viewer)
    if not query:
        return profiles.none()
    return profiles.filter(
        Q(display_name__icontains=query) | Q(user__email__iexact=query)
    ).order_by("display_name")[:limit]
