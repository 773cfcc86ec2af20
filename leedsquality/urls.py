from django.contrib import admin
from django.urls import include, path

from leedsquality import views

urlpatterns = [
    path("", views.landing, name="landing"),
    path("home/", views.home, name="home"),
    path("", include("leedsquality.core.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
