"""The workup document: validation with field paths, and the canonical round trip.

Most cases start from the version 1 example, which every reader still accepts; what version 2
added is specified in test_document_v2.py."""

import copy
import json
from datetime import date
from pathlib import Path

import pytest

from workup.document import DocumentError, document_from_facts, facts_from_document
from workup.rules.facts import Gut, Lifestyle, Pain

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "documents"
TODAY = date(2026, 11, 24)


def example() -> dict:
    return json.loads((FIXTURES / "spec_example.json").read_text(encoding="utf-8"))


def parse(doc, today=TODAY):
    return facts_from_document(doc, today=today)


def error_of(doc, today=TODAY) -> str:
    with pytest.raises(DocumentError) as info:
        facts_from_document(doc, today=today)
    return str(info.value)


def changed(path: str, value, doc=None) -> dict:
    """The example with `path` ('a.b[0].c') set to `value`; the special value DELETE removes it."""
    doc = copy.deepcopy(doc or example())
    target = doc
    keys = _split(path)
    for key in keys[:-1]:
        target = target[key]
    if value is DELETE:
        del target[keys[-1]]
    else:
        target[keys[-1]] = value
    return doc


DELETE = object()


def _split(path: str) -> list:
    keys: list = []
    for part in path.split("."):
        name, *indexes = part.replace("]", "").split("[")
        if name:
            keys.append(name)
        keys.extend(int(i) for i in indexes)
    return keys


# --- Round trip -------------------------------------------------------------------------------


def as_version_2(doc: dict) -> dict:
    return {**doc, "format": "fibro-workup/2"}


def test_spec_example_exports_as_its_version_2_equivalent_including_key_order():
    doc = example()
    out = document_from_facts(parse(doc))
    assert out == as_version_2(doc)
    assert json.dumps(out) == json.dumps(as_version_2(doc))


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.json")), ids=lambda p: p.stem)
def test_every_fixture_document_round_trips(path):
    """Version 2 fixtures come back exactly; version 1 fixtures come back as version 2, which
    then comes back exactly."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    out = document_from_facts(parse(doc))
    assert out == as_version_2(doc)
    assert json.dumps(out) == json.dumps(as_version_2(doc))
    assert document_from_facts(parse(out)) == out


def test_export_is_canonical_and_stable():
    doc = {
        "format": "fibro-workup/1",
        "patient": example()["patient"],
        "visit_date": "2026-11-20",
        "pain": {"sss": {"fatigue": 2}, "wpi_areas": ["neck", "left_jaw"]},
        "exclusions": [{"condition": "hiv", "status": "ruled_out", "note": ""}],
        "labs": [{"analyte": "ana", "value": 160.0, "unit": "titer", "collected_on": "2026-11-01",
                  "ref_low": None}],
        "treatments": [{"drug": "ssri", "weeks": 8.0, "response": "none", "dose": None}],
        "lifestyle": {"diets_tried": None},
        "gut": {},
        "hormones": None,
        "mental": {"phq9_items": None},
    }  # fmt: skip
    out = document_from_facts(parse(doc))
    assert out == {
        "format": "fibro-workup/2",
        "patient": example()["patient"],
        "visit_date": "2026-11-20",
        "pain": {
            "wpi_areas": ["left_jaw", "neck"],
            "sss": {
                "fatigue": 2, "waking_unrefreshed": None, "cognitive": None, "headaches": None,
                "lower_abdominal_pain": None, "depression": None,
            },
            "symptom_duration_months": None,
            "pain_nrs": None,
            "fiqr_total": None,
        },
        "exclusions": [{"condition": "hiv", "status": "ruled_out"}],
        "labs": [{"analyte": "ana", "value": 160, "unit": "titer", "collected_on": "2026-11-01"}],
        "treatments": [
            {"drug": "ssri", "weeks": 8, "response": "none", "stopped_for_adverse_effects": False}
        ],
        "lifestyle": {
            "aerobic_minutes_per_week": None, "strength_sessions_per_week": None,
            "sleep_hours": None, "psqi_global": None, "isi_total": None, "stop_bang": None,
            "diet_pattern": None, "diets_tried": [], "height_cm": None, "weight_kg": None,
        },
        "gut": {
            "symptoms": [], "rome_iv_ibs": None, "microbiome_test": "not_done",
            "sibo_breath_test": "not_done", "probiotic_trial": "not_tried",
        },
        "mental": {
            "phq9_items": None, "gad7_items": None, "pss10_total": None, "ace_score": None,
            "pc_ptsd5": None,
        },
    }  # fmt: skip
    assert document_from_facts(parse(out)) == out


def test_minimal_document_exports_without_optional_sections():
    doc = {"format": "fibro-workup/1", "patient": example()["patient"], "visit_date": "2026-11-20"}
    facts = parse(doc)
    assert facts.pain is None and facts.treatments is None and facts.labs == ()
    assert document_from_facts(facts) == as_version_2(doc)


def test_null_sections_are_absent_sections():
    doc = example()
    for key in ("pain", "exclusions", "labs", "treatments", "lifestyle", "gut", "hormones",
                "mental"):  # fmt: skip
        doc[key] = None
    facts = parse(doc)
    assert facts.treatments is None and facts.exclusions == () and facts.labs == ()
    assert facts.pain is facts.lifestyle is facts.gut is facts.hormones is facts.mental is None


def test_empty_treatment_list_is_kept_apart_from_an_absent_section():
    assert parse(changed("treatments", [])).treatments == ()
    assert document_from_facts(parse(changed("treatments", [])))["treatments"] == []
    assert "treatments" not in document_from_facts(parse(changed("treatments", DELETE)))


def test_defaults_inside_present_sections():
    assert parse(changed("gut", {})).gut == Gut()
    assert parse(changed("lifestyle", {})).lifestyle == Lifestyle()
    assert parse(changed("pain", {})).pain == Pain()
    trial = parse(changed("treatments", [{"drug": "tramadol", "weeks": 5, "response": "good"}]))
    assert trial.treatments[0].stopped_for_adverse_effects is False


def test_lab_values_keep_their_entered_unit_and_number_type():
    entered = {"analyte": "vitamin_d_25oh", "value": 45.5, "unit": "nmol/L"}
    dates = {"collected_on": "2026-11-01"}
    doc = changed("labs", [{**entered, **dates, "ref_low": 75, "ref_high": 250.0}])
    out = document_from_facts(parse(doc))
    assert out["labs"] == [{**entered, **dates, "ref_low": 75, "ref_high": 250}]


def test_integral_floats_are_accepted_for_integers():
    facts = parse(changed("pain.symptom_duration_months", 14.0))
    assert facts.pain.symptom_duration_months == 14
    assert isinstance(facts.pain.symptom_duration_months, int)


def test_a_lab_collected_after_the_visit_but_not_in_the_future_is_accepted():
    doc = changed("labs[0].collected_on", "2026-11-23")
    assert parse(doc).labs[0].collected_on == date(2026, 11, 23)


def test_a_visit_today_is_accepted():
    assert parse(changed("visit_date", "2026-11-24")).visit_date == TODAY


# --- Errors: one message, naming the field path -------------------------------------------------

ERRORS = [
    ("labs[0].unit", "mg", "labs[0].unit: 'mg' is not a unit of tsh; use mIU/L or uIU/mL"),
    ("mental.phq9_items[8]", 4, "mental.phq9_items[8]: must be 0-3, got 4"),
    ("mental.phq9_items[0]", -1, "mental.phq9_items[0]: must be 0-3, got -1"),
    ("mental.phq9_items[3]", True, "mental.phq9_items[3]: must be an integer 0-3, got true"),
    ("mental.phq9_items[3]", 1.5, "mental.phq9_items[3]: must be an integer, got 1.5"),
    ("mental.phq9_items", [1, 1], "mental.phq9_items: must have exactly 9 items, got 2"),
    ("mental.gad7_items", [0] * 8, "mental.gad7_items: must have exactly 7 items, got 8"),
    ("mental.gad7_items", "0000000", "mental.gad7_items: must be an array, got string '0000000'"),
    ("mental.pss10_total", 41, "mental.pss10_total: must be 0-40, got 41"),
    ("mental.ace_score", 11, "mental.ace_score: must be 0-10, got 11"),
    ("mental.pc_ptsd5", 6, "mental.pc_ptsd5: must be 0-5, got 6"),
    ("mental.extra", 1, "mental.extra: unknown key"),
    ("pain.foo", 1, "pain.foo: unknown key"),
    ("pain.sss.fatigue", 4, "pain.sss.fatigue: must be 0-3, got 4"),
    ("pain.sss.fatigue", True, "pain.sss.fatigue: must be an integer 0-3, got true"),
    ("pain.sss.headaches", 1, "pain.sss.headaches: must be true or false, got 1"),
    ("pain.sss.headache", True, "pain.sss.headache: unknown key"),
    ("pain.sss", [], "pain.sss: must be an object, got an array"),
    ("pain.symptom_duration_months", 2.5,
     "pain.symptom_duration_months: must be an integer, got 2.5"),
    ("pain.symptom_duration_months", -1, "pain.symptom_duration_months: must be 0-1200, got -1"),
    ("pain.symptom_duration_months", "14",
     "pain.symptom_duration_months: must be an integer 0-1200, got string '14'"),
    ("pain.pain_nrs", 11, "pain.pain_nrs: must be 0-10, got 11"),
    ("pain.pain_nrs", 6.5, "pain.pain_nrs: must be an integer, got 6.5"),
    ("pain.fiqr_total", 100.5, "pain.fiqr_total: must be 0-100, got 100.5"),
    ("pain.fiqr_total", False, "pain.fiqr_total: must be a number 0-100, got false"),
    ("pain.wpi_areas", ["neck", "neck"], "pain.wpi_areas[1]: 'neck' is listed twice (also at [0])"),
    ("pain.wpi_areas[0]", "knee", "pain.wpi_areas[0]: 'knee' is not one of left_jaw, right_jaw, "
     "left_shoulder_girdle, right_shoulder_girdle, left_upper_arm, right_upper_arm, "
     "left_lower_arm, right_lower_arm, left_hip, right_hip, left_upper_leg, right_upper_leg, "
     "left_lower_leg, right_lower_leg, neck, upper_back, lower_back, chest, abdomen"),
    ("pain.wpi_areas", "neck", "pain.wpi_areas: must be an array, got string 'neck'"),
    ("pain", [], "pain: must be an object, got an array"),
    ("foo", 1, "foo: unknown key"),
    ("format", "fibro-workup/3",
     "format: must be 'fibro-workup/1' or 'fibro-workup/2', got string 'fibro-workup/3'"),
    ("format", 1, "format: must be 'fibro-workup/1' or 'fibro-workup/2', got 1"),
    ("format", DELETE, "format: required"),
    ("patient", DELETE, "patient: required"),
    ("patient.mrn", DELETE, "patient.mrn: required"),
    ("patient.mrn", "  ", "patient.mrn: must not be blank"),
    ("patient.mrn", 1001, "patient.mrn: must be a string, got 1001"),
    ("patient.mrn", "x" * 65, "patient.mrn: must be at most 64 characters, got 65"),
    ("patient.given_name", "A\x00na", "patient.given_name: must not contain NUL characters"),
    ("patient.sex_at_birth", "f",
     "patient.sex_at_birth: 'f' is not one of female, male, intersex, unknown"),
    ("patient.date_of_birth", "02/04/1978",
     "patient.date_of_birth: must be an ISO date (YYYY-MM-DD), got string '02/04/1978'"),
    ("patient.date_of_birth", "1978-02-30",
     "patient.date_of_birth: '1978-02-30' is not a valid date"),
    ("patient.date_of_birth", "2026-11-21",
     "patient.date_of_birth: 2026-11-21 is after the visit date 2026-11-20"),
    ("patient.nickname", "A", "patient.nickname: unknown key"),
    ("visit_date", "2026-W47-5",
     "visit_date: must be an ISO date (YYYY-MM-DD), got string '2026-W47-5'"),
    ("visit_date", "20261120",
     "visit_date: must be an ISO date (YYYY-MM-DD), got string '20261120'"),
    ("visit_date", "2026-11-25", "visit_date: 2026-11-25 is in the future"),
    ("visit_date", DELETE, "visit_date: required"),
    ("exclusions[0].condition", "gout", "exclusions[0].condition: 'gout' is not one of "
     "rheumatoid_arthritis, sle, sjogren, polymyalgia_rheumatica, spondyloarthritis, "
     "inflammatory_myopathy, hypothyroidism, hyperthyroidism, hepatitis_c, hepatitis_b, hiv, "
     "lyme, drug_induced_myalgia, sleep_apnoea, anaemia, hyperparathyroidism, neuropathy, "
     "multiple_sclerosis, malignancy, adrenal_insufficiency"),
    ("exclusions[0].status", "excluded", "exclusions[0].status: 'excluded' is not one of "
     "not_assessed, pending, ruled_out, unlikely, possible, confirmed"),
    ("exclusions[0].status", DELETE, "exclusions[0].status: required"),
    ("exclusions[0].note", 5, "exclusions[0].note: must be a string, got 5"),
    ("exclusions[0].date", "2026-11-01", "exclusions[0].date: unknown key"),
    ("exclusions", {}, "exclusions: must be an array, got an object"),
    ("exclusions[0]", "hiv", "exclusions[0]: must be an object, got string 'hiv'"),
    ("labs[0].analyte", "vitd", "labs[0].analyte: 'vitd' is not an analyte of the lab catalogue"),
    ("labs[0].value", -0.1, "labs[0].value: must be 0-1000000, got -0.1"),
    ("labs[0].value", "2.1", "labs[0].value: must be a number 0-1000000, got string '2.1'"),
    ("labs[0].value", True, "labs[0].value: must be a number 0-1000000, got true"),
    ("labs[0].value", 1_000_001, "labs[0].value: must be 0-1000000, got 1000001"),
    ("labs[0].value", 1e308, "labs[0].value: must be 0-1000000, got 1e+308"),
    ("labs[0].value", float("nan"), "labs[0].value: must be a finite number, got nan"),
    ("labs[0].value", DELETE, "labs[0].value: required"),
    ("labs[0].unit", "miu/l", "labs[0].unit: 'miu/l' is not a unit of tsh; use mIU/L or uIU/mL"),
    ("labs[0].collected_on", "2026-11-25", "labs[0].collected_on: 2026-11-25 is in the future"),
    ("labs[0].collected_on", "1978-04-01",
     "labs[0].collected_on: 1978-04-01 is before the date of birth 1978-04-02"),
    ("labs[0].ref_low", 5, "labs[0].ref_high: must not be below ref_low (5), got 4"),
    ("labs[0].ref_high", "4.0", "labs[0].ref_high: must be a number 0-1000000, got string '4.0'"),
    ("labs[0].flag", "H", "labs[0].flag: unknown key"),
    ("treatments[0].drug", "aspirin", "treatments[0].drug: 'aspirin' is not one of duloxetine, "
     "milnacipran, pregabalin, gabapentin, amitriptyline, cyclobenzaprine, tramadol, nsaid, "
     "ssri, other"),
    ("treatments[0].weeks", 521, "treatments[0].weeks: must be 0-520, got 521"),
    ("treatments[0].weeks", 4.5, "treatments[0].weeks: must be an integer, got 4.5"),
    ("treatments[0].weeks", DELETE, "treatments[0].weeks: required"),
    ("treatments[0].response", "some", "treatments[0].response: 'some' is not one of none, "
     "minimal, partial, good"),
    ("treatments[0].stopped_for_adverse_effects", "no",
     "treatments[0].stopped_for_adverse_effects: must be true or false, got string 'no'"),
    ("treatments[0].dose", 60, "treatments[0].dose: must be a string, got 60"),
    ("treatments", {"drug": "duloxetine"}, "treatments: must be an array, got an object"),
    ("lifestyle.sleep_hours", 24.5, "lifestyle.sleep_hours: must be 0-24, got 24.5"),
    ("lifestyle.aerobic_minutes_per_week", 5001,
     "lifestyle.aerobic_minutes_per_week: must be 0-5000, got 5001"),
    ("lifestyle.aerobic_minutes_per_week", 30.5,
     "lifestyle.aerobic_minutes_per_week: must be an integer, got 30.5"),
    ("lifestyle.strength_sessions_per_week", 22,
     "lifestyle.strength_sessions_per_week: must be 0-21, got 22"),
    ("lifestyle.psqi_global", 22, "lifestyle.psqi_global: must be 0-21, got 22"),
    ("lifestyle.isi_total", 29, "lifestyle.isi_total: must be 0-28, got 29"),
    ("lifestyle.stop_bang", 9, "lifestyle.stop_bang: must be 0-8, got 9"),
    ("lifestyle.height_cm", 49.9, "lifestyle.height_cm: must be 50-250, got 49.9"),
    ("lifestyle.weight_kg", 401, "lifestyle.weight_kg: must be 20-400, got 401"),
    ("lifestyle.diet_pattern", "keto", "lifestyle.diet_pattern: 'keto' is not one of omnivore, "
     "vegetarian, vegan, mediterranean, other"),
    ("lifestyle.diets_tried", ["low_fodmap", "low_fodmap"],
     "lifestyle.diets_tried[1]: 'low_fodmap' is listed twice (also at [0])"),
    ("lifestyle.diets_tried[0]", "keto", "lifestyle.diets_tried[0]: 'keto' is not one of "
     "hypocaloric, low_fodmap, plant_based, gluten_free, other"),
    ("gut.rome_iv_ibs", "yes", "gut.rome_iv_ibs: must be true or false, got string 'yes'"),
    ("gut.symptoms[0]", "cramps", "gut.symptoms[0]: 'cramps' is not one of bloating, "
     "abdominal_pain, diarrhoea, constipation, reflux, nausea, rectal_bleeding"),
    ("gut.microbiome_test", "abnormal", "gut.microbiome_test: 'abnormal' is not one of not_done, "
     "normal, dysbiosis"),
    ("gut.sibo_breath_test", True, "gut.sibo_breath_test: must be a string, got true"),
    ("gut.probiotic_trial", "yes", "gut.probiotic_trial: 'yes' is not one of not_tried, "
     "no_response, partial, good"),
    ("hormones.reproductive_stage", "menopause", "hormones.reproductive_stage: 'menopause' is not "
     "one of premenopausal, perimenopausal, postmenopausal, postpartum, pregnant, not_applicable"),
    ("hormones.cycle_related_flares", "ovulation", "hormones.cycle_related_flares: 'ovulation' is "
     "not one of none, follicular, menstrual, luteal, unknown"),
    ("hormones.hormone_therapy", "tes", "hormones.hormone_therapy: 'tes' is not one of none, "
     "contraceptive, hrt, other"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "value", "message"), ERRORS, ids=[e[0] for e in ERRORS])
def test_invalid_field_is_reported_with_its_path(path, value, message):
    doc = changed(path, value)
    if path == "labs[0].ref_low":
        doc["labs"][0]["ref_high"] = 4
    assert error_of(doc) == message


def test_wrong_unit_message_lists_the_accepted_units():
    doc = changed("labs", [{"analyte": "tsh", "value": 2, "unit": "mIU/L",
                            "collected_on": "2026-11-01"},
                           {"analyte": "ferritin", "value": 2, "unit": "mIU/L",
                            "collected_on": "2026-11-01"},
                           {"analyte": "ferritin", "value": 20, "unit": "mg",
                            "collected_on": "2026-11-01"}])  # fmt: skip
    assert error_of(doc) == "labs[1].unit: 'mIU/L' is not a unit of ferritin; use ng/mL or ug/L"
    doc["labs"][1]["unit"] = "ug/L"
    assert error_of(doc) == "labs[2].unit: 'mg' is not a unit of ferritin; use ng/mL or ug/L"


def test_a_condition_listed_twice_is_invalid():
    doc = changed("exclusions", [{"condition": "sle", "status": "ruled_out"},
                                 {"condition": "hiv", "status": "ruled_out"},
                                 {"condition": "sle", "status": "possible"}])  # fmt: skip
    assert error_of(doc) == "exclusions[2].condition: 'sle' is listed twice (also at exclusions[0])"


def test_document_must_be_an_object():
    assert error_of([]) == "document: must be an object, got an array"
    assert error_of("x") == "document: must be an object, got string 'x'"


def test_error_str_is_path_colon_message():
    error = DocumentError("labs[2].unit", "bad")
    assert str(error) == "labs[2].unit: bad"
    assert (error.path, error.message) == ("labs[2].unit", "bad")
    assert isinstance(error, ValueError)


def test_today_defaults_to_the_real_date():
    far = changed("visit_date", "2999-01-01")
    with pytest.raises(DocumentError, match="visit_date: 2999-01-01 is in the future"):
        facts_from_document(far)
    assert facts_from_document(changed("visit_date", "2000-01-01")).visit_date.year == 2000
