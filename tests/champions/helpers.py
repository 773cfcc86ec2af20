"""Making members with the reference lists, by name, for the champions tests."""

from champions.models import Organisation, Profession, Profile, User
from tests.factories import UserFactory


def member(
    name: str,
    *,
    org: str | None = "LTHT",
    teaches: tuple[str, ...] = (),
    learns: tuple[str, ...] = (),
    areas: tuple[str, ...] = (),
    **profile: object,
) -> Profile:
    """A member with a completed, listed profile; `org` is an organisation's short name."""
    user: User = UserFactory(
        profile__display_name=name,
        profile__organisation=Organisation.objects.get(short_name=org) if org else None,
        profile__teaches=list(teaches),
        profile__learns=list(learns),
        profile__areas=list(areas),
        **{f"profile__{key}": value for key, value in profile.items()},
    )
    return user.profile


def partner(name: str, **kwargs: object) -> Profile:
    kwargs.setdefault("org", None)
    return member(
        name,
        kind=Profile.Kind.PARTNER,
        profession=Profession.objects.get(name="Patient or carer partner"),
        job_title="",
        **kwargs,
    )
