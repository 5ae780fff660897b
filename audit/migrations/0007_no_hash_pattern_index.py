"""The event hash's pattern index goes (PostgreSQL): nothing looks a hash up by its start.

Django gives a unique text column a second index, for LIKE 'abc%' (varchar_pattern_ops), beside
its unique one. A hash is only ever looked up whole, through the unique index; the pattern
index was as large (1.2 GB at 10,000,000 events) and every audited page view wrote to it.
Going back creates it again, as Django names it.
"""

from django.db import migrations


def _pattern_index(apps, schema_editor):
    event = apps.get_model("audit", "AuditEvent")
    field = event._meta.get_field("hash")
    name = schema_editor._create_index_name(event._meta.db_table, [field.column], suffix="_like")
    return event, field, name


def drop_pattern_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    _, _, name = _pattern_index(apps, schema_editor)
    schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


def create_pattern_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    event, field, _ = _pattern_index(apps, schema_editor)
    schema_editor.execute(schema_editor._create_like_index_sql(event, field))


class Migration(migrations.Migration):
    dependencies = [("audit", "0006_filter_indexes")]

    operations = [migrations.RunPython(drop_pattern_index, create_pattern_index)]
