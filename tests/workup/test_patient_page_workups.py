"""The patient's page lists their workups (visit date, status, amended) and offers clinicians
a "New workup" button."""

from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD, sign_in
from workup import services
from workup.models import Workup


def patient_page(client, patient) -> str:
    return client.get(reverse("patients:detail", args=[patient.pk])).content.decode()


def test_the_patient_page_lists_workups_with_their_status(clinician_client, clinician, draft):
    services.workup_sign(workup=draft, signer=clinician, password=PASSWORD)
    amendment = services.workup_amend(
        workup=Workup.objects.get(pk=draft.pk), actor=clinician, reason="corrected a lab value"
    )
    html = patient_page(clinician_client, draft.patient)
    assert f'<a href="{draft.get_absolute_url()}">20 Nov 2026</a>' in html
    assert f'<a href="{amendment.get_absolute_url()}">20 Nov 2026</a>' in html
    assert 'Signed <span class="badge text-bg-warning">Amended</span>' in html
    assert 'Draft <span class="badge text-bg-info">Amendment</span>' in html


def test_clinicians_get_a_new_workup_button_staff_do_not(clinician, staff, patient):
    button = f'href="{reverse("workup:create", args=[patient.pk])}">New workup</a>'
    assert button in patient_page(sign_in(Client(), clinician), patient)
    assert button not in patient_page(sign_in(Client(), staff), patient)


def test_staff_see_the_list_too(staff_client, draft):
    assert draft.get_absolute_url() in patient_page(staff_client, draft.patient)


def test_an_archived_patient_offers_no_new_workup(clinician_client, patient):
    patient.is_active = False
    patient.save()
    assert "New workup" not in patient_page(clinician_client, patient)
