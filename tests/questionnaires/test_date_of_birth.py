"""The date of birth comes before any question: five wrong ones lock the link (the sixth, even
right, is refused with the neutral page), each attempt audited with the patient's id."""

import pytest
from django.urls import reverse

from audit import actions
from audit.models import AuditEvent
from questionnaires import services
from tests.questionnaires.factories import link, open_and_confirm, part_url

pytestmark = pytest.mark.django_db

CONFIRM = reverse("questionnaires:patient_confirm")
WRONG = "1990-01-01"


def test_a_wrong_date_of_birth_says_so_and_how_many_tries_are_left(browser, code, questionnaire):
    browser.get(link(code))
    page = browser.post(CONFIRM, {"date_of_birth": WRONG})
    html = page.content.decode()
    assert page.status_code == 200
    assert "does not match our records" in html and "4 more tries" in html
    assert 'aria-describedby="id_date_of_birth_helptext id_date_of_birth_error"' in html
    questionnaire.refresh_from_db()
    assert questionnaire.date_of_birth_failures == 1


def test_the_date_of_birth_is_read_in_the_practice_format(browser, code, patient, settings):
    settings.PRACTICE_DATE_FORMAT = "d/m/Y"
    browser.get(link(code))
    typed = patient.date_of_birth.strftime("%d/%m/%Y")
    assert browser.post(CONFIRM, {"date_of_birth": typed})["Location"] == part_url("pain_areas")


def test_five_wrong_dates_of_birth_lock_the_link_and_the_sixth_even_right_is_refused(
    browser, code, patient, questionnaire, client
):
    browser.get(link(code))
    for _ in range(4):
        assert browser.post(CONFIRM, {"date_of_birth": WRONG}).status_code == 200
    fifth = browser.post(CONFIRM, {"date_of_birth": WRONG})
    assert "This link cannot be used" in fifth.content.decode()
    questionnaire.refresh_from_db()
    assert questionnaire.locked_at is not None and questionnaire.date_of_birth_failures == 5

    right = {"date_of_birth": patient.date_of_birth.isoformat()}
    sixth = browser.post(CONFIRM, right)
    assert "This link cannot be used" in sixth.content.decode()
    reopened = client.get(link(code))
    assert "This link cannot be used" in reopened.content.decode()
    assert client.post(CONFIRM, right).status_code == 200
    assert client.get(part_url("pain_areas")).status_code == 200
    assert "Left shoulder" not in client.get(part_url("pain_areas")).content.decode()


def test_the_lock_holds_for_a_browser_that_opened_the_link_before_it(
    browser, code, patient, client
):
    client.get(link(code))  # a second browser, still on the date-of-birth page
    browser.get(link(code))
    for _ in range(5):
        browser.post(CONFIRM, {"date_of_birth": WRONG})
    page = client.post(CONFIRM, {"date_of_birth": patient.date_of_birth.isoformat()})
    assert "This link cannot be used" in page.content.decode()


def test_every_attempt_and_the_lock_are_audited_with_the_patient(browser, code, patient):
    browser.get(link(code))
    for _ in range(5):
        browser.post(CONFIRM, {"date_of_birth": WRONG})
    events = AuditEvent.objects.filter(patient_id=patient.pk).order_by("sequence")
    patient_side = [e.action for e in events if e.actor_id is None]
    assert patient_side == [
        actions.QUESTIONNAIRE_OPEN,
        *[actions.QUESTIONNAIRE_DOB_FAILED] * 5,
        actions.QUESTIONNAIRE_LOCKED,
    ]
    assert all(WRONG not in str(e.detail) for e in events)


def test_a_new_code_unlocks_a_locked_questionnaire(
    browser, code, patient, questionnaire, clinician
):
    browser.get(link(code))
    for _ in range(5):
        browser.post(CONFIRM, {"date_of_birth": WRONG})
    new_code = services.questionnaire_new_code(actor=clinician, questionnaire=questionnaire)
    questionnaire.refresh_from_db()
    assert questionnaire.locked_at is None and questionnaire.date_of_birth_failures == 0
    open_and_confirm(browser, new_code, patient)


def test_a_date_that_is_not_a_date_does_not_count_as_an_attempt(browser, code, questionnaire):
    browser.get(link(code))
    page = browser.post(CONFIRM, {"date_of_birth": "next tuesday"})
    assert "Enter a date like" in page.content.decode()
    questionnaire.refresh_from_db()
    assert questionnaire.date_of_birth_failures == 0
