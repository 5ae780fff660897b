"""Personas: one signed-in client per role, and the users behind them."""

import time

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.roles import Role

PASSWORD = "correct-horse-battery-staple"


def make_user(username: str, role: Role | None, **extra) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, **extra)
    if role is not None:
        user.groups.add(Group.objects.get(name=role.value))
    return user


def sign_in(client, user):
    """Sign a test client in as ``user``, past every log-in step the app requires.

    Password step: ``force_login``. Second factor: the user gets a confirmed authenticator (if
    they have none) and the session is marked verified with it, as ``django_otp.login`` does
    after a correct code.
    """
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def sign_in_with_password_only(client, user):
    """Signed in with the password but not (yet) with the second factor."""
    client.force_login(user)
    return client


def totp_code(device: TOTPDevice, *, at: float | None = None) -> str:
    """What the user's authenticator app shows (now, or at the Unix time ``at``)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    return str(totp.token()).zfill(device.digits)


def post_login(client, username: str, password: str, *, ip: str = "127.0.0.1", **extra):
    """The password step through the real log-in page, from the given address."""
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip, **extra
    )


@pytest.fixture
def clinician(db):
    return make_user("dr_rivera", Role.CLINICIAN, first_name="Ines", last_name="Rivera")


@pytest.fixture
def other_clinician(db):
    return make_user("dr_chen", Role.CLINICIAN, first_name="Wei", last_name="Chen")


@pytest.fixture
def staff(db):
    return make_user("front_desk", Role.STAFF, first_name="Sam", last_name="Okafor")


@pytest.fixture
def admin_user(db):
    return make_user("it_admin", Role.ADMIN, first_name="Alex", last_name="Berg")


@pytest.fixture
def clinician_client(client, clinician):
    return sign_in(client, clinician)


@pytest.fixture
def staff_client(client, staff):
    return sign_in(client, staff)


@pytest.fixture
def admin_client(client, admin_user):
    """The practice's user administrator (the admin role), not a Django superuser."""
    return sign_in(client, admin_user)
