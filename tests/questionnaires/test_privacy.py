"""No patient data in addresses: the code appears once, in the link; every other address of the
patient's pages holds no code and nothing about the patient; the clinic's addresses hold record
ids only. The patient's pages are never cached."""

import re

import pytest
from django.urls import reverse

from config.dates import show_date
from questionnaires import tokens
from tests.questionnaires.factories import dob_text, link, mood_answers, part_url

pytestmark = pytest.mark.django_db

ADDRESS = re.compile(r'(?:href|action|src|content)="([^"]*)"')


def addresses(response) -> list[str]:
    found = [response["Location"]] if response.has_header("Location") else []
    if "html" in response.get("Content-Type", ""):
        found += ADDRESS.findall(response.content.decode())
    return found


def personal(patient) -> list[str]:
    return [
        patient.given_name,
        patient.family_name,
        patient.mrn,
        patient.date_of_birth.isoformat(),
        show_date(patient.date_of_birth),
        "ana@example.org",
    ]


def test_no_address_of_the_journey_holds_the_code_or_anything_about_the_patient(
    browser, staff_client, patient, questionnaire, code
):
    patient.email = "ana@example.org"
    patient.save()
    plain = tokens.normalised(code)
    responses = [browser.get(link(code))]
    responses.append(
        browser.post(
            reverse("questionnaires:patient_confirm"), {"date_of_birth": dob_text(patient)}
        )
    )
    for part in questionnaire.parts:
        responses.append(browser.get(part_url(part)))
    responses.append(browser.post(part_url("mood"), mood_answers(item9=1)))
    responses.append(browser.get(responses[-1]["Location"]))
    responses.append(browser.get(reverse("questionnaires:patient_review")))
    responses.append(browser.post(reverse("questionnaires:patient_review")))
    responses.append(staff_client.get(questionnaire.get_absolute_url()))
    responses.append(staff_client.get(reverse("questionnaires:list", args=[patient.pk])))
    seen = [address for response in responses for address in addresses(response)]
    assert seen
    for address in seen:
        assert plain not in address.replace("-", "")
        for value in personal(patient):
            assert value not in address, (value, address)


def test_the_patients_pages_are_never_cached(browser, code, patient):
    responses = [browser.get(link(code), follow=True)]
    browser.post(reverse("questionnaires:patient_confirm"), {"date_of_birth": dob_text(patient)})
    responses.append(browser.get(part_url("pain_areas")))
    responses.append(browser.get(reverse("questionnaires:patient_review")))
    responses.append(browser.get(reverse("questionnaires:patient_hand_back")))
    for response in responses:
        assert "no-store" in response["Cache-Control"]


def test_every_patient_form_has_a_csrf_token(browser, code, patient, questionnaire):
    browser.get(link(code))
    pages = [browser.get(reverse("questionnaires:patient_confirm"))]
    browser.post(reverse("questionnaires:patient_confirm"), {"date_of_birth": dob_text(patient)})
    pages += [browser.get(part_url(part)) for part in questionnaire.parts]
    pages.append(browser.get(reverse("questionnaires:patient_review")))
    for page in pages:
        html = page.content.decode()
        assert html.count("<form") == html.count('name="csrfmiddlewaretoken"') > 0


def test_a_post_without_the_csrf_token_is_refused(code, patient):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.get(link(code))
    refused = strict.post(
        reverse("questionnaires:patient_confirm"), {"date_of_birth": dob_text(patient)}
    )
    assert refused.status_code == 403
