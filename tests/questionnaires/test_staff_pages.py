"""The clinic's pages: invitation (an existing draft or a new visit), the link shown once with
its letter and QR code, e-mail, a new code, revoke; each role's access; and an IDOR sweep: a
questionnaire id under another patient's address is a 404."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from audit import actions
from audit.models import AuditEvent
from questionnaires import tokens
from questionnaires.models import Questionnaire
from tests.patients.factories import make_patient
from tests.questionnaires.factories import open_and_confirm
from tests.workup.factories import make_workup
from workup.models import Workup

pytestmark = pytest.mark.django_db

CODE = re.compile(r"/q/([0-9A-Z]{4}(?:-[0-9A-Z]{4}){4})/")


def invite_url(patient):
    return reverse("questionnaires:invite", args=[patient.pk])


def shown_code(response) -> str:
    match = CODE.search(response.content.decode())
    assert match, "no link on the page"
    return match.group(1)


@pytest.fixture
def draft(patient, clinician):
    return make_workup(patient=patient, clinician=clinician)


def test_the_invitation_ticks_every_part_the_patient_can_answer_but_not_the_trauma_screens(
    clinician_client, patient, settings
):
    settings.QUESTIONNAIRE_TRAUMA_SCREENS = "offered"
    html = clinician_client.get(invite_url(patient)).content.decode()
    assert re.search(r'value="mood"[^>]*checked', html)
    assert re.search(r'value="cycle"[^>]*checked', html)
    assert 'value="childhood"' in html and not re.search(r'value="childhood"[^>]*checked', html)
    settings.QUESTIONNAIRE_TRAUMA_SCREENS = "off"
    assert 'value="childhood"' not in clinician_client.get(invite_url(patient)).content.decode()


def test_the_cycle_questions_are_not_offered_for_a_male_patient(clinician_client, clinician):
    man = make_patient(sex_at_birth="male", primary_clinician=clinician)
    assert 'value="cycle"' not in clinician_client.get(invite_url(man)).content.decode()


def test_inviting_for_a_draft_shows_the_link_once_and_stores_only_its_hash(
    staff_client, patient, draft
):
    page = staff_client.post(
        invite_url(patient),
        {"workup": draft.pk, "parts": ["pain_areas", "mood"], "channel": "link"},
    )
    assert page.status_code == 200
    code = shown_code(page)
    html = page.content.decode()
    assert "This code is shown only now" in html
    assert '<div role="img" aria-label="QR code of the questionnaire link">' in html
    assert "no-store" in page["Cache-Control"]
    questionnaire = Questionnaire.objects.get()
    assert questionnaire.workup == draft and questionnaire.parts == ["pain_areas", "mood"]
    assert questionnaire.token_hash == tokens.code_hash(tokens.normalised(code))
    detail = staff_client.get(questionnaire.get_absolute_url()).content.decode()
    assert code not in detail and tokens.normalised(code) not in detail
    event = AuditEvent.objects.get(action=actions.QUESTIONNAIRE_INVITE)
    assert event.patient_id == patient.pk and event.detail["workup_id"] == draft.pk


def test_a_clinician_inviting_for_a_new_visit_date_creates_the_draft_for_the_primary_clinician(
    client, patient, other_clinician
):
    from tests.conftest import sign_in

    sign_in(client, other_clinician)
    today = timezone.localdate()
    page = client.post(
        invite_url(patient),
        {"visit_date": today.isoformat(), "parts": ["mood"], "channel": "link"},
    )
    assert page.status_code == 200, page.content.decode()
    workup = Workup.objects.get(patient=patient)
    assert workup.visit_date == today and workup.clinician == patient.primary_clinician
    assert AuditEvent.objects.filter(action=actions.WORKUP_CREATE, patient_id=patient.pk).exists()


def test_a_clinician_inviting_a_patient_without_a_primary_clinician_becomes_the_clinician(
    clinician_client, clinician
):
    patient = make_patient()
    clinician_client.post(
        invite_url(patient),
        {"visit_date": timezone.localdate().isoformat(), "parts": ["mood"], "channel": "kiosk"},
    )
    assert Workup.objects.get(patient=patient).clinician == clinician


def test_staff_must_choose_a_clinician_when_the_patient_has_none(staff_client):
    patient = make_patient()
    page = staff_client.post(
        invite_url(patient),
        {"visit_date": timezone.localdate().isoformat(), "parts": ["mood"], "channel": "link"},
    )
    assert "Choose the clinician for this visit" in page.content.decode()
    assert not Questionnaire.objects.exists()


def test_a_new_visit_more_than_a_year_ahead_is_refused_by_the_workup_rules(
    clinician_client, patient
):
    too_far = timezone.localdate() + datetime.timedelta(days=366)
    page = clinician_client.post(
        invite_url(patient),
        {"visit_date": too_far.isoformat(), "parts": ["mood"], "channel": "link"},
    )
    assert "A planned visit can be at most a year ahead" in page.content.decode()
    assert not Workup.objects.exists()


def test_a_visit_with_a_questionnaire_waiting_gets_no_second_one(clinician_client, patient, draft):
    data = {"workup": draft.pk, "parts": ["mood"], "channel": "link"}
    clinician_client.post(invite_url(patient), data)
    again = clinician_client.post(invite_url(patient), data)
    assert "already has a questionnaire waiting" in again.content.decode()
    assert Questionnaire.objects.count() == 1


def test_a_kiosk_questionnaire_has_no_code(staff_client, patient, draft):
    page = staff_client.post(
        invite_url(patient), {"workup": draft.pk, "parts": ["mood"], "channel": "kiosk"}
    )
    questionnaire = Questionnaire.objects.get()
    assert page["Location"] == questionnaire.get_absolute_url()
    assert questionnaire.token_hash is None


def test_the_link_can_be_e_mailed_to_the_patients_address(staff_client, patient, draft):
    patient.email = "ana@example.org"
    patient.save()
    page = staff_client.post(
        invite_url(patient), {"workup": draft.pk, "parts": ["mood"], "channel": "link"}
    )
    code = shown_code(page)
    questionnaire = Questionnaire.objects.get()
    sent = staff_client.post(
        reverse("questionnaires:email", args=[patient.pk, questionnaire.pk]), {"code": code}
    )
    assert "E-mail sent" in sent.content.decode()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ana@example.org"]
    assert f"/q/{code}/" in mail.outbox[0].body and "Dear Ana" in mail.outbox[0].body
    event = AuditEvent.objects.get(action=actions.QUESTIONNAIRE_EMAIL)
    assert event.patient_id == patient.pk and "ana@" not in str(event.detail)


def test_e_mail_refuses_a_code_that_is_not_the_current_one(staff_client, patient, questionnaire):
    patient.email = "ana@example.org"
    patient.save()
    refused = staff_client.post(
        reverse("questionnaires:email", args=[patient.pk, questionnaire.pk]),
        {"code": tokens.grouped(tokens.new_code())},
    )
    assert refused.status_code == 302 and not mail.outbox


def test_a_new_code_replaces_the_old_one_and_keeps_the_answers(
    staff_client, browser, patient, questionnaire, code
):
    from tests.questionnaires.factories import part_url

    open_and_confirm(browser, code, patient)
    browser.post(part_url("pain_areas"), {"areas": ["neck"]})
    page = staff_client.post(
        reverse("questionnaires:new_code", args=[patient.pk, questionnaire.pk])
    )
    new_code = shown_code(page)
    assert new_code != code
    assert "This link cannot be used" in staff_client.get(f"/q/{code}/").content.decode()
    questionnaire.refresh_from_db()
    assert questionnaire.answers["pain"]["wpi_areas"] == ["neck"]


def test_revoking_stops_the_link_and_an_open_page(
    staff_client, browser, patient, questionnaire, code
):
    from tests.questionnaires.factories import part_url

    open_and_confirm(browser, code, patient)
    staff_client.post(reverse("questionnaires:revoke", args=[patient.pk, questionnaire.pk]))
    questionnaire.refresh_from_db()
    assert questionnaire.revoked_at is not None
    assert "This link cannot be used" in browser.get(part_url("mood")).content.decode()
    assert AuditEvent.objects.filter(action=actions.QUESTIONNAIRE_REVOKE).count() == 1


def test_the_patient_and_workup_pages_can_list_the_questionnaires(clinician_client, questionnaire):
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = questionnaire.created_by
    template = Template("{% load questionnaire_tags %}{% patient_questionnaires patient %}")
    html = template.render(Context({"request": request, "patient": questionnaire.patient}))
    assert questionnaire.get_absolute_url() in html and "Invite to a questionnaire" in html


# --- Access -----------------------------------------------------------------------------------

STAFF_PAGES = [
    ("questionnaires:detail", "get"),
    ("questionnaires:revoke", "get"),
    ("questionnaires:revoke", "post"),
    ("questionnaires:new_code", "post"),
    ("questionnaires:email", "post"),
    ("questionnaires:kiosk_start", "post"),
    ("questionnaires:acknowledge", "post"),
]


@pytest.mark.parametrize("name, method", STAFF_PAGES)
def test_a_questionnaire_under_another_patients_address_is_not_found(
    clinician_client, questionnaire, name, method
):
    other = make_patient()
    url = reverse(name, args=[other.pk, questionnaire.pk])
    response = getattr(clinician_client, method)(url)
    assert response.status_code == 404
    questionnaire.refresh_from_db()
    assert questionnaire.revoked_at is None and questionnaire.code_issued_at is not None


@pytest.mark.parametrize("name, method", STAFF_PAGES)
def test_staff_reach_any_patients_questionnaire_under_its_own_patient(
    staff_client, questionnaire, name, method
):
    url = reverse(name, args=[questionnaire.patient_id, questionnaire.pk])
    expected = 403 if name == "questionnaires:acknowledge" else None
    response = getattr(staff_client, method)(url)
    if expected:
        assert response.status_code == expected
    else:
        assert response.status_code in (200, 302)


@pytest.mark.parametrize(
    "name", ["questionnaires:list", "questionnaires:invite", "questionnaires:detail"]
)
def test_administrators_see_no_questionnaire(admin_client, questionnaire, name):
    kwargs = {"patient_id": questionnaire.patient_id}
    if name == "questionnaires:detail":
        kwargs["questionnaire_id"] = questionnaire.pk
    assert admin_client.get(reverse(name, kwargs=kwargs)).status_code == 403


def test_administrators_cannot_start_a_tablet_or_revoke(admin_client, questionnaire):
    for name in ("questionnaires:kiosk_start", "questionnaires:revoke", "questionnaires:new_code"):
        url = reverse(name, args=[questionnaire.patient_id, questionnaire.pk])
        assert admin_client.post(url).status_code == 403
    questionnaire.refresh_from_db()
    assert questionnaire.revoked_at is None


def test_roles_hold_exactly_their_questionnaire_permissions(clinician, staff, admin_user):
    def held(user):
        return {p for p in user.get_all_permissions() if p.startswith("questionnaires.")}

    clinic = {
        "questionnaires.view_questionnaire",
        "questionnaires.add_questionnaire",
        "questionnaires.change_questionnaire",
    }
    assert held(clinician) == clinic | {"questionnaires.acknowledge_safety_alert"}
    assert held(staff) == clinic
    assert held(admin_user) == set()


def test_an_archived_patient_cannot_be_invited(clinician_client, clinician):
    patient = make_patient(is_active=False)
    response = clinician_client.get(invite_url(patient))
    assert response["Location"] == reverse("questionnaires:list", args=[patient.pk])


def test_staff_start_a_new_visit_for_the_patients_primary_clinician(staff_client, patient):
    page = staff_client.post(
        invite_url(patient),
        {"visit_date": timezone.localdate().isoformat(), "parts": ["mood"], "channel": "link"},
    )
    assert page.status_code == 200, page.content.decode()
    assert "Practice staff cannot start a new visit" not in page.content.decode()
    workup = Workup.objects.get(patient=patient)
    assert workup.visit_date == timezone.localdate()
    assert workup.clinician == patient.primary_clinician and workup.is_editable
    assert Questionnaire.objects.get().workup == workup
