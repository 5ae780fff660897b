"""Migration 0005 (medications, red flags, lab status, PHQ-9 / GAD-7 totals) adds columns and
tables only: existing lab rows become resulted rows unchanged, a signed workup's frozen document,
evaluation and rule set stay byte for byte what they were, and the migration goes back and
forth (going back is refused, changing nothing, while a pending or not-done row exists)."""

import datetime
import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = ("workup", "0004_workup_signed_acknowledged_flags")
AFTER = ("workup", "0005_medications_red_flags_lab_status_phq9_totals")
FROZEN = ("signed_document", "signed_document_sha256", "signed_evaluation", "signed_rule_set")

# Migrations run outside a test transaction; the tables are flushed afterwards and what the
# migrations made (content types, roles) is restored for the tests that follow.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def migrate(target):
    """Migrate the test database to `target`; the models of that state."""
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    return MigrationExecutor(connection).loader.project_state([target]).apps


@pytest.fixture
def at_0004():
    apps = migrate(BEFORE)
    yield apps
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def old_records(apps):
    user = apps.get_model("accounts", "User").objects.create(username="migrating")
    patient = apps.get_model("patients", "Patient").objects.create(
        mrn="M0005",
        given_name="Ana",
        family_name="Silva",
        date_of_birth=datetime.date(1978, 4, 2),
        sex_at_birth="female",
    )
    workup_model = apps.get_model("workup", "Workup")
    day = datetime.date(2026, 11, 20)
    draft = workup_model.objects.create(patient=patient, clinician=user, visit_date=day)
    panel = apps.get_model("workup", "LabPanel").objects.create(workup=draft)
    apps.get_model("workup", "LabResult").objects.create(
        section=panel, analyte="tsh", value="2.10", unit="mIU/L", collected_on=day
    )
    signed = workup_model.objects.create(
        patient=patient,
        clinician=user,
        visit_date=day,
        status="signed",
        signed_at=datetime.datetime(2026, 11, 21, 9, 0, tzinfo=datetime.UTC),
        signed_by=user,
        signed_document={"format": "fibro-workup/1", "visit_date": "2026-11-20", "ü": 1.50},
        signed_document_sha256="ab" * 32,
        signed_evaluation={"rule_set": "2026.1", "flags": []},
        signed_rule_set="2026.1",
    )
    return draft, signed


def frozen_columns(workup_id) -> tuple:
    """The signed columns as the database holds them (text on SQLite; PostgreSQL's driver
    decodes JSON)."""
    columns = ", ".join(FROZEN)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM workup_workup WHERE id = %s", [workup_id])  # noqa: S608
        return cursor.fetchone()


def test_existing_rows_become_resulted_and_signed_content_is_untouched(at_0004):
    draft, signed = old_records(at_0004)
    frozen = frozen_columns(signed.pk)

    apps = migrate(AFTER)
    row = apps.get_model("workup", "LabResult").objects.get(section__workup_id=draft.pk)
    assert (row.status, str(row.value), row.unit) == ("resulted", "2.100000", "mIU/L")
    assert frozen_columns(signed.pk) == frozen
    document = frozen[0] if isinstance(frozen[0], dict) else json.loads(frozen[0])
    assert document["ü"] == 1.5
    mental = apps.get_model("workup", "MentalHealth")
    assert {"phq9_total", "phq9_item9", "gad7_total"} <= {f.name for f in mental._meta.fields}
    assert apps.get_model("workup", "Medication")._meta.db_table == "workup_medication"
    assert apps.get_model("workup", "RedFlags")._meta.db_table == "workup_redflags"

    apps = migrate(BEFORE)
    row = apps.get_model("workup", "LabResult").objects.get(section__workup_id=draft.pk)
    assert (str(row.value), row.unit) == ("2.100000", "mIU/L")
    assert frozen_columns(signed.pk) == frozen


def test_going_back_is_refused_while_a_pending_row_exists(at_0004):
    draft, _signed = old_records(at_0004)
    apps = migrate(AFTER)
    panel = apps.get_model("workup", "LabPanel").objects.get(workup_id=draft.pk)
    apps.get_model("workup", "LabResult").objects.create(
        section=panel, analyte="ck", status="pending", collected_on=datetime.date(2026, 11, 20)
    )
    with pytest.raises(RuntimeError, match="cannot be reversed while they exist"):
        migrate(BEFORE)
    apps = MigrationExecutor(connection).loader.project_state([AFTER]).apps
    statuses = apps.get_model("workup", "LabResult").objects.values_list("status", flat=True)
    assert sorted(statuses) == ["pending", "resulted"]
