"""Models <-> facts, both ways, for what rule set 2027.1 added: a value written to the models
reads back equal (models -> facts -> models gives the same rows); a value the database cannot
hold is refused naming its document path; an imported document keeps all of it."""

import datetime
from dataclasses import replace

import pytest

from tests.workup.factories import document_facts, load_document, make_workup
from workup import adapters, storable
from workup.document import DocumentError
from workup.importing import workup_import
from workup.models import Workup
from workup.rules import facts as f
from workup.rules import vocab
from workup.sections import section_kind
from workup.writes import write_section

DAY = datetime.date(2026, 11, 18)
VALUES = {
    "medications": (
        f.Medication("atorvastatin", "statin", "20 mg at night"),
        f.Medication("tramadol", "opioid"),
    ),
    "no medications": (),
    "red flags": f.RedFlags(weight_loss=True, fever=False, jaw_claudication=None),
    "labs of every status": (
        f.LabResult("ttg_iga", 3.5, "U/mL", DAY, ref_low=0, ref_high=7),
        f.LabResult("ck", None, None, DAY, status="pending"),
        f.LabResult("iga_total", None, None, DAY, status="not_done"),
    ),
    "totals": f.Mental(phq9_total=14, phq9_item9=1, gad7_total=9, ace_score=2),
    "items": f.Mental(phq9_items=(0,) * 9, gad7_items=(3,) * 7),
    "rectal bleeding": f.Gut(symptoms=("diarrhoea", "rectal_bleeding")),
}
SECTION_OF = {
    "medications": "medications",
    "no medications": "medications",
    "red flags": "red_flags",
    "labs of every status": "labs",
    "totals": "mental",
    "items": "mental",
    "rectal bleeding": "gut",
}


def reread(workup) -> Workup:
    return Workup.objects.get(pk=workup.pk)


@pytest.mark.parametrize("case", VALUES)
def test_a_value_written_to_the_models_reads_back_equal(empty_draft, clinician, case):
    name, value = SECTION_OF[case], VALUES[case]
    write_section(empty_draft, section_kind(name), value, actor=clinician, reason="test")
    assert adapters.section_value(reread(empty_draft), name) == value
    assert getattr(adapters.workup_facts(reread(empty_draft)), name) == value


@pytest.mark.parametrize("case", VALUES)
def test_models_to_facts_to_models_gives_the_same_rows(empty_draft, clinician, case):
    name, value = SECTION_OF[case], VALUES[case]
    kind = section_kind(name)
    section = write_section(empty_draft, kind, value, actor=clinician, reason="test")
    before = _stored(section, kind)
    again = adapters.section_value(reread(empty_draft), name)
    write_section(empty_draft, kind, again, actor=clinician, reason="again", section=section)
    assert _stored(kind.model.objects.get(pk=section.pk), kind) == before


def _stored(section, kind) -> list[dict]:
    skip = {"id", "version", "updated_at", "updated_by", "workup", "section"}
    own = {
        field.attname: getattr(section, field.attname)
        for field in kind.model._meta.concrete_fields
        if field.name not in skip
    }
    rows = []
    if kind.has_rows:
        for row in getattr(section, kind.rows).order_by("position"):
            rows.append(
                {
                    field.attname: getattr(row, field.attname)
                    for field in kind.row_model._meta.concrete_fields
                    if field.name not in skip | {"section_id"}
                }
            )
    return [own, *rows]


def test_sections_never_saved_are_not_recorded(empty_draft):
    facts = adapters.workup_facts(empty_draft)
    assert (facts.medications, facts.red_flags) == (None, None)


def test_a_pending_row_is_stored_with_no_value_unit_or_range(empty_draft, clinician):
    pending = (f.LabResult("ck", None, None, DAY, status="pending"),)
    write_section(empty_draft, section_kind("labs"), pending, actor=clinician, reason="test")
    row = reread(empty_draft).labs.results.get()
    assert (row.status, row.value, row.unit, row.ref_low, row.ref_high) == (
        "pending",
        None,
        "",
        None,
        None,
    )


@pytest.mark.parametrize(
    "medication, path",
    [
        (f.Medication("x" * 151, "other"), "medications[1].name"),
        (f.Medication("x", "other", "d" * 201), "medications[1].dose"),
    ],
)
def test_text_the_database_cannot_hold_is_refused_naming_its_path(example_facts, medication, path):
    facts = replace(example_facts, medications=(f.Medication("ok", "other"), medication))
    with pytest.raises(DocumentError) as refused:
        storable.check_storable(facts)
    assert refused.value.path == path


def test_more_medicines_than_the_list_takes_are_refused(example_facts):
    many = tuple(f.Medication(str(i), "other") for i in range(vocab.MAX_MEDICATIONS + 1))
    with pytest.raises(DocumentError, match="at most 50"):
        storable.check_storable(replace(example_facts, medications=many))
    storable.check_storable(replace(example_facts, medications=many[:-1]))


@pytest.mark.parametrize(
    "fixture", ["spec_example_v2", "statin_patient_pending_ck_v2", "phq9_total_21_v2"]
)
def test_an_imported_version_2_document_keeps_every_new_field(db, clinician, fixture):
    facts = document_facts(load_document(fixture))
    workup = workup_import(facts=facts).workup
    stored = adapters.workup_facts(reread(workup))
    for name in ("labs", "medications", "red_flags", "mental", "gut"):
        assert getattr(stored, name) == getattr(facts, name), name


def test_a_workup_with_every_new_field_reads_like_its_facts(patient, clinician):
    facts = document_facts(load_document("spec_example_v2"))
    workup = make_workup(patient=patient, clinician=clinician, facts=facts)
    stored = adapters.workup_facts(reread(workup))
    assert stored.medications == facts.medications
    assert stored.red_flags == facts.red_flags
    assert [lab.status for lab in stored.labs] == [lab.status for lab in facts.labs]
