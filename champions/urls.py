from django.urls import path

from champions import views

app_name = "champions"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("me/", views.my_profile, name="my_profile"),
    path("me/edit/", views.profile_edit, name="profile_edit"),
    path("me/data/", views.data_download, name="data_download"),
    path("me/delete/", views.account_delete, name="account_delete"),
    path("who-can-help-me/", views.matches, name="matches"),
    path("who-i-could-help/", views.could_help, name="could_help"),
    path("conversations/", views.conversations, name="conversations"),
    path("conversations/<int:pk>/answer/", views.conversation_answer, name="conversation_answer"),
    path("<int:pk>/", views.profile, name="profile"),
    path("<int:pk>/ask/", views.conversation_request, name="conversation_request"),
]
