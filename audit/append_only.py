"""Lift the database's own append-only guard of the audit trail, for the owner's deliberate acts.

SQLite's triggers (audit migration 0005) are dropped and created again from their stored
definitions; use this inside a transaction, so that the triggers are back whatever happens.
"""

from contextlib import contextmanager

TABLE = "audit_auditevent"


@contextmanager
def sqlite_triggers_lifted(connection):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
            [TABLE],
        )
        triggers = cursor.fetchall()
        for name, _ in triggers:
            cursor.execute(f"DROP TRIGGER {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        for _, definition in triggers:
            cursor.execute(definition)
