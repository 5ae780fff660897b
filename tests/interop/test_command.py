"""manage.py export_fhir WORKUP_ID [--output FILE]: a signed workup's bundle, recorded."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.models import AuditEvent
from tests.interop.conftest import export, signed_from, validated
from tests.summaries.conftest import draft_from
from workup.models import Workup

pytestmark = pytest.mark.django_db


def test_writes_the_bundle_of_a_signed_workup_to_the_file(clinician, tmp_path):
    workup = signed_from("older_man_inflammatory", clinician=clinician)
    out = tmp_path / "bundle.json"
    call_command("export_fhir", str(workup.pk), "--output", str(out))
    assert out.read_bytes() == export(workup)
    validated(out.read_bytes())


def test_without_output_the_bundle_goes_to_standard_output(clinician):
    workup = signed_from("first_visit_minimal", clinician=clinician)
    stdout = io.StringIO()
    call_command("export_fhir", str(workup.pk), stdout=stdout)
    assert stdout.getvalue().encode("utf-8") == export(workup)


def test_each_run_is_recorded_with_the_patient(clinician, tmp_path):
    workup = signed_from("first_visit_minimal", clinician=clinician)
    call_command("export_fhir", str(workup.pk), "-o", str(tmp_path / "b.json"))
    event = AuditEvent.objects.get(action="workup.fhir_export")
    assert event.actor is None
    assert event.patient_id == workup.patient_id
    assert event.target_id == str(workup.pk)
    assert event.detail["channel"] == "command"
    assert set(event.detail) == {"channel", "sha256", "size"}


@pytest.mark.parametrize("raw", ["999999", "abc"])
def test_an_unknown_id_exits_2_with_one_line(db, raw, tmp_path):
    with pytest.raises(CommandError) as refusal:
        call_command("export_fhir", raw, "-o", str(tmp_path / "b.json"))
    assert refusal.value.returncode == 2
    assert "unknown workup id" in str(refusal.value) and "\n" not in str(refusal.value)
    assert not (tmp_path / "b.json").exists()


def test_a_draft_exits_2_and_writes_nothing(clinician, tmp_path):
    draft = draft_from("full_record_v2", clinician=clinician)
    with pytest.raises(CommandError) as refusal:
        call_command("export_fhir", str(draft.pk), "-o", str(tmp_path / "b.json"))
    assert refusal.value.returncode == 2
    assert "draft" in str(refusal.value)
    assert not (tmp_path / "b.json").exists()
    assert not AuditEvent.objects.filter(action="workup.fhir_export").exists()


def test_every_signed_demo_workup_exports_valid_fhir_the_same_each_time(tmp_path, capsys):
    call_command("seed_demo", "--force", "--patients", "8")
    signed = list(Workup.objects.filter(status="signed").order_by("pk"))
    assert len(signed) == 3 and any(hasattr(w, "amendment") for w in signed)
    for workup in signed:
        first, second = tmp_path / f"{workup.pk}-1.json", tmp_path / f"{workup.pk}-2.json"
        call_command("export_fhir", str(workup.pk), "-o", str(first))
        call_command("export_fhir", str(workup.pk), "-o", str(second))
        assert first.read_bytes() == second.read_bytes()
        bundle = validated(first.read_bytes())
        labs = [
            e
            for e in bundle["entry"]
            if e["resource"]["resourceType"] == "Observation"
            and e["resource"]["category"][0]["coding"][0]["code"] == "laboratory"
        ]
        assert len(labs) == len(workup.signed_document.get("labs", []))
