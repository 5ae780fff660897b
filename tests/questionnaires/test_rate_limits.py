"""Rate limits: refused links and wrong dates of birth per client address, openings per link,
counted over the last hour from the audit trail."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from questionnaires import tokens
from tests.questionnaires.factories import link

pytestmark = pytest.mark.django_db


def test_a_client_guessing_codes_is_paused_before_any_code_is_looked_up(client, code, settings):
    settings.QUESTIONNAIRE_LIMIT_PER_CLIENT = 3
    for _ in range(3):
        assert client.get(link(tokens.new_code())).status_code == 200
    paused = client.get(link(code))  # even the right code
    assert paused.status_code == 429
    assert "Too many attempts" in paused.content.decode()
    other_address = client.get(link(code), REMOTE_ADDR="203.0.113.9")
    assert other_address.status_code == 302


def test_the_client_limit_lifts_after_an_hour(client, code, settings):
    settings.QUESTIONNAIRE_LIMIT_PER_CLIENT = 2
    for _ in range(2):
        client.get(link(tokens.new_code()))
    assert client.get(link(code)).status_code == 429
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=61)):
        assert client.get(link(code)).status_code == 302


def test_wrong_dates_of_birth_count_for_the_client_limit_across_links(
    client, code, settings, patient, clinician
):
    from tests.questionnaires.factories import invite

    settings.QUESTIONNAIRE_LIMIT_PER_CLIENT = 4
    _, second_code = invite(patient=patient, actor=clinician)
    client.get(link(code))
    for _ in range(4):
        client.post(reverse("questionnaires:patient_confirm"), {"date_of_birth": "1990-01-01"})
    assert client.get(link(second_code)).status_code == 429


def test_a_link_opened_too_often_in_an_hour_is_paused(client, code, settings):
    settings.QUESTIONNAIRE_LIMIT_PER_LINK = 3
    for _ in range(3):
        assert client.get(link(code)).status_code == 302
    assert client.get(link(code), REMOTE_ADDR="203.0.113.10").status_code == 429


def test_a_paused_link_does_not_write_its_code_to_the_log(client, code, settings, caplog):
    settings.QUESTIONNAIRE_LIMIT_PER_LINK = 1
    client.get(link(code))
    with caplog.at_level("DEBUG", logger="django.request"):
        assert client.get(link(code)).status_code == 429
    assert tokens.grouped(code) not in caplog.text and code not in caplog.text
