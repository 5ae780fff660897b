"""Nothing a patient sends can change a signed workup: once the visit's workup is signed, the
questionnaire closes. A save or a submission after that is refused (the neutral page), nothing
is stored, and the signed workup stays exactly as signed."""

import pytest
from django.urls import reverse

from questionnaires.models import Questionnaire
from tests.conftest import PASSWORD
from tests.questionnaires.factories import link, mood_answers, open_and_confirm, part_url
from workup import services as workup_services
from workup.models import Workup

pytestmark = pytest.mark.django_db


@pytest.fixture
def answering(browser, code, patient):
    open_and_confirm(browser, code, patient)
    browser.post(part_url("pain_areas"), {"areas": ["neck"]})
    return browser


def sign(workup, clinician):
    workup_services.workup_sign(workup=workup, signer=clinician, password=PASSWORD)
    return Workup.objects.get(pk=workup.pk)


def frozen(workup):
    return (workup.signed_document, workup.signed_evaluation, workup.signed_document_sha256)


def test_a_submission_after_signing_is_refused_and_changes_nothing(
    answering, questionnaire, clinician
):
    signed = sign(questionnaire.workup, clinician)
    before = frozen(signed)
    sent = answering.post(reverse("questionnaires:patient_review"))
    assert "This link cannot be used" in sent.content.decode()
    questionnaire.refresh_from_db()
    assert questionnaire.submitted_at is None
    assert frozen(Workup.objects.get(pk=signed.pk)) == before


def test_a_save_after_signing_is_refused_and_stores_nothing(answering, questionnaire, clinician):
    signed = sign(questionnaire.workup, clinician)
    before = frozen(signed)
    answers_before = Questionnaire.objects.get(pk=questionnaire.pk).answers
    page = answering.post(part_url("mood"), mood_answers(item9=2))
    assert "This link cannot be used" in page.content.decode()
    stored = Questionnaire.objects.get(pk=questionnaire.pk)
    assert stored.answers == answers_before and stored.safety_alert_at is None
    assert frozen(Workup.objects.get(pk=signed.pk)) == before


def test_the_link_of_a_signed_visit_gets_the_neutral_page(client, code, questionnaire, clinician):
    sign(questionnaire.workup, clinician)
    assert "This link cannot be used" in client.get(link(code)).content.decode()
    questionnaire.refresh_from_db()
    assert questionnaire.status_label == "Closed (workup signed)"


def test_a_safety_answer_saved_before_signing_is_signed_as_the_urgent_flag_and_no_later_one(
    answering, questionnaire, clinician
):
    answering.post(part_url("mood"), mood_answers(item9=1))
    signed = sign(questionnaire.workup, clinician)
    codes = [flag["code"] for flag in signed.signed_evaluation["flags"]]
    assert "MENTAL.SUICIDAL_IDEATION" in codes
    before = frozen(signed)
    answering.post(part_url("mood"), mood_answers(item9=3))
    assert frozen(Workup.objects.get(pk=signed.pk)) == before
