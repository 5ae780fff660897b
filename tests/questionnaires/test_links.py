"""Links: long random codes kept only as their SHA-256; an expired, revoked, spent (submitted),
locked or guessed code gets the very same neutral page, with no hint that it ever existed."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from audit import actions
from audit.models import AuditEvent
from questionnaires import services, tokens
from tests.questionnaires.factories import invite, link, open_and_confirm

pytestmark = pytest.mark.django_db

NEUTRAL = "This link cannot be used"


def neutral(response) -> bytes:
    """The page as a patient's browser gets it, for comparing two refusals byte for byte (the
    CSRF token differs per request and the page has no form)."""
    assert response.status_code == 200
    assert NEUTRAL in response.content.decode()
    return response.content


@pytest.fixture
def guessed_page(client):
    return neutral(client.get(link(tokens.new_code())))


def test_a_guessed_code_gets_the_neutral_page(guessed_page):
    assert b"Hello" not in guessed_page


def test_a_mistyped_code_gets_the_same_page(client, guessed_page):
    assert neutral(client.get("/q/not-a-code/")) == guessed_page


def test_an_expired_code_gets_the_same_page(client, code, guessed_page):
    with time_machine.travel(timezone.now() + datetime.timedelta(days=15)):
        assert neutral(client.get(link(code))) == guessed_page


def test_a_code_works_for_the_link_lifetime_the_practice_sets(client, patient, clinician, settings):
    settings.QUESTIONNAIRE_LINK_DAYS = 3
    _, code = invite(patient=patient, actor=clinician)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2, hours=23)):
        assert client.get(link(code)).status_code == 302
    with time_machine.travel(timezone.now() + datetime.timedelta(days=3, minutes=1)):
        assert NEUTRAL in client.get(link(code)).content.decode()


def test_a_revoked_code_gets_the_same_page(client, code, questionnaire, clinician, guessed_page):
    services.questionnaire_revoke(actor=clinician, questionnaire=questionnaire)
    assert neutral(client.get(link(code))) == guessed_page


def test_a_spent_code_gets_the_same_page(client, browser, code, patient, guessed_page):
    open_and_confirm(browser, code, patient)
    browser.post(reverse("questionnaires:patient_review"))
    assert neutral(client.get(link(code))) == guessed_page


def test_a_replaced_code_gets_the_same_page(client, code, questionnaire, clinician, guessed_page):
    services.questionnaire_new_code(actor=clinician, questionnaire=questionnaire)
    assert neutral(client.get(link(code))) == guessed_page


def test_refusals_are_audited_with_the_patient_when_the_code_was_a_real_one(
    client, code, questionnaire, clinician, patient
):
    client.get(link(tokens.new_code()))
    services.questionnaire_revoke(actor=clinician, questionnaire=questionnaire)
    client.get(link(code))
    refused = AuditEvent.objects.filter(action=actions.QUESTIONNAIRE_REFUSED).order_by("sequence")
    assert [(e.patient_id, e.detail["reason"]) for e in refused] == [
        (None, "unknown"),
        (patient.pk, "revoked"),
    ]


def test_the_code_is_never_stored_in_clear(code, questionnaire):
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM questionnaires_questionnaire")
        rows = cursor.fetchall()
    stored = repr(rows)
    plain = tokens.normalised(code)
    assert plain not in stored and code not in stored
    assert questionnaire.token_hash == tokens.code_hash(plain)
    audit_trail = repr(list(AuditEvent.objects.values()))
    assert plain not in audit_trail and code not in audit_trail


def test_a_code_has_100_random_bits_and_reads_back_however_it_is_typed():
    code = tokens.new_code()
    assert len(code) == 20 and len(tokens.ALPHABET) == 32  # 20 x 5 bits
    typed = " " + tokens.grouped(code).lower().replace("0", "o").replace("1", "l") + " "
    assert tokens.normalised(typed) == code
    assert tokens.normalised(code[:-1]) is None
    assert tokens.normalised(code[:-1] + "U") is None


def test_opening_a_link_signs_out_whoever_was_signed_in(clinician_client, code):
    clinician_client.get(link(code))
    assert clinician_client.get(reverse("patients:list")).status_code == 302
