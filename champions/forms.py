"""allauth's account forms, with NHS.UK-style error messages that say what to do."""

from allauth.account import forms as allauth_forms

EMAIL_INVALID = "Enter an email address in the correct format, like name@example.com"


def _messages(form, **by_field: dict[str, str]) -> None:
    for name, messages in by_field.items():
        if name in form.fields:
            form.fields[name].error_messages.update(messages)


class SignupForm(allauth_forms.SignupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _messages(
            self,
            email={"required": "Enter your email address", "invalid": EMAIL_INVALID},
            password1={"required": "Enter a password"},
            password2={"required": "Enter your password again"},
        )


class LoginForm(allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _messages(
            self,
            login={"required": "Enter your email address", "invalid": EMAIL_INVALID},
            password={"required": "Enter your password"},
        )


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _messages(self, email={"required": "Enter your email address", "invalid": EMAIL_INVALID})


class ResetPasswordKeyForm(allauth_forms.ResetPasswordKeyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _messages(
            self,
            password1={"required": "Enter a new password"},
            password2={"required": "Enter your new password again"},
        )


class ChangePasswordForm(allauth_forms.ChangePasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _messages(
            self,
            oldpassword={"required": "Enter your current password"},
            password1={"required": "Enter a new password"},
            password2={"required": "Enter your new password again"},
        )


class RequestLoginCodeForm(allauth_forms.RequestLoginCodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _messages(self, email={"required": "Enter your email address", "invalid": EMAIL_INVALID})


class AddEmailForm(allauth_forms.AddEmailForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _messages(self, email={"required": "Enter an email address", "invalid": EMAIL_INVALID})
