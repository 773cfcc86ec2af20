"""Search and browse: relevance, typos, filters, drafts, the CSV download and query counts."""

import csv
import io

import pytest

from champions.models import ClinicalArea, Organisation, Skill
from projects import selectors, services
from projects.models import ProjectUpdate
from tests.factories import ProjectFactory, UserFactory
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def titles(client, query: str = "", **params) -> list[str]:
    response = client.get("/projects/", {"q": query, **params})
    assert response.status_code == 200
    return [project.title for project in response.context["page"].object_list]


def org(short_name: str) -> Organisation:
    return Organisation.objects.get(short_name=short_name)


def test_a_title_match_ranks_above_an_aim_above_a_summary_above_an_update(client, champion):
    in_update = ProjectFactory(title="Ward huddles", aim="Fewer delays by 2027")
    services.learning_update_create(
        project=in_update,
        by=in_update.created_by,
        data={"now": "We learned about hydration", "working_well": "x", "do_more": "y"},
    )
    ProjectFactory(title="Care home visits", summary="Hydration rounds in care homes")
    ProjectFactory(title="Drinks for residents", aim="Improve hydration by 50% by 2027")
    ProjectFactory(title="Hydration in care homes", aim="Fewer infections by 2027")
    ProjectFactory(title="Unrelated", aim="Faster discharge by 2027")
    client.force_login(champion)
    assert titles(client, "hydration") == [
        "Hydration in care homes",
        "Drinks for residents",
        "Care home visits",
        "Ward huddles",
    ]


def test_a_misspelt_word_from_the_aim_still_finds_the_project(client, champion):
    ProjectFactory(title="Skin care at home", aim="Reduce pressure ulcers acquired at home by 30%")
    ProjectFactory(title="Falls", aim="Better falls prevention on ward 7 by 2027")
    ProjectFactory(title="Unrelated", aim="Faster discharge by 2027")
    client.force_login(champion)
    assert titles(client, "ulsers") == ["Skin care at home"]
    assert titles(client, "prevension") == ["Falls"]
    assert titles(client, "xylophone") == []


def test_exact_matches_rank_above_typo_matches(client, champion):
    ProjectFactory(title="Preventing falls", aim="Fewer falls by 2027")
    ProjectFactory(title="Fall prevension", aim="Safer wards by 2027")
    client.force_login(champion)
    assert titles(client, "prevention") == ["Preventing falls", "Fall prevension"]


def test_a_typo_in_one_word_keeps_the_rest_of_the_search_exact(client, champion):
    ProjectFactory(title="Hospital discharge before noon", aim="Earlier discharge by 2027")
    ProjectFactory(title="Discharge from the hospice", aim="Home for end of life by 2027")
    client.force_login(champion)
    assert titles(client, '"hospital discharge" befor') == ["Hospital discharge before noon"]
    assert titles(client, "dischage -noon") == ["Discharge from the hospice"]


def test_websearch_syntax_phrases_or_and_exclusions(client, champion):
    ProjectFactory(title="Hospital discharge before noon", aim="Earlier discharge by 2027")
    ProjectFactory(title="Discharge from the hospice", aim="Home for end of life by 2027")
    ProjectFactory(title="Sepsis screening", aim="Antibiotics within an hour by 2027")
    client.force_login(champion)
    assert titles(client, '"hospital discharge"') == ["Hospital discharge before noon"]
    assert set(titles(client, "hospice or sepsis")) == {
        "Discharge from the hospice",
        "Sepsis screening",
    }
    assert titles(client, "discharge -hospice") == ["Hospital discharge before noon"]


def test_results_show_highlighted_snippets_with_the_text_escaped(client, champion):
    ProjectFactory(
        title="Falls <script>alert(1)</script>",
        summary="Night <b>rounding</b> to prevent falls",
        aim="Reduce falls by 30% by 2027",
    )
    client.force_login(champion)
    html = client.get("/projects/", {"q": "falls"}).content.decode()
    assert "<mark>Falls</mark> &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "rounding  to prevent <mark>falls</mark>" in html  # the snippet drops the tags
    assert "<b>" not in html
    assert "Reduce <mark>falls</mark>" in html
    assert "<script>alert" not in html


def test_filters_combine(client, champion):
    falls = ClinicalArea.objects.get(name="Falls")
    spc = Skill.objects.get(name="SPC charts")
    both = ProjectFactory(
        title="Both", stage="testing", method="qsir",
        organisations=[org("LTHT"), org("Carers Leeds")],
        partner_involvement="co_designing", help_wanted_text="Help with SPC",
    )  # fmt: skip
    both.clinical_areas.set([falls])
    both.help_wanted_skills.set([spc])
    one_sector = ProjectFactory(title="One sector", stage="testing", organisations=[org("LTHT")])
    one_sector.clinical_areas.set([falls])
    ProjectFactory(title="Planning", stage="planning", organisations=[org("LTHT"), org("LCH")])
    client.force_login(champion)
    assert set(titles(client, stage="testing", clinical_area="falls")) == {"One sector", "Both"}
    assert titles(client, stage="testing", cross_boundary="on") == ["Both"]
    assert titles(client, organisation=org("LCH").slug) == ["Planning"]
    assert titles(client, sector="third_sector", stage="testing") == ["Both"]
    assert titles(client, method="qsir") == ["Both"]
    assert titles(client, help_wanted="on") == ["Both"]
    assert titles(client, skill="spc-charts") == ["Both"]
    assert titles(client, partner_involvement="involved") == ["Both"]
    assert titles(client, partner_involvement="co_leading") == []
    assert titles(client, stage="planning", cross_boundary="on") == ["Planning"]


def test_an_unknown_filter_value_is_reported_and_left_out(client, champion):
    ProjectFactory(title="Kept")
    client.force_login(champion)
    response = client.get("/projects/", {"stage": "nonsense", "organisation": "nowhere"})
    html = response.content.decode()
    assert "There is a problem" in html
    assert "<title>Error: Projects" in html
    assert [p.title for p in response.context["page"].object_list] == ["Kept"]


def test_sorting(client, champion):
    ProjectFactory(title="Beta")
    ProjectFactory(title="Alpha")
    client.force_login(champion)
    assert titles(client, sort="title") == ["Alpha", "Beta"]
    assert titles(client, sort="newest") == ["Alpha", "Beta"]


def test_drafts_are_invisible_to_outsiders_in_the_list_search_and_export(
    client, champion, other_champion, system_leader
):
    ProjectFactory(title="Secret falls draft", visibility="draft", lead=other_champion)
    ProjectFactory(title="Open falls project")
    for user in (champion, system_leader):
        client.force_login(user)
        assert titles(client, "falls") == ["Open falls project"]
        assert titles(client, "fals") == ["Open falls project"]
        assert "Secret" not in client.get("/projects/export.csv").content.decode()
    client.force_login(other_champion)
    assert set(titles(client, "falls")) == {"Secret falls draft", "Open falls project"}


def test_the_csv_download_has_the_filtered_list_with_formula_cells_escaped(client, champion):
    ProjectFactory(
        title="=HYPERLINK(\"http://evil.example\")", summary="+1 then -1", aim="@SUM(A1)",
        help_wanted_text="\tTabbed", organisations=[org("LTHT"), org("Carers Leeds")],
    )  # fmt: skip
    ProjectFactory(title="Not in this filter", stage="completed")
    client.force_login(champion)
    response = client.get("/projects/export.csv", {"stage": "idea"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    assert rows[0][:3] == ["Title", "Summary", "Aim"]
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Title"] == '\'=HYPERLINK("http://evil.example")'
    assert row["Summary"] == "'+1 then -1"
    assert row["Aim"] == "'@SUM(A1)"
    assert row["Help wanted"] == "'\tTabbed"
    assert row["Cross-boundary"] == "Yes"
    assert row["Organisations"] == "Carers Leeds; Leeds Teaching Hospitals NHS Trust"
    assert row["Link"].startswith("http://testserver/projects/")


def test_the_list_links_to_the_download_with_the_same_filters(client, champion):
    client.force_login(champion)
    html = client.get("/projects/", {"q": "falls", "stage": "testing", "page": "2"}).content
    assert b'href="/projects/export.csv?q=falls&amp;stage=testing"' in html


def make_projects(count: int) -> None:
    organisations = [org("LTHT"), org("Carers Leeds"), org("LCH")]
    area = ClinicalArea.objects.get(name="Falls")
    for number in range(count):
        project = ProjectFactory(
            title=f"Falls project {number}", aim="Reduce falls with harm by 2027",
            organisations=organisations[: 1 + number % 3],
        )  # fmt: skip
        project.clinical_areas.set([area])
        for _ in range(2):
            services.team_member_invite(
                project=project, by=project.created_by, user=UserFactory(), role="lead"
            )
        services.team_invitation_accept(member=project.team.filter(status="invited").first())
        ProjectUpdate.objects.create(project=project, now="n", working_well="w", do_more="d")


@pytest.mark.parametrize(
    "params",
    [{}, {"q": "falls"}, {"q": "fals", "stage": "idea", "cross_boundary": "on"}],
    ids=["browse", "search", "typo-and-filters"],
)
def test_the_list_runs_the_same_queries_whatever_the_data_size(client, champion, params):
    client.force_login(champion)
    client.get("/projects/")  # the session is loaded; its queries are not the page's
    make_projects(3)
    small = count_queries(lambda: client.get("/projects/", params))
    make_projects(25)
    large = count_queries(lambda: client.get("/projects/", params))
    # session, user, the count, roles (for the header), the filter form's organisations,
    # clinical areas and skills, the page of rows, then one each for the rows'
    # organisations, clinical areas and leads (with their profiles)
    assert small == large == 11


def test_the_download_runs_the_same_queries_whatever_the_data_size(client, champion):
    client.force_login(champion)
    client.get("/projects/")
    make_projects(3)
    small = count_queries(lambda: client.get("/projects/export.csv", {"q": "falls"}))
    make_projects(25)
    large = count_queries(lambda: client.get("/projects/export.csv", {"q": "falls"}))
    # session, user, the rows, their organisations, clinical areas, leads and skills
    assert small == large == 7


def test_the_selector_is_the_one_visibility_rule(champion, other_champion):
    draft = ProjectFactory(visibility="draft", lead=other_champion)
    network = ProjectFactory()
    assert set(selectors.visible_projects(champion)) == {network}
    assert set(selectors.visible_projects(other_champion)) == {draft, network}


def test_the_csv_download_asks_the_database_for_no_highlights(champion):
    ProjectFactory(title="Falls at night", aim="Reduce falls")
    filters = selectors.ProjectFilters(query="falls")
    listed = str(selectors.search_projects(user=champion, filters=filters).query)
    exported = str(selectors.export_projects(user=champion, filters=filters).query)
    assert "ts_headline" in listed
    assert "ts_headline" not in exported
    assert [p.title for p in selectors.export_projects(user=champion, filters=filters)] == [
        "Falls at night"
    ]
