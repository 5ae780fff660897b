"""Hostile and random input to every section form: never a server error, nothing stored
unescaped, and the stored section unchanged unless the input was valid. Hostile text in an
imported document is refused naming its field, and nothing is stored."""

import io
import json
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from patients.models import Patient
from tests.workup.factories import document_facts, load_document, make_workup
from tests.workup.formdata import section_data
from tests.workup.helpers import section_url, url
from workup import adapters
from workup.management.commands.import_workup import Command as ImportCommand
from workup.models import Workup
from workup.sections import SECTION_NAMES

HOSTILE = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "'; DROP TABLE workup_workup; --",
            "<script>alert(1)</script>",
            "\x00",
            "9" * 400,
            "1e999",
            "NaN",
            "-0",
            "\uff12",  # a full-width digit two
            "0000-00-00",
            "../../etc/passwd",
        ]
    ),
)
FIELDS = {
    "pain": ["fatigue", "headaches", "pain_nrs", "fiqr_total", "wpi_neck", "version"],
    "exclusions": [
        "exclusions-0-status",
        "exclusions-3-condition",
        "exclusions-1-note",
        "exclusions-TOTAL_FORMS",
    ],
    "labs": [
        "labs-0-analyte",
        "labs-0-value",
        "labs-0-unit",
        "labs-0-collected_on",
        "labs-1-ref_high",
        "labs-TOTAL_FORMS",
        "labs-0-DELETE",
    ],
    "treatments": ["trials-0-drug", "trials-0-weeks", "trials-0-dose", "none_tried"],
    "lifestyle": ["sleep_hours", "diets_tried", "diet_pattern", "height_cm"],
    "gut": ["symptoms", "rome_iv_ibs", "microbiome_test"],
    "hormones": ["reproductive_stage", "hormone_therapy"],
    "mental": ["phq9_1", "gad7_7", "pss10_total"],
    "medications": [
        "medications-0-name",
        "medications-0-drug_class",
        "medications-1-dose",
        "medications-TOTAL_FORMS",
        "none_taken",
    ],
    "red_flags": ["fever", "new_headache", "jaw_claudication"],
}


@pytest.fixture
def full_draft(patient, clinician):
    """A draft with every section, the version 2 ones included (the contract's example)."""
    facts = document_facts(load_document("spec_example_v2"))
    return make_workup(patient=patient, clinician=clinician, facts=facts)


@pytest.mark.parametrize("section", SECTION_NAMES)
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_hostile_values_never_break_a_section_page(clinician_client, full_draft, section, data):
    draft = full_draft
    workup = Workup.objects.get(pk=draft.pk)
    before = adapters.section_value(workup, section)
    version = getattr(workup, section).version
    post = section_data(section, before, version=version)
    field = data.draw(st.sampled_from(FIELDS[section]))
    value = data.draw(HOSTILE)
    post[field] = value
    response = clinician_client.post(section_url(workup, section), post)
    assert response.status_code in (200, 302, 409)
    html = response.content.decode() if response.status_code != 302 else ""
    assert "<script>alert(1)</script>" not in html
    after = adapters.section_value(Workup.objects.get(pk=draft.pk), section)
    if response.status_code != 302:
        assert after == before, "a refused submission changes nothing"


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=HOSTILE)
def test_hostile_values_never_break_the_preview_or_workflow_pages(clinician_client, draft, value):
    assert clinician_client.post(url("acr_preview", draft), {"pain_nrs": value}).status_code == 200
    assert (
        clinician_client.post(
            url("details", draft), {"visit_date": value, "clinician": value}
        ).status_code
        == 200
    )
    assert clinician_client.post(
        url("section_clear", draft, "gut"), {"version": value}
    ).status_code in (
        200,
        302,
    )


# --- Documents given to import_workup -----------------------------------------------------------

HOSTILE_DOCUMENTS = [
    ("a lone surrogate in a note", ("exclusions", 0, "note"), "TSH \ud800",
     "exclusions[0].note: must not contain a lone surrogate (U+D800)"),
    ("a right-to-left override in a name", ("patient", "family_name"), "Silva\u202e",
     "patient.family_name: must not contain bidirectional control characters (U+202E)"),
    ("an isolate in a medication name", ("medications", 0, "name"), "\u2066statin\u2069",
     "medications[0].name: must not contain bidirectional control characters (U+2066)"),
    ("an escape sequence in a dose", ("medications", 1, "dose"), "\x1b[2J10 mg",
     "medications[1].dose: must not contain control characters (U+001B)"),
    ("a NUL in the MRN", ("patient", "mrn"), "A1\x00001",
     "patient.mrn: must not contain NUL characters"),
    ("a line break in the MRN", ("patient", "mrn"), "A1001\nB2002",
     "patient.mrn: must not contain line breaks or tabs (U+000A)"),
]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "where", "value", "message"), HOSTILE_DOCUMENTS, ids=[h[0] for h in HOSTILE_DOCUMENTS]
)
def test_hostile_text_in_an_imported_document_is_refused_and_nothing_is_stored(
    tmp_path, clinician, name, where, value, message
):
    doc = load_document("spec_example_v2")
    target = doc
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = value
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(doc), encoding="utf-8")  # ASCII: \u escapes, as senders write
    err = io.StringIO()
    command = ImportCommand(stdout=io.StringIO(), stderr=err)
    # run_from_argv would close the connection, and with it the test's transaction.
    closing = mock.patch("django.core.management.base.connections.close_all")
    with closing, pytest.raises(SystemExit) as exit_:
        command.run_from_argv(["manage.py", "import_workup", str(path)])
    assert exit_.value.code == 2
    assert err.getvalue() == f"CommandError: invalid document: {message}\n"
    assert not Workup.objects.exists() and not Patient.objects.exists()


def run_import(path) -> tuple[int, str]:
    err = io.StringIO()
    command = ImportCommand(stdout=io.StringIO(), stderr=err)
    closing = mock.patch("django.core.management.base.connections.close_all")
    with closing, pytest.raises(SystemExit) as exit_:
        command.run_from_argv(["manage.py", "import_workup", str(path)])
    return exit_.value.code, err.getvalue()


@pytest.mark.django_db
def test_ten_thousand_lab_rows_are_refused_in_one_line_and_nothing_is_stored(tmp_path):
    doc = load_document("spec_example_v2")
    doc["labs"] = [doc["labs"][0]] * 10_000
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert run_import(path) == (
        2,
        "CommandError: invalid document: labs: must have at most 200 rows, got 10000\n",
    )
    assert not Workup.objects.exists() and not Patient.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["given_name", "family_name"])
def test_a_lone_surrogate_in_a_name_exits_2_without_a_traceback(tmp_path, field):
    doc = load_document("spec_example_v2")
    doc["patient"][field] = "\ud800"
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    code, error = run_import(path)
    assert code == 2
    assert error == (
        f"CommandError: invalid document: patient.{field}: must not contain a lone surrogate "
        "(U+D800)\n"
    )
    assert "Traceback" not in error
