"""Demo accounts, one per role, for trying the app locally. Never created with debug off
unless forced.

Each demo user has a confirmed authenticator (TOTP) with a fixed, published key, so an
authenticator app can be set up from the printed key, and ``manage.py demo_totp USERNAME``
prints the current code (for browser tests and a first look without a phone).
"""

from base64 import b32decode, b32encode

from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.roles import Role, role_set
from accounts.two_factor import TOTP_DEVICE_NAME

DEMO_USERS = [
    # username, password, role, given name, family name
    ("clinician", "demo-clinician-pass", Role.CLINICIAN, "Clara", "Mendes"),
    ("staff", "demo-staff-pass", Role.STAFF, "Sam", "Okafor"),
    ("admin", "demo-admin-pass", Role.ADMIN, "Alex", "Berg"),
]

# Published on purpose (demo only): 20-byte secrets, as base32 for authenticator apps.
DEMO_TOTP_KEYS = {
    username: b32encode(f"demo-{username}-totp-key!"[:20].ljust(20, "!").encode()).decode()
    for username, *_ in DEMO_USERS
}


def demo_totp_key(username: str) -> str:
    """The demo user's authenticator key in base32 (what an app's "enter a key" asks for)."""
    return DEMO_TOTP_KEYS[username]


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
        role_set(user, role)
        _demo_authenticator_reset(user)
        credentials.append((username, password, role))
    return credentials


def _demo_authenticator_reset(user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    TOTPDevice.objects.create(
        user=user,
        name=TOTP_DEVICE_NAME,
        confirmed=True,
        key=b32decode(demo_totp_key(user.username)).hex(),
    )
