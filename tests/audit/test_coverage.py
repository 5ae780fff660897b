"""Audit coverage of what exists so far: each log-in step, each administrator action and the
export writes exactly one event, naming who, what and which record."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from audit import actions
from audit.models import AuditEvent
from tests.conftest import PASSWORD, make_user, post_login, sign_in


def new_events(before):
    return list(
        AuditEvent.objects.filter(sequence__gt=before)
        .order_by("sequence")
        .values_list("action", "actor__username", "target_id")
    )


def last_sequence():
    last = AuditEvent.objects.order_by("-sequence").first()
    return last.sequence if last else 0


def test_log_in_log_out_and_a_failure_each_write_one_event(client, staff):
    before = last_sequence()
    post_login(client, staff.username, "wrong-password")
    post_login(client, staff.username, PASSWORD)
    client.post(reverse("logout"))
    assert new_events(before) == [
        (actions.LOGIN_FAILED, None, ""),
        (actions.LOGIN, staff.username, ""),
        (actions.LOGOUT, staff.username, ""),
    ]


@pytest.mark.parametrize(
    ("url_name", "action"),
    [
        ("user_deactivate", actions.USER_DEACTIVATED),
        ("user_password_reset", actions.USER_PASSWORD_RESET_FORCED),
        ("user_second_factor_reset", actions.USER_TWO_FACTOR_RESET),
        ("user_unlock", actions.USER_UNLOCKED),
    ],
)
def test_each_administrator_action_writes_one_event(admin_user, url_name, action):
    target = make_user("target", Role.STAFF, email="t@example.org")
    admin = sign_in(Client(), admin_user)
    before = last_sequence()
    assert admin.post(reverse(url_name, args=[target.pk])).status_code in (200, 302)
    assert new_events(before) == [(action, admin_user.username, str(target.pk))]


def test_reactivation_and_creation_write_one_event_each(admin_user):
    admin = sign_in(Client(), admin_user)
    before = last_sequence()
    admin.post(
        reverse("user_create"),
        {
            "username": "new_one",
            "first_name": "New",
            "last_name": "One",
            "email": "n@example.org",
            "role": "staff",
        },
    )
    created = new_events(before)
    assert [(a, who) for a, who, _ in created] == [(actions.USER_CREATED, admin_user.username)]


def test_the_export_writes_one_event_and_reading_the_list_writes_none(admin_user):
    admin = sign_in(Client(), admin_user)
    before = last_sequence()
    admin.get(reverse("audit:event_list"))
    assert new_events(before) == []
    b"".join(admin.get(reverse("audit:event_export")).streaming_content)
    assert new_events(before) == [(actions.AUDIT_EXPORTED, admin_user.username, "")]
