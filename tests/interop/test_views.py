"""The FHIR download on the summary page: who may, what the response carries, what is recorded."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from tests.conftest import sign_in
from tests.interop.conftest import export, signed_from, validated
from tests.patients.factories import make_patient
from tests.summaries.conftest import draft_from

pytestmark = pytest.mark.django_db


def fhir_url(workup, patient_id=None):
    return reverse("interop:workup_fhir", args=[patient_id or workup.patient_id, workup.pk])


def summary_url(workup):
    return reverse("summaries:summary", args=[workup.patient_id, workup.pk])


def test_clinicians_and_staff_download_the_bundle_as_a_never_cached_attachment(
    client, clinician, staff
):
    workup = signed_from("full_record_v2", clinician=clinician)
    for user in (clinician, staff):
        sign_in(client, user)
        response = client.get(fhir_url(workup))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/fhir+json")
        assert response["Content-Disposition"] == (
            'attachment; filename="summary-F2002-2026-11-24.fhir.json"'
        )
        assert "no-store" in response["Cache-Control"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response.content == export(workup)
        validated(response.content)


def test_each_download_is_recorded_with_the_patient(client, clinician, staff):
    workup = signed_from("full_record_v2", clinician=clinician)
    sign_in(client, staff)
    client.get(fhir_url(workup))
    event = AuditEvent.objects.get(action="workup.fhir_export")
    assert event.actor == staff
    assert event.patient_id == workup.patient_id
    assert event.target_id == str(workup.pk)
    assert event.detail["channel"] == "web"
    assert "F2002" not in str(event.detail) and "Okafor" not in str(event.detail)


def test_admins_get_403_and_anonymous_users_are_sent_to_log_in(client, clinician, admin_user):
    workup = signed_from("first_visit_minimal", clinician=clinician)
    response = client.get(fhir_url(workup))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    sign_in(client, admin_user)
    assert client.get(fhir_url(workup)).status_code == 403
    assert not AuditEvent.objects.filter(action="workup.fhir_export").exists()


def test_a_draft_has_no_download_and_no_button(clinician_client, clinician):
    draft = draft_from("full_record_v2", clinician=clinician)
    assert clinician_client.get(fhir_url(draft)).status_code == 404
    page = clinician_client.get(summary_url(draft)).content.decode()
    assert fhir_url(draft) not in page
    assert not AuditEvent.objects.filter(action="workup.fhir_export").exists()


def test_a_signed_workups_summary_offers_the_download_beside_the_pdf(client, clinician, staff):
    workup = signed_from("first_visit_minimal", clinician=clinician)
    for user in (clinician, staff):
        sign_in(client, user)
        page = client.get(summary_url(workup)).content.decode()
        assert fhir_url(workup) in page and "Download FHIR" in page


def test_a_workup_under_another_patients_id_is_404(clinician_client, clinician):
    workup = signed_from("first_visit_minimal", clinician=clinician)
    other = make_patient()
    assert clinician_client.get(fhir_url(workup, patient_id=other.pk)).status_code == 404
    assert not AuditEvent.objects.filter(action="workup.fhir_export").exists()


def test_the_url_carries_only_record_ids(clinician):
    workup = signed_from("full_record_v2", clinician=clinician)
    url = fhir_url(workup)
    assert url == f"/patients/{workup.patient_id}/workups/{workup.pk}/fhir.json"
