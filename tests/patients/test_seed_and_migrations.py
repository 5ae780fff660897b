"""Demo patients in bulk, and the migrations (PostgreSQL-only indexes, reversibility)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from audit.models import AuditEvent
from patients.demo import demo_patients, demo_patients_create
from patients.models import Patient

PROJECT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def test_seed_demo_creates_the_requested_patients_in_bulk_without_audit_or_history(capsys):
    call_command("seed_demo", "--force", "--patients", "40")
    assert Patient.objects.count() == 40
    assert Patient.history.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="patient.").exists()
    assert "Demo patients: 40 created" in capsys.readouterr().out


def test_seed_demo_without_a_number_creates_a_handful():
    call_command("seed_demo", "--force")
    assert Patient.objects.count() == 12


def test_demo_patients_are_realistic_deterministic_and_created_once():
    def names(patients):
        return [(patient.mrn, patient.given_name, patient.family_name) for patient in patients]

    assert names(demo_patients(count=300)) == names(demo_patients(count=300))
    assert demo_patients_create(count=300) == 300
    assert demo_patients_create(count=300) == 0
    everyone = list(Patient.objects.order_by("mrn"))
    assert names(everyone) == names(demo_patients(count=300))
    assert any(not char.isascii() for patient in everyone for char in patient.full_name)
    assert all(patient.search_name and patient.sort_name for patient in everyone)
    assert any(not patient.is_active for patient in everyone)
    for patient in everyone[:50]:
        patient.full_clean()  # every demo patient would pass the registration form's rules


def test_seed_demo_refuses_a_negative_number(capsys):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="0 or more"):
        call_command("seed_demo", "--force", "--patients", "-1")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_on_postgresql_name_search_has_a_trigram_index():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'patients_patient'"
        )
        indexes = dict(cursor.fetchall())
    assert "gin_trgm_ops" in indexes["patients_search_name_trgm"]
    assert "COALESCE(last_visit_on, '0001-01-01'::date) DESC" in indexes["patients_by_visit_desc"]
    assert "patients_by_last_visit_desc" not in indexes  # replaced by patients_by_visit_desc


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_on_postgresql_a_name_search_can_use_the_trigram_index():
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = Patient.objects.filter(search_name__contains="silv").query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "patients_search_name_trgm" in plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_on_postgresql_a_page_of_name_search_results_is_not_a_walk_of_the_whole_table():
    """Given an index in the requested order, the planner would rather walk it than sort the
    few matches of a rare name: at 100,000 patients that took tens of milliseconds."""
    from patients.search import parse_search
    from patients.selectors import patient_list

    demo_patients_create(count=5_000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE patients_patient")
    for sort in ["name", "-name", "dob", "-dob", "last_visit", "-last_visit"]:
        first_page = patient_list(search=parse_search("ferrei"), sort=sort)[:25]
        sql, params = first_page.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        for index in ["patients_by_name", "date_of_birth", "last_visit"]:
            assert f"Index Scan using {index}" not in plan, (sort, plan)
            assert f"Index Scan Backward using {index}" not in plan, (sort, plan)


def test_the_patient_migrations_go_back_and_forth_on_sqlite(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.test", DJANGO_DATA_DIR=str(tmp_path))

    def manage(*args):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=PROJECT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    manage("migrate", "--noinput", "-v0")
    manage("migrate", "patients", "0001", "--noinput", "-v0")
    manage("migrate", "--noinput", "-v0")
    assert "[X] 0003_roles" in manage("showmigrations", "patients")
