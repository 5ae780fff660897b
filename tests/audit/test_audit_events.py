import pytest
from django.urls import reverse

from audit import actions
from audit.models import AppendOnlyError, AuditEvent
from audit.record import record
from tests.conftest import PASSWORD


def log_in(client, username, password):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        HTTP_USER_AGENT="pytest-browser/1.0",
        REMOTE_ADDR="10.1.2.3",
    )


def test_a_successful_login_is_recorded_with_who_and_from_where(client, clinician):
    response = log_in(client, clinician.username, PASSWORD)
    assert response.status_code == 302
    event = AuditEvent.objects.get(action=actions.LOGIN)
    assert (event.actor, event.ip, event.user_agent) == (
        clinician,
        "10.1.2.3",
        "pytest-browser/1.0",
    )


def test_a_failed_login_is_recorded_without_the_password(client, clinician):
    response = log_in(client, clinician.username, "wrong-password")
    assert response.status_code == 200
    event = AuditEvent.objects.get(action=actions.LOGIN_FAILED)
    assert event.actor is None
    assert event.detail == {"username": clinician.username}
    assert "wrong-password" not in str(event.detail)


def test_logout_is_recorded(client, clinician):
    client.force_login(clinician)
    client.post(reverse("logout"))
    assert AuditEvent.objects.filter(action=actions.LOGOUT, actor=clinician).count() == 1


def test_audit_events_cannot_be_changed_or_removed(clinician):
    event = record("patient.view", actor=clinician, target_type="patients.patient", target_id=7)
    event.action = "something.else"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "patient.view"
