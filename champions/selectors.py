"""Careful reads of members: visibility and query counts are decided here, not in views.

Only *listed* profiles (completed, shown to all members, of an active account) ever
appear in the directory, in suggestions or in member search. Matching is ranked in the
database, one query whatever the number of members.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import (
    Case,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from champions.models import (
    ClinicalArea,
    ConversationRequest,
    Organisation,
    Profession,
    Profile,
    Skill,
)
from core.wording import and_join

Direction = Literal["can_help", "could_help"]
CAN_HELP: Direction = "can_help"
COULD_HELP: Direction = "could_help"

_Teach = Profile.skills_to_teach.through
_Learn = Profile.skills_to_learn.through
_Areas = Profile.clinical_areas.through


def search_members(
    *, viewer, query: str, limit: int = 20, exclude_user_ids: Iterable[int] = ()
) -> QuerySet[Profile]:
    """Listed members whose name matches `query`, or whose email address is exactly
    `query`, for pickers such as inviting someone to a project team. The viewer is never
    in their own results, nor are the users in `exclude_user_ids` (left out before the
    `limit` is applied, so they never crowd out members who could be picked)."""
    query = query.strip()
    profiles = Profile.objects.listed().select_related("user", "organisation", "profession")
    if viewer is not None and viewer.is_authenticated:
        profiles = profiles.exclude(user=viewer)
    exclude_user_ids = list(exclude_user_ids)
    if exclude_user_ids:
        profiles = profiles.exclude(user_id__in=exclude_user_ids)
    if not query:
        return profiles.none()
    return profiles.filter(
        Q(display_name__icontains=query) | Q(user__email__iexact=query)
    ).order_by("display_name", "pk")[:limit]


def profile_of(user) -> Profile | None:
    """The member's profile alone (matching needs only its id and organisation)."""
    return Profile.objects.filter(user=user).first()


def profile_for_form(user) -> Profile | None:
    """The member's profile with the lists its form shows, or None before they start one."""
    return (
        Profile.objects.select_related("organisation", "profession")
        .prefetch_related("clinical_areas", "skills_to_teach", "skills_to_learn", "networks")
        .filter(user=user)
        .first()
    )


def _with_lists(profiles: QuerySet[Profile]) -> QuerySet[Profile]:
    """The reference lists a member card shows: three queries, whatever the page size."""
    return profiles.select_related("organisation", "profession").prefetch_related(
        Prefetch("skills_to_teach", queryset=Skill.objects.order_by("name")),
        Prefetch("skills_to_learn", queryset=Skill.objects.order_by("name")),
        "clinical_areas",
    )


@dataclass(frozen=True)
class DirectoryFilters:
    query: str = ""
    organisation: Organisation | None = None
    sector: str = ""
    profession: Profession | None = None
    clinical_area: ClinicalArea | None = None
    teaches: Skill | None = None
    learns: Skill | None = None
    network: str = ""


def directory_search(filters: DirectoryFilters) -> QuerySet[Profile]:
    """Listed members matching every filter, by name. Each word of the query must appear in
    the name, job title or bio. A hidden organisation is never matched by the organisation
    or sector filters, so filtering cannot reveal it."""
    profiles = Profile.objects.listed()
    for word in filters.query.split():
        profiles = profiles.filter(
            Q(display_name__icontains=word) | Q(job_title__icontains=word) | Q(bio__icontains=word)
        )
    if filters.organisation is not None:
        profiles = profiles.filter(organisation=filters.organisation, hide_organisation=False)
    if filters.sector:
        profiles = profiles.filter(organisation__sector=filters.sector, hide_organisation=False)
    if filters.profession is not None:
        profiles = profiles.filter(profession=filters.profession)
    if filters.clinical_area is not None:
        profiles = profiles.filter(clinical_areas=filters.clinical_area)
    if filters.teaches is not None:
        profiles = profiles.filter(skills_to_teach=filters.teaches)
    if filters.learns is not None:
        profiles = profiles.filter(skills_to_learn=filters.learns)
    if filters.network:
        profiles = profiles.filter(networks__network=filters.network)
    return _with_lists(profiles).order_by("display_name", "pk")


class Cardinality(Func):
    function = "cardinality"
    output_field = IntegerField()


def _boundary_bonus(viewer: Profile) -> Case | Value:
    """2 for another sector, 1 for another organisation in the same sector, else 0: the
    network's point is crossing boundaries. Unknown or hidden organisations score 0."""
    if viewer.organisation_id is None:
        return Value(0)
    my_sector = Organisation.objects.filter(pk=viewer.organisation_id).values("sector")[:1]
    return Case(
        When(Q(organisation__isnull=True) | Q(hide_organisation=True), then=Value(0)),
        When(~Q(organisation__sector=Subquery(my_sector)), then=Value(2)),
        When(~Q(organisation_id=viewer.organisation_id), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )


def matches(*, viewer: Profile, direction: Direction) -> QuerySet[Profile]:
    """Listed members who can teach what `viewer` wants to learn (`can_help`), or who want
    to learn what `viewer` can teach (`could_help`), best first.

    Ranked by the number of skills matched; then by closeness, which is the number of
    shared clinical areas plus the boundary bonus (`_boundary_bonus`); then by shared
    areas alone and by name. Each profile carries `matched_skills` and `shared_areas`
    (names, for the explanation), `skills_matched`, `areas_shared` and `closeness`.
    """
    theirs, mine = (_Teach, _Learn) if direction == CAN_HELP else (_Learn, _Teach)
    my_skills = mine.objects.filter(profile_id=viewer.pk).values("skill_id")
    my_areas = _Areas.objects.filter(profile_id=viewer.pk).values("clinicalarea_id")
    their_matching_skills = theirs.objects.filter(profile_id=OuterRef("pk"), skill_id__in=my_skills)
    skill_names = ArraySubquery(their_matching_skills.order_by("skill__name").values("skill__name"))
    area_names = ArraySubquery(
        _Areas.objects.filter(profile_id=OuterRef("pk"), clinicalarea_id__in=my_areas)
        .order_by("clinicalarea__name")
        .values("clinicalarea__name")
    )
    return (
        Profile.objects.listed()
        .exclude(pk=viewer.pk)
        .filter(Exists(their_matching_skills))
        .select_related("organisation", "profession")
        .annotate(
            matched_skills=skill_names,
            shared_areas=area_names,
            skills_matched=Cardinality(skill_names),
            areas_shared=Cardinality(area_names),
            boundary=_boundary_bonus(viewer),
        )
        .annotate(closeness=F("areas_shared") + F("boundary"))
        .order_by("-skills_matched", "-closeness", "-areas_shared", "display_name", "pk")
    )


def match_reason(profile: Profile, *, direction: Direction) -> str:
    """Why a match was suggested, e.g. "Can teach SPC charts and run charts · also
    interested in frailty · Leeds Community Healthcare NHS Trust"."""
    verb = "Can teach" if direction == CAN_HELP else "Wants to learn"
    parts = [f"{verb} {and_join(profile.matched_skills)}"]
    if profile.shared_areas:
        parts.append(f"also interested in {and_join(profile.shared_areas)}")
    organisation = profile.visible_organisation
    if organisation is not None:
        parts.append(organisation.name)
    elif profile.is_partner:
        parts.append("Patient or carer partner")
    return " · ".join(parts)


@dataclass(frozen=True)
class Match:
    profile: Profile
    reason: str


def explained(profiles, *, direction: Direction) -> list[Match]:
    return [Match(profile, match_reason(profile, direction=direction)) for profile in profiles]


def top_matches(*, viewer: Profile, direction: Direction, limit: int = 3) -> list[Match]:
    return explained(matches(viewer=viewer, direction=direction)[:limit], direction=direction)


def conversations_between(user, other_user_id: int) -> QuerySet[ConversationRequest]:
    return ConversationRequest.objects.filter(
        Q(sender=user, recipient_id=other_user_id) | Q(sender_id=other_user_id, recipient=user)
    )


def conversations_for(user) -> QuerySet[ConversationRequest]:
    """Every request the member sent or received, newest first, with both members' names."""
    return (
        ConversationRequest.objects.filter(Q(sender=user) | Q(recipient=user))
        .select_related("sender__profile", "recipient__profile", "skill")
        .order_by("-created_at", "-pk")
    )


def open_requests_received(user) -> QuerySet[ConversationRequest]:
    return (
        ConversationRequest.objects.filter(recipient=user, status=ConversationRequest.Status.OPEN)
        .select_related("sender__profile__organisation", "skill")
        .order_by("created_at", "pk")
    )
