"""Registering and editing patients through the pages, with the duplicate check."""

import datetime

import pytest
from django.urls import reverse

from audit import actions
from audit.models import AuditEvent
from patients.models import Patient
from tests.patients.factories import make_patient

pytestmark = pytest.mark.django_db
CREATE = reverse("patients:create")


def registration(**overrides):
    data = {
        "mrn": "A1001",
        "given_name": "Ana",
        "family_name": "Silva",
        "date_of_birth": "1978-04-02",
        "sex_at_birth": "female",
        "phone": "+44 20 7946 0958",
        "email": "ana@example.org",
        "primary_clinician": "",
    }
    data.update(overrides)
    return data


def edit_data(patient, **overrides):
    data = {
        "mrn": patient.mrn,
        "given_name": patient.given_name,
        "family_name": patient.family_name,
        "date_of_birth": patient.date_of_birth.isoformat(),
        "sex_at_birth": patient.sex_at_birth,
        "phone": patient.phone,
        "email": patient.email,
        "primary_clinician": patient.primary_clinician_id or "",
    }
    data.update(overrides)
    return data


def test_a_clinician_registers_a_patient_and_lands_on_their_page(clinician_client, clinician):
    response = clinician_client.post(CREATE, registration(primary_clinician=clinician.pk))
    patient = Patient.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("patients:detail", args=[patient.pk])
    assert (patient.mrn, patient.full_name, patient.primary_clinician) == (
        "A1001",
        "Ana Silva",
        clinician,
    )
    assert (patient.created_by, patient.updated_by, patient.is_active) == (
        clinician,
        clinician,
        True,
    )
    event = AuditEvent.objects.get(action=actions.PATIENT_CREATE)
    assert (event.actor, event.patient_id, event.target_id) == (
        clinician,
        patient.pk,
        str(patient.pk),
    )


def test_practice_staff_register_patients_too(staff_client):
    assert staff_client.post(CREATE, registration()).status_code == 302
    assert Patient.objects.count() == 1


def test_the_registration_page_labels_every_field(clinician_client):
    html = clinician_client.get(CREATE).content.decode()
    for field in ["mrn", "given_name", "family_name", "date_of_birth", "sex_at_birth", "phone"]:
        assert f'for="id_{field}"' in html, field


def test_bad_input_is_shown_next_to_its_field_and_nothing_typed_is_lost(clinician_client):
    typed = registration(
        mrn="A 1001", given_name="Zoë", family_name="Ødegaard", phone="call me", email="zoe@"
    )
    response = clinician_client.post(CREATE, typed)
    assert response.status_code == 200
    assert not Patient.objects.exists()
    form = response.context["form"]
    assert set(form.errors) == {"mrn", "phone", "email"}
    html = response.content.decode()
    for value in ["A 1001", "Zoë", "Ødegaard", "call me", "zoe@", "1978-04-02"]:
        assert f'value="{value}"' in html, value
    assert "Use letters, digits and - only" in html


def test_a_patient_with_the_same_family_name_and_birth_date_needs_confirmation(clinician_client):
    existing = make_patient(given_name="Ana", family_name="Silva", mrn="OLD1")
    response = clinician_client.post(CREATE, registration(given_name="Anna", family_name="SÍLVA"))
    assert response.status_code == 200
    assert Patient.objects.count() == 1
    form = response.context["form"]
    assert form.duplicates == [existing]
    assert "confirm_different_person" in form.errors
    html = response.content.decode()
    assert "Possibly registered already" in html
    assert reverse("patients:detail", args=[existing.pk]) in html
    assert 'type="checkbox" name="confirm_different_person"' in html
    assert 'value="Anna"' in html


def test_confirming_a_different_person_registers_them_and_records_which_record_was_checked(
    clinician_client,
):
    existing = make_patient(family_name="Silva", mrn="OLD1")
    response = clinician_client.post(
        CREATE, registration(given_name="Anna", confirm_different_person="on")
    )
    assert response.status_code == 302
    assert Patient.objects.count() == 2
    event = AuditEvent.objects.get(action=actions.PATIENT_CREATE)
    assert event.detail == {"confirmed_not_duplicate_of": [existing.pk]}


def test_the_same_family_name_with_another_birth_date_is_not_a_possible_duplicate(
    clinician_client,
):
    make_patient(family_name="Silva", date_of_birth=datetime.date(1980, 1, 1))
    assert clinician_client.post(CREATE, registration()).status_code == 302
    assert Patient.objects.count() == 2


def test_the_confirmation_box_stays_hidden_while_there_is_nothing_to_confirm(clinician_client):
    html = clinician_client.get(CREATE).content.decode()
    assert 'type="hidden" name="confirm_different_person"' in html


def test_an_mrn_taken_in_another_case_is_refused_on_the_mrn_field(clinician_client):
    make_patient(mrn="A1001", family_name="Other")
    response = clinician_client.post(CREATE, registration(mrn="a1001"))
    assert response.context["form"].errors["mrn"] == ["Another patient already has this MRN."]
    assert Patient.objects.count() == 1


def test_editing_saves_the_change_and_records_which_fields_changed(clinician_client, clinician):
    patient = make_patient(phone="")
    response = clinician_client.post(
        reverse("patients:update", args=[patient.pk]), edit_data(patient, phone="020 7946 0000")
    )
    assert response.status_code == 302
    patient.refresh_from_db()
    assert (patient.phone, patient.updated_by) == ("020 7946 0000", clinician)
    event = AuditEvent.objects.get(action=actions.PATIENT_UPDATE)
    assert (event.patient_id, event.detail) == (patient.pk, {"changed": ["phone"]})


def test_saving_without_changes_writes_no_update_event(clinician_client):
    patient = make_patient()
    response = clinician_client.post(
        reverse("patients:update", args=[patient.pk]), edit_data(patient)
    )
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action=actions.PATIENT_UPDATE).exists()


def test_a_renamed_patient_is_found_by_the_new_name(clinician_client):
    patient = make_patient(given_name="Ana", family_name="Silva")
    clinician_client.post(
        reverse("patients:update", args=[patient.pk]), edit_data(patient, family_name="Dvořák")
    )
    patient.refresh_from_db()
    assert (patient.search_name, patient.sort_name) == ("ana dvorak", "dvorak ana")


def test_an_edit_that_makes_a_patient_match_another_needs_confirmation(clinician_client):
    make_patient(family_name="Costa", mrn="C1")
    patient = make_patient(family_name="Silva", mrn="S1")
    url = reverse("patients:update", args=[patient.pk])
    response = clinician_client.post(url, edit_data(patient, family_name="Costa"))
    assert response.status_code == 200
    assert "confirm_different_person" in response.context["form"].errors
    assert "Edit Ana Silva" in response.content.decode()  # the heading shows the stored name
    patient.refresh_from_db()
    assert patient.family_name == "Silva"


def test_an_edit_of_other_fields_does_not_ask_about_existing_namesakes(clinician_client):
    make_patient(family_name="Silva", mrn="S0")
    patient = make_patient(family_name="Silva", mrn="S1")
    response = clinician_client.post(
        reverse("patients:update", args=[patient.pk]), edit_data(patient, phone="123456")
    )
    assert response.status_code == 302


def test_an_unknown_patient_is_not_found(clinician_client):
    assert clinician_client.get(reverse("patients:update", args=[999999])).status_code == 404
    assert clinician_client.get(reverse("patients:detail", args=[999999])).status_code == 404


def test_the_primary_clinician_can_be_any_active_clinician_but_not_other_roles(
    clinician_client, other_clinician, staff
):
    response = clinician_client.post(CREATE, registration(primary_clinician=staff.pk))
    assert "primary_clinician" in response.context["form"].errors
    response = clinician_client.post(CREATE, registration(primary_clinician=other_clinician.pk))
    assert response.status_code == 302
    assert Patient.objects.get().primary_clinician == other_clinician


def test_an_edit_keeps_a_primary_clinician_who_has_since_left(clinician_client, other_clinician):
    patient = make_patient(primary_clinician=other_clinician)
    other_clinician.is_active = False
    other_clinician.save()
    response = clinician_client.post(
        reverse("patients:update", args=[patient.pk]), edit_data(patient, phone="123456")
    )
    assert response.status_code == 302
    patient.refresh_from_db()
    assert patient.primary_clinician == other_clinician


def test_a_clinician_registering_a_patient_is_their_primary_clinician_unless_changed(
    clinician_client, clinician
):
    form = clinician_client.get(CREATE).context["form"]
    assert form["primary_clinician"].value() == clinician.pk
    assert clinician_client.post(CREATE, registration(primary_clinician="")).status_code == 302
    assert Patient.objects.get().primary_clinician is None, "a choice of none is kept"


def test_staff_registering_a_patient_leave_the_primary_clinician_to_choose(staff_client):
    form = staff_client.get(CREATE).context["form"]
    assert form["primary_clinician"].value() is None


def test_editing_does_not_make_the_editor_the_primary_clinician(clinician_client):
    patient = make_patient()
    form = clinician_client.get(reverse("patients:update", args=[patient.pk])).context["form"]
    assert form["primary_clinician"].value() is None


def test_dates_on_the_patient_page_read_in_the_practice_format(clinician_client, settings):
    patient = make_patient(date_of_birth=datetime.date(1978, 4, 2))
    page = clinician_client.get(reverse("patients:detail", args=[patient.pk])).content.decode()
    assert "2 Apr 1978 (age" in page
    settings.PRACTICE_DATE_FORMAT = "d/m/Y"
    page = clinician_client.get(reverse("patients:detail", args=[patient.pk])).content.decode()
    assert "02/04/1978 (age" in page
