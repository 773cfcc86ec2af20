from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction

from leedsquality.core.outbox import outgoing_email_create


class AccountAdapter(DefaultAccountAdapter):
    """allauth, adapted to the network: its emails go through the outbox, and its
    messages speak plainly, as NHS.UK services do."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": "The email address or password is not correct.",
        "email_taken": "An account already exists with this email address. Sign in instead.",
        "too_many_login_attempts": (
            "Too many failed sign-in attempts. Wait 5 minutes, then try again, or reset "
            "your password."
        ),
        "incorrect_code": "The code is not correct. Check the email and try again.",
        "rate_limited": "Too many attempts. Wait a minute, then try again.",
    }

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        message = self.render_mail(template_prefix, email, context)
        html = next(
            (
                content
                for content, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            "",
        )
        with transaction.atomic():
            outgoing_email_create(
                to=email,
                subject=message.subject,
                text=message.body,
                html=html,
                kind=f"account.{template_prefix.rsplit('/', 1)[-1]}",
                headers=message.extra_headers,
            )
