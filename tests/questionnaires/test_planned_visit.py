"""Inviting a patient for an upcoming visit: staff or a clinician start that visit's draft,
dated ahead, with the chosen clinician. The draft is not a visit yet: it is not the patient's
last visit and it cannot be signed before its day. Everywhere else a visit date stays today or
earlier."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from audit import actions
from audit.models import AuditEvent
from patients.models import Patient
from questionnaires.models import Questionnaire
from tests.conftest import PASSWORD, sign_in
from tests.patients.factories import make_patient
from tests.workup.signing import sign_data
from workup import services as workup_services
from workup.models import Workup
from workup.signing import VisitAhead

pytestmark = pytest.mark.django_db


def days_ahead(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def invite_for(client, patient, visit_date: datetime.date, **extra):
    return client.post(
        reverse("questionnaires:invite", args=[patient.pk]),
        {"visit_date": visit_date.isoformat(), "parts": ["mood"], "channel": "link", **extra},
    )


def test_staff_invite_for_a_new_visit_ahead_with_the_clinician_they_choose(
    staff_client, staff, other_clinician
):
    patient = make_patient()
    page = invite_for(staff_client, patient, days_ahead(10), clinician=other_clinician.pk)
    assert page.status_code == 200, page.content.decode()
    workup = Workup.objects.get(patient=patient)
    assert workup.visit_date == days_ahead(10)
    assert workup.clinician == other_clinician and workup.is_editable
    assert Questionnaire.objects.get().workup == workup
    created = AuditEvent.objects.get(action=actions.WORKUP_CREATE)
    assert created.actor_id == staff.pk and created.detail == {"clinician_id": other_clinician.pk}


def test_a_clinician_invites_for_a_new_visit_ahead_with_the_clinician_they_choose(
    clinician_client, other_clinician
):
    patient = make_patient()
    page = invite_for(clinician_client, patient, days_ahead(30), clinician=other_clinician.pk)
    assert page.status_code == 200, page.content.decode()
    workup = Workup.objects.get(patient=patient)
    assert workup.visit_date == days_ahead(30) and workup.clinician == other_clinician


def test_a_visit_ahead_leaves_the_patients_last_visit_as_it_was(staff_client, clinician):
    patient = make_patient(primary_clinician=clinician)
    workup_services.workup_create(
        actor=clinician, patient=patient, visit_date=datetime.date(2026, 10, 1), clinician=clinician
    )
    invite_for(staff_client, patient, days_ahead(10))
    assert Workup.objects.filter(patient=patient, visit_date=days_ahead(10)).exists()
    assert Patient.objects.get(pk=patient.pk).last_visit_on == datetime.date(2026, 10, 1)


def test_a_first_visit_ahead_gives_the_patient_no_last_visit(staff_client, patient):
    invite_for(staff_client, patient, days_ahead(10))
    assert Workup.objects.filter(patient=patient).exists()
    assert Patient.objects.get(pk=patient.pk).last_visit_on is None


def test_the_draft_of_a_visit_ahead_cannot_be_signed_before_its_day(
    client, staff_client, clinician, patient
):
    invite_for(staff_client, patient, days_ahead(3))
    workup = Workup.objects.get(patient=patient)
    sign_in(client, clinician)
    response = client.post(
        reverse("workup:sign", args=[patient.pk, workup.pk]), sign_data(workup, PASSWORD)
    )
    assert response.status_code == 302
    shown = " ".join(str(message) for message in get_messages(response.wsgi_request))
    assert "can be signed from that day. Nothing was signed." in shown
    with pytest.raises(VisitAhead, match="can be signed from that day"):
        workup_services.workup_sign(workup=workup, signer=clinician, password=PASSWORD)
    stored = Workup.objects.get(pk=workup.pk)
    assert stored.status == "draft" and stored.signed_document is None
    assert not AuditEvent.objects.filter(action=actions.WORKUP_SIGN).exists()


def test_the_new_workup_page_still_refuses_a_visit_date_ahead(clinician_client, clinician, patient):
    page = clinician_client.post(
        reverse("workup:create", args=[patient.pk]),
        {"visit_date": days_ahead(1).isoformat(), "clinician": clinician.pk},
    )
    assert page.status_code == 200
    assert "The visit date cannot be in the future." in page.content.decode()
    assert not Workup.objects.exists()


def test_staff_still_cannot_start_a_workup_outside_an_invitation(staff, patient, clinician):
    with pytest.raises(PermissionDenied):
        workup_services.workup_create(
            actor=staff, patient=patient, visit_date=timezone.localdate(), clinician=clinician
        )
    assert not Workup.objects.exists()
