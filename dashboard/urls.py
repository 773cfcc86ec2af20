from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.index, name="index"),
    path("tables/<slug:table>.csv", views.export, name="export"),
    path("projects/", views.project_list, name="projects"),
    path("members/", views.member_list, name="members"),
    path("events/", views.event_list, name="events"),
]
