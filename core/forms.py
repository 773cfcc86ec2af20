"""Forms in the NHS.UK design system: the renderer every form uses, the date field, and
how a service's refusal is shown on a form.

Each field is rendered by `templates/forms/nhsuk_field.html`, which asks
`core.templatetags.nhsuk` which NHS.UK component fits the widget.
"""

import datetime
from collections.abc import Sequence

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting

from core.errors import ServiceError

DATE_PARTS = ("day", "month", "year")

MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}


def add_service_error(form: forms.BaseForm, error: ServiceError) -> None:
    """Show a service's refusal on the form: on its field when the form has that field,
    otherwise above the form (in the error summary)."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


class NHSFormRenderer(TemplatesSetting):
    form_template_name = "forms/nhsuk_form.html"
    field_template_name = "forms/nhsuk_field.html"


class NHSDateInput(forms.MultiWidget):
    """Day, month and year boxes: the NHS.UK date input.

    The inputs are text with a numeric keyboard, as the design system advises, not
    `type="number"`. Rendered with the extra attribute `error_parts` (a list of
    "day", "month", "year"), those boxes are marked as in error.
    """

    template_name = "forms/widgets/nhsuk_date_input.html"
    part_labels = {"day": "Day", "month": "Month", "year": "Year"}
    part_widths = {"day": 2, "month": 2, "year": 4}

    def __init__(self, attrs: dict | None = None) -> None:
        widgets = {part: forms.TextInput(attrs={"inputmode": "numeric"}) for part in DATE_PARTS}
        super().__init__(widgets, attrs)

    def decompress(self, value: datetime.date | None) -> list[str | None]:
        if isinstance(value, datetime.date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]

    def id_for_label(self, id_: str) -> str:
        # The error summary links to the day box.
        return f"{id_}_day" if id_ else ""

    def get_context(self, name: str, value, attrs: dict | None) -> dict:
        attrs = dict(attrs or {})
        error_parts = set(attrs.pop("error_parts", ()))
        attrs.pop("aria-invalid", None)
        context = super().get_context(name, value, attrs)
        for part, subwidget in zip(DATE_PARTS, context["widget"]["subwidgets"], strict=True):
            sub_attrs = subwidget["attrs"]
            if "id" in sub_attrs:
                sub_attrs["id"] = f"{context['widget']['attrs']['id']}_{part}"
            classes = ["nhsuk-input", f"nhsuk-input--width-{self.part_widths[part]}"]
            classes.append("nhsuk-date-input__input")
            if part in error_parts:
                classes.append("nhsuk-input--error")
                sub_attrs["aria-invalid"] = "true"
            sub_attrs["class"] = " ".join(classes)
            subwidget["part_label"] = self.part_labels[part]
        return context


def _missing_parts_message(missing: Sequence[str]) -> str:
    if len(missing) == 1:
        return f"Date must include a {missing[0]}"
    return f"Date must include a {missing[0]} and {missing[1]}"


class NHSDateField(forms.DateField):
    """A date entered as day, month and year, with the NHS.UK error messages.

    Errors carry `params["parts"]`, the boxes to mark, which the field template reads.
    Months may be typed as numbers or names ("3", "mar", "March").
    """

    widget = NHSDateInput
    default_error_messages = {
        "required": "Enter a date",
        "invalid": "Date must be a real date",
        "year_length": "Year must include 4 numbers",
    }

    def to_python(self, value) -> datetime.date | None:
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if not isinstance(value, (list, tuple)):
            return super().to_python(value)
        entered = dict(zip(DATE_PARTS, (str(part or "").strip() for part in value), strict=False))
        if not any(entered.values()):
            return None
        missing = [part for part in DATE_PARTS if not entered.get(part)]
        if missing:
            raise ValidationError(
                _missing_parts_message(missing), code="incomplete", params={"parts": missing}
            )
        day, month, year = entered["day"], entered["month"], entered["year"]
        month_number = MONTH_NAMES.get(month.lower(), month)
        if not (day.isdigit() and str(month_number).isdigit() and year.isdigit()):
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"parts": DATE_PARTS}
            )
        if len(year) != 4:
            raise ValidationError(
                self.error_messages["year_length"], code="year_length", params={"parts": ["year"]}
            )
        try:
            return datetime.date(int(year), int(month_number), int(day))
        except ValueError:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"parts": DATE_PARTS}
            ) from None

    def validate(self, value) -> None:
        if value in self.empty_values and self.required:
            raise ValidationError(
                self.error_messages["required"], code="required", params={"parts": DATE_PARTS}
            )
