"""Clinicians and practice staff register, find, edit and archive patients; admins do not."""

from django.db import migrations

from accounts.roles import Role, grant_permissions, revoke_permissions

PATIENT_PERMISSIONS = [
    "patients.view_patient",
    "patients.add_patient",
    "patients.change_patient",
    "patients.archive_patient",
]
ROLE_PERMISSIONS = {
    Role.CLINICIAN.value: PATIENT_PERMISSIONS,
    Role.STAFF.value: PATIENT_PERMISSIONS,
}


def grant(apps, schema_editor):
    grant_permissions(apps, ROLE_PERMISSIONS)


def revoke(apps, schema_editor):
    revoke_permissions(apps, ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("patients", "0002_search_indexes"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
