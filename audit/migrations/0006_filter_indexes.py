"""The audit viewer's filters answered from one index each, newest first, at millions of events.

Each filter's index ends in ``sequence``: (patient_id, sequence), (action, sequence) and
(actor, sequence) hand the newest matching events over in order, and a page starts below a
sequence number (keyset paging) without counting or skipping rows. They replace the
single-column indexes of patient_id, action and actor and the (actor, at) index, which they
cover. ``at`` keeps its index: a date range becomes a range of sequences through it.

On SQLite, changing a column's index rebuilds the table, which drops its append-only triggers
(migration 0005): they are created again at the end, and again after reversing.
"""

import importlib

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

append_only = importlib.import_module("audit.migrations.0005_sqlite_append_only_triggers")


def recreate_sqlite_triggers(apps, schema_editor):
    append_only.drop_triggers(apps, schema_editor)
    append_only.create_triggers(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0005_sqlite_append_only_triggers"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Reversing ends here: the triggers again, after the rebuilds of the reversed steps.
        migrations.RunPython(migrations.RunPython.noop, recreate_sqlite_triggers),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["patient_id", "sequence"], name="audit_event_patient_seq"),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["action", "sequence"], name="audit_event_action_seq"),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["actor", "sequence"], name="audit_event_actor_seq"),
        ),
        migrations.RemoveIndex(model_name="auditevent", name="audit_audit_actor_i_6c9c9e_idx"),
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(max_length=64),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="patient_id",
            field=models.BigIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(recreate_sqlite_triggers, migrations.RunPython.noop),
    ]
