"""The patient's side: the date of birth before any question, one page per part saved as a
whole, resumed where it was left, checked against the workup document, and one final
submission that spends the link."""

import pytest
from django.urls import reverse

from audit import actions
from audit.models import AuditEvent
from questionnaires.models import Questionnaire
from tests.questionnaires.factories import link, mood_answers, open_and_confirm, part_url

pytestmark = pytest.mark.django_db


def test_the_link_shows_only_the_practice_and_the_first_name_before_the_date_of_birth(
    browser, code, patient, settings
):
    page = browser.get(link(code), follow=True)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Hello Ana" in html and settings.PRACTICE_NAME in html
    assert "Silva" not in html and "Q1001" not in html
    assert patient.date_of_birth.isoformat() not in html
    assert 'name="date_of_birth"' in html


def test_no_question_is_shown_before_the_date_of_birth_is_confirmed(browser, code):
    browser.get(link(code))
    page = browser.get(part_url("pain_areas"))
    assert page.status_code == 302
    assert page["Location"] == reverse("questionnaires:patient_confirm")


def test_after_the_date_of_birth_the_first_part_opens_at_an_address_without_the_code(
    browser, code, patient
):
    confirmed = open_and_confirm(browser, code, patient)
    assert confirmed["Location"] == part_url("pain_areas")
    page = browser.get(confirmed["Location"])
    assert page.status_code == 200
    assert "Left shoulder" in page.content.decode()


def test_a_saved_part_is_stored_in_the_shape_of_the_workup_section(
    browser, code, patient, questionnaire
):
    open_and_confirm(browser, code, patient)
    browser.post(part_url("pain_areas"), {"areas": ["neck", "left_hip"], "action": "next"})
    browser.post(
        part_url("symptoms"),
        {
            "fatigue": "3",
            "waking_unrefreshed": "2",
            "cognitive": "1",
            "headaches": "yes",
            "lower_abdominal_pain": "no",
            "symptom_duration_months": "14",
            "pain_nrs": "7",
        },
    )
    questionnaire.refresh_from_db()
    assert questionnaire.answers["pain"] == {
        "wpi_areas": ["left_hip", "neck"],
        "sss": {
            "fatigue": 3,
            "waking_unrefreshed": 2,
            "cognitive": 1,
            "headaches": True,
            "lower_abdominal_pain": False,
            "depression": None,
        },
        "symptom_duration_months": 14,
        "pain_nrs": 7,
    }
    assert questionnaire.saved_parts == ["pain_areas", "symptoms"]


def test_saving_moves_on_to_the_next_part(browser, code, patient):
    open_and_confirm(browser, code, patient)
    saved = browser.post(part_url("pain_areas"), {"areas": ["neck"], "action": "next"})
    assert saved["Location"] == part_url("symptoms")


def test_answers_are_saved_and_resumed_after_opening_the_link_again(
    browser, code, patient, questionnaire, client
):
    open_and_confirm(browser, code, patient)
    later = browser.post(
        part_url("activity"),
        {"aerobic_minutes_per_week": "45", "sleep_hours": "6.5", "action": "later"},
    )
    assert later["Location"] == reverse("questionnaires:patient_saved")
    assert browser.get(part_url("activity")).status_code == 200  # the session ended
    assert "Left shoulder" not in browser.get(part_url("pain_areas")).content.decode()

    open_and_confirm(client, code, patient)
    page = client.get(part_url("activity")).content.decode()
    assert 'value="45"' in page and 'value="6.5"' in page
    questionnaire.refresh_from_db()
    assert questionnaire.answers["lifestyle"]["sleep_hours"] == 6.5


def test_resuming_opens_the_first_part_not_yet_saved(browser, code, patient, client):
    open_and_confirm(browser, code, patient)
    browser.post(part_url("pain_areas"), {"no_pain": "on", "action": "later"})
    assert open_and_confirm(client, code, patient)["Location"] == part_url("symptoms")


def test_an_answer_out_of_the_document_range_is_refused_at_its_field(
    browser, code, patient, questionnaire
):
    open_and_confirm(browser, code, patient)
    page = browser.post(part_url("activity"), {"strength_sessions_per_week": "22"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Enter a whole number from 0 to 21." in html
    assert 'href="#id_strength_sessions_per_week"' in html  # the error summary links to it
    questionnaire.refresh_from_db()
    assert "lifestyle" not in questionnaire.answers


def test_a_part_answered_phq9_is_refused_item_by_item(browser, code, patient, questionnaire):
    open_and_confirm(browser, code, patient)
    answers = mood_answers()
    del answers["item_4"]
    page = browser.post(part_url("mood"), answers)
    assert page.status_code == 200
    assert "Answer this question too" in page.content.decode()
    questionnaire.refresh_from_db()
    assert "mental" not in questionnaire.answers


def test_medicines_are_free_text_lines_the_clinician_classifies(
    browser, code, patient, questionnaire
):
    open_and_confirm(browser, code, patient)
    browser.post(
        part_url("medicines"),
        {"medicines": "amitriptyline 10 mg at night\n\n  vitamin\tD  \n"},
    )
    questionnaire.refresh_from_db()
    assert questionnaire.answers["medications"] == [
        {"name": "amitriptyline 10 mg at night"},
        {"name": "vitamin D"},
    ]


def test_a_medicine_line_with_a_bidirectional_control_is_refused(browser, code, patient):
    open_and_confirm(browser, code, patient)
    page = browser.post(part_url("medicines"), {"medicines": "ok\nevil\u202egnp"})
    assert "Line 2 must not contain bidirectional control characters" in page.content.decode()


def test_warning_signs_not_sure_is_not_asked_for_the_workup_and_reopens_as_left(
    browser, code, patient, questionnaire
):
    open_and_confirm(browser, code, patient)
    browser.post(part_url("warning_signs"), {"fever": "not_sure", "weight_loss": "yes"})
    questionnaire.refresh_from_db()
    assert questionnaire.answers["red_flags"]["fever"] is None
    assert questionnaire.answers["red_flags"]["weight_loss"] is True
    page = browser.get(part_url("warning_signs")).content.decode()
    assert 'id="id_fever_2" value="not_sure" checked' in page


def test_submission_spends_the_link(browser, code, patient, questionnaire, client):
    open_and_confirm(browser, code, patient)
    browser.post(part_url("pain_areas"), {"areas": ["neck"]})
    sent = browser.post(reverse("questionnaires:patient_review"))
    assert sent["Location"] == reverse("questionnaires:patient_thanks")
    questionnaire.refresh_from_db()
    assert questionnaire.submitted_at is not None
    assert AuditEvent.objects.filter(
        action=actions.QUESTIONNAIRE_SUBMIT, patient_id=patient.pk
    ).exists()
    again = client.get(link(code))
    assert again.status_code == 200
    assert "This link cannot be used" in again.content.decode()
    assert browser.post(reverse("questionnaires:patient_review")).status_code == 200
    assert Questionnaire.objects.get(pk=questionnaire.pk).submitted_at == questionnaire.submitted_at


def test_the_review_page_shows_the_answers_in_the_patients_words(browser, code, patient):
    open_and_confirm(browser, code, patient)
    browser.post(part_url("gut"), {"symptoms": ["bloating", "rectal_bleeding"]})
    page = browser.get(reverse("questionnaires:patient_review")).content.decode()
    assert "Bloating (a swollen or tight belly); Blood from your bottom or in your stools" in page


def test_only_the_chosen_parts_are_asked(patient, clinician, browser):
    from tests.questionnaires.factories import invite

    _, code = invite(patient=patient, actor=clinician, parts=["mood", "gut"])
    assert open_and_confirm(browser, code, patient)["Location"] == part_url("mood")
    assert browser.get(part_url("pain_areas"))["Location"] == reverse(
        "questionnaires:patient_review"
    )
    assert browser.post(part_url("mood"), mood_answers())["Location"] == part_url("gut")


def test_each_save_is_audited_with_the_patient_and_the_part_but_no_answer(browser, code, patient):
    open_and_confirm(browser, code, patient)
    browser.post(part_url("medicines"), {"medicines": "amitriptyline 10 mg"})
    event = AuditEvent.objects.get(action=actions.QUESTIONNAIRE_SAVE)
    assert (event.patient_id, event.actor, event.detail) == (
        patient.pk,
        None,
        {"part": "medicines"},
    )
    assert AuditEvent.objects.filter(
        action=actions.QUESTIONNAIRE_DOB_CONFIRMED, patient_id=patient.pk
    ).exists()
    assert not any("amitriptyline" in str(e.detail) for e in AuditEvent.objects.all())
