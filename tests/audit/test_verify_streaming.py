"""verify_audit at millions of events: the fast spelling of an event's content is the chain's
own, the walk reports progress on stderr only, and it can start from the newest checkpoint
that agrees with the trail."""

import datetime as dt
import io
import json
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection

from audit.chain import canonical_content, canonical_content_of_row, canonical_detail
from audit.checkpoint import write_checkpoint
from audit.models import AuditEvent
from audit.record import record
from audit.verify import audit_trail_verify
from tests.audit.test_hash_chain import record_some, tamper

AT = dt.datetime(2026, 3, 29, 1, 30, 5, 120, tzinfo=ZoneInfo("Europe/Lisbon"))
VARIED = [
    {"ip": None, "actor_id": None, "patient_id": None, "detail": {}},
    {"ip": "", "actor_id": 3, "patient_id": 9_007_199_254_740_993, "detail": None},
    {"ip": "10.0.0.1", "detail": {"page": "edit", "fields": ["phone", "e-mail"]}},
    {"ip": "::ffff:10.0.0.1", "detail": {"nested": {"b": [1, None, True, {"z": "é"}], "a": 0}}},
    {"ip": "2001:DB8:0:0:0:0:0:1", "detail": {"quote": 'say "hi"\\ \t\n\u2028 \x01'}},
    {"ip": "not an address", "detail": {"emoji": "😀", "ünï": "códe", "": "empty key"}},
    {"actor_username": "Zoë O'Brien 😀", "target_id": "<script>", "detail": [1, "two"]},
    {"user_agent": 'Mozilla/5.0 "quoted" \\ back', "action": "patient.view", "detail": "x"},
    {"at": dt.datetime(2025, 1, 1, tzinfo=dt.UTC), "detail": {"n": -5, "f": False}},
]


def values(**changes) -> dict:
    event = {
        "at": AT,
        "actor_id": 7,
        "actor_username": "clinician",
        "action": "workup.section_view",
        "target_type": "workup.workup",
        "target_id": "12",
        "patient_id": 44,
        "ip": "192.168.1.20",
        "user_agent": "",
        "detail": {"section": "pain"},
    }
    event.update(changes)
    return event


@pytest.mark.parametrize("changes", VARIED)
def test_the_fast_spelling_is_the_canonical_content(changes):
    event = values(**changes)
    fields = [event[name] for name in list(event)[:-1]]
    assert canonical_content_of_row(*fields, canonical_detail(event["detail"])) == (
        canonical_content(event)
    )


def test_stored_events_verify_through_the_fast_path(db, clinician):
    for changes in VARIED:
        event = values(**changes)
        record(
            event["action"],
            actor=clinician if event["actor_id"] else None,
            target_type=event["target_type"],
            target_id=event["target_id"],
            patient_id=event["patient_id"],
            detail=event["detail"] if isinstance(event["detail"], dict) else {"v": event["detail"]},
        )
    seen = []
    assert audit_trail_verify(progress=lambda done, total: seen.append((done, total))) == (9, None)
    assert seen[-1] == (9, 9)


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_audit", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def test_progress_goes_to_stderr_and_the_last_line_stays_the_same(db):
    record_some(4)
    code, out, err = run("--progress")
    assert (code, out) == (0, "audit trail intact: 4 events; no checkpoint yet\n")
    assert err == "verifying the audit trail: 4 of 4 events (100%), " + err.split(", ")[-1]
    assert err.endswith(" events/s\n")
    assert run() == (0, out, "")


def test_from_the_checkpoint_walks_only_the_events_after_it(db):
    record_some(5)
    checkpoint = write_checkpoint()
    record_some(3)
    code, out, err = run("--from-checkpoint")
    assert (code, err) == (0, "")
    assert out == (
        f"audit trail intact: 8 events, 1 checkpoint agrees (the newest of {checkpoint.at}, "
        "at sequence 5) (walked from sequence 5: 3 events)\n"
    )


def test_from_the_checkpoint_still_finds_a_break_after_it(db):
    record_some(5)
    write_checkpoint()
    events = record_some(3)
    tamper("UPDATE audit_auditevent SET action = 'x.hidden' WHERE id = %s", [events[1].pk])
    code, out, err = run("--from-checkpoint")
    assert (code, out) == (1, "")
    assert err.startswith(f"audit trail tampered: event {events[1].pk} (sequence 7): content")


def test_a_removed_event_just_after_the_checkpoint_names_the_checkpoint(db):
    record_some(5)
    write_checkpoint()
    events = record_some(3)
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[0].pk])
    code, _, err = run("--from-checkpoint")
    assert code == 1
    assert "(sequence 7): predecessor missing (sequence 6 removed)" in err


def test_by_default_everything_is_verified_and_older_edits_are_found(db):
    """Events before the checkpoint are left out only when asked (an archived trail)."""
    events = record_some(5)
    write_checkpoint()
    record_some(2)
    tamper("UPDATE audit_auditevent SET action = 'x.hidden' WHERE id = %s", [events[2].pk])
    assert run()[0] == 1
    assert run("--from-checkpoint")[0] == 0


def test_an_archived_start_of_the_trail_verifies_from_the_checkpoint(db):
    events = record_some(6)
    write_checkpoint()
    record_some(2)
    tamper("DELETE FROM audit_auditevent WHERE sequence <= 3")
    assert run()[0] == 1
    code, out, _ = run("--from-checkpoint")
    assert code == 0
    assert out.startswith("audit trail intact: 8 events")
    assert AuditEvent.objects.filter(pk=events[0].pk).count() == 0


def test_without_an_agreeing_checkpoint_the_whole_trail_is_walked(db):
    record_some(3)
    code, out, _ = run("--from-checkpoint")
    assert (code, out) == (0, "audit trail intact: 3 events; no checkpoint yet\n")


def test_detail_stored_as_json_text_reads_back_the_same(db):
    event = record("test.detail", detail={"b": [1, {"c": "ü"}], "a": None})
    with connection.cursor() as cursor:
        cursor.execute("SELECT detail FROM audit_auditevent WHERE id = %s", [event.pk])
        stored = cursor.fetchone()[0]
    parsed = json.loads(stored) if isinstance(stored, str) else stored
    assert canonical_detail(parsed) == canonical_detail(event.detail)
