from django.urls import path

from projects.measures import views as measures
from projects.views import browse, diagram, pdsa, project, team, updates

app_name = "projects"

urlpatterns = [
    path("", browse.project_list, name="list"),
    path("export.csv", browse.project_export, name="export"),
    path("similar/", browse.similar, name="similar"),
    path("new/", project.project_create, name="create"),
    path("bright-spots/", measures.bright_spots, name="bright_spots"),
    path("<int:pk>/", project.project_detail, name="detail"),
    path("<int:pk>/edit/", project.project_edit, name="edit"),
    path("<int:pk>/storyboard/", project.project_storyboard, name="storyboard"),
    path("<int:pk>/history/", project.project_history, name="history"),
    path("<int:pk>/follow/", project.project_follow, name="follow"),
    path("<int:pk>/team/", team.team, name="team"),
    path("<int:pk>/team/invite/", team.team_invite, name="team_invite"),
    path("<int:pk>/team/leave/", team.team_leave, name="team_leave"),
    path("<int:pk>/team/<int:member_pk>/role/", team.team_member_role, name="team_member_role"),
    path(
        "<int:pk>/team/<int:member_pk>/remove/", team.team_member_remove, name="team_member_remove"
    ),
    path("<int:pk>/invitation/", team.invitation_respond, name="invitation"),
    path("<int:pk>/driver-diagram/", diagram.diagram, name="diagram"),
    path("<int:pk>/driver-diagram/drivers/", diagram.driver_add, name="driver_add"),
    path(
        "<int:pk>/driver-diagram/drivers/<int:driver_pk>/edit/",
        diagram.driver_edit,
        name="driver_edit",
    ),
    path(
        "<int:pk>/driver-diagram/drivers/<int:driver_pk>/delete/",
        diagram.driver_delete,
        name="driver_delete",
    ),
    path(
        "<int:pk>/driver-diagram/drivers/<int:driver_pk>/change-ideas/",
        diagram.change_idea_add,
        name="change_idea_add",
    ),
    path("<int:pk>/change-ideas/<int:idea_pk>/", diagram.change_idea, name="change_idea"),
    path(
        "<int:pk>/change-ideas/<int:idea_pk>/edit/",
        diagram.change_idea_edit,
        name="change_idea_edit",
    ),
    path(
        "<int:pk>/change-ideas/<int:idea_pk>/delete/",
        diagram.change_idea_delete,
        name="change_idea_delete",
    ),
    path("<int:pk>/change-ideas/<int:idea_pk>/pdsa/new/", pdsa.pdsa_create, name="pdsa_create"),
    path("<int:pk>/pdsa/<int:cycle_pk>/", pdsa.pdsa_detail, name="pdsa_detail"),
    path("<int:pk>/pdsa/<int:cycle_pk>/edit/", pdsa.pdsa_edit, name="pdsa_edit"),
    path("<int:pk>/updates/", updates.update_list, name="updates"),
    path("<int:pk>/updates/new/", updates.update_create, name="update_create"),
    path("<int:pk>/updates/<int:update_pk>/", updates.update_detail, name="update_detail"),
    path("<int:pk>/measures/new/", measures.measure_create, name="measure_create"),
    path("<int:pk>/measures/<int:measure_pk>/", measures.measure_detail, name="measure_detail"),
    path("<int:pk>/measures/<int:measure_pk>/edit/", measures.measure_edit, name="measure_edit"),
    path(
        "<int:pk>/measures/<int:measure_pk>/delete/",
        measures.measure_delete,
        name="measure_delete",
    ),
    path("<int:pk>/measures/<int:measure_pk>/values/", measures.measure_data, name="measure_data"),
    path(
        "<int:pk>/measures/<int:measure_pk>/values/<int:point_pk>/",
        measures.measure_point_edit,
        name="measure_point_edit",
    ),
    path(
        "<int:pk>/measures/<int:measure_pk>/values/<int:point_pk>/delete/",
        measures.measure_point_delete,
        name="measure_point_delete",
    ),
    path(
        "<int:pk>/measures/<int:measure_pk>/import/",
        measures.measure_import,
        name="measure_import",
    ),
    path(
        "<int:pk>/measures/<int:measure_pk>/export.csv",
        measures.measure_export,
        name="measure_export",
    ),
    path(
        "<int:pk>/measures/<int:measure_pk>/rebases/new/",
        measures.measure_rebase_create,
        name="measure_rebase_create",
    ),
    path(
        "<int:pk>/measures/<int:measure_pk>/rebases/<int:rebase_pk>/delete/",
        measures.measure_rebase_delete,
        name="measure_rebase_delete",
    ),
]
