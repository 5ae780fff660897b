"""Field rules for a patient's demographics, with messages a receptionist understands."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone

MAX_AGE_YEARS = 120

validate_mrn = RegexValidator(
    r"^[A-Za-z0-9-]+\Z",
    message="Use letters, digits and - only (no spaces).",
    code="invalid_mrn",
)

PHONE_CHARACTERS = re.compile(r"^\+?[0-9 ()./-]+\Z")
PHONE_MIN_DIGITS = 6
PHONE_MAX_DIGITS = 15  # the longest international number (E.164)


def validate_phone(value: str) -> None:
    digits = sum(char.isdigit() for char in value)
    if not PHONE_CHARACTERS.match(value) or not PHONE_MIN_DIGITS <= digits <= PHONE_MAX_DIGITS:
        raise ValidationError(
            "Enter a phone number of 6 to 15 digits; an optional leading +, spaces, "
            "brackets, dots and dashes are allowed.",
            code="invalid_phone",
        )


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day ``years`` earlier; 29 February becomes 28 February if needed."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def earliest_date_of_birth(today: datetime.date | None = None) -> datetime.date:
    return years_before(today or timezone.localdate(), MAX_AGE_YEARS)


def validate_date_of_birth(value: datetime.date) -> None:
    today = timezone.localdate()
    if value > today:
        raise ValidationError("The date of birth cannot be in the future.", code="future")
    if value < earliest_date_of_birth(today):
        raise ValidationError(
            f"The date of birth cannot be more than {MAX_AGE_YEARS} years ago.",
            code="too_old",
        )
