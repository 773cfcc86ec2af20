from django.urls import path

from events import manage_views, views

app_name = "events"

urlpatterns = [
    # Members
    path("", views.event_list, name="list"),
    path("month/<int:year>/<int:month>/", views.month, name="month"),
    path("mine/", views.mine, name="mine"),
    path("feed/reset/", views.feed_reset, name="feed_reset"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/book/", views.book, name="book"),
    path("<int:pk>/cancel-booking/", views.booking_cancel, name="booking_cancel"),
    path("<int:pk>/calendar.ics", views.event_ics, name="ics"),
    path("<int:pk>/reflection/", views.reflection, name="reflection"),
    path(
        "commitments/<int:commitment_pk>/pdsa-cycle/",
        views.commitment_pdsa,
        name="commitment_pdsa",
    ),
    # Facilitators
    path("manage/", manage_views.manage, name="manage"),
    path("new/", manage_views.create, name="create"),
    path("<int:pk>/edit/", manage_views.edit, name="edit"),
    path("<int:pk>/publish/", manage_views.publish, name="publish"),
    path("<int:pk>/cancel/", manage_views.cancel, name="cancel"),
    path("<int:pk>/duplicate/", manage_views.duplicate, name="duplicate"),
    path("<int:pk>/registrations/", manage_views.registrations, name="registrations"),
    path("<int:pk>/registrations.csv", manage_views.registrations_csv, name="registrations_csv"),
    path("<int:pk>/registrations/add/", manage_views.registration_add, name="registration_add"),
    path(
        "<int:pk>/registrations/<int:registration_pk>/remove/",
        manage_views.registration_remove,
        name="registration_remove",
    ),
    path("<int:pk>/capacity/", manage_views.capacity, name="capacity"),
    path("<int:pk>/check-in/", manage_views.check_in, name="check_in"),
    path(
        "<int:pk>/check-in/<int:registration_pk>/",
        manage_views.attendance,
        name="attendance",
    ),
    path("<int:pk>/reflections/", manage_views.reflections, name="reflections"),
    path("<int:pk>/showcase/", manage_views.showcase, name="showcase"),
    path("<int:pk>/showcase/add/", manage_views.showcase_add, name="showcase_add"),
    path("<int:pk>/showcase/remove/", manage_views.showcase_remove, name="showcase_remove"),
]
