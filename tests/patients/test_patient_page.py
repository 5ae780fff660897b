"""The patient's page: demographics, workups, and who changed what, when, from what to what."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from patients.models import Patient
from tests.conftest import sign_in
from tests.patients.factories import make_patient

pytestmark = pytest.mark.django_db


def test_the_page_shows_the_demographics(clinician_client, clinician):
    patient = make_patient(
        given_name="Zoë",
        family_name="Ødegaard",
        mrn="A1001",
        phone="+44 20 7946 0958",
        primary_clinician=clinician,
    )
    html = clinician_client.get(reverse("patients:detail", args=[patient.pk])).content.decode()
    for text in [
        "Zoë Ødegaard",
        "A1001",
        "2 Apr 1978",
        "Female",
        "+44 20 7946 0958",
        "Ines Rivera",
    ]:
        assert text in html, text
    assert '<h2 class="h5" id="workups-heading">Workups</h2>' in html
    assert "No workups yet." in html


def test_the_page_lists_who_changed_which_field_from_what_to_what(clinician_client, staff):
    staff_client = sign_in(Client(), staff)
    clinician_client.post(
        reverse("patients:create"),
        {
            "mrn": "A1001",
            "given_name": "Ana",
            "family_name": "Silva",
            "date_of_birth": "1978-04-02",
            "sex_at_birth": "female",
        },
    )
    patient = Patient.objects.get()
    staff_client.post(
        reverse("patients:update", args=[patient.pk]),
        {
            "mrn": "A1001",
            "given_name": "Ana",
            "family_name": "Silva Costa",
            "date_of_birth": "1978-04-02",
            "sex_at_birth": "female",
            "phone": "020 7946 0000",
        },
    )
    page = clinician_client.get(reverse("patients:detail", args=[patient.pk]))
    changes = page.context["changes"]
    assert [(change.kind, change.by) for change in changes] == [
        ("changed", "Sam Okafor"),
        ("registered", "Ines Rivera"),
    ]
    assert [(f.label, f.before, f.after) for f in changes[0].fields] == [
        ("Family name", "Silva", "Silva Costa"),
        ("Phone", "—", "020 7946 0000"),
    ]
    html = page.content.decode()
    assert 'Silva <span aria-hidden="true">→</span>' in html
    assert "Sam Okafor" in html


def test_an_archive_shows_in_the_history_with_its_reason(clinician_client):
    patient = make_patient()
    clinician_client.post(reverse("patients:archive", args=[patient.pk]), {"reason": "Moved away"})
    changes = clinician_client.get(reverse("patients:detail", args=[patient.pk])).context["changes"]
    assert changes[0].reason == "Moved away"
    assert ("Record", "active", "archived") in [
        (f.label, f.before, f.after) for f in changes[0].fields
    ]


def test_a_patient_without_recorded_changes_says_so(clinician_client):
    Patient.objects.bulk_create(
        [
            Patient(
                mrn="B0",
                given_name="Bia",
                family_name="Alves",
                date_of_birth=datetime.date(1970, 1, 1),
                sex_at_birth="female",
            )
        ]
    )
    patient = Patient.objects.get()
    response = clinician_client.get(reverse("patients:detail", args=[patient.pk]))
    assert response.context["changes"] == []
    assert "No changes recorded." in response.content.decode()


def test_a_bulk_created_patient_says_earlier_values_were_not_recorded(clinician_client):
    Patient.objects.bulk_create(
        [
            Patient(
                mrn="B1",
                given_name="Bia",
                family_name="Alves",
                date_of_birth=datetime.date(1970, 1, 1),
                sex_at_birth="female",
            )
        ]
    )
    patient = Patient.objects.get()
    clinician_client.post(reverse("patients:archive", args=[patient.pk]), {"reason": "Duplicate"})
    changes = clinician_client.get(reverse("patients:detail", args=[patient.pk])).context["changes"]
    assert [(change.note, change.fields) for change in changes] == [
        ("Values before this change were not recorded.", [])
    ]


def test_the_history_costs_the_same_queries_however_long_it_is(
    clinician, django_assert_max_num_queries
):
    from patients.selectors import patient_changes

    patient = make_patient(primary_clinician=clinician)
    for number in range(30):
        patient.phone = f"0207946{number:04d}"
        patient._history_user = clinician
        patient.save()
    with django_assert_max_num_queries(2):
        assert len(patient_changes(patient=patient)) == 31


def test_the_workups_section_lists_workups_when_given():
    from django.template.loader import render_to_string

    class Workup:
        visit_date = datetime.date(2026, 11, 20)

        def get_status_display(self):
            return "Signed"

        def get_absolute_url(self):
            return "/workups/7/"

    html = render_to_string("patients/_workups.html", {"workups": [Workup()]})
    assert '<a href="/workups/7/">20 Nov 2026</a>' in html
    assert "Signed" in html
