"""Password log-in: lock-out of a username + address after repeated failures, release after the
cool-off, and nothing that tells an attacker whether a username exists."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from audit import actions
from audit.models import AuditEvent
from tests.conftest import PASSWORD, make_user, post_login, sign_in

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
WRONG = "not-the-password"


def fail(client, username, times, *, ip="127.0.0.1"):
    for _ in range(times):
        response = post_login(client, username, WRONG, ip=ip)
    return response


def test_five_failures_lock_the_username_from_that_address_for_thirty_minutes(client, staff):
    with time_machine.travel(START, tick=False) as clock:
        assert fail(client, staff.username, 4).status_code == 200
        assert post_login(client, staff.username, WRONG).status_code == 429
        locked = post_login(client, staff.username, PASSWORD)
        assert locked.status_code == 429, "even the right password is refused while locked"
        assert "Log-in paused" in locked.text
        assert "30 minutes" in locked.text
        clock.shift(dt.timedelta(minutes=29))
        assert post_login(client, staff.username, PASSWORD).status_code == 429
        clock.shift(dt.timedelta(minutes=2))
        response = post_login(client, staff.username, PASSWORD)
        assert response.status_code == 302, "released after the cool-off"
        assert response["Location"] == reverse("home")


def test_the_lock_is_never_permanent_by_default(settings):
    assert dt.timedelta(minutes=30) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_FAILURE_LIMIT == 5
    assert dt.timedelta(minutes=15) == settings.AXES_FAILURE_WINDOW
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"


def test_the_lock_is_per_address_so_an_attacker_cannot_lock_out_the_real_user(client, staff):
    fail(client, staff.username, 5, ip="203.0.113.9")
    assert post_login(client, staff.username, PASSWORD, ip="203.0.113.9").status_code == 429
    assert post_login(Client(), staff.username, PASSWORD, ip="10.0.0.7").status_code == 302


def test_failures_spread_wider_than_the_window_do_not_add_up(client, staff):
    with time_machine.travel(START, tick=False) as clock:
        fail(client, staff.username, 4)
        clock.shift(dt.timedelta(minutes=16))
        assert fail(client, staff.username, 1).status_code == 200
        assert post_login(client, staff.username, PASSWORD).status_code == 302


def test_failures_within_the_window_of_each_other_add_up(client, staff):
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(4):
            fail(client, staff.username, 1)
            clock.shift(dt.timedelta(minutes=10))
        assert fail(client, staff.username, 1).status_code == 429


def test_an_unknown_username_is_locked_the_same_way(client, db):
    assert fail(client, "nobody-here", 5).status_code == 429


def test_a_lock_out_is_recorded(client, staff):
    fail(client, staff.username, 5, ip="198.51.100.4")
    event = AuditEvent.objects.get(action=actions.LOGIN_LOCKED_OUT)
    assert (event.ip, event.detail) == ("198.51.100.4", {"username": staff.username})
    assert AuditEvent.objects.filter(action=actions.LOGIN_FAILED).count() == 5


def test_an_administrator_can_unlock_and_it_is_recorded(client, staff, admin_user):
    fail(client, staff.username, 5)
    admin = sign_in(Client(), admin_user)
    detail = admin.get(reverse("user_detail", args=[staff.pk]))
    assert "locked out after failed log-ins" in detail.text
    admin.post(reverse("user_unlock", args=[staff.pk]))
    assert post_login(client, staff.username, PASSWORD).status_code == 302
    event = AuditEvent.objects.get(action=actions.USER_UNLOCKED)
    assert (event.actor, event.target_id, event.detail) == (
        admin_user,
        str(staff.pk),
        {"attempts": 1},
    )


def error_of(response):
    assert response.status_code == 200
    return response.context["form"].non_field_errors()


def test_a_wrong_password_an_unknown_user_and_a_deactivated_user_look_the_same(client, db):
    make_user("known", Role.STAFF)
    gone = make_user("gone", Role.STAFF)
    gone.is_active = False
    gone.save()
    wrong_password = post_login(client, "known", WRONG)
    unknown_user = post_login(client, "unknown", WRONG)
    deactivated = post_login(client, "gone", PASSWORD)
    assert error_of(wrong_password) == error_of(unknown_user) == error_of(deactivated)
    assert wrong_password.templates[0].name == unknown_user.templates[0].name
    assert deactivated.templates[0].name == unknown_user.templates[0].name


@pytest.mark.parametrize("username", ["known", "unknown"])
def test_the_password_hasher_runs_whether_or_not_the_username_exists(
    client, db, monkeypatch, username
):
    """Same work, so the response time does not tell which usernames exist."""
    make_user("known", Role.STAFF)
    calls = []
    real_encode = MD5PasswordHasher.encode
    monkeypatch.setattr(
        MD5PasswordHasher, "encode", lambda *a, **k: calls.append("hash") or real_encode(*a, **k)
    )
    post_login(client, username, WRONG)
    assert calls == ["hash"]


def test_the_log_in_rotates_the_session_key(client, staff):
    session = client.session
    session["before"] = "log-in"
    session.save()
    before = session.session_key
    post_login(client, staff.username, PASSWORD)
    assert client.session.session_key != before


def test_a_failed_log_in_stores_neither_the_password_nor_the_code(client, clinician):
    from axes.models import AccessAttempt

    fail(client, clinician.username, 1)
    attempt = AccessAttempt.objects.get()
    assert WRONG not in attempt.post_data
    assert WRONG not in str(AuditEvent.objects.get(action=actions.LOGIN_FAILED).detail)


def test_an_impossibly_long_username_gets_the_usual_error(client, db):
    """Found by the fuzzing: on PostgreSQL the lock-out record refused it with a 500."""
    response = post_login(client, "A" * 10_000, WRONG)
    normal = post_login(Client(), "unknown", WRONG)
    assert error_of(response) == error_of(normal)


def test_a_forged_forwarded_for_header_does_not_dodge_the_lock(client, staff):
    for n in range(5):
        post_login(client, staff.username, WRONG, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    assert post_login(client, staff.username, PASSWORD).status_code == 429


def test_the_next_address_after_log_in_never_leaves_the_site(client, staff):
    response = client.post(
        reverse("login") + "?next=https://evil.example/",
        {"username": staff.username, "password": PASSWORD},
    )
    assert response["Location"] == reverse("home")
