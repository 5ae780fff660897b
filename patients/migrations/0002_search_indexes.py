"""Indexes that only PostgreSQL has: trigram name search and "latest visit first".

On SQLite this migration does nothing: a plain query over the indexed table is fast enough
there. ``pg_trgm`` is a trusted extension (PostgreSQL 13+): the database owner may create it.
Going backwards drops the indexes and leaves the extension, which other tables may use.
"""

from django.db import migrations

TABLE = "patients_patient"
INDEXES = {
    # "any part of the name": LIKE '%...%' on the normalised name uses this index.
    "patients_search_name_trgm": f"ON {TABLE} USING gin (search_name gin_trgm_ops)",
    # "latest visit first, never seen last" is the order a clinic reads most.
    "patients_by_last_visit_desc": f"ON {TABLE} (last_visit_on DESC NULLS LAST, sort_name, id)",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} {definition}")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("patients", "0001_initial")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
