"""Who may do what with workups: a workup id under another patient's id is a 404 on every
workup URL; staff read but never write; admins see no clinical content."""

import pytest
from django.urls import reverse

from tests.patients.factories import make_patient
from tests.test_url_sweep import iter_patterns
from tests.workup.formdata import section_data
from tests.workup.helpers import page_version, section_url, url
from workup import adapters
from workup.models import Workup
from workup.rules.facts import Hormones

WORKUP_URLS = sorted(
    name
    for name, pattern in iter_patterns()
    if name.startswith("workup:") and "<int:workup_id>" in str(pattern.pattern)
)
GET_ONLY = {"workup:overview"}
POST_ONLY = {"workup:acr_preview"}


def test_every_workup_url_names_the_patient_too():
    assert WORKUP_URLS
    for name, pattern in iter_patterns():
        if "workup_id" in str(pattern.pattern):
            assert "<int:patient_id>" in str(pattern.pattern), name


def kwargs_for(name, *, patient_id, workup_id):
    kwargs = {"patient_id": patient_id, "workup_id": workup_id}
    if name in ("workup:section", "workup:section_clear"):
        kwargs["section"] = "pain"
    return kwargs


@pytest.mark.parametrize("persona", ["clinician_client", "staff_client"])
@pytest.mark.parametrize("name", WORKUP_URLS)
def test_a_workup_under_another_patients_id_is_not_found(request, persona, name, draft):
    client = request.getfixturevalue(persona)
    other = make_patient()
    address = reverse(name, kwargs=kwargs_for(name, patient_id=other.pk, workup_id=draft.pk))
    allowed = {404} if persona == "clinician_client" else {403, 404}
    get = client.get(address).status_code
    post = client.post(address, {"version": "1", "password": "x"}).status_code
    assert get in (allowed | {405} if name in POST_ONLY else allowed)
    assert post in (allowed | {405} if name in GET_ONLY else allowed)


@pytest.mark.parametrize("name", WORKUP_URLS)
def test_an_unknown_workup_is_not_found(clinician_client, name, draft):
    kwargs = kwargs_for(name, patient_id=draft.patient_id, workup_id=draft.pk + 1000)
    address = reverse(name, kwargs=kwargs)
    response = (
        clinician_client.post(address) if name in POST_ONLY else clinician_client.get(address)
    )
    assert response.status_code == 404


def test_an_unknown_section_name_is_not_a_url(clinician_client, draft):
    address = draft.get_absolute_url() + "passwords/"
    assert clinician_client.get(address).status_code == 404


def test_staff_read_sections_without_a_form(staff_client, draft):
    response = staff_client.get(section_url(draft, "labs"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="version"' not in html
    assert "only clinicians can change it" in html
    assert "Clear this section" not in html


@pytest.mark.parametrize("section", ["pain", "hormones", "labs"])
def test_staff_cannot_save_a_section(staff_client, draft, section):
    before = adapters.section_value(draft, section)
    data = section_data("hormones", Hormones("pregnant"), version=1)
    assert staff_client.post(section_url(draft, section), data).status_code == 403
    assert adapters.section_value(Workup.objects.get(pk=draft.pk), section) == before


@pytest.mark.parametrize("name", ["details", "sign", "amend"])
def test_staff_get_403_on_workflow_pages(staff_client, draft, name):
    assert staff_client.get(url(name, draft)).status_code == 403


def test_staff_cannot_clear_or_preview(staff_client, draft):
    assert staff_client.get(url("section_clear", draft, "pain")).status_code == 403
    assert (
        staff_client.post(url("section_clear", draft, "pain"), {"version": "1"}).status_code == 403
    )
    assert staff_client.post(url("acr_preview", draft), {}).status_code == 403
    assert Workup.objects.get(pk=draft.pk).pain is not None


def test_staff_cannot_start_a_workup(staff_client, patient):
    address = reverse("workup:create", args=[patient.pk])
    assert staff_client.get(address).status_code == 403
    assert staff_client.post(address, {"visit_date": "2026-11-01"}).status_code == 403


def test_the_overview_shows_staff_no_edit_actions(staff_client, draft):
    html = staff_client.get(draft.get_absolute_url()).content.decode()
    assert "Sign this workup" not in html
    assert "Fill in the sections" not in html


def test_admins_get_403_everywhere(admin_client, draft):
    assert admin_client.get(draft.get_absolute_url()).status_code == 403
    assert admin_client.get(section_url(draft, "mental")).status_code == 403
    assert admin_client.get(reverse("workup:rules")).status_code == 403


def test_a_clinician_edits_a_draft_of_another_clinician(client, other_clinician, draft):
    from tests.conftest import sign_in

    sign_in(client, other_clinician)
    page = client.get(section_url(draft, "hormones"))
    response = client.post(
        section_url(draft, "hormones"),
        section_data("hormones", Hormones("pregnant"), version=page_version(page)),
    )
    assert response.status_code == 302
