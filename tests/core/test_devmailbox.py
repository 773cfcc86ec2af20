import pytest
from django.core.mail import EmailMultiAlternatives

from core import devmailbox
from core.models import OutgoingEmail

pytestmark = pytest.mark.django_db


@pytest.fixture
def mailbox(settings, tmp_path):
    settings.DEV_MAILBOX_DIR = tmp_path / "mailbox"
    settings.MAILERS = {"default": {"BACKEND": "core.devmailbox.DevMailboxBackend"}}
    return settings.DEV_MAILBOX_DIR


def send(subject="Verify your email address", html="<p>Hello <b>Asha</b></p>"):
    message = EmailMultiAlternatives(
        subject, "Hello Asha,\nplease verify.", "noreply@example.org", ["asha@example.org"]
    )
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


def test_sent_mail_lands_in_the_mailbox_folder_and_nowhere_else(mailbox):
    send()
    (message,) = devmailbox.list_messages()
    assert message.subject == "Verify your email address"
    assert message.to == "asha@example.org"
    assert message.text.strip() == "Hello Asha,\nplease verify."
    assert message.html == "<p>Hello <b>Asha</b></p>\n"
    assert len(list(mailbox.glob("*.eml"))) == 1


def test_the_mailbox_lists_messages_newest_first(client, mailbox):
    send("First")
    send("Second")
    html = client.get("/dev/mailbox/").content.decode()
    assert "2 messages, newest first" in html
    assert html.index("Second") < html.index("First")


def test_an_empty_mailbox_says_what_will_appear(client, mailbox):
    html = client.get("/dev/mailbox/").content.decode()
    assert "The mailbox is empty" in html


def test_a_message_shows_its_text_and_links_its_html(client, mailbox):
    send()
    (message,) = devmailbox.list_messages()
    page = client.get(f"/dev/mailbox/{message.id}/").content.decode()
    assert "please verify." in page
    assert f"/dev/mailbox/{message.id}/html/" in page
    response = client.get(f"/dev/mailbox/{message.id}/html/")
    assert response.content == b"<p>Hello <b>Asha</b></p>\n"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "script-src" not in response["Content-Security-Policy"]


def test_a_text_only_message_has_no_html_page(client, mailbox):
    send(html=None)
    (message,) = devmailbox.list_messages()
    assert (
        "has no plain-text part" not in client.get(f"/dev/mailbox/{message.id}/").content.decode()
    )
    assert client.get(f"/dev/mailbox/{message.id}/html/").status_code == 404


@pytest.mark.parametrize("bad_id", ["../../etc/passwd", "nope", "20261127T093000.000000-zz"])
def test_unknown_or_malformed_ids_are_404(client, mailbox, bad_id):
    assert client.get(f"/dev/mailbox/{bad_id}/").status_code == 404


def test_send_test_email_writes_it_to_the_outbox_and_says_so(client, mailbox):
    response = client.post("/dev/mailbox/send-test/", follow=True)
    email = OutgoingEmail.objects.get(kind="dev.test_email")
    assert email.to == "developer@example.org"
    assert email.status == OutgoingEmail.Status.QUEUED
    assert "A test email has been queued" in response.content.decode()


def test_send_test_email_refuses_get(client, mailbox):
    assert client.get("/dev/mailbox/send-test/").status_code == 405


def test_clear_deletes_every_message(client, mailbox):
    send()
    send()
    response = client.post("/dev/mailbox/clear/", follow=True)
    assert "Deleted 2 messages." in response.content.decode()
    assert devmailbox.list_messages() == []


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/dev/mailbox/"),
        ("post", "/dev/mailbox/send-test/"),
        ("post", "/dev/mailbox/clear/"),
    ],
)
def test_the_mailbox_does_not_exist_outside_development(client, settings, method, path):
    settings.DEV_MAILBOX_DIR = None
    assert getattr(client, method)(path).status_code == 404
