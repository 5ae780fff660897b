"""Chain the audit events: sequence, previous hash and own hash (see audit.chain).

Events recorded before this migration are chained in the order they were written.
"""

from django.db import migrations, models

from audit.chain import CHAINED_FIELDS, GENESIS_HASH, canonical_content, chain_hash


def chain_existing_events(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    prev_hash = GENESIS_HASH
    for sequence, event in enumerate(
        AuditEvent.objects.order_by("at", "id").values("id", *CHAINED_FIELDS), start=1
    ):
        event_hash = chain_hash(prev_hash, canonical_content(event))
        AuditEvent.objects.filter(pk=event["id"]).update(
            sequence=sequence, prev_hash=prev_hash, hash=event_hash
        )
        prev_hash = event_hash


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelOptions(name="auditevent", options={"ordering": ["-sequence"]}),
        migrations.AddField(
            model_name="auditevent",
            name="sequence",
            field=models.PositiveBigIntegerField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(editable=False, max_length=64, default=""),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(chain_existing_events, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditevent",
            name="sequence",
            field=models.PositiveBigIntegerField(editable=False, unique=True),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(editable=False, max_length=64, unique=True),
        ),
    ]
