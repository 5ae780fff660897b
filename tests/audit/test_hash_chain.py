"""Tamper evidence: every event is chained to the one before it; verify_audit finds an edited,
removed or re-ordered row and names the first bad event."""

import inspect
import io
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from audit.chain import GENESIS_HASH, canonical_content, chain_hash
from audit.models import AuditEvent
from audit.record import event_values, record
from audit.verify import audit_trail_verify
from tests.audit.conftest import as_database_owner

PROJECT = Path(__file__).resolve().parents[2]
ON_POSTGRESQL = connection.vendor == "postgresql"
postgresql_only = pytest.mark.skipif(not ON_POSTGRESQL, reason="PostgreSQL only")


def record_some(n, **kwargs):
    return [record(f"test.action_{i}", target_type="t", target_id=i, **kwargs) for i in range(n)]


def tamper(sql, params=()):
    """Change the table behind the application's back, as the database's owner can (the
    append-only triggers lifted for this change only)."""
    with as_database_owner(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def verify():
    """Run the command; returns (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_audit", stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def test_events_form_a_chain_from_the_genesis_hash(db):
    first, second, third = record_some(3)
    assert (first.sequence, second.sequence, third.sequence) == (1, 2, 3)
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    assert len({first.hash, second.hash, third.hash}) == 3


def test_an_intact_trail_passes_in_one_line(db, clinician):
    record_some(4, actor=clinician, patient_id=12, detail={"fields": ["a", "b"]})
    assert verify() == (0, "audit trail intact: 4 events; no checkpoint yet\n", "")


def test_an_empty_trail_is_intact(db):
    assert verify() == (0, "audit trail intact: 0 events\n", "")


def test_an_edited_event_is_found(db):
    events = record_some(5)
    tamper("UPDATE audit_auditevent SET action = %s WHERE id = %s", ["x.covered_up", events[2].pk])
    code, out, err = verify()
    assert code == 1 and out == ""
    assert err == (
        f"audit trail tampered: event {events[2].pk} (sequence 3): content edited "
        "(its hash no longer matches what it records)\n"
    )


@pytest.mark.parametrize(
    ("column", "value"),
    [("detail", '{"reason": "tipo"}'), ("at", "2020-01-01 00:00:00+00:00"), ("ip", "10.9.9.9")],
)
def test_an_edited_time_detail_or_address_is_found(db, column, value):
    events = record_some(3, detail={"reason": "typo"})
    sql = f"UPDATE audit_auditevent SET {column} = %s WHERE id = %s"  # noqa: S608 - fixed names
    tamper(sql, [value, events[1].pk])
    code, _, err = verify()
    assert code == 1 and f"event {events[1].pk} (sequence 2): content edited" in err


def test_a_removed_event_is_found(db):
    events = record_some(5)
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    code, _, err = verify()
    assert code == 1
    assert err == (
        f"audit trail tampered: event {events[2].pk} (sequence 3): predecessor missing "
        "(sequence 2 removed)\n"
    )


def test_a_removed_first_event_is_found(db):
    events = record_some(3)
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[0].pk])
    code, _, err = verify()
    assert code == 1 and f"event {events[1].pk} (sequence 2): predecessor missing" in err


def test_a_removed_and_renumbered_event_is_found(db):
    events = record_some(4)
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    # One row at a time, lowest first: PostgreSQL checks the unique sequence per row, in
    # whatever order a single UPDATE happens to visit them.
    for event in events[2:]:
        tamper("UPDATE audit_auditevent SET sequence = sequence - 1 WHERE id = %s", [event.pk])
    code, _, err = verify()
    assert code == 1
    assert f"event {events[2].pk} (sequence 2): predecessor removed or replaced" in err


def test_re_ordered_events_are_found(db):
    events = record_some(5)
    a, b = events[1], events[2]
    tamper("UPDATE audit_auditevent SET sequence = %s WHERE id = %s", [10**9, a.pk])
    tamper("UPDATE audit_auditevent SET sequence = %s WHERE id = %s", [a.sequence, b.pk])
    tamper("UPDATE audit_auditevent SET sequence = %s WHERE id = %s", [b.sequence, a.pk])
    code, _, err = verify()
    assert code == 1
    assert err == (
        f"audit trail tampered: event {b.pk} (sequence 2): re-ordered "
        f"(it was recorded after event {a.pk}, now at sequence 3)\n"
    )


def test_a_forged_event_inserted_in_the_middle_is_found(db):
    events = record_some(3)
    tamper("UPDATE audit_auditevent SET sequence = sequence + 1 WHERE sequence = 3")
    tamper(
        "INSERT INTO audit_auditevent (actor_username, action, target_type, target_id, at, "
        "user_agent, detail, sequence, prev_hash, hash) VALUES "
        "('', 'forged', '', '', %s, '', '{}', 3, %s, %s)",
        [events[1].at, events[1].hash, "f" * 64],
    )
    code, _, err = verify()
    assert code == 1 and "(sequence 3): content edited" in err


def test_the_command_prints_one_line_and_no_traceback_from_the_shell(tmp_path):
    """The contract as checked from outside: exit 0 / 1, one line, no traceback."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("DATABASE_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DJANGO_DATA_DIR=str(tmp_path),
    )

    def manage(*args):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=PROJECT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    assert manage("migrate", "--noinput").returncode == 0
    script = "from audit.record import record\nfor i in range(3): record('test.x', target_id=i)"
    assert manage("shell", "--no-imports", "-c", script).returncode == 0
    intact = manage("verify_audit")
    assert (intact.returncode, intact.stdout, intact.stderr) == (
        0,
        "audit trail intact: 3 events; no checkpoint yet\n",
        "",
    )
    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        with pytest.raises(sqlite3.IntegrityError, match="append-only: UPDATE refused"):
            db.execute("UPDATE audit_auditevent SET target_id = '99' WHERE sequence = 2")
        db.execute("DROP TRIGGER audit_event_no_update")  # as the owner of the file can
        db.execute("UPDATE audit_auditevent SET target_id = '99' WHERE sequence = 2")
    tampered = manage("verify_audit")
    assert tampered.returncode == 1
    assert tampered.stdout == ""
    assert tampered.stderr.count("\n") == 1 and "Traceback" not in tampered.stderr
    assert tampered.stderr.startswith("audit trail tampered: event 2 (sequence 2): content edited")


def test_what_a_record_stores_survives_the_database_round_trip(db, clinician):
    record(
        "test.odd_values",
        actor=clinician,
        target_id="x\x00y",
        detail={
            "ratio": 0.1,
            "big": 10**20,
            "tags": {"b", "a"},
            "text": "nul\x00 é 漢 🙂",
            3: None,
        },
    )
    event = AuditEvent.objects.get()
    assert event.detail == {
        "ratio": "0.1",
        "big": 10**20,
        "tags": ["a", "b"],
        "text": "nul é 漢 🙂",
        "3": None,
    }
    assert event.target_id == "xy"
    assert verify()[0] == 0


def test_odd_client_addresses_are_stored_in_one_spelling(rf, db):
    for address in ("::ffff:10.0.0.1", "2001:DB8::0001", "not-an-address", "fe80::1%eth0"):
        record("test.address", request=rf.get("/", REMOTE_ADDR=address))
    assert list(AuditEvent.objects.order_by("sequence").values_list("ip", flat=True)) == [
        "::ffff:10.0.0.1",
        "2001:db8::1",
        None,
        None,
    ]
    assert verify()[0] == 0


def test_record_keeps_its_keyword_signature():
    parameters = inspect.signature(record).parameters
    assert list(parameters) == [
        "action",
        "request",
        "actor",
        "target",
        "target_type",
        "target_id",
        "patient_id",
        "detail",
    ]
    assert all(p.kind is p.KEYWORD_ONLY for name, p in parameters.items() if name != "action")


def test_an_event_recorded_in_a_rolled_back_transaction_leaves_no_gap(db):
    record("test.kept")
    with pytest.raises(RuntimeError), transaction.atomic():
        record("test.rolled_back")
        raise RuntimeError("the change failed")
    record("test.kept_too")
    assert list(AuditEvent.objects.order_by("sequence").values_list("sequence", "action")) == [
        (1, "test.kept"),
        (2, "test.kept_too"),
    ]
    assert verify()[0] == 0


@postgresql_only
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET action = 'x' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ],
)
def test_postgresql_itself_refuses_updates_and_deletes(db, sql):
    event = record("test.protected")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "test.protected"


def in_own_connection(work):
    """Run ``work`` in a thread, on its own database connection, committing for real."""
    errors = []

    def run():
        try:
            work()
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, errors


@pytest.fixture
def committed_events_removed(db):
    """The writers below commit outside the test's transaction: remove what they wrote."""
    yield

    def remove():
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
            cursor.execute("DELETE FROM audit_auditevent WHERE action = 'test.concurrent'")

    thread, errors = in_own_connection(remove)
    thread.join()
    assert errors == []


@postgresql_only
def test_concurrent_writers_never_fork_the_chain(committed_events_removed):
    writers, per_writer = 8, 25
    barrier = threading.Barrier(writers)

    def write(worker):
        barrier.wait()
        for i in range(per_writer):
            with transaction.atomic():
                record("test.concurrent", target_id=f"{worker}-{i}")

    started = [in_own_connection(lambda n=n: write(n)) for n in range(writers)]
    for thread, errors in started:
        thread.join()
        assert errors == []
    count, chain_break = audit_trail_verify()
    assert chain_break is None
    assert count == writers * per_writer
    sequences = list(AuditEvent.objects.order_by("sequence").values_list("sequence", flat=True))
    assert sequences == list(range(1, writers * per_writer + 1))


@postgresql_only
def test_on_postgresql_an_event_is_chained_and_stored_in_one_statement(
    db, django_assert_num_queries
):
    first = record("test.first")
    with django_assert_num_queries(1):
        second = record("test.second", target_id=7, detail={"text": "é 漢 🙂", "n": 3})
    stored = AuditEvent.objects.get(pk=second.pk)
    assert (stored.sequence, stored.prev_hash) == (first.sequence + 1, first.hash)
    assert (
        stored.hash
        == second.hash
        == chain_hash(first.hash, canonical_content(event_values(stored)))
    )
    assert verify()[0] == 0
