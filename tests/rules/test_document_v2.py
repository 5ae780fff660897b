"""What fibro-workup/2 adds to the document: medications, red flags, pending and not-done lab
rows, rectal bleeding, PHQ-9 and GAD-7 totals, bounded lists and text, and the characters text
may not hold. A version 1 document still reads, but may not use the keys version 2 added."""

import json

import pytest

from tests.rules.test_document import DELETE, FIXTURES, changed, error_of, parse
from workup.document import (
    MAX_LENGTHS,
    MAX_ROWS,
    document_from_facts,
    text_problem,
)
from workup.rules import vocab
from workup.rules.facts import LabResult, Medication, Mental, RedFlags

VERSION_1_FIXTURES = [p for p in sorted(FIXTURES.glob("*.json")) if not p.stem.endswith("_v2")]
VERSION_2_FIXTURES = sorted(FIXTURES.glob("*_v2.json"))


def example() -> dict:
    """The contract's version 2 example."""
    return json.loads((FIXTURES / "spec_example_v2.json").read_text(encoding="utf-8"))


def v2(path: str, value) -> dict:
    return changed(path, value, example())


def rows(n: int, row: dict) -> list[dict]:
    return [dict(row) for _ in range(n)]


TSH = {"analyte": "tsh", "value": 2.1, "unit": "mIU/L", "collected_on": "2026-11-01"}
STATIN = {"name": "atorvastatin", "class": "statin"}
TRIAL = {"drug": "duloxetine", "weeks": 12, "response": "none"}


# --- Round trip -----------------------------------------------------------------------------------


def test_the_contract_example_round_trips_exactly_including_key_order():
    doc = example()
    assert json.dumps(document_from_facts(parse(doc))) == json.dumps(doc)


@pytest.mark.parametrize("path", VERSION_2_FIXTURES, ids=lambda p: p.stem)
def test_each_version_2_fixture_is_canonical(path):
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["format"] == "fibro-workup/2"
    assert json.dumps(document_from_facts(parse(doc))) == json.dumps(doc)


def test_the_new_fields_become_facts():
    facts = parse(example())
    assert facts.medications == (
        Medication("atorvastatin", "statin", "20 mg at night"),
        Medication("amitriptyline", "tricyclic", "10 mg at night"),
    )
    assert facts.red_flags == RedFlags(
        weight_loss=False, fever=False, night_sweats=False, morning_stiffness_over_60_min=False,
        joint_swelling=False, proximal_weakness=False, new_headache=False,
        focal_neurological_signs=False,
    )  # fmt: skip
    ck = facts.labs[1]
    assert ck == LabResult("ck", None, None, ck.collected_on, status="pending")
    assert not facts.labs[1].is_resulted and facts.labs[0].is_resulted


def test_totals_become_facts_and_export_beside_the_items_keys():
    doc = v2("mental", {"phq9_total": 21, "phq9_item9": 1, "gad7_total": 15})
    facts = parse(doc)
    assert facts.mental == Mental(phq9_total=21, phq9_item9=1, gad7_total=15)
    assert document_from_facts(facts)["mental"] == {
        "phq9_items": None, "phq9_total": 21, "phq9_item9": 1, "gad7_items": None,
        "gad7_total": 15, "pss10_total": None, "ace_score": None, "pc_ptsd5": None,
    }  # fmt: skip


def test_a_phq9_total_beside_gad7_items_is_fine():
    doc = v2("mental", {"phq9_total": 5, "phq9_item9": 0, "gad7_items": [1] * 7})
    assert parse(doc).mental == Mental(phq9_total=5, phq9_item9=0, gad7_items=(1,) * 7)
    assert document_from_facts(parse(doc))["mental"]["gad7_items"] == [1] * 7


# --- Absent, null and empty ---------------------------------------------------------------------


def test_medications_absent_null_or_empty():
    assert parse(v2("medications", DELETE)).medications is None
    assert parse(v2("medications", None)).medications is None
    assert parse(v2("medications", [])).medications == ()
    assert document_from_facts(parse(v2("medications", [])))["medications"] == []
    assert "medications" not in document_from_facts(parse(v2("medications", DELETE)))


def test_red_flags_absent_null_partial():
    assert parse(v2("red_flags", DELETE)).red_flags is None
    assert parse(v2("red_flags", None)).red_flags is None
    assert parse(v2("red_flags", {})).red_flags == RedFlags()
    assert parse(v2("red_flags", {"fever": True})).red_flags == RedFlags(fever=True)
    exported = document_from_facts(parse(v2("red_flags", {"fever": True})))["red_flags"]
    assert list(exported) == list(vocab.RED_FLAGS)
    assert exported == {**dict.fromkeys(vocab.RED_FLAGS), "fever": True}


def test_a_lab_status_absent_or_null_is_resulted_and_is_not_exported():
    for status in (None, "resulted"):
        doc = v2("labs[0].status", status)
        assert parse(doc).labs[0].status == "resulted"
        assert "status" not in document_from_facts(parse(doc))["labs"][0]


@pytest.mark.parametrize("status", ["pending", "not_done"])
def test_a_pending_or_not_done_row_may_give_its_result_fields_as_null(status):
    row = {"analyte": "ck", "status": status, "value": None, "unit": None, "ref_low": None,
           "ref_high": None, "collected_on": "2026-11-18"}  # fmt: skip
    facts = parse(v2("labs", [row]))
    assert facts.labs[0].status == status and facts.labs[0].value is None
    assert document_from_facts(facts)["labs"] == [
        {"analyte": "ck", "status": status, "collected_on": "2026-11-18"}
    ]


def test_a_medication_dose_is_optional_and_an_empty_dose_is_none():
    doc = v2("medications", [{"name": "tramadol", "class": "opioid", "dose": ""}, STATIN])
    assert parse(doc).medications == (
        Medication("tramadol", "opioid"),
        Medication("atorvastatin", "statin"),
    )
    assert document_from_facts(parse(doc))["medications"] == [
        {"name": "tramadol", "class": "opioid"},
        {"name": "atorvastatin", "class": "statin"},
    ]


@pytest.mark.parametrize("drug_class", vocab.MEDICATION_CLASSES)
def test_every_medication_class_is_accepted(drug_class):
    doc = v2("medications", [{"name": "x", "class": drug_class}])
    assert parse(doc).medications[0].drug_class == drug_class


def test_rectal_bleeding_is_a_gut_symptom():
    doc = v2("gut.symptoms", ["rectal_bleeding", "bloating"])
    assert parse(doc).gut.symptoms == ("bloating", "rectal_bleeding")


# --- Errors naming the field path -------------------------------------------------------------

ERRORS = [
    ("medications", {}, "medications: must be an array, got an object"),
    ("medications[0]", "statin", "medications[0]: must be an object, got string 'statin'"),
    ("medications[0].name", DELETE, "medications[0].name: required"),
    ("medications[0].name", None, "medications[0].name: required"),
    ("medications[0].name", "", "medications[0].name: must not be blank"),
    ("medications[0].name", "   ", "medications[0].name: must not be blank"),
    ("medications[0].name", 12, "medications[0].name: must be a string, got 12"),
    ("medications[0].class", DELETE, "medications[0].class: required"),
    ("medications[0].class", "beta_blocker", "medications[0].class: 'beta_blocker' is not one "
     "of statin, opioid, tricyclic, snri, ssri, gabapentinoid, benzodiazepine, z_drug, "
     "muscle_relaxant, corticosteroid, nsaid, thyroid_hormone, other"),
    ("medications[0].drug_class", "statin", "medications[0].drug_class: unknown key"),
    ("medications[0].dose", 20, "medications[0].dose: must be a string, got 20"),
    ("red_flags", [], "red_flags: must be an object, got an array"),
    ("red_flags.fever", "yes", "red_flags.fever: must be true or false, got string 'yes'"),
    ("red_flags.fever", 1, "red_flags.fever: must be true or false, got 1"),
    ("red_flags.chest_pain", True, "red_flags.chest_pain: unknown key"),
    ("labs[1].status", "ordered",
     "labs[1].status: 'ordered' is not one of resulted, pending, not_done"),
    ("labs[1].status", True, "labs[1].status: must be a string, got true"),
    ("labs[1].value", 300, "labs[1].value: must be absent or null when status is pending, got 300"),
    ("labs[1].unit", "U/L",
     "labs[1].unit: must be absent or null when status is pending, got string 'U/L'"),
    ("labs[1].ref_low", 0, "labs[1].ref_low: must be absent or null when status is pending, got 0"),
    ("labs[1].ref_high", 200,
     "labs[1].ref_high: must be absent or null when status is pending, got 200"),
    ("labs[1].collected_on", DELETE, "labs[1].collected_on: required"),
    ("labs[1].collected_on", "2026-11-25", "labs[1].collected_on: 2026-11-25 is in the future"),
    ("labs[1].status", "resulted", "labs[1].value: required"),
    ("mental.phq9_total", 28, "mental.phq9_total: must be 0-27, got 28"),
    ("mental.phq9_total", -1, "mental.phq9_total: must be 0-27, got -1"),
    ("mental.phq9_total", 20.5, "mental.phq9_total: must be an integer, got 20.5"),
    ("mental.gad7_total", 22, "mental.gad7_total: must be 0-21, got 22"),
    ("mental.gad7_total", "15", "mental.gad7_total: must be an integer 0-21, got string '15'"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "value", "message"),
    ERRORS,
    ids=[f"{e[0]}={e[1]!r}" for e in ERRORS],
)
def test_invalid_new_field_is_reported_with_its_path(path, value, message):
    doc = v2(path, value)
    if path.startswith("mental.phq9_total"):
        doc["mental"] = {"phq9_total": value, "phq9_item9": 0}
    if path.startswith("mental.gad7_total"):
        doc["mental"] = {"gad7_total": value}
    assert error_of(doc) == message


def test_a_resulted_row_needs_value_and_unit():
    assert error_of(v2("labs[0].value", None)) == "labs[0].value: required"
    assert error_of(v2("labs[0].unit", DELETE)) == "labs[0].unit: required"


# --- PHQ-9 and GAD-7 totals ---------------------------------------------------------------------

MENTAL = [
    # (mental section, None if valid else the exact message)
    ({"phq9_total": 0, "phq9_item9": 0}, None),
    ({"phq9_total": 27, "phq9_item9": 3}, None),
    ({"phq9_total": 3, "phq9_item9": 3}, None),
    ({"phq9_total": 21, "phq9_item9": 1}, None),
    ({"gad7_total": 0}, None),
    ({"gad7_total": 21}, None),
    ({"phq9_items": None, "phq9_total": 4, "phq9_item9": 0, "gad7_items": None, "gad7_total": 3},
     None),
    ({"phq9_items": [1] * 9, "phq9_total": 9, "phq9_item9": 1},
     "mental.phq9_total: give the items or the total, not both"),
    ({"phq9_items": [1] * 9, "phq9_total": 9},
     "mental.phq9_total: give the items or the total, not both"),
    ({"gad7_items": [1] * 7, "gad7_total": 7},
     "mental.gad7_total: give the items or the total, not both"),
    ({"phq9_total": 12}, "mental.phq9_item9: required with phq9_total (the safety item is never "
     "left out)"),
    ({"phq9_total": 12, "phq9_item9": None}, "mental.phq9_item9: required with phq9_total (the "
     "safety item is never left out)"),
    ({"phq9_item9": 1}, "mental.phq9_item9: give it only with phq9_total"),
    ({"phq9_items": [0] * 9, "phq9_item9": 1},
     "mental.phq9_item9: give it only with phq9_total; phq9_items already hold item 9"),
    ({"phq9_total": 2, "phq9_item9": 3}, "mental.phq9_item9: must not be above phq9_total (2), "
     "got 3"),
    ({"phq9_total": 0, "phq9_item9": 1}, "mental.phq9_item9: must not be above phq9_total (0), "
     "got 1"),
    ({"phq9_total": 12, "phq9_item9": 4}, "mental.phq9_item9: must be 0-3, got 4"),
    ({"phq9_total": 12, "phq9_item9": -1}, "mental.phq9_item9: must be 0-3, got -1"),
    ({"phq9_total": 12, "phq9_item9": True}, "mental.phq9_item9: must be an integer 0-3, got true"),
]  # fmt: skip


@pytest.mark.parametrize(("mental", "message"), MENTAL, ids=[str(m) for m, _ in MENTAL])
def test_phq9_and_gad7_as_items_or_totals(mental, message):
    doc = v2("mental", mental)
    if message is None:
        facts = parse(doc)
        assert document_from_facts(parse(document_from_facts(facts))) == document_from_facts(facts)
    else:
        assert error_of(doc) == message


# --- Bounds: at the limit, and one over ---------------------------------------------------------

LIST_BOUNDS = [
    ("labs", MAX_ROWS["labs"], TSH),
    ("medications", MAX_ROWS["medications"], STATIN),
    ("treatments", MAX_ROWS["treatments"], TRIAL),
]


def test_the_list_bounds_are_the_contracts():
    assert MAX_ROWS == {"labs": 200, "treatments": 50, "medications": 50}
    assert MAX_ROWS["labs"] == vocab.MAX_LAB_ROWS
    assert MAX_ROWS["medications"] == vocab.MAX_MEDICATIONS


@pytest.mark.parametrize(("key", "limit", "row"), LIST_BOUNDS, ids=[b[0] for b in LIST_BOUNDS])
def test_a_list_at_its_limit_is_accepted_and_one_more_row_is_not(key, limit, row):
    assert len(getattr(parse(v2(key, rows(limit, row))), key)) == limit
    assert error_of(v2(key, rows(limit + 1, row))) == (
        f"{key}: must have at most {limit} rows, got {limit + 1}"
    )


TEXT_BOUNDS = [
    ("patient.mrn", 64),
    ("patient.given_name", 150),
    ("patient.family_name", 150),
    ("medications[0].name", 150),
    ("medications[0].dose", 200),
    ("treatments[0].dose", 200),
    ("exclusions[0].note", 2000),
]


def test_the_text_bounds_are_the_contracts():
    assert MAX_LENGTHS == {
        "mrn": 64, "given_name": 150, "family_name": 150, "medication_name": 150, "note": 2000,
        "dose": 200,
    }  # fmt: skip


@pytest.mark.parametrize(("path", "limit"), TEXT_BOUNDS, ids=[b[0] for b in TEXT_BOUNDS])
def test_text_at_its_limit_is_accepted_and_one_character_more_is_not(path, limit):
    parse(v2(path, "x" * limit))
    assert error_of(v2(path, "x" * (limit + 1))) == (
        f"{path}: must be at most {limit} characters, got {limit + 1}"
    )


def test_the_limit_counts_characters_not_bytes():
    parse(v2("medications[0].name", "é" * 150))
    parse(v2("exclusions[0].note", "𝄞" * 2000))


def test_one_row_per_condition_bounds_the_exclusions():
    every = [{"condition": c, "status": "ruled_out"} for c in vocab.CONDITIONS]
    assert len(parse(v2("exclusions", every)).exclusions) == len(vocab.CONDITIONS)
    again = [*every, {"condition": "sle", "status": "possible"}]
    assert error_of(v2("exclusions", again)) == (
        f"exclusions[{len(every)}].condition: 'sle' is listed twice (also at exclusions[1])"
    )


# --- Characters text may not hold -----------------------------------------------------------------

TEXT_FIELDS = [path for path, _ in TEXT_BOUNDS]
FORBIDDEN = [
    ("NUL", "\x00", "must not contain NUL characters"),
    ("C0 control", "\x07", "must not contain control characters (U+0007)"),
    ("escape", "\x1b[31m", "must not contain control characters (U+001B)"),
    ("DEL", "\x7f", "must not contain control characters (U+007F)"),
    ("C1 control", "\x85", "must not contain control characters (U+0085)"),
    ("lone high surrogate", "\ud800", "must not contain a lone surrogate (U+D800)"),
    ("lone low surrogate", "\udfff", "must not contain a lone surrogate (U+DFFF)"),
    ("LRE", "\u202a", "must not contain bidirectional control characters (U+202A)"),
    ("RLO", "\u202e", "must not contain bidirectional control characters (U+202E)"),
    ("LRI", "\u2066", "must not contain bidirectional control characters (U+2066)"),
    ("PDI", "\u2069", "must not contain bidirectional control characters (U+2069)"),
]


@pytest.mark.parametrize("path", TEXT_FIELDS)
@pytest.mark.parametrize(("name", "char", "message"), FORBIDDEN, ids=[f[0] for f in FORBIDDEN])
def test_forbidden_characters_in_any_text_field(path, name, char, message):
    assert error_of(v2(path, f"ab{char}cd")) == f"{path}: {message}"


@pytest.mark.parametrize("path", [p for p in TEXT_FIELDS if not p.endswith("note")])
@pytest.mark.parametrize("char", ["\n", "\r", "\t"], ids=["LF", "CR", "tab"])
def test_one_line_fields_refuse_line_breaks_and_tabs(path, char):
    assert error_of(v2(path, f"ab{char}cd")) == (
        f"{path}: must not contain line breaks or tabs (U+{ord(char):04X})"
    )


def test_a_note_keeps_its_line_breaks_and_tabs():
    note = "CK ordered 18 Nov.\r\nStatin started in March.\n\tDose up in October."
    facts = parse(v2("exclusions[0].note", note))
    assert facts.exclusions[0].note == note
    assert document_from_facts(facts)["exclusions"][0]["note"] == note


def test_ordinary_unicode_is_text():
    for value in ("Zoë Ó Briain", "Müller-Łukasz", "د. سلمى", "山田", "38 °C", "😀", "\u200f"):
        assert text_problem(value) is None
    parse(v2("patient.family_name", "د. سلمى"))


@pytest.mark.parametrize(("name", "char", "message"), FORBIDDEN, ids=[f[0] for f in FORBIDDEN])
def test_text_problem_is_the_shared_rule(name, char, message):
    assert text_problem(f"x{char}") == message
    assert text_problem(f"x{char}", multiline=True) == message
    assert text_problem("x") is None


def test_text_problem_allows_line_breaks_only_in_multiline_text():
    assert text_problem("a\nb") == "must not contain line breaks or tabs (U+000A)"
    assert text_problem("a\r\n\tb", multiline=True) is None


def test_a_surrogate_pair_from_json_is_one_character_not_a_lone_surrogate():
    pair = json.loads('"\\ud83d\\ude00 pill"')
    assert parse(v2("medications[0].name", pair)).medications[0].name == "😀 pill"
    lone = json.loads('"\\ud83d pill"')
    assert error_of(v2("medications[0].name", lone)) == (
        "medications[0].name: must not contain a lone surrogate (U+D83D)"
    )


def test_an_unknown_key_with_hostile_characters_is_named_escaped():
    doc = v2("red_flags", {"fe\u202ever\n\ud800": True})
    assert error_of(doc) == "red_flags.'fe\\u202ever\\n\\ud800': unknown key"


# --- Version 1 ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", VERSION_1_FIXTURES, ids=lambda p: p.stem)
def test_version_1_fixtures_still_read(path):
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["format"] == "fibro-workup/1"
    facts = parse(doc)
    assert facts.medications is None and facts.red_flags is None
    assert all(lab.is_resulted for lab in facts.labs)


def version_1(path: str, value) -> dict:
    doc = changed(path, value)
    assert doc["format"] == "fibro-workup/1"
    return doc


NEEDS_VERSION_2 = "needs format fibro-workup/2 (this document is fibro-workup/1)"
VERSION_2_ONLY = [
    ("medications", []),
    ("medications", [STATIN]),
    ("red_flags", {}),
    ("red_flags", None),
    ("labs[0].status", "resulted"),
    ("labs[0].status", "pending"),
    ("mental.phq9_total", 9),
    ("mental.phq9_item9", 0),
    ("mental.gad7_total", 7),
]


@pytest.mark.parametrize(
    ("path", "value"), VERSION_2_ONLY, ids=[f"{p}={v!r}" for p, v in VERSION_2_ONLY]
)
def test_a_version_1_document_may_not_use_what_version_2_added(path, value):
    assert error_of(version_1(path, value)) == f"{path}: {NEEDS_VERSION_2}"


def test_code_lists_are_the_current_ones_in_a_version_1_document_too():
    doc = version_1("gut.symptoms", ["bloating", "rectal_bleeding"])
    assert parse(doc).gut.symptoms == ("bloating", "rectal_bleeding")
    doc = version_1("labs[0]", {"analyte": "ttg_iga", "value": 3, "unit": "U/mL",
                                "collected_on": "2026-11-01"})  # fmt: skip
    assert parse(doc).labs[0].analyte == "ttg_iga"


def test_the_same_fields_read_once_the_document_says_version_2():
    for path, value in VERSION_2_ONLY:
        doc = version_1(path, value)
        doc["format"] = "fibro-workup/2"
        if path.startswith("labs"):
            doc["labs"][0] = {"analyte": "ck", "status": value, "collected_on": "2026-11-01"}
            if value == "resulted":
                doc["labs"][0] = {**TSH, "status": value}
        if path.startswith("mental"):
            doc["mental"] = {"phq9_total": 9, "phq9_item9": 0, "gad7_total": 7}
        parse(doc)


def test_a_version_1_document_exports_as_version_2_and_then_reads_as_it():
    doc = changed("format", "fibro-workup/1")
    out = document_from_facts(parse(doc))
    assert out["format"] == "fibro-workup/2"
    assert parse(out) == parse(doc)


# --- Invisible-only text is blank -----------------------------------------------------------------

REQUIRED_TEXT_FIELDS = [
    "patient.mrn",
    "patient.given_name",
    "patient.family_name",
    "medications[0].name",
]
INVISIBLE_ONLY = [
    ("zero-width space", "\u200b"),
    ("zero-width joiners between spaces", " \u200c\u200d "),
    ("word joiner and byte order mark", "\u2060\ufeff"),
    ("Hangul filler", "\u3164"),
]


@pytest.mark.parametrize("path", REQUIRED_TEXT_FIELDS)
@pytest.mark.parametrize(("case", "value"), INVISIBLE_ONLY, ids=[i[0] for i in INVISIBLE_ONLY])
def test_a_required_text_of_only_invisible_characters_is_blank(path, case, value):
    assert error_of(v2(path, value)) == f"{path}: must not be blank"


def test_a_name_with_an_invisible_character_inside_is_still_a_name():
    facts = parse(v2("medications[0].name", "atorva\u200bstatin"))
    assert facts.medications[0].name == "atorva\u200bstatin"
