"""The network's roles. Each is a Django Group, created by a migration and assigned by
admins in the Django admin (Champion is given automatically once an email is verified)."""

from django.contrib.auth.models import AnonymousUser, Group

CHAMPION = "Champion"
FACILITATOR = "Facilitator"
SYSTEM_LEADER = "System leader"
ROLES = (CHAMPION, FACILITATOR, SYSTEM_LEADER)


def role_names(user) -> frozenset[str]:
    """The user's role names, loaded once per user object (one query)."""
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._role_names = cached
    return cached


def has_role(user, role: str) -> bool:
    return role in role_names(user)


def is_champion(user) -> bool:
    return has_role(user, CHAMPION)


def is_facilitator(user) -> bool:
    return has_role(user, FACILITATOR)


def is_system_leader(user) -> bool:
    return has_role(user, SYSTEM_LEADER)


def grant_role(user, role: str) -> None:
    if role not in ROLES:
        raise ValueError(f"Unknown role {role!r}; the roles are {', '.join(ROLES)}.")
    user.groups.add(Group.objects.get(name=role))
    user.__dict__.pop("_role_names", None)
