"""Audit checkpoints anchor the trail outside the database: a trail the database's owner
re-hashed after a change, or cut short, passes the chain check but not verify_audit."""

import io
import json
import os
import sqlite3
import stat
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from audit.chain import CHAINED_FIELDS, GENESIS_HASH, canonical_content, chain_hash
from audit.checkpoint import Checkpoint, checkpoint_key, mac_of, parse_line, write_checkpoint
from audit.models import AuditEvent
from audit.record import record
from audit.verify import audit_trail_verify
from tests.audit.conftest import as_database_owner

PROJECT = Path(__file__).resolve().parents[2]
ON_SQLITE = connection.vendor == "sqlite"


def record_some(n):
    return [record(f"test.action_{i}", target_type="t", target_id=i) for i in range(n)]


def verify(*args):
    """Run verify_audit; returns (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_audit", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def checkpoint_lines(path):
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def rewrite_from(sequence, new_action):
    """As the database's owner: give the event at ``sequence`` another action and re-hash it
    and every later event, so that the chain holds again."""
    events = AuditEvent.objects.order_by("sequence").values("id", "sequence", *CHAINED_FIELDS)
    rows = list(events)
    prev_hash = GENESIS_HASH
    with as_database_owner(), connection.cursor() as cursor:
        for row in rows:
            if row["sequence"] == sequence:
                row["action"] = new_action
            event_hash = chain_hash(prev_hash, canonical_content(row))
            cursor.execute(
                "UPDATE audit_auditevent SET action = %s, prev_hash = %s, hash = %s WHERE id = %s",
                [row["action"], prev_hash, event_hash, row["id"]],
            )
            prev_hash = event_hash


def remove_from(sequence):
    """As the database's owner: delete the events from ``sequence`` to the end."""
    with as_database_owner(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE sequence >= %s", [sequence])


def test_an_intact_trail_with_checkpoints_passes(db):
    record_some(3)
    write_checkpoint()
    record_some(2)
    newest = write_checkpoint()
    assert verify() == (
        0,
        f"audit trail intact: 5 events, 2 checkpoints agree (the newest of {newest.at}, "
        "at sequence 5)\n",
        "",
    )


def test_a_trail_re_hashed_by_the_database_owner_is_found(db):
    events = record_some(160)
    checkpoints = [write_checkpoint()]
    rewrite_from(1, "x.covered_up")  # all 160 events re-hashed
    assert audit_trail_verify() == (160, None), "the chain alone no longer shows it"
    code, out, err = verify()
    assert (code, out) == (1, "")
    assert err == (
        f"audit trail tampered: rewritten after it was checkpointed: the checkpoint of "
        f"{checkpoints[0].at} names sequence 160 with hash {events[-1].hash[:16]}, the trail "
        f"has {AuditEvent.objects.get(sequence=160).hash[:16]} (1 of 1 checkpoints disagree)\n"
    )


def test_a_removed_tail_is_found(db):
    record_some(10)
    checkpoint = write_checkpoint()
    remove_from(8)
    assert audit_trail_verify() == (7, None), "the chain alone no longer shows it"
    code, out, err = verify()
    assert (code, out) == (1, "")
    assert err == (
        f"audit trail tampered: events removed from its end: the checkpoint of {checkpoint.at} "
        "names sequence 10, but the trail ends at sequence 7\n"
    )


def test_a_trail_removed_altogether_is_found(db):
    record_some(3)
    write_checkpoint()
    remove_from(1)
    code, _, err = verify()
    assert code == 1
    assert err.endswith("names sequence 3, but the trail is empty\n")


def test_events_recorded_after_a_removed_tail_do_not_hide_it(db):
    record_some(5)
    write_checkpoint()
    remove_from(4)
    record_some(2)
    code, _, err = verify()
    assert code == 1
    assert "rewritten after it was checkpointed" in err and "names sequence 5" in err


@pytest.mark.parametrize(
    "alter",
    [
        lambda fields: {**fields, "hash": "0" * 64},
        lambda fields: {**fields, "sequence": fields["sequence"] + 1},
        lambda fields: {**fields, "at": "2020-01-01T00:00:00+00:00"},
        lambda fields: {**fields, "mac": "f" * 64},
    ],
    ids=["hash", "sequence", "time", "mac"],
)
def test_an_altered_checkpoint_line_is_found(db, checkpoint_file, alter):
    record_some(2)
    write_checkpoint()
    fields = json.loads(checkpoint_lines(checkpoint_file)[0])
    checkpoint_file.write_text(json.dumps(alter(fields)) + "\n", encoding="utf-8")
    code, out, err = verify()
    assert (code, out) == (1, "")
    assert err == (
        f"audit checkpoints altered: {checkpoint_file} line 1 is not a valid checkpoint: "
        "its MAC does not match (forged, altered or another key)\n"
    )


def test_a_checkpoint_forged_without_the_key_is_found(db, checkpoint_file, settings):
    record_some(3)
    settings.AUDIT_CHECKPOINT_KEY = "a key the forger guessed"
    write_checkpoint()
    settings.AUDIT_CHECKPOINT_KEY = "the practice's own key"
    write_checkpoint()
    with checkpoint_file.open("a", encoding="utf-8") as lines:
        lines.write("not a checkpoint at all\n")
    code, _, err = verify()
    assert code == 1
    assert err == (
        f"audit checkpoints altered: {checkpoint_file} line 1 is not a valid checkpoint: its "
        "MAC does not match (forged, altered or another key) (2 such lines)\n"
    )


def test_the_key_is_the_checkpoint_key_or_one_derived_from_the_secret_key(settings):
    settings.AUDIT_CHECKPOINT_KEY = ""
    derived = checkpoint_key()
    assert settings.SECRET_KEY.encode() not in derived and len(derived) == 32
    fields = Checkpoint(sequence=1, hash="a" * 64, at="2026-12-03T10:00:00+00:00").signed_fields()
    by_derived_key = mac_of(fields)
    settings.AUDIT_CHECKPOINT_KEY = "kept-in-the-environment"
    assert checkpoint_key() == b"kept-in-the-environment"
    assert mac_of(fields) != by_derived_key
    settings.AUDIT_CHECKPOINT_KEY = ""
    settings.SECRET_KEY = "another-secret-key-" + "s" * 40
    assert mac_of(fields) != by_derived_key


def test_checkpoints_are_appended_to_a_private_file(db, checkpoint_file):
    record_some(2)
    write_checkpoint()
    first = checkpoint_lines(checkpoint_file)
    record_some(1)
    write_checkpoint()
    lines = checkpoint_lines(checkpoint_file)
    assert lines[:1] == first and len(lines) == 2
    assert [parse_line(line).sequence for line in lines] == [2, 3]
    assert stat.S_IMODE(checkpoint_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(checkpoint_file.parent.stat().st_mode) == 0o700


def test_audit_checkpoint_writes_one_now_and_prints_it(db, checkpoint_file):
    events = record_some(4)
    out = io.StringIO()
    call_command("audit_checkpoint", stdout=out)
    assert checkpoint_lines(checkpoint_file) == [out.getvalue().rstrip("\n")]
    printed = parse_line(out.getvalue())
    assert (printed.sequence, printed.hash) == (4, events[-1].hash)


def test_audit_checkpoint_on_an_empty_trail_says_so(db, checkpoint_file):
    out, err = io.StringIO(), io.StringIO()
    call_command("audit_checkpoint", stdout=out, stderr=err)
    assert (out.getvalue(), err.getvalue()) == (
        "",
        "the audit trail is empty: there is nothing to checkpoint yet\n",
    )
    assert not checkpoint_file.exists()


def test_a_checkpoint_is_written_once_the_event_commits_and_then_once_per_interval(
    db, checkpoint_file, settings, django_capture_on_commit_callbacks
):
    settings.AUDIT_CHECKPOINT_MINUTES = 60
    with django_capture_on_commit_callbacks(execute=True):
        first = record("test.first")
    assert [parse_line(line).hash for line in checkpoint_lines(checkpoint_file)] == [first.hash]
    with django_capture_on_commit_callbacks(execute=True):
        record("test.within_the_hour")
    assert len(checkpoint_lines(checkpoint_file)) == 1
    with (
        time_machine.travel(timezone.now() + timedelta(minutes=61), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        later = record("test.an_hour_later")
    assert [parse_line(line).hash for line in checkpoint_lines(checkpoint_file)] == [
        first.hash,
        later.hash,
    ]


def test_no_checkpoint_names_an_event_that_was_rolled_back(
    db, checkpoint_file, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        record("test.rolled_back")
        raise RuntimeError("the change failed")
    assert callbacks == []
    assert not checkpoint_file.exists()


def test_a_checkpoint_file_that_cannot_be_written_does_not_fail_the_request(
    db, settings, tmp_path, django_capture_on_commit_callbacks, caplog
):
    (tmp_path / "a-file").write_text("")
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "a-file" / "checkpoints.jsonl"
    with django_capture_on_commit_callbacks(execute=True):
        event = record("test.still_recorded")
    assert AuditEvent.objects.get(pk=event.pk).action == "test.still_recorded"
    assert "Audit checkpoint not written" in caplog.text


def test_no_checkpoint_for_events_older_than_the_interval_is_a_problem(db, settings):
    settings.AUDIT_CHECKPOINT_MINUTES = 60
    with time_machine.travel(timezone.now() - timedelta(minutes=90), tick=False):
        record_some(2)
    code, out, err = verify()
    assert (code, out) == (1, "")
    assert err == (
        "audit checkpoints missing: none found although the trail has events older than "
        "60 minutes (was the checkpoint file removed? after an upgrade, run "
        "manage.py audit_checkpoint once)\n"
    )


def test_copies_kept_elsewhere_are_checked_too(db, checkpoint_file, tmp_path):
    record_some(6)
    out = io.StringIO()
    call_command("audit_checkpoint", stdout=out)
    kept = tmp_path / "syslog-copy.log"
    kept.write_text(f"Dec  3 10:00:01 loghost fibro-audit: {out.getvalue()}", encoding="utf-8")
    checkpoint_file.unlink()
    assert verify("--checkpoints", str(kept))[0] == 0
    remove_from(5)
    code, _, err = verify("--checkpoints", str(kept))
    assert code == 1 and "names sequence 6, but the trail ends at sequence 4" in err


def test_a_copy_that_cannot_be_read_stops_the_check(db, tmp_path):
    missing = tmp_path / "nowhere.jsonl"
    assert verify("--checkpoints", str(missing)) == (
        2,
        "",
        f"cannot read the audit checkpoints in {missing}: No such file or directory\n",
    )


def test_a_backup_may_end_before_the_newest_checkpoint(db):
    record_some(3)
    within_the_backup = write_checkpoint()
    record_some(2)
    write_checkpoint()
    remove_from(4)  # the backup was taken after the third event
    assert verify()[0] == 1
    assert verify("--backup") == (
        0,
        f"audit trail intact: 3 events, 1 checkpoint agrees (the newest of "
        f"{within_the_backup.at}, at sequence 3); 1 checkpoint written after this copy was "
        "taken\n",
        "",
    )


@pytest.mark.skipif(not ON_SQLITE, reason="PostgreSQL's trigger is tested in test_hash_chain")
@pytest.mark.parametrize(
    ("sql", "refused"),
    [
        ("UPDATE audit_auditevent SET action = 'x' WHERE id = %s", "UPDATE refused"),
        ("DELETE FROM audit_auditevent WHERE id = %s", "DELETE refused"),
    ],
)
def test_sqlite_itself_refuses_updates_and_deletes(db, sql, refused):
    event = record("test.protected")
    with (
        pytest.raises(DatabaseError, match=f"append-only: {refused}"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "test.protected"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_committed_events_are_checkpointed_and_a_later_rewrite_is_found(checkpoint_file):
    events = record_some(5)
    assert [parse_line(line).hash for line in checkpoint_lines(checkpoint_file)] == [
        events[0].hash
    ], "the first committed event is checkpointed at once, the next ones within the interval"
    call_command("audit_checkpoint", stdout=io.StringIO())
    assert verify()[0] == 0
    rewrite_from(2, "x.covered_up")
    assert audit_trail_verify() == (5, None)
    code, _, err = verify()
    assert code == 1
    assert "names sequence 1" not in err and "(2 of 2 checkpoints disagree)" not in err
    assert "names sequence 5" in err and "(1 of 2 checkpoints disagree)" in err


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_flush_empties_the_trail_and_leaves_the_guard_in_place():
    record_some(2)
    call_command("flush", interactive=False, verbosity=0)
    assert AuditEvent.objects.count() == 0
    record("test.after_the_flush")
    with pytest.raises(DatabaseError, match="append-only"), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.count() == 1


def test_a_cut_trail_is_found_from_the_shell_with_a_copy_of_the_printed_checkpoint(tmp_path):
    """The operator's path: the printed line kept elsewhere, the SQLite file's owner drops the
    triggers and deletes the newest events, verify_audit against the kept copy says so."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("DATABASE_URL", None)
    env.pop("AUDIT_CHECKPOINT_KEY", None)
    env.update(DJANGO_SETTINGS_MODULE="config.settings.test", DJANGO_DATA_DIR=str(tmp_path))

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
    script = "from audit.record import record\nfor i in range(4): record('test.x', target_id=i)"
    assert manage("shell", "--no-imports", "-c", script).returncode == 0
    printed = manage("audit_checkpoint")
    assert printed.returncode == 0 and printed.stdout.count("\n") == 1
    kept = tmp_path / "kept-elsewhere.jsonl"
    kept.write_text(printed.stdout, encoding="utf-8")
    intact = manage("verify_audit", "--checkpoints", str(kept))
    assert (intact.returncode, intact.stderr) == (0, "")
    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        db.execute("DROP TRIGGER audit_event_no_delete")
        db.execute("DELETE FROM audit_auditevent WHERE sequence >= 3")
    cut = manage("verify_audit", "--checkpoints", str(kept))
    assert (cut.returncode, cut.stdout) == (1, "")
    assert cut.stderr.count("\n") == 1 and "Traceback" not in cut.stderr
    assert cut.stderr.endswith("names sequence 4, but the trail ends at sequence 2\n")
