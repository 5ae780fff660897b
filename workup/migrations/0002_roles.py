"""Clinicians create, edit, sign and amend workups; staff read summaries and print them."""

from django.db import migrations

from accounts.roles import grant_permissions, revoke_permissions

ROLE_PERMISSIONS = {
    "clinician": [
        "workup.view_workup",
        "workup.add_workup",
        "workup.change_workup",
        "workup.sign_workup",
        "workup.amend_workup",
        "workup.print_summary",
    ],
    "staff": ["workup.view_workup", "workup.print_summary"],
}


def grant(apps, schema_editor):
    grant_permissions(apps, ROLE_PERMISSIONS)


def revoke(apps, schema_editor):
    revoke_permissions(apps, ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_roles"),
        ("workup", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
