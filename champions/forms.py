"""The members' forms: allauth's account forms, with NHS.UK-style error messages that say
what to do, and the network's own (profile, directory, learning conversations, deletion)."""

from collections.abc import Iterable

from allauth.account import forms as allauth_forms
from django import forms
from django.db.models import Q

from champions.models import (
    ClinicalArea,
    Network,
    Organisation,
    Profession,
    Profile,
    Sector,
    Skill,
    Training,
)
from champions.selectors import DirectoryFilters
from core.patientdata import PatientDataGuardMixin

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


# The network's own forms. Every free-text field refuses NHS numbers (PatientDataGuardMixin)
# and says plainly what is wrong, in the NHS.UK style.


def _too_long(what: str, limit: int) -> str:
    return f"{what} must be {limit:,} characters or fewer"


def _active_or_chosen(model, chosen: Iterable[int] = ()):
    """A reference list's active items, plus any retired one the member already chose."""
    return model.objects.filter(Q(is_active=True) | Q(pk__in=list(chosen))).order_by("name")


class ProfileForm(PatientDataGuardMixin, forms.ModelForm):
    networks = forms.MultipleChoiceField(
        label="Networks you belong to (optional)",
        help_text="Members of the same network can find each other, and the network "
        "organisers can see who is taking part.",
        choices=Network.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Select networks from the list"},
    )
    plcp_cohort_year = forms.IntegerField(
        label="Your Professional Leadership and Change Programme cohort year",
        help_text="If you took part in the programme, the year your cohort started, "
        "for example 2024. Cohort members often learn best from each other.",
        required=False,
        min_value=2000,
        max_value=2100,
        # A text box with a numeric keyboard, as the NHS.UK design system advises for years.
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-4"}),
        error_messages={
            "invalid": "Cohort year must be a year, like 2024",
            "min_value": "Cohort year must be 2000 or later",
            "max_value": "Cohort year must be a year, like 2024",
        },
    )
    trainings = forms.MultipleChoiceField(
        label="Improvement training you have completed (optional)",
        help_text="It helps others see who has learned which approach, and helps the "
        "network plan training.",
        choices=Training.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Select training from the list"},
    )

    class Meta:
        model = Profile
        fields = [
            "display_name",
            "kind",
            "organisation",
            "hide_organisation",
            "profession",
            "job_title",
            "bio",
            "clinical_areas",
            "skills_to_teach",
            "skills_to_learn",
            "trainings",
            "other_training",
            "digest_frequency",
            "visibility",
        ]
        labels = {
            "display_name": "Your name",
            "kind": "How do you take part in the network?",
            "organisation": "Your organisation",
            "hide_organisation": "Hide my organisation from other members",
            "profession": "Your profession",
            "job_title": "Your job title",
            "bio": "About you (optional)",
            "clinical_areas": "Clinical areas you are interested in (optional)",
            "skills_to_teach": "Improvement skills you could teach",
            "skills_to_learn": "Improvement skills you want to learn",
            "other_training": "Other improvement training",
            "digest_frequency": "How often would you like a digest email?",
            "visibility": "Who can see your profile?",
        }
        help_texts = {
            "display_name": "As other members will see it, for example Asha Patel.",
            "kind": "Patient and carer partners never have to give an employer or a job title.",
            "organisation": "Where you work. It lets people find colleagues across Leeds, "
            "and we suggest people from other organisations: the network is about crossing "
            "boundaries. Partners can leave this blank.",
            "hide_organisation": "For patient and carer partners who would rather not say.",
            "profession": "People often look for someone who knows their world. Partners "
            "can leave this blank.",
            "job_title": "So people know what you do day to day. Partners can leave this blank.",
            "bio": "A few lines about your work and what you are improving. Plain text, up "
            "to 2,000 characters. Do not include anything that could identify a patient.",
            "clinical_areas": "We introduce you to people who care about the same things.",
            "skills_to_teach": "Everyone has something to teach. Members who want to learn "
            "these can find you and ask for a learning conversation.",
            "skills_to_learn": "Everyone has something to learn. We suggest people who can "
            "teach you these. Choose at least one skill to teach or to learn.",
            "other_training": "If you ticked other improvement training, say what it was.",
            "digest_frequency": "A short email about projects, events and people who match "
            "your interests.",
            "visibility": "Members you have a learning conversation with can always see it.",
        }
        widgets = {
            "kind": forms.RadioSelect,
            "bio": forms.Textarea(attrs={"rows": 5}),
            "clinical_areas": forms.CheckboxSelectMultiple,
            "skills_to_teach": forms.CheckboxSelectMultiple,
            "skills_to_learn": forms.CheckboxSelectMultiple,
            "digest_frequency": forms.RadioSelect,
            "visibility": forms.RadioSelect,
        }
        error_messages = {
            "display_name": {
                "required": "Enter your name",
                "max_length": _too_long("Your name", 150),
            },
            "kind": {
                "required": "Select staff or patient or carer partner",
                "invalid_choice": "Select staff or patient or carer partner",
            },
            "organisation": {"invalid_choice": "Select your organisation from the list"},
            "profession": {"invalid_choice": "Select your profession from the list"},
            "job_title": {"max_length": _too_long("Job title", 200)},
            "bio": {"max_length": _too_long("About you", 2000)},
            "clinical_areas": {"invalid_choice": "Select clinical areas from the list"},
            "skills_to_teach": {"invalid_choice": "Select skills from the list"},
            "skills_to_learn": {"invalid_choice": "Select skills from the list"},
            "other_training": {"max_length": _too_long("Other improvement training", 200)},
            "digest_frequency": {
                "required": "Select how often you would like a digest",
                "invalid_choice": "Select how often you would like a digest",
            },
            "visibility": {
                "required": "Select who can see your profile",
                "invalid_choice": "Select who can see your profile",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"].required = True
        instance = self.instance
        chosen = {"organisation": [], "profession": []}
        if instance.pk:
            chosen = {
                "organisation": [instance.organisation_id],
                "profession": [instance.profession_id],
                "clinical_areas": [area.pk for area in instance.clinical_areas.all()],
                "skills_to_teach": [skill.pk for skill in instance.skills_to_teach.all()],
                "skills_to_learn": [skill.pk for skill in instance.skills_to_learn.all()],
            }
            self.initial["networks"] = [m.network for m in instance.networks.all()]
            self.initial["plcp_cohort_year"] = next(
                (m.cohort_year for m in instance.networks.all() if m.network == Network.PLCP),
                None,
            )
        for name, model in (
            ("organisation", Organisation),
            ("profession", Profession),
            ("clinical_areas", ClinicalArea),
            ("skills_to_teach", Skill),
            ("skills_to_learn", Skill),
        ):
            self.fields[name].queryset = _active_or_chosen(model, chosen.get(name, ()))
        self.fields["organisation"].empty_label = "Select your organisation"
        self.fields["profession"].empty_label = "Select your profession"
        for name in ("clinical_areas", "skills_to_teach", "skills_to_learn"):
            self.fields[name].error_messages["invalid_pk_value"] = self.fields[name].error_messages[
                "invalid_choice"
            ]

    def clean(self) -> dict:
        data = super().clean()
        staff = data.get("kind") == Profile.Kind.STAFF
        if staff:
            for name, message in (
                ("organisation", "Select your organisation"),
                ("profession", "Select your profession"),
                ("job_title", "Enter your job title"),
            ):
                if name not in self.errors and not data.get(name):
                    self.add_error(name, message)
            if data.get("hide_organisation"):
                self.add_error(
                    "hide_organisation",
                    "Only patient and carer partners can hide their organisation",
                )
        if (
            "skills_to_teach" not in self.errors
            and "skills_to_learn" not in self.errors
            and not data.get("skills_to_teach")
            and not data.get("skills_to_learn")
        ):
            self.add_error(
                "skills_to_learn", "Select at least one skill you could teach or want to learn"
            )
        networks = data.get("networks") or []
        year = data.get("plcp_cohort_year")
        if not self.errors.keys() & {"networks", "plcp_cohort_year"}:
            if Network.PLCP in networks and year is None:
                self.add_error(
                    "plcp_cohort_year",
                    "Enter the year your Professional Leadership and Change Programme cohort "
                    "started",
                )
            elif Network.PLCP not in networks and year is not None:
                self.add_error(
                    "plcp_cohort_year",
                    "Tick the Professional Leadership and Change Programme, or leave the "
                    "cohort year blank",
                )
        if (
            Training.OTHER in (data.get("trainings") or [])
            and not data.get("other_training")
            and "other_training" not in self.errors
        ):
            self.add_error("other_training", "Enter the other improvement training")
        return data

    def network_years(self) -> dict[str, int | None]:
        """The chosen networks, each with its cohort year (the programme only)."""
        year = self.cleaned_data.get("plcp_cohort_year")
        return {
            network: year if network == Network.PLCP else None
            for network in self.cleaned_data.get("networks") or []
        }


class DirectoryForm(PatientDataGuardMixin, forms.Form):
    """The directory's search and filters, all optional; a link keeps them (GET)."""

    q = forms.CharField(
        label="Name or keywords",
        help_text="Searches names, job titles and what members say about themselves.",
        required=False,
        max_length=200,
        error_messages={"max_length": _too_long("Name or keywords", 200)},
    )
    teaches = forms.ModelChoiceField(
        label="Can teach",
        queryset=Skill.objects.filter(is_active=True),
        to_field_name="slug",
        required=False,
        empty_label="Any skill",
        error_messages={"invalid_choice": "Select a skill from the list"},
    )
    learns = forms.ModelChoiceField(
        label="Wants to learn",
        queryset=Skill.objects.filter(is_active=True),
        to_field_name="slug",
        required=False,
        empty_label="Any skill",
        error_messages={"invalid_choice": "Select a skill from the list"},
    )
    clinical_area = forms.ModelChoiceField(
        label="Interested in",
        queryset=ClinicalArea.objects.filter(is_active=True),
        to_field_name="slug",
        required=False,
        empty_label="Any clinical area",
        error_messages={"invalid_choice": "Select a clinical area from the list"},
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(is_active=True),
        to_field_name="slug",
        required=False,
        empty_label="Any organisation",
        error_messages={"invalid_choice": "Select an organisation from the list"},
    )
    sector = forms.ChoiceField(
        choices=[("", "Any sector"), *Sector.choices],
        required=False,
        error_messages={"invalid_choice": "Select a sector from the list"},
    )
    profession = forms.ModelChoiceField(
        queryset=Profession.objects.filter(is_active=True),
        to_field_name="slug",
        required=False,
        empty_label="Any profession",
        error_messages={"invalid_choice": "Select a profession from the list"},
    )
    network = forms.ChoiceField(
        choices=[("", "Any network"), *Network.choices],
        required=False,
        error_messages={"invalid_choice": "Select a network from the list"},
    )

    def filters(self) -> DirectoryFilters:
        return DirectoryFilters(
            query=self.cleaned_data["q"],
            organisation=self.cleaned_data["organisation"],
            sector=self.cleaned_data["sector"],
            profession=self.cleaned_data["profession"],
            clinical_area=self.cleaned_data["clinical_area"],
            teaches=self.cleaned_data["teaches"],
            learns=self.cleaned_data["learns"],
            network=self.cleaned_data["network"],
        )


class ConversationRequestForm(PatientDataGuardMixin, forms.Form):
    skill = forms.ModelChoiceField(
        label="Which skill would you like to talk about?",
        queryset=Skill.objects.filter(is_active=True),
        required=False,
        empty_label="Select a skill",
        error_messages={"invalid_choice": "Select a skill from the list"},
    )
    topic = forms.CharField(
        label="Or describe the topic",
        help_text="For example, reading the SPC chart of our falls data.",
        required=False,
        max_length=200,
        error_messages={"max_length": _too_long("Topic", 200)},
    )
    message = forms.CharField(
        label="Your message",
        help_text="Say who you are, what you are working on and what you hope to learn. Up "
        "to 1,000 characters. Do not include anything that could identify a patient.",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=1000,
        error_messages={
            "required": "Enter a message",
            "max_length": _too_long("Your message", 1000),
        },
    )

    def clean(self) -> dict:
        data = super().clean()
        if (
            not self.errors.keys() & {"skill", "topic"}
            and not data.get("skill")
            and not data.get("topic")
        ):
            self.add_error("skill", "Select a skill or describe the topic")
        return data


class ConversationAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        choices=[("accept", "Accept"), ("decline", "Decline")],
        error_messages={
            "required": "Choose accept or decline",
            "invalid_choice": "Choose accept or decline",
        },
    )


class AccountDeleteForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand that my account and profile will be deleted and this cannot be undone",
        error_messages={"required": "Confirm that you understand your account will be deleted"},
    )
