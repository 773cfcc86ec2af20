from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse

from champions.models import Profile
from core.outbox import outgoing_email_create


class AccountAdapter(DefaultAccountAdapter):
    """allauth, adapted to the network: its emails go through the outbox, and its
    messages speak plainly, as NHS.UK services do. A member whose profile is not complete
    is taken to it after signing in (the first time: straight after verifying their email)."""

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

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        if not Profile.objects.filter(user=request.user, completed_at__isnull=False).exists():
            return reverse("champions:profile_edit")
        return super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        if request.user.is_authenticated:
            return self.get_login_redirect_url(request)
        return super().get_signup_redirect_url(request)
