"""A service's refusal shown on a form: on its field, or above the form."""

from django import forms

from core.errors import ServiceError
from core.forms import add_service_error


class DateForm(forms.Form):
    date = forms.DateField()


def test_a_refusal_about_a_field_is_that_fields_error():
    form = DateForm({"date": "2026-12-01"})
    assert form.is_valid()
    add_service_error(form, ServiceError("1 Dec 2026 already has a value", field="date"))
    assert form.errors == {"date": ["1 Dec 2026 already has a value"]}
    assert form.non_field_errors() == []


def test_a_refusal_about_the_request_or_a_field_the_form_lacks_goes_above_the_form():
    form = DateForm({"date": "2026-12-01"})
    assert form.is_valid()
    add_service_error(form, ServiceError("A cancelled event cannot be changed."))
    add_service_error(form, ServiceError("Enter 3 or more", field="capacity"))
    assert form.non_field_errors() == ["A cancelled event cannot be changed.", "Enter 3 or more"]
    assert "date" not in form.errors
