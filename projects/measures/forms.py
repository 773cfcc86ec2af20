"""Forms for measures, values and rebases. They validate only; saving is
projects.measures.services' job. Free text refuses NHS numbers (the patient-data guard);
pasted and uploaded rows are checked line by line instead (projects.measures.parsing)."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from champions.models import ClinicalArea
from core.csvexport import plain_number
from core.forms import NHSDateField
from core.patientdata import validate_no_patient_data
from projects.forms import GuardedForm, GuardedModelForm
from projects.measures import parsing
from projects.models import MIN_BASELINE, ChangeIdea, Measure, PdsaCycle, Project

BASELINE_MESSAGE = (
    f"Baseline length must be {MIN_BASELINE} or more, or leave it blank to calculate the limits "
    "from every value"
)


def latest_allowed_date() -> datetime.date:
    """A value dated further ahead than this is a typo in the year."""
    return timezone.localdate() + datetime.timedelta(days=366)


class NumberField(forms.Field):
    """A number as people type it (12, 12.5, 1,234, 85%), read as the import reads it, and
    shown as it was typed (12, not 12.0)."""

    def prepare_value(self, value):
        return plain_number(value) if isinstance(value, float) else value

    def to_python(self, value) -> float | None:
        if value in self.empty_values:
            return None
        if isinstance(value, (int, float)):
            return float(value)
        try:
            return parsing.parse_value(str(value))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class MeasureForm(GuardedModelForm):
    target = NumberField(
        required=False,
        help_text="Optional. The value you are aiming for, in the measure's unit: the chart "
        "draws it and says whether the process will meet it.",
        error_messages={"invalid": "Target must be a number, like 95 or 4.5"},
    )

    class Meta:
        model = Measure
        fields = [
            "name", "kind", "numerator", "denominator", "data_source", "inclusions", "unit",
            "improvement", "target", "frequency", "fix_after", "screen_outliers",
        ]  # fmt: skip
        widgets = {
            "kind": forms.RadioSelect,
            "improvement": forms.RadioSelect,
            "frequency": forms.RadioSelect,
            "inclusions": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "name": "Name of the measure",
            "unit": "Unit",
            "frequency": "How often it is measured",
        }
        help_texts = {
            "name": "For example: Falls with harm per 1,000 occupied bed days.",
            "kind": "Outcome, process and balancing measures together tell you whether a "
            "change is an improvement.",
            "numerator": "Exactly what is counted. For example: falls with harm on wards 7 "
            "and 8, as reported on Datix.",
            "denominator": "Leave blank for a count. For example: occupied bed days, divided "
            "by 1,000.",
            "data_source": "For example: Datix incident reports, pulled on the first Monday "
            "of the month.",
            "inclusions": "For example: includes falls from a chair; excludes falls before "
            "admission.",
            "unit": "For example: %, minutes, falls. Leave blank for a count.",
            "fix_after": "Optional. Calculate the limits from the first values only (12 or "
            "more), so the new values are judged against the old process. Leave blank to use "
            "every value.",
            "screen_outliers": "Recommended. A single unusual jump does not widen the limits.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = "Enter the name of the measure"
        self.fields["numerator"].error_messages["required"] = "Enter what is counted"
        self.fields["data_source"].error_messages["required"] = "Enter where the data comes from"
        self.fields["kind"].error_messages["required"] = "Select the type of measure"
        self.fields["improvement"].error_messages["required"] = "Select which way is better"
        self.fields["frequency"].error_messages["required"] = "Select how often it is measured"
        self.fields["fix_after"].error_messages.update(
            min_value=BASELINE_MESSAGE,
            max_value="Baseline length must be 32,767 or fewer",
            invalid="Baseline length must be a whole number, like 20",
        )
        self.fields["fix_after"].widget.attrs.update(
            inputmode="numeric", **{"class": "nhsuk-input--width-4"}
        )
        self.fields["target"].widget.attrs.update({"class": "nhsuk-input--width-10"})
        self.fields["unit"].widget.attrs.update({"class": "nhsuk-input--width-10"})
        for choice_field in ("kind", "improvement", "frequency"):
            field = self.fields[choice_field]
            field.choices = [choice for choice in field.choices if choice[0] != ""]


def _cycle_label(cycle: PdsaCycle) -> str:
    return f"PDSA {cycle.number} on “{cycle.change_idea.text}”: {cycle.objective}"


def project_cycles(project: Project) -> QuerySet[PdsaCycle]:
    return (
        PdsaCycle.objects.filter(project=project)
        .select_related("change_idea")
        .order_by("change_idea__created_at", "change_idea_id", "number")
    )


class DataPointForm(GuardedForm):
    date = NHSDateField(help_text="For example, 3 3 2026. For a week, the day it starts.")
    value = NumberField(error_messages={"invalid": "Value must be a number, like 12 or 4.5"})
    note = forms.CharField(
        max_length=parsing.MAX_NOTE,
        required=False,
        help_text="Optional. What happened, shown under the chart. For example: two nurses "
        "off sick all week.",
    )
    pdsa = forms.ModelChoiceField(
        label="PDSA cycle",
        queryset=PdsaCycle.objects.none(),
        required=False,
        empty_label="None",
        help_text="Optional. The test of change running at the time.",
    )

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].error_messages["required"] = "Enter the date of the value"
        self.fields["value"].error_messages["required"] = "Enter the value"
        pdsa = self.fields["pdsa"]
        pdsa.queryset = project_cycles(project)
        pdsa.label_from_instance = _cycle_label
        pdsa.error_messages["invalid_choice"] = "Choose a PDSA cycle from the list"

    def clean_date(self) -> datetime.date:
        day = self.cleaned_data["date"]
        if day > latest_allowed_date():
            raise ValidationError("Date must be within a year from today")
        return day


class ImportForm(GuardedForm):
    text = forms.CharField(
        label="Paste or type the values",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
        help_text="One value a line: the date, the value and an optional note, separated by "
        "commas, or copied from a spreadsheet's columns. For example: 03/03/2026, 12, two "
        "nurses off sick",
    )
    file = forms.FileField(
        label="Or choose a CSV file",
        required=False,
        help_text="Columns: date, value and an optional note; a header row is optional. In "
        'Excel, save as "CSV UTF-8 (Comma delimited)". 2 MB at most.',
    )
    replace = forms.BooleanField(
        label="Replace existing values",
        required=False,
        help_text="For dates that already have a value, use the new value and note instead.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Checked row by row instead, so the message can say which line.
        self.fields["text"].validators.remove(validate_no_patient_data)
        self.parsed: parsing.Parsed | None = None
        self.source_field = "text"
        self.row_errors: list[str] = []

    def clean(self):
        cleaned = super().clean()
        text, upload = cleaned.get("text", ""), cleaned.get("file")
        if self.errors:
            return cleaned
        if upload and text.strip():
            self.add_error("text", "Paste values or choose a file, not both")
            return cleaned
        if upload:
            try:
                content = parsing.read_upload(upload.read(parsing.MAX_FILE_BYTES + 1))
            except parsing.UnreadableFile as error:
                self.add_error("file", str(error))
                return cleaned
            source = "the file"
        elif text.strip():
            content, source = text, "what you pasted"
        else:
            self.add_error("text", "Paste the values, or choose a CSV file")
            return cleaned
        self.source_field = "file" if upload else "text"
        self.parsed = parsing.parse_rows(content, latest_date=latest_allowed_date(), source=source)
        return cleaned

    def show_row_errors(self, errors: list[str]) -> None:
        """Each bad row goes in the error summary (see `row_errors`); the field says it once."""
        count = len({error.partition(":")[0] for error in errors if error.startswith("Line ")})
        if count:
            self.row_errors = errors
            rows = f"{count} row{'s' * (count != 1)}"
            self.add_error(
                self.source_field,
                f"Nothing has been imported: correct the {rows} with problems and import again",
            )
        else:
            for error in errors:
                self.add_error(self.source_field, error)


class RebaseForm(GuardedForm):
    date = NHSDateField(
        label="From",
        help_text="The date of the first value of the new process. For example, 3 3 2026",
    )
    reason = forms.CharField(
        label="What changed",
        max_length=300,
        help_text="For example: hourly rounding became standard on both wards.",
    )
    cause = forms.ChoiceField(
        label="The PDSA cycle or change idea behind it",
        required=False,
        help_text="Optional.",
    )

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].error_messages["required"] = "Enter the date the process changed"
        self.fields["reason"].error_messages["required"] = "Enter what changed"
        self.cycles = {str(cycle.pk): cycle for cycle in project_cycles(project)}
        self.ideas = {
            str(idea.pk): idea
            for idea in ChangeIdea.objects.filter(project=project).order_by("created_at", "pk")
        }
        cause = self.fields["cause"]
        groups = [
            ("PDSA cycles", [(f"pdsa:{pk}", _cycle_label(c)) for pk, c in self.cycles.items()]),
            ("Change ideas", [(f"idea:{pk}", idea.text) for pk, idea in self.ideas.items()]),
        ]
        cause.choices = [("", "None"), *[group for group in groups if group[1]]]
        cause.error_messages["invalid_choice"] = (
            "Choose a PDSA cycle or a change idea from the list"
        )

    def clean(self):
        cleaned = super().clean()
        kind, _, pk = (cleaned.get("cause") or "").partition(":")
        cleaned["pdsa"] = self.cycles.get(pk) if kind == "pdsa" else None
        idea = self.ideas.get(pk) if kind == "idea" else None
        cleaned["change_idea"] = idea or (cleaned["pdsa"].change_idea if cleaned["pdsa"] else None)
        return cleaned


class BrightSpotFilterForm(forms.Form):
    area = forms.ModelChoiceField(
        label="Clinical area",
        queryset=ClinicalArea.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label="Any clinical area",
    )
