"""Forms for projects. They validate only; saving is projects.services' job.

Every free-text field refuses NHS numbers (PatientDataGuardMixin), and messages follow the
NHS.UK pattern ("Enter …", "Select …", "… must be N characters or fewer").
"""

from django import forms
from django.contrib.auth import get_user_model

from champions.models import ClinicalArea, Organisation, Profile, Sector, Skill
from core.forms import NHSDateField
from core.patientdata import PatientDataGuardMixin
from projects.models import (
    AIM_HINT,
    ChangeIdea,
    CityPriority,
    Comment,
    Driver,
    Method,
    PartnerInvolvement,
    PdsaCycle,
    Project,
    ProjectUpdate,
    Stage,
    TeamMember,
)
from projects.selectors import PARTNERS_INVOLVED, SORTS, ProjectFilters


def _article(label: str) -> str:
    """The label inside a sentence: "Enter title", but "Choose IHI progress score"."""
    if label[1:2].isupper():
        return label
    return label[:1].lower() + label[1:]


class NHSMessagesMixin:
    """Error messages that say what to do, naming the field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            label = str(field.label or name.replace("_", " ").capitalize())
            choosing = isinstance(field.widget, (forms.Select, forms.RadioSelect))
            verb = "Select" if choosing else "Enter"
            field.error_messages["required"] = f"{verb} {_article(label)}"
            if getattr(field, "max_length", None):
                field.error_messages["max_length"] = (
                    f"{label} must be {field.max_length} characters or fewer"
                )
            from_list = f"Choose {_article(label)} from the list"
            for code in ("invalid_choice", "invalid_list"):
                if code in field.error_messages:
                    field.error_messages[code] = from_list


class GuardedModelForm(NHSMessagesMixin, PatientDataGuardMixin, forms.ModelForm):
    pass


class GuardedForm(NHSMessagesMixin, PatientDataGuardMixin, forms.Form):
    pass


def _check_dates(form: forms.Form, start: str, end: str, message: str) -> None:
    starts, ends = form.cleaned_data.get(start), form.cleaned_data.get(end)
    if starts and ends and ends < starts:
        form.add_error(end, message)


class ProjectStartForm(GuardedForm):
    """The first step of a new project: enough to look for similar work in Leeds."""

    title = forms.CharField(
        max_length=200, help_text="A short name people will recognise, like a headline."
    )
    aim = forms.CharField(
        label="Aim statement", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=AIM_HINT,
    )  # fmt: skip


class ProjectForm(GuardedModelForm):
    city_priorities = forms.TypedMultipleChoiceField(
        label="City priorities",
        choices=CityPriority.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="The Leeds priorities this project helps with.",
    )

    class Meta:
        model = Project
        fields = [
            "title", "summary", "problem", "aim", "method", "stage", "progress_score",
            "clinical_areas", "setting", "organisations", "start_date", "expected_end_date",
            "partner_involvement", "partner_involvement_detail", "help_wanted_skills",
            "help_wanted_text", "city_priorities", "visibility",
        ]  # fmt: skip
        field_classes = {"start_date": NHSDateField, "expected_end_date": NHSDateField}
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 5}),
            "aim": forms.Textarea(attrs={"rows": 3}),
            "method": forms.RadioSelect,
            "stage": forms.RadioSelect,
            "visibility": forms.RadioSelect,
            "partner_involvement": forms.RadioSelect,
            "clinical_areas": forms.CheckboxSelectMultiple,
            "organisations": forms.CheckboxSelectMultiple,
            "help_wanted_skills": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "summary": "One sentence that says what the project is about.",
            "progress_score": "Where the project is on the IHI scale, if you use it.",
            "organisations": "Choose every organisation involved. Projects spanning two or "
            "more sectors are shown as cross-boundary.",
            "expected_end_date": "For example, 31 3 2027",
            "start_date": "For example, 1 9 2026",
            "partner_involvement_detail": "For example: two carers from Carers Leeds sit on "
            "the project team and co-designed the discharge leaflet.",
            "help_wanted_skills": "Skills you would like help with from across the network.",
            "help_wanted_text": "One sentence about the help you are looking for.",
        }
        labels = {
            "help_wanted_skills": "Help wanted with",
            "help_wanted_text": "Help wanted",
        }

    def __init__(self, *args, can_change_visibility: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        active = {
            "clinical_areas": ClinicalArea,
            "organisations": Organisation,
            "help_wanted_skills": Skill,
        }
        for name, model in active.items():
            self.fields[name].queryset = model.objects.filter(is_active=True).order_by("name")
        self.fields["progress_score"].choices = [("", "Not scored"), *Project._meta.get_field(
            "progress_score"
        ).choices]  # fmt: skip
        self.fields["setting"].choices = [("", "Choose a setting"), *Project._meta.get_field(
            "setting"
        ).choices]  # fmt: skip
        if not can_change_visibility:
            del self.fields["visibility"]

    def clean(self):
        cleaned = super().clean()
        message = "Expected end date must be after the start date"
        _check_dates(self, "start_date", "expected_end_date", message)
        involvement = cleaned.get("partner_involvement")
        if (
            involvement
            and involvement != PartnerInvolvement.NONE
            and not cleaned.get("partner_involvement_detail")
            and "partner_involvement_detail" not in self.errors
        ):
            self.add_error("partner_involvement_detail", "Enter how partners are involved")
        return cleaned


class ProjectFilterForm(forms.Form):
    """The search box and filters of the project list (GET)."""

    q = forms.CharField(label="Search projects", max_length=200, required=False)
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.order_by("name"), to_field_name="slug", required=False,
        empty_label="Any organisation",
    )  # fmt: skip
    sector = forms.ChoiceField(choices=[("", "Any sector"), *Sector.choices], required=False)
    clinical_area = forms.ModelChoiceField(
        queryset=ClinicalArea.objects.order_by("name"), to_field_name="slug", required=False,
        empty_label="Any clinical area",
    )  # fmt: skip
    stage = forms.ChoiceField(choices=[("", "Any stage"), *Stage.choices], required=False)
    method = forms.ChoiceField(choices=[("", "Any method"), *Method.choices], required=False)
    skill = forms.ModelChoiceField(
        label="Help wanted with", queryset=Skill.objects.order_by("name"), to_field_name="slug",
        required=False, empty_label="Any skill or none",
    )  # fmt: skip
    partner_involvement = forms.ChoiceField(
        label="Patient and carer partners",
        choices=[
            ("", "Any"),
            (PARTNERS_INVOLVED, "Involved in any way"),
            *[c for c in PartnerInvolvement.choices if c[0] != PartnerInvolvement.NONE],
        ],
        required=False,
    )
    help_wanted = forms.BooleanField(label="Only projects asking for help", required=False)
    cross_boundary = forms.BooleanField(label="Only cross-boundary projects", required=False)
    sort = forms.ChoiceField(label="Sort by", choices=list(SORTS.items()), required=False)

    def filters(self) -> ProjectFilters:
        """The valid filters; a bad value (an unknown organisation, say) is left out."""
        data = self.cleaned_data if self.is_bound else {}
        values = {
            name: data.get(name)
            for name in ProjectFilters.__dataclass_fields__
            if name != "query" and data.get(name) not in (None, "")
        }
        return ProjectFilters(query=(data.get("q") or "").strip(), **values)


class InviteForm(forms.Form):
    # Only members the team page's search offers (listed profiles): anyone else's id, a
    # hidden or unfinished profile's for one, is refused before their name is shown.
    user = forms.ModelChoiceField(
        queryset=get_user_model().objects.filter(
            is_active=True, profile__in=Profile.objects.listed()
        ),
        widget=forms.HiddenInput,
    )
    role = forms.ChoiceField(choices=TeamMember.Role.choices, initial=TeamMember.Role.MEMBER)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].error_messages["invalid_choice"] = "Choose someone from the results"
        self.fields["role"].error_messages["invalid_choice"] = "Select a role from the list"


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=TeamMember.Role.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].error_messages["invalid_choice"] = "Select a role from the list"


class DriverForm(GuardedModelForm):
    class Meta:
        model = Driver
        fields = ["text"]

    def __init__(self, *args, label: str = "Driver", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = label
        self.fields["text"].error_messages.update(
            required=f"Enter the {label.lower()}",
            max_length=f"{label} must be 300 characters or fewer",
        )


class ChangeIdeaForm(GuardedModelForm):
    class Meta:
        model = ChangeIdea
        fields = ["text"]
        labels = {"text": "Change idea"}


class PdsaCycleForm(GuardedModelForm):
    class Meta:
        model = PdsaCycle
        fields = [
            "objective", "questions", "prediction", "plan_who", "plan_what", "plan_when",
            "plan_where", "plan_data", "start_date", "end_date", "status", "do_notes", "study",
            "act", "act_next",
        ]  # fmt: skip
        field_classes = {"start_date": NHSDateField, "end_date": NHSDateField}
        widgets = {
            "status": forms.RadioSelect,
            "act": forms.RadioSelect,
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in (
                    "questions", "prediction", "plan_what", "plan_data", "do_notes", "study",
                    "act_next",
                )
            },
        }  # fmt: skip
        help_texts = {
            "objective": "What this small test of change is for.",
            "prediction": "Write it down before you start: it is what the study compares with.",
            "plan_data": "What you will measure or observe, and how.",
            "start_date": "For example, 3 11 2026",
            "end_date": "For example, 10 11 2026",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["act"].choices = [
            choice for choice in self.fields["act"].choices if choice[0] != ""
        ]

    def clean(self):
        cleaned = super().clean()
        _check_dates(self, "start_date", "end_date", "End date must be after the start date")
        return cleaned


class LearningUpdateForm(GuardedModelForm):
    class Meta:
        model = ProjectUpdate
        fields = ["now", "working_well", "do_more", "others_learn", "help_needed"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in ["now", "working_well", "do_more", "others_learn", "help_needed"]
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = "Answer this question"


class CommentForm(GuardedModelForm):
    class Meta:
        model = Comment
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}
        labels = {"body": "Add to the conversation"}
        help_texts = {"body": "Share what you know, ask a question or offer help."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].error_messages["required"] = "Enter your comment"
