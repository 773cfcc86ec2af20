from django import forms

from champions.models import DigestFrequency


class PreferencesForm(forms.Form):
    digest_frequency = forms.ChoiceField(
        label="How often would you like the digest?",
        choices=DigestFrequency.choices,
        widget=forms.RadioSelect,
        help_text=(
            "A short email of what is new for you: events, projects and people that match your "
            "interests, and answers waiting on your projects. Empty digests are never sent."
        ),
        error_messages={"required": "Select how often you would like the digest"},
    )
