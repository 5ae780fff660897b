"""Permission checks that cost one query per request instead of three.

Django's ModelBackend reads a user's own permissions and their groups' permissions in two
queries, and the menus read the user's groups (their role) in a third. Every signed-in page
needs all three, so this backend reads them together, once per user object (that is, once
per request), and hands the groups to ``User.role`` as if they had been prefetched.
Superusers and inactive users are left to ModelBackend's rules.
"""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.db import connection


class RoleBackend(ModelBackend):
    def get_user_permissions(self, user_obj, obj=None):
        if not _plain_active_user(user_obj, obj):
            return super().get_user_permissions(user_obj, obj)
        return _access_of(user_obj)[0]

    def get_group_permissions(self, user_obj, obj=None):
        if not _plain_active_user(user_obj, obj):
            return super().get_group_permissions(user_obj, obj)
        return _access_of(user_obj)[1]


def _plain_active_user(user_obj, obj) -> bool:
    return (
        obj is None
        and user_obj.is_active
        and not user_obj.is_anonymous
        and not user_obj.is_superuser
    )


def _access_of(user) -> tuple[set[str], set[str]]:
    """The user's own and their groups' permissions as ``app_label.codename`` (cached on the
    user as ModelBackend caches them); their groups go into the prefetch cache."""
    if not hasattr(user, "_user_perm_cache") or not hasattr(user, "_group_perm_cache"):
        own, from_groups, groups = _read_access(user)
        user._user_perm_cache, user._group_perm_cache = own, from_groups
        _remember_groups(user, groups)
    return user._user_perm_cache, user._group_perm_cache


# Django's own tables, and this project's user's many-to-many tables.
ACCESS_SQL = """
    SELECT g.id, g.name, ct.app_label, p.codename
    FROM accounts_user_groups ug
    JOIN auth_group g ON g.id = ug.group_id
    LEFT JOIN auth_group_permissions gp ON gp.group_id = g.id
    LEFT JOIN auth_permission p ON p.id = gp.permission_id
    LEFT JOIN django_content_type ct ON ct.id = p.content_type_id
    WHERE ug.user_id = %s
    UNION ALL
    SELECT NULL, NULL, ct.app_label, p.codename
    FROM accounts_user_user_permissions up
    JOIN auth_permission p ON p.id = up.permission_id
    JOIN django_content_type ct ON ct.id = p.content_type_id
    WHERE up.user_id = %s
"""


def _read_access(user) -> tuple[set[str], set[str], list[Group]]:
    own, from_groups, groups = set(), set(), {}
    with connection.cursor() as cursor:
        cursor.execute(ACCESS_SQL, [user.pk, user.pk])
        for group_id, group_name, app_label, codename in cursor.fetchall():
            if group_id is None:
                own.add(f"{app_label}.{codename}")
                continue
            groups.setdefault(group_id, Group(id=group_id, name=group_name))
            if codename is not None:
                from_groups.add(f"{app_label}.{codename}")
    return own, from_groups, sorted(groups.values(), key=lambda g: g.pk)


def _remember_groups(user, groups: list[Group]) -> None:
    """What ``prefetch_related_objects([user], "groups")`` leaves behind, without its query;
    ``user.groups.add/remove/set/clear`` forget it again, as they forget a real prefetch."""
    queryset = user.groups.all()
    queryset._result_cache = groups
    queryset._prefetch_done = True
    if not hasattr(user, "_prefetched_objects_cache"):
        user._prefetched_objects_cache = {}
    user._prefetched_objects_cache["groups"] = queryset
