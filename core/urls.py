from django.urls import path

from core import views

app_name = "core"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("dev/mailbox/", views.mailbox, name="mailbox"),
    path("dev/mailbox/send-test/", views.mailbox_send_test, name="mailbox_send_test"),
    path("dev/mailbox/clear/", views.mailbox_clear, name="mailbox_clear"),
    path("dev/mailbox/<str:message_id>/", views.mailbox_message, name="mailbox_message"),
    path(
        "dev/mailbox/<str:message_id>/html/",
        views.mailbox_message_html,
        name="mailbox_message_html",
    ),
]
