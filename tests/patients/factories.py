"""Patients for tests, saved directly (no audit event, no form), unique MRNs each time."""

import datetime
import itertools

from patients.models import Patient

_numbers = itertools.count(1)


def make_patient(**overrides) -> Patient:
    number = next(_numbers)
    values = {
        "mrn": f"T{number:05d}",
        "given_name": "Ana",
        "family_name": "Silva",
        "date_of_birth": datetime.date(1978, 4, 2),
        "sex_at_birth": Patient.SexAtBirth.FEMALE,
    }
    values.update(overrides)
    return Patient.objects.create(**values)
