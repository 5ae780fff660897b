"""Demo accounts, one per role, for trying the app locally. Never created with debug off
unless forced."""

from django.contrib.auth.models import Group
from django.db import transaction

from accounts.models import User
from accounts.roles import Role

DEMO_USERS = [
    # username, password, role, given name, family name
    ("clinician", "demo-clinician-pass", Role.CLINICIAN, "Clara", "Mendes"),
    ("staff", "demo-staff-pass", Role.STAFF, "Sam", "Okafor"),
    ("admin", "demo-admin-pass", Role.ADMIN, "Alex", "Berg"),
]


@transaction.atomic
def demo_users_create() -> list[tuple[str, str, Role]]:
    """Create (or reset) the demo users; returns their credentials."""
    credentials = []
    for username, password, role, first_name, last_name in DEMO_USERS:
        user, _ = User.objects.get_or_create(username=username)
        user.first_name, user.last_name = first_name, last_name
        user.email = f"{username}@example.org"
        user.is_active = True
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=role.value)])
        credentials.append((username, password, role))
    return credentials
