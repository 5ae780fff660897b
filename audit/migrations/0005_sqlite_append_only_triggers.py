"""On SQLite too, the database itself refuses UPDATE and DELETE of audit events.

PostgreSQL has had its trigger since migration 0003; this adds the same guard on SQLite (other
databases skip this migration's SQL). It stops raw SQL and other clients of the file, not its
owner, who can drop the triggers: the audit checkpoints (``audit.checkpoint``) show what such an
owner changed. ``manage.py flush`` lifts them for the flush only, as PostgreSQL's TRUNCATE
passes its trigger.

SQLite drops a table's triggers when Django rebuilds the table, as it does for most changes to
its columns: a later migration that alters ``AuditEvent`` must create these triggers again (the
test of the triggers fails until it does).
"""

from django.db import migrations

CREATE = [
    """
    CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_auditevent
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only: UPDATE refused'); END
    """,
    """
    CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_auditevent
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only: DELETE refused'); END
    """,
]

DROP = [
    "DROP TRIGGER IF EXISTS audit_event_no_update",
    "DROP TRIGGER IF EXISTS audit_event_no_delete",
]


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in CREATE:
            schema_editor.execute(statement, params=None)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in DROP:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_append_function"),
    ]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
