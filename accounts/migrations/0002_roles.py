"""Create the three roles. Each app grants its own permissions to them in its migrations."""

from django.db import migrations

from accounts.roles import Role, grant_permissions, revoke_permissions

ROLE_PERMISSIONS = {
    Role.CLINICIAN.value: [],
    Role.STAFF.value: [],
    Role.ADMIN.value: ["accounts.manage_users", "audit.view_auditevent"],
}


def create_roles(apps, schema_editor):
    grant_permissions(apps, ROLE_PERMISSIONS)


def remove_roles(apps, schema_editor):
    revoke_permissions(apps, ROLE_PERMISSIONS)
    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLE_PERMISSIONS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("audit", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
