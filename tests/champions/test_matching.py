"""Teach/learn matching: who is suggested, in what order, and why."""

import pytest
from django.contrib.auth.models import AnonymousUser

from champions import selectors
from champions.models import Profile, Skill
from tests.champions.helpers import member, partner
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def names(viewer: Profile, direction=selectors.CAN_HELP) -> list[str]:
    return [p.display_name for p in selectors.matches(viewer=viewer, direction=direction)]


@pytest.fixture
def me():
    return member(
        "Asha Patel",
        org="LTHT",
        learns=("SPC charts", "Run charts", "PDSA cycles"),
        teaches=("Process mapping",),
        areas=("Frailty", "Falls", "Dementia"),
    )


def test_more_skills_matched_ranks_first_whatever_else_is_shared(me):
    member(
        "One skill, everything else",
        org="LCH",
        teaches=("SPC charts",),
        areas=("Frailty", "Falls", "Dementia"),
    )
    member("Two skills", org="LTHT", teaches=("SPC charts", "Run charts"))
    member("Three skills", org="LTHT", teaches=("SPC charts", "Run charts", "PDSA cycles"))
    assert names(me) == ["Three skills", "Two skills", "One skill, everything else"]


def test_then_shared_clinical_areas_plus_a_bonus_for_crossing_a_boundary(me):
    # Closeness = shared clinical areas + 2 for another sector, or + 1 for another
    # organisation in the same sector.
    # 2 + 0, then 1 + 2:
    member("Same trust, two areas", org="LTHT", teaches=("SPC charts",), areas=("Frailty", "Falls"))
    member("Community, one area", org="LCH", teaches=("SPC charts",), areas=("Frailty",))
    member("Same trust, nothing shared", org="LTHT", teaches=("SPC charts",))  # 0 + 0
    member("Mental health, nothing shared", org="LYPFT", teaches=("SPC charts",))  # 0 + 2
    assert names(me) == [
        "Community, one area",
        "Same trust, two areas",
        "Mental health, nothing shared",
        "Same trust, nothing shared",
    ]


def test_another_organisation_in_the_same_sector_earns_a_smaller_bonus():
    viewer = member("GP", org="GP Confederation", learns=("Run charts",))
    member("Same practice group", org="GP Confederation", teaches=("Run charts",))
    member("Neighbouring network", org="Seacroft PCN", teaches=("Run charts",))
    member("Hospice", org="St Gemma's", teaches=("Run charts",))
    ranked = list(selectors.matches(viewer=viewer, direction=selectors.CAN_HELP))
    assert [(p.display_name, p.boundary) for p in ranked] == [
        ("Hospice", 2),
        ("Neighbouring network", 1),
        ("Same practice group", 0),
    ]


def test_equal_closeness_prefers_more_shared_areas_then_the_name(me):
    member("Zoe, two areas", org="LTHT", teaches=("SPC charts",), areas=("Frailty", "Falls"))
    # Closeness: Bea 1 + 2 = 3; Amy, Zoe and Cal 2, of which Cal shares no area.
    member(
        "Bea, one area elsewhere",
        org="GP Confederation",
        teaches=("SPC charts",),
        areas=("Dementia",),
    )
    member("Amy, two areas", org="LTHT", teaches=("SPC charts",), areas=("Falls", "Dementia"))
    member("Cal, another sector", org="Leeds Mind", teaches=("SPC charts",))
    assert names(me) == [
        "Bea, one area elsewhere",
        "Amy, two areas",
        "Zoe, two areas",
        "Cal, another sector",
    ]


def test_each_match_says_why(me):
    member(
        "Jo Firth",
        org="LCH",
        teaches=("SPC charts", "Run charts", "Coaching"),
        areas=("Frailty", "Stroke"),
    )
    (match,) = selectors.top_matches(viewer=me, direction=selectors.CAN_HELP)
    assert match.reason == (
        "Can teach run charts and SPC charts · also interested in frailty · "
        "Leeds Community Healthcare NHS Trust"
    )


def test_the_reason_lists_three_skills_with_commas_and_keeps_proper_names(me):
    me.skills_to_learn.add(Skill.objects.get(name="Model for Improvement"))
    member("Ben Okafor", org="LTHT", teaches=("SPC charts", "PDSA cycles", "Model for Improvement"))
    (match,) = selectors.top_matches(viewer=me, direction=selectors.CAN_HELP)
    assert match.reason == (
        "Can teach Model for Improvement, PDSA cycles and SPC charts · "
        "Leeds Teaching Hospitals NHS Trust"
    )


def test_the_reverse_suggests_people_i_could_help(me):
    member("Wants process maps", org="LCH", learns=("Process mapping",), areas=("Falls",))
    member("Wants SPC too", org="LCH", learns=("SPC charts",))
    (match,) = selectors.top_matches(viewer=me, direction=selectors.COULD_HELP)
    assert match.profile.display_name == "Wants process maps"
    assert match.reason == (
        "Wants to learn process mapping · also interested in falls · "
        "Leeds Community Healthcare NHS Trust"
    )


def test_i_am_never_suggested_to_myself():
    viewer = member("Self taught", teaches=("SPC charts",), learns=("SPC charts",))
    assert names(viewer) == []
    assert names(viewer, selectors.COULD_HELP) == []


@pytest.mark.parametrize(
    "hidden",
    [
        {"visibility": Profile.Visibility.HIDDEN},
        {"completed_at": None},
    ],
)
def test_hidden_and_incomplete_profiles_are_never_suggested(me, hidden):
    member("Visible", teaches=("SPC charts",))
    member("Not listed", teaches=("SPC charts",), **hidden)
    assert names(me) == ["Visible"]


def test_members_whose_account_is_closed_are_never_suggested(me):
    closed = member("Closed", teaches=("SPC charts",))
    closed.user.is_active = False
    closed.user.save()
    assert names(me) == []


def test_a_hidden_organisation_earns_no_bonus_and_is_never_shown(me):
    partner("Margaret Holroyd", org="Carers Leeds", hide_organisation=True, teaches=("SPC charts",))
    partner("Open Partner", org="Carers Leeds", teaches=("SPC charts",))
    hidden, shown = selectors.top_matches(viewer=me, direction=selectors.CAN_HELP)[::-1]
    assert (shown.profile.display_name, shown.profile.boundary) == ("Open Partner", 2)
    assert (hidden.profile.display_name, hidden.profile.boundary) == ("Margaret Holroyd", 0)
    assert hidden.reason == "Can teach SPC charts · Patient or carer partner"
    assert "Carers Leeds" in shown.reason


def test_a_viewer_without_an_organisation_gives_no_bonus():
    viewer = partner("No organisation", learns=("Run charts",))
    member("Acute", org="LTHT", teaches=("Run charts",))
    member("Community", org="LCH", teaches=("Run charts",))
    assert names(viewer) == ["Acute", "Community"]


def test_ranking_runs_one_query_whatever_the_number_of_members(me):
    def rank():
        return selectors.top_matches(viewer=me, direction=selectors.CAN_HELP, limit=50)

    for index in range(5):
        member(f"Teacher {index}", org="LCH", teaches=("SPC charts",), areas=("Falls",))
    few = count_queries(rank)
    for index in range(40):
        member(f"More {index}", org="LYPFT", teaches=("Run charts", "SPC charts"))
    assert count_queries(rank) == few == 1
    assert len(rank()) == 45


def test_member_search_finds_listed_members_by_name_or_exact_email(me):
    other = member("Tom Firth")
    member("Hidden Tom", visibility=Profile.Visibility.HIDDEN)
    found = selectors.search_members(viewer=me.user, query="tom")
    assert [p.display_name for p in found] == ["Tom Firth"]
    assert list(selectors.search_members(viewer=me.user, query=other.user.email.upper())) == [other]
    assert list(selectors.search_members(viewer=me.user, query="Asha")) == [], "never oneself"
    assert list(selectors.search_members(viewer=AnonymousUser(), query=" ")) == []


def test_member_search_leaves_out_the_excluded_before_cutting_to_the_limit(me):
    members = [member(f"Tom {index:02}") for index in range(3)]
    found = selectors.search_members(
        viewer=me.user, query="tom", limit=1, exclude_user_ids=[members[0].user_id]
    )
    assert list(found) == [members[1]]
