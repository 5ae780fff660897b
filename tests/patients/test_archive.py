"""Archive and restore: never a deletion, always with a reason."""

import pytest
from django.urls import reverse

from audit import actions
from audit.models import AuditEvent
from patients.models import Patient
from tests.patients.factories import make_patient

pytestmark = pytest.mark.django_db


def archive(client, patient, reason="Registered twice"):
    return client.post(reverse("patients:archive", args=[patient.pk]), {"reason": reason})


def restore(client, patient, reason="Archived by mistake"):
    return client.post(reverse("patients:restore", args=[patient.pk]), {"reason": reason})


def test_archiving_needs_a_reason(clinician_client):
    patient = make_patient()
    response = archive(clinician_client, patient, reason="   ")
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == ["This field is required."]
    patient.refresh_from_db()
    assert patient.is_active


def test_archiving_hides_the_patient_keeps_the_record_and_records_the_reason(
    clinician_client, clinician
):
    patient = make_patient()
    response = archive(clinician_client, patient, reason="Moved away")
    assert response["Location"] == reverse("patients:detail", args=[patient.pk])
    patient.refresh_from_db()
    assert (patient.is_active, patient.archived_reason) == (False, "Moved away")
    assert patient.archived_at is not None
    event = AuditEvent.objects.get(action=actions.PATIENT_ARCHIVE)
    assert (event.actor, event.patient_id, event.detail) == (
        clinician,
        patient.pk,
        {"reason": "Moved away"},
    )
    assert patient.history.first().history_change_reason == "Moved away"


def test_restoring_needs_a_reason_and_brings_the_patient_back(staff_client, staff):
    patient = make_patient()
    archive(staff_client, patient)
    assert restore(staff_client, patient, reason="").status_code == 200
    assert not Patient.objects.get(pk=patient.pk).is_active
    assert restore(staff_client, patient).status_code == 302
    patient.refresh_from_db()
    assert (patient.is_active, patient.archived_at, patient.archived_reason) == (True, None, "")
    event = AuditEvent.objects.get(action=actions.PATIENT_RESTORE)
    assert (event.actor, event.patient_id, event.detail) == (
        staff,
        patient.pk,
        {"reason": "Archived by mistake"},
    )


def test_an_archived_patient_cannot_be_archived_again(clinician_client):
    patient = make_patient()
    archive(clinician_client, patient)
    response = archive(clinician_client, patient, reason="again")
    assert "already archived" in response.content.decode()
    assert AuditEvent.objects.filter(action=actions.PATIENT_ARCHIVE).count() == 1


def test_an_active_patient_has_nothing_to_restore(clinician_client):
    patient = make_patient()
    response = clinician_client.get(reverse("patients:restore", args=[patient.pk]))
    assert "nothing to restore" in response.content.decode()
    restore(clinician_client, patient)
    assert not AuditEvent.objects.filter(action=actions.PATIENT_RESTORE).exists()


def test_the_patient_page_offers_archive_or_restore_by_state(clinician_client):
    patient = make_patient()
    detail = reverse("patients:detail", args=[patient.pk])
    assert (
        reverse("patients:archive", args=[patient.pk])
        in clinician_client.get(detail).content.decode()
    )
    archive(clinician_client, patient, reason="Moved away")
    html = clinician_client.get(detail).content.decode()
    assert reverse("patients:restore", args=[patient.pk]) in html
    assert "Archived" in html
    assert "Moved away" in html
