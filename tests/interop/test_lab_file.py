"""Reading a FHIR file of lab results (no database): what becomes a lab row, what is skipped
and why, and which files are refused as a whole."""

import json
from datetime import date

import pytest

from interop.fhir import codes
from interop.fhir.lab_import import (
    MAX_FILE_BYTES,
    LabFileRefused,
    PatientOnRecord,
    read_lab_file,
)
from workup.rules.facts import LabResult

SYSTEM = "https://clinic.example/mrn"
PATIENT = PatientOnRecord(mrn="F2002", date_of_birth=date(1980, 5, 17))
TODAY = date(2026, 12, 3)


def observation(loinc="3016-3", value=2.5, unit="mIU/L", ucum="m[IU]/L", **changes) -> dict:
    quantity = {"value": value, "unit": unit}
    if ucum:
        quantity |= {"system": codes.UCUM, "code": ucum}
    resource = {
        "resourceType": "Observation",
        "status": "final",
        "category": [{"coding": [{"system": codes.OBSERVATION_CATEGORY, "code": "laboratory"}]}],
        "code": {"coding": [{"system": codes.LOINC, "code": loinc}], "text": "the test"},
        "effectiveDateTime": "2026-11-20",
        "valueQuantity": quantity,
    }
    resource.update(changes)
    return {key: value for key, value in resource.items() if value is not None}


def patient(mrn="F2002", born="1980-05-17", system=SYSTEM) -> dict:
    person = {"resourceType": "Patient", "identifier": [{"system": system, "value": mrn}]}
    if born:
        person["birthDate"] = born
    return person


def bundle(*resources) -> dict:
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": resource} for resource in resources],
    }


def read(resource) -> object:
    raw = resource if isinstance(resource, bytes) else json.dumps(resource).encode()
    return read_lab_file(raw, patient=PATIENT, identifier_system=SYSTEM, today=TODAY)


def only_row(resource) -> LabResult:
    lab_file = read(resource)
    assert lab_file.skipped == (), [str(s) for s in lab_file.skipped]
    (row,) = lab_file.rows
    return row.lab


def only_skip(resource) -> str:
    lab_file = read(resource)
    assert lab_file.rows == ()
    (skipped,) = lab_file.skipped
    return skipped.reason


def refusal(resource) -> str:
    with pytest.raises(LabFileRefused) as refused:
        read(resource)
    return str(refused.value)


# --- What becomes a row ----------------------------------------------------------------------


def test_a_final_observation_of_the_catalogue_becomes_a_resulted_row_as_reported():
    row = only_row(observation(value=2.5))
    assert row == LabResult("tsh", 2.5, "mIU/L", date(2026, 11, 20))


@pytest.mark.parametrize(
    ("loinc", "unit", "code", "analyte", "catalogue_unit"),
    [
        ("3016-3", "uIU/mL", "u[IU]/mL", "tsh", "uIU/mL"),
        ("3016-3", "µIU/mL", None, "tsh", "uIU/mL"),
        ("11572-5", "kIU/L", "k[IU]/L", "rf", "kIU/L"),
        ("4537-7", "mm/hr", None, "esr", "mm/h"),
        ("19123-9", "mEq/L", "meq/L", "magnesium_serum", "mEq/L"),
        ("5763-8", "µmol/L", "umol/L", "zinc", "umol/L"),
        ("4548-4", "mmol/mol", "mmol/mol", "hba1c", "mmol/mol"),
        ("5048-4", "titer", "{titer}", "ana", "titer"),
    ],
)
def test_ucum_codes_and_common_spellings_map_to_the_catalogues_units(
    loinc, unit, code, analyte, catalogue_unit
):
    row = only_row(observation(loinc=loinc, value=160, unit=unit, ucum=code))
    assert (row.analyte, row.value, row.unit) == (analyte, 160, catalogue_unit)


@pytest.mark.parametrize("value", ["1:160", " 1 : 160 "])
def test_an_ana_titre_given_as_a_string_is_the_reciprocal_titre(value):
    resource = observation(loinc="5048-4", valueQuantity=None, valueString=value)
    assert only_row(resource).value == 160


def test_an_ana_titre_given_as_a_ratio_is_the_reciprocal_titre():
    resource = observation(loinc="5048-4")
    del resource["valueQuantity"]
    resource["valueRatio"] = {"numerator": {"value": 1}, "denominator": {"value": 320}}
    assert only_row(resource).value == 320


def test_the_laboratorys_range_in_the_values_unit_is_kept():
    resource = observation(
        referenceRange=[
            {"low": {"value": 0.35, "unit": "mIU/L"}, "high": {"value": 4.94, "unit": "mIU/L"}}
        ]
    )
    row = only_row(resource)
    assert (row.ref_low, row.ref_high) == (0.35, 4.94)


def test_a_range_given_as_text_only_is_no_range():
    row = only_row(observation(referenceRange=[{"text": "see report"}]))
    assert (row.ref_low, row.ref_high) == (None, None)


@pytest.mark.parametrize(
    ("status", "row_status"), [("registered", "pending"), ("cancelled", "not_done")]
)
def test_an_ordered_or_cancelled_test_becomes_a_row_without_a_value(status, row_status):
    resource = observation(status=status)
    del resource["valueQuantity"]
    row = only_row(resource)
    assert (row.status, row.value, row.unit) == (row_status, None, None)


@pytest.mark.parametrize("status", ["amended", "corrected"])
def test_an_amended_or_corrected_result_is_a_result(status):
    assert only_row(observation(status=status)).status == "resulted"


def test_a_date_time_with_an_offset_gives_the_laboratorys_date():
    row = only_row(observation(effectiveDateTime="2026-11-20T23:30:00+01:00"))
    assert row.collected_on == date(2026, 11, 20)


def test_six_decimal_places_are_kept_exactly():
    assert only_row(observation(value=0.123456)).value == 0.123456


# --- What is skipped, with its reason ----------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"status": "preliminary"}, "preliminary result"),
        ({"status": "entered-in-error"}, "entered in error"),
        ({"code": {"coding": [{"system": codes.LOINC, "code": "2345-7"}]}}, "LOINC 2345-7 is"),
        ({"code": {"text": "Glucose"}}, "it has no LOINC code"),
        ({"effectiveDateTime": None}, "no collection date"),
        ({"effectiveDateTime": "2026-11"}, "not a full date"),
        ({"effectiveDateTime": "2026-12-04"}, "2026-12-04 is in the future"),
        ({"effectiveDateTime": "1980-05-16"}, "before the patient's birth"),
        (
            {"category": [{"coding": [{"system": codes.OBSERVATION_CATEGORY, "code": "survey"}]}]},
            "not a laboratory result (category survey)",
        ),
    ],
)
def test_an_observation_that_cannot_be_a_lab_row_is_skipped_with_its_reason(changes, reason):
    assert reason in only_skip(observation(**changes))


@pytest.mark.parametrize(
    ("unit", "code", "reason"),
    [
        ("mg/mL", None, '"mg/mL" is not a unit of'),
        ("ng/mL", "ng/mL", "not a unit of"),
        (None, None, "its value has no unit"),
    ],
)
def test_a_wrong_or_missing_unit_skips_the_row_naming_the_accepted_units(unit, code, reason):
    quantity = {"value": 2.5}
    if unit:
        quantity["unit"] = unit
    if code:
        quantity |= {"system": codes.UCUM, "code": code}
    message = only_skip(observation(valueQuantity=quantity))
    assert reason.replace('"', "") in message.replace('"', "")
    if unit:
        assert "mIU/L" in message and "uIU/mL" in message


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (-0.1, "outside 0 to 1,000,000"),
        (1_000_000.5, "outside 0 to 1,000,000"),
        (0.1234567, "more than 6 decimal places"),
    ],
)
def test_a_value_the_labs_page_would_refuse_is_skipped(value, reason):
    assert reason in only_skip(observation(value=value))


@pytest.mark.parametrize("value", [0, 1_000_000])
def test_values_at_the_limits_are_imported(value):
    assert only_row(observation(value=value)).value == value


def test_a_missing_value_is_skipped():
    resource = observation()
    del resource["valueQuantity"]
    resource["dataAbsentReason"] = {"text": "haemolysed"}
    assert "gave no value" in only_skip(resource)


def test_a_range_in_another_unit_than_the_value_is_skipped():
    resource = observation(
        referenceRange=[{"high": {"value": 4, "unit": "uIU/mL", "system": codes.UCUM}}]
    )
    resource["valueQuantity"]["unit"] = "mIU/L"
    resource["valueQuantity"].pop("code")
    resource["referenceRange"][0]["high"]["unit"] = "ng/mL"
    assert "reference range is in another unit" in only_skip(resource)


def test_an_upside_down_range_is_skipped():
    resource = observation(
        referenceRange=[{"low": {"value": 5, "unit": "mIU/L"}, "high": {"value": 1}}]
    )
    assert "upside down" in only_skip(resource)


def test_the_same_result_twice_in_a_file_is_imported_once():
    lab_file = read(bundle(observation(), observation()))
    assert len(lab_file.rows) == 1
    assert "in the file twice" in lab_file.skipped[0].reason
    assert lab_file.skipped[0].entry == "entry 2"


def test_other_resources_of_a_bundle_are_counted_not_skipped():
    lab_file = read(
        bundle(
            patient(),
            observation(),
            {"resourceType": "Encounter", "status": "finished", "class": {"code": "AMB"}},
        )
    )
    assert len(lab_file.rows) == 1
    assert lab_file.other_resources == (("Encounter", 1), ("Patient", 1))


# --- Files refused as a whole ------------------------------------------------------------------


def test_invalid_json_is_refused_naming_where():
    assert refusal(b'{"resourceType": "Bundle",').startswith("The file is not valid JSON (line 1")


def test_text_that_is_not_utf8_is_refused():
    assert "not UTF-8" in refusal(b"\xff\xfe{}")


def test_json_that_is_not_a_resource_is_refused():
    assert "no resourceType" in refusal([1, 2])


@pytest.mark.parametrize("kind", ["Patient", "DiagnosticReport", "Nonsense"])
def test_a_resource_other_than_a_bundle_or_observation_is_refused(kind):
    assert f"a FHIR {kind}, which holds no lab results" in refusal({"resourceType": kind})


def test_a_bundle_of_another_resource_type_is_refused():
    message = refusal(bundle(patient(), patient(mrn="F2002")))
    assert message == "The Bundle holds no Observation, so no lab results (it holds 2 Patient)."


def test_an_empty_bundle_is_refused():
    assert "(it is empty)" in refusal(bundle())


def test_invalid_fhir_is_refused_naming_the_element():
    message = refusal(observation(valueQuantity={"value": "lots"}))
    assert message.startswith("The file is not valid FHIR R4: valueQuantity.value:")


def test_a_bundle_holding_an_unknown_resource_type_is_refused():
    assert "not valid FHIR R4" in refusal(bundle(observation(), {"resourceType": "Nope"}))


def test_a_file_over_the_size_limit_is_refused_before_it_is_read():
    raw = b" " * (MAX_FILE_BYTES + 1)
    assert refusal(raw) == "The file is too large: a FHIR lab file may be at most 2.0 MB."


def test_more_rows_than_a_lab_section_holds_are_refused():
    many = [
        observation(effectiveDateTime=f"2026-{1 + i // 28:02d}-{1 + i % 28:02d}")
        for i in range(201)
    ]
    assert "holds 201 lab results; at most 200" in refusal(bundle(*many))


# --- The patient -------------------------------------------------------------------------------


def test_a_patient_with_this_mrn_in_any_case_is_accepted():
    assert len(read(bundle(patient(mrn=" f2002 "), observation())).rows) == 1


def test_a_patient_with_another_mrn_is_refused():
    message = refusal(bundle(patient(mrn="X999"), observation()))
    assert message == (
        "The file is for another patient (MRN X999; this workup's patient is F2002): "
        "nothing was imported."
    )


def test_a_patient_without_an_mrn_of_this_practice_is_refused():
    assert "cannot be confirmed" in refusal(
        bundle(patient(system="https://elsewhere.example/id"), observation())
    )


def test_a_patient_born_on_another_day_is_refused():
    assert "born on 1980-05-18" in refusal(bundle(patient(born="1980-05-18"), observation()))


def test_an_observation_about_another_patient_by_identifier_is_refused():
    resource = observation(subject={"identifier": {"system": SYSTEM, "value": "X999"}})
    assert "about another patient" in refusal(resource)
