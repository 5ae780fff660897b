"""PHQ-9 item 9 above 0: the patient sees support and the practice's crisis contacts as soon
as it is saved; the questionnaire records the alert (audited); the clinicians' home page lists
the patient at the top until a clinician acknowledges it (audited); and the urgent flag fires on
the draft workup at once, before any section is accepted."""

import pytest
from django.urls import reverse

from audit import actions
from audit.models import AuditEvent
from questionnaires import services
from tests.questionnaires.factories import mood_answers, open_and_confirm, part_url
from workup import adapters, selectors
from workup.rules.facts import Mental
from workup.sections import section_kind
from workup.writes import write_section

pytestmark = pytest.mark.django_db

SUICIDAL = "MENTAL.SUICIDAL_IDEATION"


@pytest.fixture
def answering(browser, code, patient):
    open_and_confirm(browser, code, patient)
    return browser


def test_item9_above_0_shows_support_and_the_crisis_contacts_on_save(answering, settings):
    settings.QUESTIONNAIRE_CRISIS_CONTACTS = "Call Clinic Crisis Line 0800 123 456"
    saved = answering.post(part_url("mood"), {**mood_answers(item9=1), "action": "later"})
    assert saved["Location"] == f"{reverse('questionnaires:patient_support')}?next=worry"
    page = answering.get(saved["Location"]).content.decode()
    assert "Call Clinic Crisis Line 0800 123 456" in page
    assert "read at your visit, not watched as they come in" in page
    assert f'href="{part_url("worry")}"' in page


def test_item9_of_0_goes_straight_on(answering, questionnaire):
    saved = answering.post(part_url("mood"), mood_answers(item9=0))
    assert saved["Location"] == part_url("worry")
    questionnaire.refresh_from_db()
    assert questionnaire.safety_alert_at is None


def test_the_alert_is_recorded_on_save_not_only_on_submission(answering, questionnaire, patient):
    answering.post(part_url("mood"), mood_answers(item9=2))
    questionnaire.refresh_from_db()
    assert questionnaire.submitted_at is None
    assert questionnaire.safety_alert_at is not None and questionnaire.safety_item9 == 2
    assert AuditEvent.objects.filter(
        action=actions.QUESTIONNAIRE_SAFETY_ALERT, patient_id=patient.pk
    ).exists()


def test_the_home_page_lists_the_patient_at_the_top_until_a_clinician_acknowledges(
    answering, clinician_client, questionnaire, patient
):
    answering.post(part_url("mood"), mood_answers(item9=1))
    home = clinician_client.get(reverse("home")).content.decode()
    assert "Safety answers to act on" in home
    assert home.index("Safety answers to act on") < home.index('id="patients"')
    assert questionnaire.get_absolute_url() in home

    acknowledged = clinician_client.post(
        reverse("questionnaires:acknowledge", args=[patient.pk, questionnaire.pk]),
        {"back": "home"},
    )
    assert acknowledged["Location"] == reverse("home")
    assert "Safety answers to act on" not in clinician_client.get(reverse("home")).content.decode()
    event = AuditEvent.objects.get(action=actions.QUESTIONNAIRE_SAFETY_ACKNOWLEDGE)
    assert event.patient_id == patient.pk and event.actor is not None


def test_staff_do_not_acknowledge_and_do_not_get_the_home_notice(
    answering, staff_client, questionnaire, patient
):
    answering.post(part_url("mood"), mood_answers(item9=1))
    assert "Safety answers" not in staff_client.get(reverse("home")).content.decode()
    refused = staff_client.post(
        reverse("questionnaires:acknowledge", args=[patient.pk, questionnaire.pk])
    )
    assert refused.status_code == 403
    questionnaire.refresh_from_db()
    assert questionnaire.safety_acknowledged_at is None


def test_a_higher_item9_after_acknowledgement_raises_the_alert_again(
    answering, questionnaire, clinician
):
    answering.post(part_url("mood"), mood_answers(item9=1))
    questionnaire.refresh_from_db()
    services.questionnaire_acknowledge(actor=clinician, questionnaire=questionnaire)
    answering.post(part_url("mood"), mood_answers(item9=1))
    questionnaire.refresh_from_db()
    assert not questionnaire.safety_alert_open
    answering.post(part_url("mood"), mood_answers(item9=3))
    questionnaire.refresh_from_db()
    assert questionnaire.safety_alert_open and questionnaire.safety_item9 == 3


def codes(workup):
    workup.refresh_from_db()
    facts = selectors.workup_facts_now(workup)
    return [flag["code"] for flag in selectors.workup_evaluation(workup, facts)["flags"]]


def test_the_urgent_flag_fires_on_the_draft_as_soon_as_item9_is_saved(answering, questionnaire):
    workup = questionnaire.workup
    assert SUICIDAL not in codes(workup)
    answering.post(part_url("mood"), mood_answers(item9=1))
    assert SUICIDAL in codes(workup)


def test_the_flag_stays_after_acknowledgement_until_the_mental_section_is_accepted(
    answering, questionnaire, clinician
):
    answering.post(part_url("mood"), mood_answers(item9=1))
    questionnaire.refresh_from_db()
    services.questionnaire_acknowledge(actor=clinician, questionnaire=questionnaire)
    assert SUICIDAL in codes(questionnaire.workup)
    questionnaire.accepted_sections = {"mental": {"by": clinician.pk}}
    questionnaire.save(update_fields=["accepted_sections"])
    assert SUICIDAL not in codes(questionnaire.workup)


def test_a_clinicians_lower_item9_does_not_hide_the_patients_answer(
    answering, questionnaire, clinician
):
    workup = questionnaire.workup
    mental = Mental(phq9_total=6, phq9_item9=0)
    write_section(workup, section_kind("mental"), mental, actor=clinician, reason="test")
    answering.post(part_url("mood"), mood_answers(item9=2))
    facts = adapters.workup_facts(workup)
    assert facts.mental == mental  # the section keeps what the clinician recorded
    assert facts.patient_reported_phq9_item9 == 2
    flag = flag_of(workup, SUICIDAL)
    assert "answered by the patient in the questionnaire before the visit" in flag["because"]
    assert "2 (more than half the days)" in flag["because"]


def test_only_item9_of_an_unreviewed_questionnaire_reaches_the_rules(answering, questionnaire):
    answering.post(part_url("mood"), mood_answers(item9=1))
    facts = adapters.workup_facts(questionnaire.workup)
    assert facts.mental is None  # no depression score from answers nobody has accepted
    assert facts.patient_reported_phq9_item9 == 1
    assert "MENTAL.DEPRESSION" not in codes(questionnaire.workup)


def flag_of(workup, code):
    workup.refresh_from_db()
    facts = selectors.workup_facts_now(workup)
    flags = selectors.workup_evaluation(workup, facts)["flags"]
    return next(flag for flag in flags if flag["code"] == code)


def test_the_crisis_contacts_are_on_the_mood_page_before_any_answer(answering, settings):
    settings.QUESTIONNAIRE_CRISIS_CONTACTS = "Call 999"
    assert "If you need help now: Call 999" in answering.get(part_url("mood")).content.decode()
