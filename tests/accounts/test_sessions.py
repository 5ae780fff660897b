"""Sessions: idle timeout and absolute lifetime enforced on the server, the page's warning,
keep-alive, and log-out everywhere on a password change."""

import datetime as dt
from urllib.parse import quote

import time_machine
from django.test import Client
from django.urls import reverse

from audit import actions
from audit.models import AuditEvent
from tests.conftest import PASSWORD, sign_in

START = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
PAGE = reverse("password_change") + "?tab=2"


def test_a_session_survives_while_in_use(client, clinician):
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, clinician)
        for _ in range(6):
            clock.shift(dt.timedelta(minutes=14))
            assert client.get(reverse("home")).status_code == 200


def test_after_the_idle_timeout_the_user_logs_in_again_and_returns_where_they_were(
    client, clinician
):
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, clinician)
        assert client.get(PAGE).status_code == 200
        clock.shift(dt.timedelta(minutes=15, seconds=1))
        response = client.get(PAGE)
        assert response.status_code == 302
        assert response["Location"] == reverse("login") + "?next=" + quote(PAGE, safe="/")
        login_page = client.get(response["Location"])
        assert "signed out after 15 minutes without activity" in login_page.text
        assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.filter(action=actions.LOGOUT).get()
    assert (event.actor, event.detail) == (clinician, {"reason": "idle_timeout"})


def test_a_post_after_the_idle_timeout_is_not_processed(client, clinician):
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, clinician)
        clock.shift(dt.timedelta(minutes=20))
        response = client.post(
            reverse("password_change"),
            {"old_password": PASSWORD, "new_password1": "x" * 20, "new_password2": "x" * 20},
        )
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=")
    clinician.refresh_from_db()
    assert clinician.check_password(PASSWORD)


def test_the_idle_timeout_comes_from_the_environment_setting(client, clinician, settings):
    settings.SESSION_IDLE_MINUTES = 5
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, clinician)
        clock.shift(dt.timedelta(minutes=6))
        assert client.get(reverse("home")).status_code == 302


def test_sessions_end_after_twelve_hours_however_active(client, clinician):
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, clinician)
        for _ in range(12 * 6):
            clock.shift(dt.timedelta(minutes=10))
            response = client.get(reverse("home"))
        assert response.status_code == 200, "exactly twelve hours is still allowed"
        clock.shift(dt.timedelta(minutes=1))
        response = client.get(reverse("home"))
        assert response.status_code == 302
        assert "sessions last at most 12 hours" in client.get(response["Location"]).text


def test_asking_how_long_is_left_does_not_count_as_activity(client, clinician):
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, clinician)
        clock.shift(dt.timedelta(minutes=10))
        status = client.get(reverse("session_status"))
        assert status.json() == {"idle_seconds_left": 300}
        assert status["Cache-Control"] == "no-store"
        clock.shift(dt.timedelta(minutes=6))
        assert client.get(reverse("home")).status_code == 302


def test_stay_signed_in_counts_as_activity(client, clinician):
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, clinician)
        clock.shift(dt.timedelta(minutes=14))
        response = client.post(reverse("session_keep_alive"), HTTP_ACCEPT="application/json")
        assert response.json() == {"idle_seconds_left": 900}
        clock.shift(dt.timedelta(minutes=14))
        assert client.get(reverse("home")).status_code == 200


def test_stay_signed_in_without_script_returns_to_the_page(client, clinician):
    sign_in(client, clinician)
    response = client.post(reverse("session_keep_alive"), {"next": PAGE})
    assert response["Location"] == PAGE
    for elsewhere in ("https://evil.example/", "//evil.example/", "/\\evil.example", "login"):
        response = client.post(reverse("session_keep_alive"), {"next": elsewhere})
        assert response["Location"] == reverse("home"), "never off the site"


def test_pages_carry_the_timeout_for_the_warning_script(client, clinician):
    anonymous = client.get(reverse("login"))
    assert "data-session-idle-seconds" not in anonymous.text
    sign_in(client, clinician)
    page = client.get(reverse("home")).text
    assert 'data-session-idle-seconds="900"' in page
    assert 'data-session-warning-seconds="120"' in page
    assert f'data-session-status-url="{reverse("session_status")}"' in page
    assert 'role="alertdialog"' in page
    assert "js/session-timeout.js" in page


def test_a_password_change_logs_out_every_other_session_of_the_user(clinician):
    laptop, tablet = sign_in(Client(), clinician), sign_in(Client(), clinician)
    new_password = "a-new-long-passphrase-2026"
    response = laptop.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302
    assert laptop.get(reverse("home")).status_code == 200, "the session that changed it stays"
    assert tablet.get(reverse("home")).status_code == 302, "every other session ends"
    assert AuditEvent.objects.filter(actor=clinician, action=actions.PASSWORD_CHANGED).exists()


def test_signed_in_pages_are_never_cached(client, clinician):
    sign_in(client, clinician)
    cache_control = client.get(reverse("home"))["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control
