"""The patient-data guard: this product holds staff and partner data only, never patient
data. Free text that contains an NHS number is refused with a message that says why."""

import re

from django import forms
from django.core.exceptions import ValidationError

PATIENT_DATA_MESSAGE = (
    "Do not enter patient-identifiable information. This looks like an NHS number: remove it "
    "and describe the person without identifying them."
)
# Ten digits, optionally grouped 3-3-4 with spaces or dashes, not inside a longer number.
_CANDIDATE = re.compile(r"(?<![\d])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d])")


def is_valid_nhs_number(digits: str) -> bool:
    """The modulus-11 check of a 10-digit NHS number."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(
        int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1), strict=True)
    )
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def contains_nhs_number(text: str) -> bool:
    return any(
        is_valid_nhs_number("".join(match.groups())) for match in _CANDIDATE.finditer(text or "")
    )


def validate_no_patient_data(value: str) -> None:
    if contains_nhs_number(value):
        raise ValidationError(PATIENT_DATA_MESSAGE, code="patient_data")


class PatientDataGuardMixin:
    """For forms: every text field refuses NHS numbers, with the message beside the field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if (
                isinstance(field, forms.CharField)
                and validate_no_patient_data not in field.validators
            ):
                field.validators.append(validate_no_patient_data)
