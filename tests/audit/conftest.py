from contextlib import contextmanager

import pytest
from django.db import connection, transaction

from audit.append_only import sqlite_triggers_lifted


@pytest.fixture(autouse=True)
def checkpoint_file(settings, tmp_path):
    """Each test writes and reads checkpoints of its own (none left by another test)."""
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "audit" / "checkpoints.jsonl"
    return settings.AUDIT_CHECKPOINT_FILE


@contextmanager
def as_database_owner():
    """The database's own append-only guard lifted, as the owner of the database can: triggers
    off for this transaction (PostgreSQL, as a replica applies changes) or dropped and created
    again (SQLite), in one transaction."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
            yield
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = DEFAULT")
        else:
            with sqlite_triggers_lifted(connection):
                yield
