"""Synthetic audit events in bulk (large data sets): they continue the real chain, read like a
clinic's trail, name only users, patients and workups on record, and verify."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from audit import actions
from audit.bulk import append_synthetic_events
from audit.models import AuditEvent
from audit.record import record
from audit.verify import audit_trail_verify
from patients.models import Patient
from tests.patients.factories import make_patient
from tests.workup.factories import make_workup
from workup.models import Workup


@pytest.fixture
def clinic(clinician, staff):
    patients = [make_patient() for _ in range(6)]
    for patient in patients[:3]:
        make_workup(patient=patient, clinician=clinician)
    return patients


def test_events_continue_the_chain_and_verify(clinic, clinician):
    first = record(actions.LOGIN, actor=clinician)
    seen = []
    seconds = append_synthetic_events(1200, progress=lambda done, total: seen.append(done))
    assert seconds > 0
    assert seen[-1] == 1200
    last = record(actions.LOGOUT, actor=clinician)
    assert last.sequence == first.sequence + 1201
    assert audit_trail_verify() == (1202, None)


def test_events_read_like_a_clinics_trail(clinic):
    before = timezone.now()
    append_synthetic_events(2000)
    events = list(AuditEvent.objects.order_by("sequence"))
    times = [event.at for event in events]
    assert times == sorted(times)
    assert before - times[0] > dt.timedelta(days=300)
    assert timezone.now() - times[-1] < dt.timedelta(days=2)
    reads = sum(event.action.endswith(("view", "section_view")) for event in events)
    assert reads > len(events) / 2
    assert {actions.LOGIN, actions.WORKUP_SECTION_UPDATE} <= {event.action for event in events}
    assert {event.actor_id for event in events} <= set(User.objects.values_list("pk", flat=True))
    patients = {event.patient_id for event in events} - {None}
    assert patients <= set(Patient.objects.values_list("pk", flat=True))
    workups = {int(event.target_id) for event in events if event.target_type == "workup.workup"}
    assert workups and workups <= set(Workup.objects.values_list("pk", flat=True))
    for event in events:
        assert event.actor_username == User.objects.get(pk=event.actor_id).username
        if event.target_type == "workup.workup":
            assert event.patient_id == Workup.objects.get(pk=event.target_id).patient_id


def test_without_patients_the_events_are_log_ins_and_log_outs(clinician):
    append_synthetic_events(50)
    assert set(AuditEvent.objects.values_list("action", flat=True)) <= {
        actions.LOGIN,
        actions.LOGOUT,
    }


def test_seed_demo_appends_audit_events_and_a_checkpoint(db, settings, tmp_path):
    out = io.StringIO()
    call_command("seed_demo", "--force", "--patients", "4", "--audit-events", "300", stdout=out)
    assert "Audit events: 300 appended in " in out.getvalue()
    assert " s per million), checkpoint written." in out.getvalue()
    assert AuditEvent.objects.count() >= 300
    verified = io.StringIO()
    call_command("verify_audit", stdout=verified)
    assert verified.getvalue().startswith(f"audit trail intact: {AuditEvent.objects.count()}")
    assert "1 checkpoint agrees" in verified.getvalue()
