from django.contrib import admin
from django.urls import include, path

from leedsquality import views

urlpatterns = [
    path("", views.landing, name="landing"),
    path("home/", views.home, name="home"),
    path("", include("core.urls")),
    path("people/", include("champions.urls")),
    path("projects/", include("projects.urls")),
    path("events/", include("events.urls")),
    path("digests/", include("digests.urls")),
    path("city/", include("dashboard.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
