"""Clinicians and practice staff invite patients to questionnaires, issue codes, revoke them and
start them on a clinic tablet; only clinicians acknowledge a patient's safety answer;
administrators see no clinical data, so they get none of these."""

from django.db import migrations

from accounts.roles import Role, grant_permissions, revoke_permissions

CLINIC = [
    "questionnaires.view_questionnaire",
    "questionnaires.add_questionnaire",
    "questionnaires.change_questionnaire",
]
ROLE_PERMISSIONS = {
    Role.CLINICIAN.value: [*CLINIC, "questionnaires.acknowledge_safety_alert"],
    Role.STAFF.value: CLINIC,
}


def grant(apps, schema_editor):
    grant_permissions(apps, ROLE_PERMISSIONS)


def revoke(apps, schema_editor):
    revoke_permissions(apps, ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("questionnaires", "0001_initial"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
