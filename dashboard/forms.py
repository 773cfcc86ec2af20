"""The city view's filters (GET). They validate only; a bad value is shown in the NHS.UK
error summary and no figures are shown, so unfiltered figures never pass for filtered ones."""

from django import forms
from django.http import QueryDict

from champions.models import ClinicalArea, Organisation, Sector
from core.forms import DATE_PARTS, NHSDateField
from core.wording import long_date
from dashboard.selectors import CityFilters
from projects.models import Method

DATES_HINT = (
    "Each thing is counted on the day it happened: a project when it was logged, a PDSA "
    "cycle when it started, an update when it was posted, a member when they joined, a "
    "learning conversation when it was asked for, an event when it starts."
)


class CityFilterForm(forms.Form):
    start = NHSDateField(label="From date", required=False, help_text="For example, 1 4 2025")
    end = NHSDateField(label="To date", required=False, help_text="For example, 31 3 2026")
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.order_by("name"), to_field_name="slug", required=False,
        empty_label="All organisations",
        error_messages={"invalid_choice": "Choose an organisation from the list"},
    )  # fmt: skip
    sector = forms.ChoiceField(
        choices=[("", "All sectors"), *Sector.choices], required=False,
        error_messages={"invalid_choice": "Choose a sector from the list"},
    )  # fmt: skip
    clinical_area = forms.ModelChoiceField(
        queryset=ClinicalArea.objects.order_by("name"), to_field_name="slug", required=False,
        empty_label="All clinical areas",
        error_messages={"invalid_choice": "Choose a clinical area from the list"},
    )  # fmt: skip
    method = forms.ChoiceField(
        label="Improvement method", choices=[("", "All methods"), *Method.choices],
        required=False, error_messages={"invalid_choice": "Choose a method from the list"},
    )  # fmt: skip

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "To date must be the same as or after the from date")
        return data

    def filters(self) -> CityFilters:
        """The filters of a valid form (none for an unbound one)."""
        if not self.is_bound:
            return CityFilters()
        if not self.is_valid():
            raise ValueError("the filters are not valid")
        data = self.cleaned_data
        return CityFilters(
            start=data["start"],
            end=data["end"],
            organisation=data["organisation"],
            sector=data["sector"],
            clinical_area=data["clinical_area"],
            method=data["method"],
        )


# The query-string keys the form reads: the date fields arrive as their day, month and year.
FILTER_KEYS = tuple(
    f"{name}_{part}" if isinstance(field, NHSDateField) else name
    for name, field in CityFilterForm.base_fields.items()
    for part in (DATE_PARTS if isinstance(field, NHSDateField) else ("",))
)


def filter_data(query: QueryDict) -> QueryDict:
    """Only the filters of a query string, without empty values: what the figures depend
    on (the cache key) and what links carry on to the drill-down pages."""
    kept = QueryDict(mutable=True)
    for key in FILTER_KEYS:
        value = query.get(key, "").strip()
        if value:
            kept[key] = value
    return kept


def describe_filters(filters: CityFilters) -> str:
    """The filters in words, for the page: "Leeds Teaching Hospitals NHS Trust; from 1 April
    2025 to 31 March 2026"."""
    parts = [
        filters.organisation.name if filters.organisation else "",
        dict(Sector.choices).get(filters.sector, ""),
        filters.clinical_area.name if filters.clinical_area else "",
        dict(Method.choices).get(filters.method, ""),
    ]
    if filters.start and filters.end:
        parts.append(f"from {long_date(filters.start)} to {long_date(filters.end)}")
    elif filters.start:
        parts.append(f"from {long_date(filters.start)}")
    elif filters.end:
        parts.append(f"up to {long_date(filters.end)}")
    chosen = "; ".join(part for part in parts if part)
    return chosen or "the whole city, at any time"
