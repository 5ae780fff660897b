"""Lab values are shown in the unit entered by default; a practice that prefers SI or
conventional units sees that unit first, with the value as the laboratory reported it beside it.
Whatever is shown, the rules compare in the canonical unit."""

import datetime

import pytest

from tests.rules.builders import lab
from workup.lab_units import CONVENTIONAL_UNITS, SI_UNITS, check_catalogue
from workup.presenters import lab_reading
from workup.rules.labs import ANALYTES

PATIENT = {
    "sex": "female",
    "date_of_birth": datetime.date(1978, 4, 2),
    "visit_date": datetime.date(2026, 11, 20),
}


def shown(analyte, value, unit, units):
    reading = lab_reading(lab(analyte, value, unit), units=units, **PATIENT)
    return reading.shown, reading.beside


def test_every_preferred_unit_is_one_the_lab_catalogue_accepts():
    assert check_catalogue() == []


def test_every_analyte_with_more_than_one_unit_has_an_si_and_a_conventional_unit():
    several = {code for code, analyte in ANALYTES.items() if len(analyte.units) > 1}
    assert several <= set(SI_UNITS)
    assert several <= set(CONVENTIONAL_UNITS)


@pytest.mark.parametrize(
    ("analyte", "value", "unit", "expected"),
    [
        ("vitamin_d_25oh", 28, "nmol/L", ("28 nmol/L", "11.2 ng/mL")),
        ("vitamin_d_25oh", 25, "ng/mL", ("25 ng/mL", "")),
        ("hemoglobin", 131, "g/L", ("131 g/L", "13.1 g/dL")),
        ("hba1c", 36, "mmol/mol", ("36 mmol/mol", "5.44 %")),
        ("ck", 150, "U/L", ("150 U/L", "")),
    ],
)
def test_by_default_a_value_reads_as_entered_with_the_canonical_value_beside_it(
    analyte, value, unit, expected
):
    assert shown(analyte, value, unit, "entered") == expected


@pytest.mark.parametrize(
    ("analyte", "value", "unit", "expected"),
    [
        ("vitamin_d_25oh", 25, "ng/mL", ("62.4 nmol/L", "25 ng/mL")),
        ("vitamin_d_25oh", 28, "nmol/L", ("28 nmol/L", "")),
        ("hemoglobin", 13.1, "g/dL", ("131 g/L", "13.1 g/dL")),
        ("hba1c", 5.44, "%", ("36 mmol/mol", "5.44 %")),
        ("magnesium_serum", 2, "mg/dL", ("0.823 mmol/L", "2 mg/dL")),
        ("ck", 150, "U/L", ("150 U/L", "")),
    ],
)
def test_a_practice_preferring_si_units_reads_si_first_and_the_entered_value_beside_it(
    analyte, value, unit, expected
):
    assert shown(analyte, value, unit, "si") == expected


@pytest.mark.parametrize(
    ("analyte", "value", "unit", "expected"),
    [
        ("vitamin_d_25oh", 28, "nmol/L", ("11.2 ng/mL", "28 nmol/L")),
        ("hemoglobin", 131, "g/L", ("13.1 g/dL", "131 g/L")),
        ("magnesium_serum", 0.82, "mmol/L", ("1.99 mg/dL", "0.82 mmol/L")),
        ("iga_total", 0.05, "g/L", ("5 mg/dL", "0.05 g/L")),
    ],
)
def test_a_practice_preferring_conventional_units_reads_them_first(analyte, value, unit, expected):
    assert shown(analyte, value, unit, "conventional") == expected


def test_the_preference_changes_what_is_shown_never_the_status_against_the_range():
    readings = [
        lab_reading(lab("vitamin_d_25oh", 49.9, "nmol/L"), units=units, **PATIENT)
        for units in ("entered", "si", "conventional")
    ]
    assert {reading.status for reading in readings} == {"low"}
    assert {reading.canonical for reading in readings} == {"20 ng/mL"}


def test_the_practice_setting_is_the_default_preference(settings):
    settings.PRACTICE_LAB_UNITS = "conventional"
    reading = lab_reading(lab("hemoglobin", 131, "g/L"), **PATIENT)
    assert reading.value_text == "13.1 g/dL (131 g/L)"
