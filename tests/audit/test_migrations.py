"""The chain migration: events written before it are chained in order; it and the append-only
trigger migrations (PostgreSQL, SQLite) can be reversed. Runs the real commands against a
throw-away database."""

import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

PROJECT = Path(__file__).resolve().parents[2]

INSERT_OLD_EVENTS = """
from django.db import connection
with connection.cursor() as cursor:
    for n, at in enumerate(["2025-01-02 10:00:00+00:00", "2025-01-01 09:00:00+00:00"]):
        cursor.execute(
            "INSERT INTO audit_auditevent (actor_username, action, target_type, target_id, at, "
            "user_agent, detail) VALUES ('', %s, '', '', %s, '', '{}')",
            [f"old.event_{n}", at],
        )
"""
SHOW_ORDER = (
    "from audit.models import AuditEvent; "
    "print(list(AuditEvent.objects.order_by('sequence').values_list('action', flat=True)))"
)


@pytest.fixture
def throwaway_database(tmp_path):
    """Environment for manage.py against an empty database of the same kind as the tests'."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("DATABASE_URL", None)
    env.update(DJANGO_SETTINGS_MODULE="config.settings.test", DJANGO_DATA_DIR=str(tmp_path))
    if connection.vendor != "postgresql":
        yield env
        return
    import psycopg2

    params = settings.DATABASES["default"]
    name = f"fibro_migration_{uuid.uuid4().hex[:12]}"
    admin = psycopg2.connect(
        dbname="postgres",
        user=params["USER"],
        password=params["PASSWORD"],
        host=params["HOST"],
        port=params["PORT"],
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = (
        f"postgres://{params['USER']}:{params['PASSWORD'] or ''}@{params['HOST']}:"
        f"{params['PORT'] or 5432}/{name}"
    )
    try:
        yield env
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode in (0, 1), result.stderr
    return result


def sqlite_triggers(env) -> list[str]:
    """The names of the audit table's triggers in a throw-away SQLite database."""
    with sqlite3.connect(Path(env["DJANGO_DATA_DIR"]) / "db.sqlite3") as db:
        rows = db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' "
            "AND tbl_name = 'audit_auditevent' ORDER BY name"
        )
        return [name for (name,) in rows]


def test_events_from_before_the_chain_are_chained_and_the_migrations_reverse(
    throwaway_database, tmp_path
):
    env = throwaway_database
    manage(env, "migrate", "--noinput")
    manage(env, "migrate", "audit", "0001_initial", "--noinput")
    manage(env, "shell", "--no-imports", "-c", INSERT_OLD_EVENTS)
    manage(env, "migrate", "--noinput")
    # Events from before the checkpoints: a checkpoint is due, and written once by hand.
    missing = manage(env, "verify_audit")
    assert missing.returncode == 1 and missing.stderr.startswith("audit checkpoints missing")
    kept = tmp_path / "checkpoints.jsonl"
    kept.write_text(manage(env, "audit_checkpoint").stdout, encoding="utf-8")
    intact = manage(env, "verify_audit", "--checkpoints", str(kept))
    assert intact.stdout.startswith("audit trail intact: 2 events, 1 checkpoint agrees")
    assert manage(env, "shell", "--no-imports", "-c", SHOW_ORDER).stdout.strip() == str(
        ["old.event_1", "old.event_0"]
    ), "chained in the order they happened"
    # And back again (the triggers are dropped), and forward once more: the same chain.
    manage(env, "migrate", "audit", "0001_initial", "--noinput")
    manage(env, "migrate", "--noinput")
    assert manage(env, "verify_audit", "--checkpoints", str(kept)).returncode == 0


def test_the_sqlite_triggers_come_and_go_with_their_migration(throwaway_database):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    env = throwaway_database
    manage(env, "migrate", "--noinput")
    assert sqlite_triggers(env) == ["audit_event_no_delete", "audit_event_no_update"]
    manage(env, "migrate", "audit", "0004_append_function", "--noinput")
    assert sqlite_triggers(env) == []
    manage(env, "migrate", "--noinput")
    assert sqlite_triggers(env) == ["audit_event_no_delete", "audit_event_no_update"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
@pytest.mark.django_db
def test_the_hash_is_indexed_once_for_whole_lookups_without_a_pattern_index():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'audit_auditevent' "
            "AND indexdef LIKE %s",
            ["%(hash%"],
        )
        definitions = [row[0] for row in cursor.fetchall()]
    assert len(definitions) == 1
    assert definitions[0].startswith("CREATE UNIQUE INDEX")
    assert "pattern_ops" not in definitions[0]
