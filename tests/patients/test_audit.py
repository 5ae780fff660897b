"""Every read of a patient's page and every change writes an audit event; none holds PHI."""

import pytest
from django.urls import reverse

from audit import actions
from audit.models import AuditEvent
from tests.patients.factories import make_patient

pytestmark = pytest.mark.django_db


def test_each_view_of_a_patient_page_writes_exactly_one_event(clinician_client, clinician):
    patient = make_patient()
    url = reverse("patients:detail", args=[patient.pk])
    clinician_client.get(url)
    clinician_client.get(url)
    events = AuditEvent.objects.filter(action=actions.PATIENT_VIEW)
    assert events.count() == 2
    event = events.first()
    assert (event.actor, event.patient_id, event.target_type, event.target_id) == (
        clinician,
        patient.pk,
        "patients.patient",
        str(patient.pk),
    )


def test_opening_the_edit_form_filled_with_the_record_is_a_view_too(clinician_client):
    patient = make_patient()
    clinician_client.get(reverse("patients:update", args=[patient.pk]))
    event = AuditEvent.objects.get(action=actions.PATIENT_VIEW)
    assert (event.patient_id, event.detail) == (patient.pk, {"page": "edit"})


def test_possible_duplicates_listed_on_the_form_are_recorded_as_shown(clinician_client):
    existing = make_patient(family_name="Silva", mrn="OLD1")
    clinician_client.post(
        reverse("patients:create"),
        {
            "mrn": "NEW1",
            "given_name": "Anna",
            "family_name": "Silva",
            "date_of_birth": existing.date_of_birth.isoformat(),
            "sex_at_birth": "female",
        },
    )
    event = AuditEvent.objects.get(action=actions.PATIENT_SEARCH)
    assert event.detail == {"kind": "duplicate_check", "results": 1, "shown": [existing.pk]}


def test_a_denied_request_writes_no_patient_event(admin_client):
    patient = make_patient()
    admin_client.get(reverse("patients:detail", args=[patient.pk]))
    admin_client.get(reverse("patients:list"))
    assert not AuditEvent.objects.filter(action__startswith="patient.").exists()


def test_each_page_of_the_list_writes_one_search_event_naming_the_patients_shown(
    clinician_client, clinician
):
    shown = make_patient(given_name="Ana", family_name="Silva")
    make_patient(given_name="Bia", family_name="Costa")
    clinician_client.post(reverse("patients:list"), {"query": "Silva"})
    clinician_client.get(reverse("patients:list"))
    event = AuditEvent.objects.get(action=actions.PATIENT_SEARCH)
    assert event.actor == clinician
    assert event.detail == {
        "kind": "name",
        "status": "active",
        "sort": "name",
        "page": 1,
        "results": 1,
        "shown": [shown.pk],
    }


def test_no_name_date_of_birth_or_search_text_reaches_an_audit_event(clinician_client):
    clinician_client.post(
        reverse("patients:create"),
        {
            "mrn": "A1001",
            "given_name": "Philippa",
            "family_name": "Quennell",
            "date_of_birth": "1978-04-02",
            "sex_at_birth": "female",
        },
    )
    patient_id = AuditEvent.objects.get(action=actions.PATIENT_CREATE).patient_id
    clinician_client.post(
        reverse("patients:update", args=[patient_id]),
        {
            "mrn": "A1001",
            "given_name": "Philippa",
            "family_name": "Quennell-Hart",
            "date_of_birth": "2 Apr 1978",
            "sex_at_birth": "female",
        },
    )
    for typed in ["quenn", "1978-04-02", "a1001"]:
        clinician_client.post(reverse("patients:list"), {"query": typed})
        clinician_client.get(reverse("patients:list"))
    clinician_client.get(reverse("patients:detail", args=[patient_id]))
    clinician_client.post(reverse("patients:archive", args=[patient_id]), {"reason": "Moved away"})

    events = AuditEvent.objects.filter(action__startswith="patient.")
    assert {event.action for event in events} == {
        actions.PATIENT_CREATE,
        actions.PATIENT_UPDATE,
        actions.PATIENT_SEARCH,
        actions.PATIENT_VIEW,
        actions.PATIENT_ARCHIVE,
    }
    everything = " ".join(
        f"{event.target_id} {event.target_type} {event.detail}" for event in events
    ).lower()
    for phi in ["philippa", "quenn", "1978", "a1001"]:
        assert phi not in everything, phi
    update = events.get(action=actions.PATIENT_UPDATE)
    assert update.detail == {"changed": ["family_name"]}
