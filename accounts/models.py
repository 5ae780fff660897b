from django.contrib.auth.models import AbstractUser
from django.db.models import prefetch_related_objects

from accounts.roles import Role


class User(AbstractUser):
    """A member of the practice. Accounts are deactivated, never deleted (the audit trail
    points at them)."""

    class Meta:
        permissions = [("manage_users", "Can manage user accounts, roles and second factors")]

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def role(self) -> Role | None:
        # Read once per user object (menus ask on every page); groups.add/set/remove/clear
        # on this object forget what was read.
        if "groups" not in getattr(self, "_prefetched_objects_cache", {}):
            prefetch_related_objects([self], "groups")
        names = {group.name for group in self.groups.all()}
        for role in Role:
            if role.value in names:
                return role
        return None
