"""Permission-matrix rows for `projects/` pages. See tests/matrix.py.

The context has two projects led by `champion`, with `partner` an active team member:
a network project (every member reads it; only the team edits, only the lead manages)
and a draft (only the team sees it: 404 for everyone else, facilitators and system
leaders included). A second draft has `other_champion` invited to its team.
"""

from tests.matrix import MEMBERS, Row, visitors

TEAM = ("champion", "partner")


def team_only(team: int, others: int, lead: int | None = None) -> dict[str, int]:
    """Anonymous visitors sign in first; the team gets `team` (the lead `lead`), the rest
    of the members `others`."""
    expect = {"anonymous": 302}
    for persona in MEMBERS:
        expect[persona] = team if persona in TEAM else others
    if lead is not None:
        expect["champion"] = lead
    return expect


def draft(team: int, **overrides: int) -> dict[str, int]:
    return {**team_only(team, 404), **overrides}


def network(team: int, **overrides: int) -> dict[str, int]:
    return {**team_only(team, 403), **overrides}


def url(path: str):
    return lambda ctx: path.format(**ctx)


ROWS: dict[str, Row] = {
    "projects:list": Row("/projects/", visitors(302, 200)),
    "projects:export": Row("/projects/export.csv", visitors(302, 200)),
    "projects:similar": Row("/projects/similar/?title=falls&aim=reduce", visitors(302, 200)),
    "projects:create": Row("/projects/new/", visitors(302, 200)),
    "projects:detail": Row(url("/projects/{draft}/"), draft(200)),
    "projects:edit": Row(url("/projects/{network}/edit/"), network(200)),
    "projects:storyboard": Row(url("/projects/{draft}/storyboard/"), draft(200)),
    "projects:history": Row(url("/projects/{network}/history/"), visitors(302, 200)),
    "projects:follow": Row(url("/projects/{draft}/follow/"), draft(302), method="post"),
    "projects:team": Row(url("/projects/{network}/team/"), visitors(302, 200)),
    # Only the lead manages the team (an empty invitation is shown again with its error).
    "projects:team_invite": Row(
        url("/projects/{network}/team/invite/"), network(403, champion=200), method="post"
    ),
    # The last lead cannot leave (sent back to the team page); the partner leaves.
    "projects:team_leave": Row(url("/projects/{draft}/team/leave/"), draft(302), method="post"),
    "projects:team_member_role": Row(
        url("/projects/{network}/team/{network_partner}/role/"),
        network(403, champion=302),
        method="post",
        data={"role": "coach"},
    ),
    "projects:team_member_remove": Row(
        url("/projects/{network}/team/{network_partner}/remove/"),
        network(403, champion=302),
        method="post",
    ),
    # Only the invited member has an invitation to answer.
    "projects:invitation": Row(
        url("/projects/{invited}/invitation/"),
        draft(404, other_champion=302),
        method="post",
        data={"response": "accept"},
    ),
    "projects:diagram": Row(url("/projects/{draft}/driver-diagram/"), draft(200)),
    "projects:driver_add": Row(
        url("/projects/{network}/driver-diagram/drivers/"),
        network(302),
        method="post",
        data={"primary-text": "Reliable night-time checks"},
    ),
    "projects:driver_edit": Row(
        url("/projects/{network}/driver-diagram/drivers/{network_driver}/edit/"), network(200)
    ),
    # Its change idea has PDSA cycles: the removal is refused with a message.
    "projects:driver_delete": Row(
        url("/projects/{draft}/driver-diagram/drivers/{draft_driver}/delete/"),
        draft(302),
        method="post",
    ),
    "projects:change_idea_add": Row(
        url("/projects/{draft}/driver-diagram/drivers/{draft_driver}/change-ideas/"),
        draft(302),
        method="post",
        data={"idea-text": "Falls huddle at handover"},
    ),
    "projects:change_idea": Row(
        url("/projects/{network}/change-ideas/{network_idea}/"), visitors(302, 200)
    ),
    "projects:change_idea_edit": Row(
        url("/projects/{draft}/change-ideas/{draft_idea}/edit/"), draft(200)
    ),
    "projects:change_idea_delete": Row(
        url("/projects/{network}/change-ideas/{network_idea}/delete/"),
        network(302),
        method="post",
    ),
    "projects:pdsa_create": Row(
        url("/projects/{network}/change-ideas/{network_idea}/pdsa/new/"), network(200)
    ),
    "projects:pdsa_detail": Row(url("/projects/{draft}/pdsa/{draft_cycle}/"), draft(200)),
    "projects:pdsa_edit": Row(url("/projects/{network}/pdsa/{network_cycle}/edit/"), network(200)),
    "projects:updates": Row(url("/projects/{network}/updates/"), visitors(302, 200)),
    "projects:update_create": Row(url("/projects/{draft}/updates/new/"), draft(200)),
    "projects:update_detail": Row(
        url("/projects/{network}/updates/{network_update}/"), visitors(302, 200)
    ),
    # Measures: the team edits; everyone who can read the project reads the charts.
    "projects:bright_spots": Row("/projects/bright-spots/", visitors(302, 200)),
    "projects:measure_create": Row(url("/projects/{draft}/measures/new/"), draft(200)),
    "projects:measure_detail": Row(
        url("/projects/{network}/measures/{network_measure}/"), visitors(302, 200)
    ),
    "projects:measure_edit": Row(
        url("/projects/{network}/measures/{network_measure}/edit/"), network(200)
    ),
    "projects:measure_delete": Row(
        url("/projects/{draft}/measures/{draft_measure}/delete/"), draft(200)
    ),
    "projects:measure_data": Row(
        url("/projects/{network}/measures/{network_measure}/values/"), network(200)
    ),
    "projects:measure_point_edit": Row(
        url("/projects/{draft}/measures/{draft_measure}/values/{draft_point}/"), draft(200)
    ),
    # The team's first remove succeeds; the second finds no value (404).
    "projects:measure_point_delete": Row(
        url("/projects/{network}/measures/{network_measure}/values/{network_point}/delete/"),
        network(404, champion=302),
        method="post",
    ),
    "projects:measure_import": Row(
        url("/projects/{network}/measures/{network_measure}/import/"), network(200)
    ),
    "projects:measure_export": Row(
        url("/projects/{draft}/measures/{draft_measure}/export.csv"), draft(200)
    ),
    "projects:measure_rebase_create": Row(
        url("/projects/{draft}/measures/{draft_measure}/rebases/new/"), draft(200)
    ),
    "projects:measure_rebase_delete": Row(
        url("/projects/{network}/measures/{network_measure}/rebases/{network_rebase}/delete/"),
        network(404, champion=302),
        method="post",
    ),
}


def context(request) -> dict:
    import datetime

    from projects import services
    from projects.measures import services as measure_services
    from projects.models import DataPoint, TeamMember

    champion = request.getfixturevalue("champion")
    partner = request.getfixturevalue("partner")
    other = request.getfixturevalue("other_champion")
    context = {}
    for name, visibility in (("network", "network"), ("draft", "draft")):
        project = services.project_create(
            by=champion,
            data={
                "title": f"A {name} project about falls",
                "summary": "Fewer falls at night",
                "problem": "Falls at night hurt people.",
                "aim": "Reduce falls by 30% by March 2027",
                "visibility": visibility,
            },
        )
        member = services.team_member_invite(
            project=project, by=champion, user=partner, role=TeamMember.Role.PARTNER
        )
        services.team_invitation_accept(member=member)
        driver = services.driver_create(project=project, by=champion, text="Safe staffing")
        idea = services.change_idea_create(driver=driver, by=champion, text="Rounding")
        cycle = services.pdsa_cycle_create(
            change_idea=idea, by=champion, data={"objective": "Try rounding on one night"}
        )
        update = services.learning_update_create(
            project=project,
            by=champion,
            data={"now": "Fewer falls", "working_well": "Rounding", "do_more": "Spread it"},
        )
        measure = measure_services.measure_create(
            project=project,
            by=champion,
            data={"name": "Falls with harm", "kind": "outcome", "numerator": "Falls with harm",
                  "data_source": "Datix", "improvement": "decrease", "frequency": "weekly"},
        )  # fmt: skip
        point = DataPoint.objects.create(measure=measure, date=datetime.date(2026, 3, 2), value=4)
        rebase = measure_services.rebase_create(
            measure=measure,
            by=champion,
            data={"date": datetime.date(2026, 3, 2), "reason": "Rounding adopted"},
        )
        context.update(
            {
                name: project.pk,
                f"{name}_measure": measure.pk,
                f"{name}_point": point.pk,
                f"{name}_rebase": rebase.pk,
                f"{name}_partner": member.pk,
                f"{name}_driver": driver.pk,
                f"{name}_idea": idea.pk,
                f"{name}_cycle": cycle.pk,
                f"{name}_update": update.pk,
            }
        )
    invited = services.project_create(
        by=champion,
        data={"title": "A draft with an invitation", "summary": "s", "problem": "p", "aim": "a"},
    )
    services.team_member_invite(
        project=invited, by=champion, user=other, role=TeamMember.Role.MEMBER
    )
    context["invited"] = invited.pk
    return context
