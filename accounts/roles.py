"""The three roles of the practice, as Django groups with explicit permissions.

Each app's data migration grants its own permissions to the roles that need them
(see ``grant_permissions``), so a role's capabilities grow with the apps that define them.
"""

from django.contrib.auth.models import Group
from django.db import models


class Role(models.TextChoices):
    CLINICIAN = "clinician", "Clinician"
    STAFF = "staff", "Practice staff"
    ADMIN = "admin", "Administrator"


def role_set(user, role: Role | str) -> None:
    """Give the user exactly this one role (their only group), instead of any other."""
    user.groups.set([Group.objects.get(name=Role(role).value)])


def _ensure_permissions(apps):
    """Create permissions now: Django only creates them after all migrations have run."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def grant_permissions(apps, role_permissions: dict[str, list[str]]):
    """Give each role (group name) the listed ``app_label.codename`` permissions."""
    _ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, dotted_names in role_permissions.items():
        group, _ = Group.objects.get_or_create(name=role)
        for dotted in dotted_names:
            app_label, codename = dotted.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def revoke_permissions(apps, role_permissions: dict[str, list[str]]):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, dotted_names in role_permissions.items():
        group = Group.objects.filter(name=role).first()
        if group is None:
            continue
        for dotted in dotted_names:
            app_label, codename = dotted.split(".")
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )
