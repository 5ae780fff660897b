"""import_workup and export_workup: import then export gives back the same document (a
fibro-workup/2 document exactly, a fibro-workup/1 document as its version 2 equivalent); patients
are matched by MRN or created; mismatches, invalid documents and unknown ids exit 2 with one
line on stderr (Django's "CommandError: " prefix, as evaluate_workup prints it)."""

import copy
import datetime
import io
import itertools
import json
import sys
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings

from accounts.roles import Role
from audit.models import AuditEvent
from patients.models import Patient
from tests.conftest import PASSWORD, make_user
from tests.patients.factories import make_patient
from tests.rules.strategies import documents
from tests.workup.factories import DOCUMENTS, load_document
from workup import services
from workup.document import DocumentError, document_from_facts, facts_from_document, text_problem
from workup.management.commands.export_workup import Command as ExportCommand
from workup.management.commands.import_workup import Command as ImportCommand
from workup.models import Workup
from workup.sections import ROW_RELATIONS
from workup.selectors import workup_document

pytestmark = pytest.mark.django_db


def run(command_class, name, *args, stdin: str | None = None) -> tuple[int, str, str]:
    """Run the command as manage.py would (errors become exit codes and stderr lines), in this
    process and inside the test's transaction (run_from_argv would close the connection)."""
    out, err = io.StringIO(), io.StringIO()
    command = command_class(stdout=out, stderr=err)
    old_stdin = sys.stdin
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode()), encoding="utf-8")
    try:
        with mock.patch("django.core.management.base.connections.close_all"):
            command.run_from_argv(["manage.py", name, *args])
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    finally:
        sys.stdin = old_stdin
    return code, out.getvalue(), err.getvalue()


def import_doc(tmp_path, doc, *args) -> tuple[int, str, str]:
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return run(ImportCommand, "import_workup", str(path), *args)


def export(workup_id) -> dict:
    code, out, err = run(ExportCommand, "export_workup", str(workup_id))
    assert code == 0, err
    return json.loads(out)


def canonical(doc: dict) -> dict:
    return document_from_facts(facts_from_document(doc))


@pytest.fixture(autouse=True)
def a_clinician(clinician):
    return clinician


# --- Round trip ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", DOCUMENTS, ids=[p.stem for p in DOCUMENTS])
def test_import_then_export_gives_back_each_fixture_document(tmp_path, path):
    doc = load_document(path)
    code, out, err = import_doc(tmp_path, doc)
    assert (code, err) == (0, "")
    exported = export(int(out))
    assert exported == canonical(doc)
    assert exported["format"] == "fibro-workup/2"
    if doc["format"] == "fibro-workup/2":
        assert json.dumps(exported) == json.dumps(doc), "same keys in the same order"
    else:
        assert exported == {**doc, "format": "fibro-workup/2"}


BASE = {
    "format": "fibro-workup/1",
    "patient": {
        "mrn": "V0001",
        "given_name": "Zoë",
        "family_name": "Ó Briain",
        "date_of_birth": "1980-02-29",
        "sex_at_birth": "intersex",
    },
    "visit_date": "2026-11-20",
}

VARIED = {
    "no optional section": {},
    "empty lists": {"exclusions": [], "labs": [], "treatments": []},
    "sections given as null": {
        "pain": None,
        "exclusions": None,
        "labs": None,
        "treatments": None,
        "lifestyle": None,
        "gut": None,
        "hormones": None,
        "mental": None,
    },
    "empty sections": {"pain": {}, "lifestyle": {}, "gut": {}, "hormones": {}, "mental": {}},
    "every field null": {
        "pain": {
            "wpi_areas": None,
            "sss": None,
            "symptom_duration_months": None,
            "pain_nrs": None,
            "fiqr_total": None,
        },
        "lifestyle": {"diets_tried": None, "sleep_hours": None, "weight_kg": None},
        "gut": {"symptoms": None, "rome_iv_ibs": None, "microbiome_test": None},
        "hormones": {"reproductive_stage": None},
        "mental": {"phq9_items": None, "gad7_items": None, "pss10_total": None},
    },
    "no painful area and a partial sss": {
        "pain": {"wpi_areas": [], "sss": {"fatigue": 0, "headaches": False}},
    },
    "decimals and units": {
        "pain": {"fiqr_total": 62.5},
        "labs": [
            {"analyte": "ana", "value": 0, "unit": "titer", "collected_on": "2026-11-01"},
            {"analyte": "hba1c", "value": 48.5, "unit": "mmol/mol", "collected_on": "2026-11-01"},
            {
                "analyte": "zinc",
                "value": 10.123456,
                "unit": "umol/L",
                "collected_on": "2026-10-01",
                "ref_low": 0.5,
            },
            {
                "analyte": "crp",
                "value": 1000000,
                "unit": "mg/L",
                "collected_on": "2026-10-01",
                "ref_low": 0,
                "ref_high": 0,
            },
        ],
        "lifestyle": {"sleep_hours": 6.25, "height_cm": 172.5, "weight_kg": 64},
    },
    "same analyte twice and notes": {
        "exclusions": [
            {"condition": "lyme", "status": "not_assessed"},
            {"condition": "sle", "status": "pending", "note": "ANA repeat — “soon”"},
            {"condition": "hiv", "status": "ruled_out", "note": ""},
        ],
        "labs": [
            {"analyte": "tsh", "value": 5, "unit": "mIU/L", "collected_on": "2026-01-01"},
            {"analyte": "tsh", "value": 2, "unit": "uIU/mL", "collected_on": "2026-06-01"},
        ],
        "treatments": [
            {"drug": "other", "weeks": 0, "response": "good"},
            {
                "drug": "tramadol",
                "weeks": 520,
                "response": "partial",
                "stopped_for_adverse_effects": True,
                "dose": "50 mg",
            },
        ],
    },
}


@pytest.mark.parametrize("name", VARIED)
def test_import_then_export_gives_back_varied_documents(tmp_path, name):
    doc = {**copy.deepcopy(BASE), **VARIED[name]}
    code, out, err = import_doc(tmp_path, doc)
    assert (code, err) == (0, "")
    assert export(int(out)) == canonical(doc)


BASE_V2 = {**BASE, "format": "fibro-workup/2"}
NO_RED_FLAG = dict.fromkeys(
    (
        "weight_loss", "fever", "night_sweats", "morning_stiffness_over_60_min", "joint_swelling",
        "proximal_weakness", "new_headache", "jaw_claudication", "visual_disturbance",
        "scalp_tenderness", "focal_neurological_signs",
    ),
    False,
)  # fmt: skip

VARIED_V2 = {
    "no current medicine": {"medications": []},
    "medications of every shape": {
        "medications": [
            {"name": "atorvastatin", "class": "statin", "dose": "20 mg at night"},
            {"name": "tramadol", "class": "opioid"},
            {"name": "zopiclone", "class": "z_drug", "dose": ""},
            {"name": "Müller's “herbal” tea", "class": "other", "dose": "d" * 200},
            {"name": "n" * 150, "class": "thyroid_hormone"},
        ]
    },
    "fifty medications": {"medications": [{"name": f"m{i}", "class": "other"} for i in range(50)]},
    "every red flag answered no": {"red_flags": NO_RED_FLAG},
    "red flags partly asked": {"red_flags": {"new_headache": True, "jaw_claudication": None}},
    "red flags section with nothing asked": {"red_flags": {}},
    "pending and not-done rows": {
        "labs": [
            {"analyte": "ck", "status": "pending", "collected_on": "2026-11-18"},
            {"analyte": "ttg_iga", "status": "not_done", "collected_on": "2026-11-18"},
            {"analyte": "tsh", "status": "resulted", "value": 2, "unit": "mIU/L",
             "collected_on": "2026-11-01"},
            {"analyte": "esr", "status": "pending", "value": None, "unit": None,
             "collected_on": "2026-11-19"},
        ]
    },
    "PHQ-9 and GAD-7 totals": {
        "mental": {"phq9_total": 21, "phq9_item9": 1, "gad7_total": 15, "pss10_total": 20}
    },
    "PHQ-9 total beside GAD-7 items": {
        "mental": {"phq9_total": 0, "phq9_item9": 0, "gad7_items": [3] * 7}
    },
    "rectal bleeding": {"gut": {"symptoms": ["rectal_bleeding", "bloating"]}},
    "a multi-line note": {
        "exclusions": [
            {"condition": "drug_induced_myalgia", "status": "pending",
             "note": "Statin since March.\r\nCK ordered.\n\tReview in 2 weeks."},
        ]
    },
    "longest MRN": {"patient": {**BASE["patient"], "mrn": "M" * 64}},
}  # fmt: skip


@pytest.mark.parametrize("name", VARIED_V2)
def test_import_then_export_gives_back_varied_version_2_documents(tmp_path, name):
    doc = {**copy.deepcopy(BASE_V2), **VARIED_V2[name]}
    code, out, err = import_doc(tmp_path, doc)
    assert (code, err) == (0, "")
    exported = export(int(out))
    assert exported == canonical(doc)
    assert json.dumps(exported) == json.dumps(canonical(doc))
    assert export(import_doc(tmp_path, exported)[1].strip()) == exported


def test_two_hundred_lab_rows_import_and_export(tmp_path):
    row = {"analyte": "crp", "value": 1, "unit": "mg/L", "collected_on": "2026-11-01"}
    pending = {"analyte": "ck", "status": "pending", "collected_on": "2026-11-02"}
    doc = {**copy.deepcopy(BASE_V2), "labs": [dict(row) for _ in range(199)] + [pending]}
    code, out, err = import_doc(tmp_path, doc)
    assert (code, err) == (0, "")
    assert export(int(out)) == canonical(doc)


_mrns = itertools.count(1)


def notes_are_text(doc: dict) -> bool:
    """Whether the generated notes hold only characters a note may hold."""
    notes = [row.get("note") or "" for row in doc.get("exclusions") or []]
    return all(text_problem(note, multiline=True) is None for note in notes)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(doc=documents().filter(lambda doc: notes_are_text(doc)))
def test_any_valid_document_comes_back_the_same_or_is_refused_naming_the_field(clinician, doc):
    doc["patient"]["mrn"] = f"H{next(_mrns):06d}"
    facts = facts_from_document(doc)
    try:
        result = services.workup_import(facts=facts)
    except DocumentError as error:
        assert "decimal" in str(error) and error.path.split(".")[0].split("[")[0] in (
            "pain",
            "labs",
            "lifestyle",
        )
        return
    workup = Workup.objects.get(pk=result.workup.pk)
    assert workup_document(workup) == document_from_facts(facts)
    assert json.dumps(workup_document(workup)) == json.dumps(document_from_facts(facts))


def test_a_signed_workup_exports_its_frozen_document(tmp_path, clinician):
    doc = load_document("spec_example")
    _, out, _ = import_doc(tmp_path, doc)
    workup = Workup.objects.get(pk=int(out))
    services.workup_sign(workup=workup, signer=clinician, password=PASSWORD)
    assert export(workup.pk) == canonical(doc)


def test_a_workup_signed_under_version_1_exports_as_version_2(tmp_path, clinician):
    """A signature frozen before version 2 keeps its fibro-workup/1 document; export prints
    the same facts as fibro-workup/2."""
    doc = load_document("spec_example")
    _, out, _ = import_doc(tmp_path, doc)
    workup = Workup.objects.get(pk=int(out))
    services.workup_sign(workup=workup, signer=clinician, password=PASSWORD)
    Workup.objects.filter(pk=workup.pk).update(signed_document=doc)
    assert Workup.objects.get(pk=workup.pk).signed_document["format"] == "fibro-workup/1"
    assert export(workup.pk) == {**doc, "format": "fibro-workup/2"}


def test_a_signed_version_2_workup_exports_its_frozen_document(tmp_path, clinician):
    doc = load_document("spec_example_v2")
    _, out, _ = import_doc(tmp_path, doc)
    workup = Workup.objects.get(pk=int(out))
    services.workup_sign(workup=workup, signer=clinician, password=PASSWORD)
    assert json.dumps(export(workup.pk)) == json.dumps(doc)


def test_export_reads_the_workup_its_sections_and_their_rows_in_one_query_each(tmp_path):
    _, out, _ = import_doc(tmp_path, load_document("spec_example_v2"))  # a row of every kind
    with CaptureQueriesContext(connection) as queries:
        export(int(out))
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT "workup_')]
    # The workup joined with its patient and sections, then one query per kind of row.
    assert len(reads) == 1 + len(ROW_RELATIONS), reads


# --- Patients ------------------------------------------------------------------------------------


def test_a_new_mrn_registers_the_patient(tmp_path):
    doc = load_document("spec_example")
    _, out, _ = import_doc(tmp_path, doc)
    patient = Patient.objects.get(mrn="A1001")
    assert (patient.given_name, patient.family_name) == ("Ana", "Silva")
    workup = Workup.objects.get(pk=int(out))
    assert workup.patient == patient and workup.status == "draft"
    assert patient.last_visit_on == workup.visit_date


def test_an_existing_mrn_matches_ignoring_case(tmp_path):
    patient = make_patient(mrn="a1001", given_name="Ana", family_name="Silva")
    code, out, _ = import_doc(tmp_path, load_document("spec_example"))
    assert code == 0
    assert Workup.objects.get(pk=int(out)).patient == patient
    assert Patient.objects.count() == 1


@pytest.mark.parametrize(
    "field, stored, message",
    [
        (
            "date_of_birth",
            "1978-04-03",
            "another date_of_birth (1978-04-03, document says 1978-04-02)",
        ),
        ("given_name", "Anna", "another given_name (Anna, document says Ana)"),
        ("family_name", "Silvia", "another family_name (Silvia, document says Silva)"),
        ("sex_at_birth", "male", "another sex_at_birth (male, document says female)"),
    ],
)
def test_an_existing_mrn_with_other_demographics_is_refused_naming_the_mismatch(
    tmp_path, field, stored, message
):
    demographics = {"mrn": "A1001", "given_name": "Ana", "family_name": "Silva"}
    value = datetime.date.fromisoformat(stored) if field == "date_of_birth" else stored
    make_patient(**{**demographics, field: value})
    code, out, err = import_doc(tmp_path, load_document("spec_example"))
    assert code == 2 and out == ""
    assert err == f"CommandError: patient A1001 exists with {message}\n"
    assert not Workup.objects.exists()


def test_an_archived_patient_gets_no_imported_workup(tmp_path):
    make_patient(mrn="A1001", given_name="Ana", family_name="Silva", is_active=False)
    code, out, err = import_doc(tmp_path, load_document("spec_example"))
    assert (code, out) == (2, "")
    assert err == (
        "CommandError: patient A1001 is archived: restore them before importing a workup\n"
    )
    assert not Workup.objects.exists()


def test_patient_details_the_register_refuses_exit_2_naming_the_field(tmp_path):
    doc = load_document("spec_example")
    doc["patient"]["mrn"] = "A 1001"
    code, _, err = import_doc(tmp_path, doc)
    assert code == 2
    assert err.startswith("CommandError: patient.mrn: ")
    assert not Patient.objects.exists()


# --- Clinician -----------------------------------------------------------------------------------


def test_the_draft_goes_to_the_named_clinician(tmp_path, other_clinician):
    _, out, _ = import_doc(tmp_path, load_document("spec_example"), "--clinician", "dr_chen")
    assert Workup.objects.get(pk=int(out)).clinician == other_clinician


def test_the_draft_goes_to_the_patients_primary_clinician(tmp_path, clinician, other_clinician):
    make_patient(mrn="A1001", primary_clinician=other_clinician)
    _, out, _ = import_doc(tmp_path, load_document("spec_example"))
    assert Workup.objects.get(pk=int(out)).clinician == other_clinician


def test_otherwise_the_first_active_clinician(tmp_path, clinician, other_clinician):
    _, out, _ = import_doc(tmp_path, load_document("spec_example"))
    assert Workup.objects.get(pk=int(out)).clinician == clinician


def test_an_unknown_or_non_clinician_username_exits_2(tmp_path, staff):
    for username in ("nobody", "front_desk"):
        code, _, err = import_doc(tmp_path, load_document("spec_example"), "--clinician", username)
        assert code == 2
        assert err == f"CommandError: no active clinician with the username {username!r}\n"


def test_without_any_clinician_the_import_exits_2(tmp_path, clinician):
    clinician.is_active = False
    clinician.save()
    code, _, err = import_doc(tmp_path, load_document("spec_example"))
    assert code == 2
    assert "no active clinician" in err
    assert not Patient.objects.exists()


# --- Errors --------------------------------------------------------------------------------------


def test_an_invalid_document_exits_2_naming_the_field(tmp_path):
    doc = load_document("spec_example")
    doc["mental"]["phq9_items"][8] = 4
    code, out, err = import_doc(tmp_path, doc)
    assert (code, out) == (2, "")
    assert err == "CommandError: invalid document: mental.phq9_items[8]: must be 0-3, got 4\n"


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("format", "fibro-workup/1",
         "medications: needs format fibro-workup/2 (this document is fibro-workup/1)"),
        ("medications", [{"name": "x", "class": "statin"}] * 51,
         "medications: must have at most 50 rows, got 51"),
        ("red_flags", {"fever": "yes"}, "red_flags.fever: must be true or false, got string 'yes'"),
        ("mental", {"phq9_total": 21}, "mental.phq9_item9: required with phq9_total (the safety "
         "item is never left out)"),
        ("patient", {**BASE["patient"], "given_name": "A\u202eB"},
         "patient.given_name: must not contain bidirectional control characters (U+202E)"),
    ],
)  # fmt: skip
def test_an_invalid_version_2_document_exits_2_and_stores_nothing(tmp_path, path, value, message):
    doc = {**load_document("spec_example_v2"), path: value}
    code, out, err = import_doc(tmp_path, doc)
    assert (code, out) == (2, "")
    assert err == f"CommandError: invalid document: {message}\n"
    assert not Workup.objects.exists() and not Patient.objects.exists()


def test_a_value_the_database_cannot_hold_exactly_exits_2(tmp_path):
    doc = load_document("spec_example")
    doc["labs"][0]["value"] = 2.1234567
    code, _, err = import_doc(tmp_path, doc)
    assert code == 2
    assert err == (
        "CommandError: invalid document: labs[0].value: can be stored with at most 6 decimal "
        "places\n"
    )
    assert not Workup.objects.exists()


def test_unreadable_input_exits_2_with_one_line(tmp_path):
    code, _, err = run(ImportCommand, "import_workup", str(tmp_path / "missing.json"))
    assert code == 2 and err.count("\n") == 1 and "cannot read" in err
    code, _, err = run(ImportCommand, "import_workup", "-", stdin="{nope")
    assert code == 2 and err.startswith("CommandError: invalid JSON: ")


def test_import_reads_stdin(tmp_path):
    doc = load_document("spec_example")
    code, out, _ = run(ImportCommand, "import_workup", "-", stdin=json.dumps(doc))
    assert code == 0
    assert export(int(out)) == canonical(doc)


@pytest.mark.parametrize("raw", ["999999", "abc", "-1", "99999999999999999999999"])
def test_export_of_an_unknown_id_exits_2(raw):
    code, out, err = run(ExportCommand, "export_workup", raw)
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert "does not exist" in err or "must be a number" in err


def test_import_and_export_are_audited_without_clinical_content(tmp_path):
    _, out, _ = import_doc(tmp_path, load_document("spec_example"))
    export(int(out))
    imported = AuditEvent.objects.get(action="workup.import")
    exported = AuditEvent.objects.get(action="workup.export")
    patient = Patient.objects.get(mrn="A1001")
    assert imported.patient_id == exported.patient_id == patient.pk
    assert imported.target_id == exported.target_id == out.strip()
    assert "Silva" not in json.dumps(imported.detail) + json.dumps(exported.detail)
    assert AuditEvent.objects.filter(action="patient.create", patient_id=patient.pk).exists()


def test_the_staff_role_cannot_be_given_an_import(tmp_path):
    make_user("desk2", Role.STAFF)
    code, _, err = import_doc(tmp_path, load_document("spec_example"), "--clinician", "desk2")
    assert code == 2
    assert "no active clinician with the username 'desk2'" in err
