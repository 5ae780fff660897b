"""Lab results from a FHIR file into a draft: the round trip from an export, the labs page's
upload and `manage.py import_fhir_labs`, each refusal leaving the draft as it was."""

import datetime
import io
import json

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from audit.models import AuditEvent
from interop import services
from interop.fhir import codes
from interop.fhir.lab_import import LabFileRefused
from tests.conftest import sign_in
from tests.interop.conftest import export, signed_from
from tests.patients.factories import make_patient
from tests.workup.factories import make_workup
from workup import adapters
from workup.document import facts_from_document
from workup.models import LabPanel, SignedWorkupError
from workup.rules.facts import LabResult
from workup.services import SectionConflict, section_update

pytestmark = pytest.mark.django_db

NEXT_VISIT = datetime.date(2026, 11, 30)
TSH = LabResult("tsh", 2.5, "mIU/L", datetime.date(2026, 11, 20))


def tsh_observation(value=2.5, unit="mIU/L", day="2026-11-20") -> dict:
    return {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": codes.LOINC, "code": "3016-3"}]},
        "effectiveDateTime": day,
        "valueQuantity": {"value": value, "unit": unit},
    }


def lab_bundle(*observations, mrn=None) -> bytes:
    entries = []
    if mrn is not None:
        identifier = {"system": settings.FHIR_IDENTIFIER_SYSTEM, "value": mrn}
        entries.append({"resource": {"resourceType": "Patient", "identifier": [identifier]}})
    entries += [{"resource": observation} for observation in observations]
    return json.dumps({"resourceType": "Bundle", "type": "collection", "entry": entries}).encode()


def labs_of(workup):
    return adapters.section_value(type(workup).objects.get(pk=workup.pk), "labs")


@pytest.fixture
def draft(clinician):
    return make_workup(patient=make_patient(mrn="F7001"), clinician=clinician)


# --- Round trip ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fixture", ["full_record_v2", "older_man_inflammatory"])
def test_the_labs_of_an_exported_bundle_come_back_as_the_same_rows(clinician, fixture):
    signed = signed_from(fixture, clinician=clinician)
    recorded = facts_from_document(signed.signed_document, today=datetime.date.max).labs
    assert recorded, "the fixture records lab results"
    draft = make_workup(patient=signed.patient, clinician=clinician, visit_date=NEXT_VISIT)

    result = services.fhir_labs_import(workup=draft, raw=export(signed), actor=clinician)

    assert labs_of(draft) == recorded
    assert result.imported == recorded
    assert {kind for kind, _ in result.other_resources} >= {"Patient", "DiagnosticReport"}
    assert all("lab catalogue" in s.reason or "laboratory" in s.reason for s in result.skipped)


def test_the_full_record_round_trip_carries_pending_and_not_done_rows(clinician):
    signed = signed_from("full_record_v2", clinician=clinician)
    draft = make_workup(patient=signed.patient, clinician=clinician, visit_date=NEXT_VISIT)
    services.fhir_labs_import(workup=draft, raw=export(signed), actor=clinician)
    assert {row.status for row in labs_of(draft)} == {"resulted", "pending", "not_done"}


def test_importing_the_same_file_again_changes_nothing(clinician):
    signed = signed_from("full_record_v2", clinician=clinician)
    draft = make_workup(patient=signed.patient, clinician=clinician, visit_date=NEXT_VISIT)
    services.fhir_labs_import(workup=draft, raw=export(signed), actor=clinician)
    version = LabPanel.objects.get(workup=draft).version

    again = services.fhir_labs_import(workup=draft, raw=export(signed), actor=clinician)

    assert again.imported == ()
    assert LabPanel.objects.get(workup=draft).version == version
    assert any(s.reason == "already recorded on this draft" for s in again.skipped)


# --- The service ---------------------------------------------------------------------------------


def test_rows_are_added_after_those_already_recorded(clinician, draft):
    earlier = LabResult("crp", 3, "mg/L", datetime.date(2026, 11, 1))
    section_update(actor=clinician, workup=draft, name="labs", value=(earlier,), expected_version=0)
    services.fhir_labs_import(workup=draft, raw=lab_bundle(tsh_observation()), actor=clinician)
    assert labs_of(draft) == (earlier, TSH)


def test_an_import_is_audited_without_clinical_values(clinician, draft):
    raw = lab_bundle(tsh_observation(), tsh_observation(unit="mg/mL", day="2026-11-21"))
    services.fhir_labs_import(workup=draft, raw=raw, actor=clinician, channel="web")
    event = AuditEvent.objects.get(action="workup.fhir_lab_import")
    assert (event.actor, event.patient_id, event.target_id) == (
        clinician,
        draft.patient_id,
        str(draft.pk),
    )
    assert event.detail["imported"] == 1 and event.detail["skipped"] == 1
    assert set(event.detail) == {"channel", "sha256", "size", "imported", "skipped"}
    assert AuditEvent.objects.filter(action="workup.section_update").count() == 1


def test_a_stale_version_is_a_conflict_and_changes_nothing(clinician, draft):
    section_update(actor=clinician, workup=draft, name="labs", value=(TSH,), expected_version=0)
    raw = lab_bundle(tsh_observation(value=3.1, day="2026-11-25"))
    with pytest.raises(SectionConflict):
        services.fhir_labs_import(workup=draft, raw=raw, actor=clinician, expected_version=0)
    assert labs_of(draft) == (TSH,)
    assert not AuditEvent.objects.filter(action="workup.fhir_lab_import").exists()


def test_a_file_that_would_overfill_the_lab_section_is_refused(clinician, draft):
    rows = tuple(
        LabResult("crp", i, "mg/L", datetime.date(2026, 1, 1) + datetime.timedelta(days=i))
        for i in range(200)
    )
    section_update(actor=clinician, workup=draft, name="labs", value=rows, expected_version=0)
    with pytest.raises(LabFileRefused, match="at most 200"):
        services.fhir_labs_import(workup=draft, raw=lab_bundle(tsh_observation()), actor=clinician)
    assert len(labs_of(draft)) == 200


def test_a_signed_workup_takes_no_import(clinician):
    signed = signed_from("first_visit_minimal", clinician=clinician)
    with pytest.raises(SignedWorkupError):
        services.fhir_labs_import(workup=signed, raw=lab_bundle(tsh_observation()), actor=clinician)


# --- The upload on the labs page --------------------------------------------------------------


def import_url(workup, patient_id=None):
    return reverse("interop:labs_import", args=[patient_id or workup.patient_id, workup.pk])


def labs_url(workup):
    return reverse("workup:section", args=[workup.patient_id, workup.pk, "labs"])


def upload(client, workup, raw: bytes, *, version=0, name="labs.json"):
    data = {"file": SimpleUploadedFile(name, raw, "application/fhir+json"), "version": version}
    return client.post(import_url(workup), data)


def test_the_labs_page_links_to_the_import(client, clinician, draft):
    sign_in(client, clinician)
    assert import_url(draft) in client.get(labs_url(draft)).content.decode()


def test_a_clinician_uploads_a_file_and_sees_what_was_skipped(client, clinician, draft):
    sign_in(client, clinician)
    page = client.get(import_url(draft))
    assert page.status_code == 200 and b'enctype="multipart/form-data"' in page.content
    raw = lab_bundle(tsh_observation(), tsh_observation(unit="mg/mL", day="2026-11-21"))

    response = upload(client, draft, raw)

    assert response.status_code == 302 and response["Location"] == labs_url(draft)
    assert labs_of(draft) == (TSH,)
    shown = client.get(labs_url(draft)).content.decode()
    assert "imported 1 lab result from the FHIR file" in shown
    assert (
        "Skipped 1, mg/mL is not a unit of TSH: the catalogue accepts mIU/L or uIU/mL: "
        "TSH (entry 2)." in shown
    )


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"{not json", "The file is not valid JSON"),
        (lab_bundle(tsh_observation(), mrn="X999"), "The file is for another patient"),
        (
            json.dumps({"resourceType": "Bundle", "type": "collection", "entry": []}).encode(),
            "The Bundle holds no Observation",
        ),
        (b" " * (20 * 1024 * 1024), "The file is too large"),
    ],
)
def test_a_refused_upload_shows_why_and_changes_nothing(client, clinician, draft, raw, message):
    sign_in(client, clinician)
    response = upload(client, draft, raw)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert labs_of(draft) is None
    assert not AuditEvent.objects.filter(action="workup.fhir_lab_import").exists()


def test_an_upload_after_someone_else_saved_the_labs_is_refused_with_a_fresh_form(
    client, clinician, draft
):
    sign_in(client, clinician)
    section_update(actor=clinician, workup=draft, name="labs", value=(TSH,), expected_version=0)
    response = upload(client, draft, lab_bundle(tsh_observation(value=4, day="2026-11-22")))
    assert response.status_code == 409
    assert "nothing was imported" in response.content.decode()
    assert 'name="version" value="1"' in response.content.decode()
    assert labs_of(draft) == (TSH,)


def test_without_a_file_the_form_says_so(client, clinician, draft):
    sign_in(client, clinician)
    response = client.post(import_url(draft), {"version": 0})
    assert response.status_code == 400
    assert "Choose the FHIR file to import." in response.content.decode()


def test_staff_and_administrators_may_not_import(client, staff, admin_user, draft):
    for user in (staff, admin_user):
        sign_in(client, user)
        assert client.get(import_url(draft)).status_code == 403
        assert upload(client, draft, lab_bundle(tsh_observation())).status_code == 403
    assert labs_of(draft) is None


def test_another_patients_id_in_the_address_is_not_found(client, clinician, draft):
    sign_in(client, clinician)
    other = make_patient()
    assert client.get(import_url(draft, patient_id=other.pk)).status_code == 404


def test_a_signed_workup_sends_the_upload_back_to_its_labs(client, clinician):
    signed = signed_from("first_visit_minimal", clinician=clinician)
    sign_in(client, clinician)
    response = upload(client, signed, lab_bundle(tsh_observation()))
    assert response.status_code == 302 and response["Location"] == labs_url(signed)


def test_signed_out_users_are_sent_to_log_in(client, draft):
    response = client.get(import_url(draft))
    assert response.status_code == 302 and "login" in response["Location"]


# --- manage.py import_fhir_labs ----------------------------------------------------------------


def test_the_command_imports_and_lists_each_row(clinician, draft, tmp_path):
    path = tmp_path / "labs.json"
    path.write_bytes(lab_bundle(tsh_observation(), tsh_observation(unit="mg/mL")))
    stdout = io.StringIO()
    call_command("import_fhir_labs", str(draft.pk), str(path), stdout=stdout)
    lines = stdout.getvalue().splitlines()
    assert lines[0].startswith("imported: ") and "2.5 mIU/L, 2026-11-20" in lines[0]
    assert lines[1].startswith("skipped: entry 2 (")
    assert lines[-1] == "1 imported, 1 skipped"
    assert labs_of(draft) == (TSH,)
    event = AuditEvent.objects.get(action="workup.fhir_lab_import")
    assert event.actor == clinician and event.detail["channel"] == "command"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"[", "not valid JSON"),
        (b'{"resourceType": "Patient"}', "holds no lab results"),
        (lab_bundle(tsh_observation(), mrn="X999"), "another patient"),
    ],
)
def test_the_command_refuses_a_bad_file_with_exit_2_and_one_line(
    clinician, draft, tmp_path, content, message
):
    path = tmp_path / "labs.json"
    path.write_bytes(content)
    with pytest.raises(CommandError) as refusal:
        call_command("import_fhir_labs", str(draft.pk), str(path))
    assert refusal.value.returncode == 2
    assert message in str(refusal.value) and "\n" not in str(refusal.value)
    assert labs_of(draft) is None


def test_the_command_refuses_a_20_mb_file(clinician, draft, tmp_path):
    path = tmp_path / "big.json"
    path.write_bytes(b" " * (20 * 1024 * 1024))
    with pytest.raises(CommandError, match="too large") as refusal:
        call_command("import_fhir_labs", str(draft.pk), str(path))
    assert refusal.value.returncode == 2


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["999999", "labs.json"], "unknown workup id"),
        (["abc", "labs.json"], "unknown workup id"),
        (["{draft}", "missing.json"], "cannot read"),
        (["{draft}", "labs.json", "--user", "nobody"], "no active user"),
    ],
)
def test_the_command_refuses_unknown_ids_files_and_users(
    clinician, draft, tmp_path, monkeypatch, arguments, message
):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "labs.json").write_bytes(lab_bundle(tsh_observation()))
    arguments = [a.replace("{draft}", str(draft.pk)) for a in arguments]
    with pytest.raises(CommandError, match=message) as refusal:
        call_command("import_fhir_labs", *arguments)
    assert refusal.value.returncode == 2


def test_the_command_refuses_a_signed_workup(clinician, tmp_path):
    signed = signed_from("first_visit_minimal", clinician=clinician)
    path = tmp_path / "labs.json"
    path.write_bytes(lab_bundle(tsh_observation()))
    with pytest.raises(CommandError, match="is signed") as refusal:
        call_command("import_fhir_labs", str(signed.pk), str(path))
    assert refusal.value.returncode == 2
