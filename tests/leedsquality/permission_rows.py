"""Permission-matrix rows for the wiring: landing, home, health, dev mailbox, accounts
and the admin's fixed pages. See tests/matrix.py."""

from django.core.mail import EmailMultiAlternatives

from core import devmailbox
from tests.matrix import Row, admin_only, everyone, visitors

ROWS: dict[str, Row] = {
    # Public pages; signed-in members are sent on to their home page.
    "landing": Row("/", visitors(200, 302)),
    "home": Row("/home/", visitors(302, 200)),
    "core:healthz": Row("/healthz", everyone(200)),
    # The development mailbox exists only in development (404 otherwise, see
    # tests/core/test_devmailbox.py), where it is open to the developer.
    "core:mailbox": Row("/dev/mailbox/", everyone(200), mailbox=True),
    "core:mailbox_send_test": Row(
        "/dev/mailbox/send-test/", everyone(302), method="post", mailbox=True
    ),
    "core:mailbox_clear": Row("/dev/mailbox/clear/", everyone(302), method="post", mailbox=True),
    "core:mailbox_message": Row(
        lambda ctx: f"/dev/mailbox/{ctx['message_id']}/", everyone(200), mailbox=True
    ),
    "core:mailbox_message_html": Row(
        lambda ctx: f"/dev/mailbox/{ctx['message_id']}/html/", everyone(200), mailbox=True
    ),
    # Accounts (allauth). Signed-in members are redirected away from sign-in and sign-up.
    "account_login": Row("/accounts/login/", visitors(200, 302)),
    "account_signup": Row("/accounts/signup/", visitors(200, 302)),
    "account_request_login_code": Row("/accounts/login/code/", visitors(200, 302)),
    # No sign-in by code is under way: back to the start.
    "account_confirm_login_code": Row("/accounts/login/code/confirm/", everyone(302)),
    "account_logout": Row("/accounts/logout/", visitors(302, 200)),
    "account_inactive": Row("/accounts/inactive/", everyone(200)),
    "account_reauthenticate": Row("/accounts/reauthenticate/", visitors(302, 200)),
    "account_request_reauthentication_code": Row(
        "/accounts/reauthenticate/code/", visitors(302, 200)
    ),
    "account_confirm_reauthentication_code": Row(
        "/accounts/reauthenticate/code/confirm/", everyone(302)
    ),
    "account_email": Row("/accounts/email/", visitors(302, 200)),
    "account_email_verification_sent": Row("/accounts/confirm-email/", everyone(200)),
    # A bad key shows the "link expired or invalid" page.
    "account_confirm_email": Row("/accounts/confirm-email/not-a-key/", everyone(200)),
    "account_change_password": Row("/accounts/password/change/", visitors(302, 200)),
    # Members who already have a password are sent to "change password".
    "account_set_password": Row("/accounts/password/set/", everyone(302)),
    "account_reset_password": Row("/accounts/password/reset/", everyone(200)),
    "account_reset_password_done": Row("/accounts/password/reset/done/", everyone(200)),
    "account_reset_password_from_key": Row(
        "/accounts/password/reset/key/1-not-a-key/", everyone(200)
    ),
    "account_reset_password_from_key_done": Row(
        "/accounts/password/reset/key/done/", everyone(200)
    ),
    # Two-step verification (allauth.mfa).
    "mfa_index": Row("/accounts/2fa/", visitors(302, 200)),
    # No sign-in is waiting for a second step.
    "mfa_authenticate": Row("/accounts/2fa/authenticate/", everyone(302)),
    # Turning TOTP on asks for the password again first (a recent sign-in).
    "mfa_activate_totp": Row("/accounts/2fa/totp/activate/", everyone(302)),
    "mfa_reauthenticate": Row("/accounts/2fa/reauthenticate/", everyone(302)),
    # Without TOTP turned on there is nothing to turn off or see.
    "mfa_deactivate_totp": Row("/accounts/2fa/totp/deactivate/", visitors(302, 404)),
    "mfa_view_recovery_codes": Row("/accounts/2fa/recovery-codes/", visitors(302, 404)),
    "mfa_generate_recovery_codes": Row("/accounts/2fa/recovery-codes/generate/", everyone(302)),
    "mfa_download_recovery_codes": Row(
        "/accounts/2fa/recovery-codes/download/", visitors(302, 404)
    ),
    # The Django admin: staff only; everyone else is sent to the admin's sign-in page,
    # which sends visitors to the site's sign-in (two-step verification applies) and
    # refuses signed-in members who are not staff.
    "admin:index": Row("/admin/", admin_only()),
    "admin:login": Row("/admin/login/", visitors(302, 403, admin_user=302)),
    "admin:logout": Row("/admin/logout/", admin_only(405)),  # sign-out is POST only
    "admin:password_change": Row("/admin/password_change/", admin_only()),
    "admin:password_change_done": Row("/admin/password_change/done/", admin_only()),
    "admin:autocomplete": Row("/admin/autocomplete/", admin_only(403)),  # needs a field
    "admin:jsi18n": Row("/admin/jsi18n/", admin_only()),
    "admin:app_list": Row("/admin/champions/", admin_only()),
    "admin:view_on_site": Row(
        lambda ctx: f"/admin/r/{ctx['user_content_type']}/{ctx['admin.champions.user']}/",
        admin_only(404),  # members have no public page yet
    ),
    "admin:auth_user_password_change": Row(
        lambda ctx: f"/admin/champions/user/{ctx['admin.champions.user']}/password/",
        admin_only(),
    ),
    "admin/(?P<url>.*)$": Row("/admin/no-such-page/", admin_only(404)),
}


def context(request) -> dict:
    settings = request.getfixturevalue("settings")
    tmp_path = request.getfixturevalue("tmp_path")
    settings.DEV_MAILBOX_DIR = tmp_path / "mailbox"
    settings.MAILERS = {"default": {"BACKEND": "core.devmailbox.DevMailboxBackend"}}
    EmailMultiAlternatives(
        "Hi", "Hello", to=["x@example.org"], alternatives=[("<p>Hi</p>", "text/html")]
    ).send()
    from allauth.mfa.models import Authenticator

    from core.models import OutgoingEmail
    from tests.factories import UserFactory

    OutgoingEmail.objects.create(
        to="someone@example.org", subject="Hello", text="Hello", kind="test", idempotency_key="k"
    )
    # Another member's, so no persona's own two-step pages change.
    Authenticator.objects.create(
        user=UserFactory(),
        type=Authenticator.Type.RECOVERY_CODES,
        data={"seed": "00", "used_mask": 0},
    )
    return {"message_id": devmailbox.list_messages()[0].id}
