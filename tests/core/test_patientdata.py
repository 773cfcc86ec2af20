import pytest
from django import forms

from core.patientdata import (
    PATIENT_DATA_MESSAGE,
    PatientDataGuardMixin,
    contains_nhs_number,
    is_valid_nhs_number,
)

# 943 476 5919 is the NHS's own published example of a valid number.
VALID = "9434765919"


@pytest.mark.parametrize(
    "text",
    [
        "Patient 9434765919 fell twice",
        "NHS no. 943 476 5919",
        "943-476-5919 was readmitted",
        "ids: 4010232137",
    ],
)
def test_valid_nhs_numbers_are_found_with_or_without_separators(text):
    assert contains_nhs_number(text)


@pytest.mark.parametrize(
    "text",
    [
        "9434765918",  # fails the modulus-11 check
        "Call 0113 243 3144 for the ward",  # a Leeds phone number
        "94347659190",  # eleven digits: not an NHS number
        "Reduce falls by 20% by March 2027",
        "",
    ],
)
def test_other_numbers_are_not_refused(text):
    assert not contains_nhs_number(text)


def test_check_digit_10_is_never_valid():
    assert not is_valid_nhs_number("0000000060")  # remainder gives 10
    assert is_valid_nhs_number(VALID)


class StoryForm(PatientDataGuardMixin, forms.Form):
    title = forms.CharField()
    story = forms.CharField(widget=forms.Textarea)
    count = forms.IntegerField()


def test_the_form_guard_refuses_an_nhs_number_and_keeps_everything_typed():
    form = StoryForm({"title": "Falls", "story": "Patient 943 476 5919 fell", "count": "3"})
    assert not form.is_valid()
    assert form.errors["story"] == [PATIENT_DATA_MESSAGE]
    assert "title" not in form.errors
    assert form["story"].value() == "Patient 943 476 5919 fell"
    assert form["title"].value() == "Falls"
