"""Personas: one signed-in client per role, and the users behind them."""

import pytest
from django.contrib.auth.models import Group

from accounts.models import User
from accounts.roles import Role

PASSWORD = "correct-horse-battery-staple"


def make_user(username: str, role: Role | None, **extra) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, **extra)
    if role is not None:
        user.groups.add(Group.objects.get(name=role.value))
    return user


def sign_in(client, user):
    """Sign a test client in as ``user``, past every log-in step the app requires."""
    client.force_login(user)
    return client


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
