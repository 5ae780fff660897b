"""Admins manage accounts, not patients: every patient page and action is refused to them.

(The URL sweep covers GET for every role; this file covers the writes.)
"""

import pytest
from django.urls import reverse

from patients.models import Patient
from tests.conftest import make_user, sign_in
from tests.patients.factories import make_patient

pytestmark = pytest.mark.django_db


def test_an_admin_can_neither_register_nor_search(admin_client):
    assert admin_client.post(reverse("patients:create"), {"mrn": "A1"}).status_code == 403
    assert admin_client.post(reverse("patients:list"), {"query": "silva"}).status_code == 403
    assert not Patient.objects.exists()
    assert "patients.search" not in admin_client.session


@pytest.mark.parametrize("name", ["patients:update", "patients:archive", "patients:restore"])
def test_an_admin_cannot_change_a_patient(admin_client, name):
    patient = make_patient(mrn="A1")
    response = admin_client.post(reverse(name, args=[patient.pk]), {"reason": "x", "mrn": "Z9"})
    assert response.status_code == 403
    patient.refresh_from_db()
    assert (patient.mrn, patient.is_active) == ("A1", True)


def test_an_anonymous_visitor_is_sent_to_log_in_even_when_posting(client):
    patient = make_patient()
    response = client.post(reverse("patients:archive", args=[patient.pk]), {"reason": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    patient.refresh_from_db()
    assert patient.is_active


def test_a_user_without_a_role_gets_403(client):
    sign_in(client, make_user("no_role", None))
    assert client.get(reverse("patients:list")).status_code == 403


def test_patient_pages_are_never_cached(clinician_client):
    patient = make_patient()
    for url in [reverse("patients:list"), reverse("patients:detail", args=[patient.pk])]:
        assert "no-store" in clinician_client.get(url)["Cache-Control"]


def test_the_start_page_links_to_patients_only_for_roles_that_have_them(
    client, clinician, admin_user
):
    sign_in(client, clinician)
    assert 'href="/patients/"' in client.get(reverse("home")).content.decode()
    sign_in(client, admin_user)
    assert 'href="/patients/"' not in client.get(reverse("home")).content.decode()
