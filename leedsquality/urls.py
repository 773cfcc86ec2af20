from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from leedsquality import views

# Staff sign in to the admin through the site's own sign-in page, so two-step verification
# and the rate limits apply there too; the admin's own password form would skip both.
admin.site.login = secure_admin_login(admin.site.login)

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
