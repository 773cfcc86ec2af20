"""Careful reads of projects: visibility, search and query counts are decided here.

`visible_projects(user)` is the one place that says which projects a member may see; the
list, search, export, home page (and later the digest and the city dashboard) start from it.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramSimilarity,
    TrigramWordSimilarity,
)
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    TextField,
    Value,
)
from django.db.models.functions import Concat, Greatest

from champions.models import ClinicalArea, Organisation, Skill
from projects.models import (
    ChangeIdea,
    Comment,
    Driver,
    Follow,
    HistoryEntry,
    PartnerInvolvement,
    PdsaCycle,
    Project,
    ProjectUpdate,
    TeamMember,
    Visibility,
)

# The text-search configuration of the queries here and of the stored vector services builds.
SEARCH_CONFIG = "english"
# ts_rank's weights for D, C, B, A: learning updates, summary and problem, aim, title.
RANK_WEIGHTS = [0.1, 0.2, 0.4, 1.0]
# A typo-only match (trigram word similarity, 0 to 1) ranks below any real word match
# in the title or aim.
TYPO_RANK_FACTOR = 0.05
# Marks around highlighted words in snippets: characters no one types, swapped for <mark>
# after the snippet text is escaped (ts_headline itself escapes nothing).
HIGHLIGHT_START, HIGHLIGHT_STOP = "\x02", "\x03"
PARTNERS_INVOLVED = "involved"
# Typo tolerance looks at this many words of a search at most.
MAX_TYPO_WORDS = 6


def visible_projects(user) -> QuerySet[Project]:
    """Network projects, and drafts of teams the user is in (invited or active)."""
    if user is None or not user.is_authenticated:
        return Project.objects.none()
    return Project.objects.filter(
        Q(visibility=Visibility.NETWORK)
        | Exists(TeamMember.objects.filter(project=OuterRef("pk"), user=user))
    )


@dataclass(frozen=True)
class ProjectFilters:
    query: str = ""
    organisation: Organisation | None = None
    sector: str = ""
    clinical_area: ClinicalArea | None = None
    stage: str = ""
    method: str = ""
    help_wanted: bool = False
    skill: Skill | None = None
    cross_boundary: bool = False
    partner_involvement: str = ""
    sort: str = ""


SORTS = {
    "relevance": "Best match",
    "recent": "Recently active",
    "newest": "Newest",
    "title": "Title (A to Z)",
}


def _words(text: str) -> tuple[list[str], list[str], list[str]]:
    """A websearch query's plain words, its quoted phrases and the words it excludes
    (`-word`), without operators."""
    words, phrases, excluded = [], [], []
    for token in re.findall(r'-?"[^"]*"|-?[^\s"]+', text):
        found = re.findall(r"\w+", token)
        if token.startswith("-"):
            excluded.extend(found)
        elif token.startswith('"'):
            if found:
                phrases.append(" ".join(found))
        elif [word.lower() for word in found] != ["or"]:
            words.extend(found)
    return words, phrases, excluded


def _apply_search(
    projects: QuerySet[Project], text: str, *, highlight: bool = True
) -> QuerySet[Project]:
    """Full-text search (websearch syntax, weighted, ranked, highlighted) or, for a typo,
    trigram word similarity on the title and aim (pg_trgm's `%>` operator, with the
    threshold the database connection sets: see settings.DATABASES)."""
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    wanted, phrases, excluded = _words(text)
    wanted = wanted[:MAX_TYPO_WORDS]
    match = Q(search_vector=query)
    typo_rank = Value(0.0)
    if wanted:
        # Every plain word is found as a word, or nearly (a typo) in the title or the aim;
        # quoted phrases are found exactly, and excluded words not at all.
        typo = Q()
        for phrase in phrases:
            typo &= Q(search_vector=SearchQuery(phrase, search_type="phrase", config=SEARCH_CONFIG))
        for word in wanted:
            typo &= (
                Q(search_vector=SearchQuery(word, search_type="plain", config=SEARCH_CONFIG))
                | Q(title__trigram_word_similar=word)
                | Q(aim__trigram_word_similar=word)
            )
        if excluded:
            typo &= ~Q(
                search_vector=SearchQuery(
                    " or ".join(excluded), search_type="websearch", config=SEARCH_CONFIG
                )
            )
        match |= typo
        phrase = " ".join(wanted)
        typo_rank = Greatest(
            TrigramWordSimilarity(phrase, "title"), TrigramWordSimilarity(phrase, "aim")
        )
    found = projects.filter(match).annotate(
        rank=SearchRank(F("search_vector"), query, weights=RANK_WEIGHTS)
        + typo_rank * TYPO_RANK_FACTOR
    )
    if not highlight:  # the CSV download shows no highlights: no headline per row
        return found
    marks = {
        "config": SEARCH_CONFIG,
        "start_sel": HIGHLIGHT_START,
        "stop_sel": HIGHLIGHT_STOP,
    }
    return found.annotate(
        title_highlighted=SearchHeadline("title", query, highlight_all=True, **marks),
        snippet=SearchHeadline(
            Concat("summary", Value(" "), "aim", output_field=TextField()),
            query,
            max_words=35,
            min_words=15,
            max_fragments=2,
            fragment_delimiter=" … ",
            **marks,
        ),
    )


def filter_projects(projects: QuerySet[Project], filters: ProjectFilters) -> QuerySet[Project]:
    """The filters combine (AND); each is one indexed condition."""
    through = Project.organisations.through.objects.filter(project=OuterRef("pk"))
    if filters.organisation is not None:
        projects = projects.filter(Exists(through.filter(organisation=filters.organisation)))
    if filters.sector:
        projects = projects.filter(Exists(through.filter(organisation__sector=filters.sector)))
    if filters.clinical_area is not None:
        projects = projects.filter(
            Exists(
                Project.clinical_areas.through.objects.filter(
                    project=OuterRef("pk"), clinicalarea=filters.clinical_area
                )
            )
        )
    if filters.stage:
        projects = projects.filter(stage=filters.stage)
    if filters.method:
        projects = projects.filter(method=filters.method)
    skills = Project.help_wanted_skills.through.objects.filter(project=OuterRef("pk"))
    if filters.help_wanted:
        projects = projects.filter(~Q(help_wanted_text="") | Exists(skills))
    if filters.skill is not None:
        projects = projects.filter(Exists(skills.filter(skill=filters.skill)))
    if filters.cross_boundary:
        projects = projects.filter(is_cross_boundary=True)
    if filters.partner_involvement == PARTNERS_INVOLVED:
        projects = projects.exclude(partner_involvement=PartnerInvolvement.NONE)
    elif filters.partner_involvement:
        projects = projects.filter(partner_involvement=filters.partner_involvement)
    return projects


def _ordered(projects: QuerySet[Project], filters: ProjectFilters) -> QuerySet[Project]:
    sort = filters.sort or ("relevance" if filters.query else "recent")
    if sort == "relevance" and filters.query:
        return projects.order_by("-rank", "-updated_at", "-pk")
    if sort == "newest":
        return projects.order_by("-created_at", "-pk")
    if sort == "title":
        return projects.order_by("title", "pk")
    return projects.order_by("-updated_at", "-pk")


def search_projects(*, user, filters: ProjectFilters, highlight: bool = True) -> QuerySet[Project]:
    """The projects the user may see that match the search and filters, sorted, with what
    a list row shows prefetched: one query for the rows, one each for organisations,
    clinical areas and leads, whatever the page size."""
    projects = filter_projects(visible_projects(user), filters)
    if filters.query:
        projects = _apply_search(projects, filters.query, highlight=highlight)
    return _ordered(projects, filters).prefetch_related(
        Prefetch("organisations", queryset=Organisation.objects.order_by("name")),
        Prefetch("clinical_areas", queryset=ClinicalArea.objects.order_by("name")),
        Prefetch(
            "team",
            queryset=TeamMember.objects.filter(
                role=TeamMember.Role.LEAD, status=TeamMember.Status.ACTIVE
            ).select_related("user__profile"),
            to_attr="leads",
        ),
    )


def export_projects(*, user, filters: ProjectFilters) -> QuerySet[Project]:
    """As `search_projects`, plus the skills wanted, for the CSV download."""
    return search_projects(user=user, filters=filters, highlight=False).prefetch_related(
        Prefetch("help_wanted_skills", queryset=Skill.objects.order_by("name"))
    )


def similar_projects(*, user, title: str, aim: str, limit: int = 5) -> list[Project]:
    """Projects the user may see that look like the one being started: any of its words
    in their search text, ranked, with titles alike by trigram similarity."""
    words = {word.lower() for word in re.findall(r"[^\W\d_]{3,}", f"{title} {aim}")}
    if not words:
        return []
    query = SearchQuery(" | ".join(sorted(words)), search_type="raw", config=SEARCH_CONFIG)
    title_likeness = TrigramSimilarity("title", title)
    return list(
        visible_projects(user)
        .filter(Q(search_vector=query) | Q(title__trigram_similar=title))
        .annotate(
            similarity=SearchRank(F("search_vector"), query, weights=RANK_WEIGHTS) + title_likeness
        )
        .filter(similarity__gte=0.1)
        .order_by("-similarity", "-updated_at")
        .prefetch_related(
            Prefetch("organisations", queryset=Organisation.objects.order_by("name"))
        )[:limit]
    )


# One project's page


def project_for_page(user) -> QuerySet[Project]:
    """What a project page needs beside the project: its team with names, organisations,
    clinical areas and the skills it wants (one query each)."""
    return visible_projects(user).prefetch_related(
        Prefetch(
            "team",
            queryset=TeamMember.objects.select_related("user__profile__organisation").order_by(
                "status", "created_at", "pk"
            ),
        ),
        Prefetch("organisations", queryset=Organisation.objects.order_by("name")),
        Prefetch("clinical_areas", queryset=ClinicalArea.objects.order_by("name")),
        Prefetch("help_wanted_skills", queryset=Skill.objects.order_by("name")),
    )


@dataclass
class DiagramNode:
    driver: Driver
    children: list["DiagramNode"]
    ideas: list[ChangeIdea]


def driver_diagram(project: Project, *, with_cycles: bool = True) -> list[DiagramNode]:
    """The tree aim → primary → secondary → change ideas (each idea with its PDSA ramp in
    order when `with_cycles`): two or three queries, whatever its size."""
    drivers = list(Driver.objects.filter(project=project).order_by("created_at", "pk"))
    ideas = list(ChangeIdea.objects.filter(project=project).order_by("created_at", "pk"))
    cycles_by_idea: dict[int, list[PdsaCycle]] = {idea.pk: [] for idea in ideas}
    if with_cycles:
        for cycle in PdsaCycle.objects.filter(project=project).order_by("change_idea", "number"):
            cycles_by_idea.setdefault(cycle.change_idea_id, []).append(cycle)
    ideas_by_driver: dict[int, list[ChangeIdea]] = {}
    for idea in ideas:
        idea.ramp = cycles_by_idea.get(idea.pk, [])
        ideas_by_driver.setdefault(idea.driver_id, []).append(idea)
    nodes = {d.pk: DiagramNode(d, [], ideas_by_driver.get(d.pk, [])) for d in drivers}
    roots = []
    for driver in drivers:
        if driver.parent_id is None:
            roots.append(nodes[driver.pk])
        elif driver.parent_id in nodes:
            nodes[driver.parent_id].children.append(nodes[driver.pk])
    return roots


def change_ideas_with_ramps(diagram: list[DiagramNode]) -> list[ChangeIdea]:
    """Every change idea of a diagram, in the diagram's order."""
    ideas = []
    for primary in diagram:
        ideas.extend(primary.ideas)
        for secondary in primary.children:
            ideas.extend(secondary.ideas)
    return ideas


def latest_updates(project: Project, *, limit: int = 3) -> list[ProjectUpdate]:
    return list(
        ProjectUpdate.objects.filter(project=project)
        .select_related("author__profile")
        .annotate(comment_count=Count("comments"))
        .order_by("-created_at", "-pk")[:limit]
    )


def update_comments(update: ProjectUpdate) -> list[Comment]:
    return list(
        Comment.objects.filter(update=update)
        .select_related("author__profile")
        .order_by("created_at", "pk")
    )


def is_following(user, project: Project) -> bool:
    return Follow.objects.filter(user=user, project=project).exists()


def project_history(project: Project) -> QuerySet[HistoryEntry]:
    return (
        HistoryEntry.objects.filter(project=project)
        .select_related("actor__profile")
        .order_by("-created_at", "-pk")
    )


def editable_change_ideas(user) -> QuerySet[ChangeIdea]:
    """Change ideas of the projects the user may edit (as an active team member, the rule
    of `permissions.can_edit_project`), with their projects, by project title."""
    return (
        ChangeIdea.objects.filter(
            project__team__user=user, project__team__status=TeamMember.Status.ACTIVE
        )
        .select_related("project")
        .order_by("project__title", "project_id", "created_at", "pk")
    )


def memberships_for_home(user) -> list[TeamMember]:
    """The user's teams and invitations, newest activity first (one query)."""
    return list(
        TeamMember.objects.filter(user=user)
        .select_related("project", "invited_by__profile")
        .order_by("-project__updated_at", "-pk")[:50]
    )
