"""Indexes in the exact order of each sort of the patient list, for PostgreSQL.

A page of the list is the next rows after a patient in the list's order (patients.paging):
with an index in that order, walked forwards or backwards, a page reads its own rows and no
others, at any depth and any size of practice. The name order has its index since 0001 and
"latest visit first" since 0002; these add date of birth either way, and the visit orders
as the list now writes them: a patient never seen as a visit after every date (earliest
first) or before every date (latest first), so that "after this patient" never has to
reach past an empty date (patients.selectors.VISIT_UP and VISIT_DOWN); 0002's index on the
bare visit date, which no query uses any more, goes. On SQLite this migration does nothing,
as 0002.
"""

from django.db import migrations

TABLE = "patients_patient"
INDEXES = {
    "patients_by_date_of_birth": f"ON {TABLE} (date_of_birth, sort_name, id)",
    "patients_by_date_of_birth_desc": f"ON {TABLE} (date_of_birth DESC, sort_name, id)",
    "patients_by_visit": f"ON {TABLE} (COALESCE(last_visit_on, '9999-12-31'::date), sort_name, id)",
    "patients_by_visit_desc": (
        f"ON {TABLE} (COALESCE(last_visit_on, '0001-01-01'::date) DESC, sort_name, id)"
    ),
}


REPLACED = {
    "patients_by_last_visit_desc": f"ON {TABLE} (last_visit_on DESC NULLS LAST, sort_name, id)",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} {definition}")
    for name in REPLACED:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in REPLACED.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} {definition}")
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("patients", "0004_mrn_up_to_64_characters")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
