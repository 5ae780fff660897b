"""The public password-reset form sends at most 3 e-mails per address and takes at most 10
requests per client address in any hour, recorded without the e-mail address itself."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from accounts.password_reset import address_digest
from accounts.roles import Role
from audit import actions
from audit.models import AuditEvent
from tests.conftest import make_user

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
RESET = reverse("password_reset")
DONE = reverse("password_reset_done")


def ask(client, email, *, ip="127.0.0.1"):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=ip)


def test_a_request_sends_the_link_and_records_a_digest_not_the_address(client, db):
    make_user("nora", Role.STAFF, email="nora@example.org")
    response = ask(client, "nora@example.org")
    assert (response.status_code, response.url) == (302, DONE)
    assert [message.to for message in mail.outbox] == [["nora@example.org"]]
    event = AuditEvent.objects.get(action=actions.PASSWORD_RESET_REQUESTED)
    assert event.detail == {"address": address_digest("nora@example.org")}
    assert "nora" not in str(event.detail) and event.ip == "127.0.0.1"


def test_the_fourth_e_mail_to_one_address_within_the_hour_is_not_sent(client, db):
    make_user("nora", Role.STAFF, email="nora@example.org")
    with time_machine.travel(START, tick=False) as clock:
        for spelling in ("nora@example.org", " NORA@example.org", "Nora@Example.org"):
            assert ask(client, spelling).url == DONE
        held_back = ask(client, "nora@example.org")
        assert (held_back.status_code, held_back.url) == (302, DONE), "looks like the others"
        assert len(mail.outbox) == 3
        clock.shift(dt.timedelta(minutes=61))
        ask(client, "nora@example.org")
        assert len(mail.outbox) == 4


def test_an_unknown_address_counts_and_answers_like_a_known_one(client, db):
    for _ in range(4):
        response = ask(client, "nobody@example.org")
        assert (response.status_code, response.url) == (302, DONE)
    assert mail.outbox == []
    assert AuditEvent.objects.filter(action=actions.PASSWORD_RESET_REQUESTED).count() == 3


def test_the_eleventh_request_from_one_client_within_the_hour_is_refused_on_the_page(client, db):
    make_user("nora", Role.STAFF, email="nora@example.org")
    with time_machine.travel(START, tick=False) as clock:
        for n in range(10):
            assert ask(client, f"someone{n}@example.org").status_code == 302
        refused = ask(client, "nora@example.org")
        assert refused.status_code == 429
        assert "Too many password-reset requests from your network" in refused.text
        assert mail.outbox == []
        assert ask(client, "nora@example.org", ip="10.0.0.9").status_code == 302
        assert len(mail.outbox) == 1, "another client is not held back"
        clock.shift(dt.timedelta(minutes=61))
        assert ask(client, "someone0@example.org").status_code == 302


@pytest.mark.parametrize(("timeout", "said"), [(24 * 3600, "24 hours"), (2 * 3600, "2 hours")])
def test_the_e_mail_says_how_long_the_link_works_as_set(client, db, settings, timeout, said):
    settings.PASSWORD_RESET_TIMEOUT = timeout
    make_user("nora", Role.STAFF, email="nora@example.org")
    ask(client, "nora@example.org")
    assert f"(the link works once and expires in {said}):" in mail.outbox[0].body
