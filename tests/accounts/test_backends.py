"""RoleBackend answers exactly as Django's ModelBackend does, in one query per user object."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission

from accounts.backends import RoleBackend
from accounts.models import User
from accounts.roles import Role
from tests.conftest import make_user


def fresh(user):
    """The user as the next request loads them: nothing cached."""
    return User.objects.get(pk=user.pk)


@pytest.mark.parametrize("role", list(Role))
def test_each_role_has_the_same_permissions_as_with_the_model_backend(db, role):
    user = make_user(f"user_{role.value}", role)
    ours, django = RoleBackend(), ModelBackend()
    assert ours.get_all_permissions(fresh(user)) == django.get_all_permissions(fresh(user))
    assert ours.get_group_permissions(fresh(user)) == django.get_group_permissions(fresh(user))
    assert ours.get_all_permissions(fresh(user))


def test_a_permission_given_to_the_user_directly_counts_as_their_own(db):
    user = make_user("special", Role.STAFF)
    user.user_permissions.add(Permission.objects.get(codename="sign_workup"))
    backend = RoleBackend()
    assert backend.get_user_permissions(fresh(user)) == {"workup.sign_workup"}
    assert "workup.sign_workup" not in backend.get_group_permissions(fresh(user))
    assert fresh(user).has_perm("workup.sign_workup")


def test_a_user_without_a_role_has_no_permissions_and_no_role(db):
    user = make_user("nobody", None)
    user = fresh(user)
    assert (user.get_all_permissions(), user.role) == (set(), None)


def test_an_inactive_user_has_no_permissions(db):
    user = make_user("gone", Role.CLINICIAN, is_active=False)
    assert fresh(user).get_all_permissions() == set()


def test_a_superuser_has_every_permission(db):
    user = make_user("root", None, is_superuser=True)
    assert fresh(user).has_perm("workup.sign_workup")
    assert len(fresh(user).get_all_permissions()) == Permission.objects.count()


def test_permissions_and_role_together_cost_one_query(db, django_assert_num_queries):
    user = fresh(make_user("busy", Role.CLINICIAN))
    with django_assert_num_queries(1):
        assert user.has_perm("patients.view_patient")
        assert user.has_perm("workup.sign_workup")
        assert not user.has_perm("accounts.manage_users")
        assert user.role == Role.CLINICIAN


def test_a_role_change_on_the_same_object_is_seen_at_once(db):
    user = fresh(make_user("mover", Role.STAFF))
    assert user.has_perm("patients.view_patient") and user.role == Role.STAFF
    user.groups.set([Group.objects.get(name=Role.ADMIN.value)])
    assert user.role == Role.ADMIN


def test_a_permission_taken_from_a_role_is_gone_on_the_next_request(db):
    user = make_user("staffer", Role.STAFF)
    assert fresh(user).has_perm("patients.archive_patient")
    Group.objects.get(name=Role.STAFF.value).permissions.remove(
        Permission.objects.get(codename="archive_patient")
    )
    assert not fresh(user).has_perm("patients.archive_patient")
