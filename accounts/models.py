from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import prefetch_related_objects
from django.utils.crypto import salted_hmac

from accounts.roles import Role

# Django's own salt: with no session ended yet, the hash is Django's, so sessions from before
# ``sessions_ended`` existed stay valid.
SESSION_HASH_SALT = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"


class User(AbstractUser):
    """A member of the practice. Accounts are deactivated, never deleted (the audit trail
    points at them)."""

    # Raised by ``accounts.services.user_sessions_end``: it is part of the session auth hash,
    # so every session signed in before the raise stops matching (as after a password change).
    sessions_ended = models.PositiveIntegerField(default=0, db_default=0, editable=False)

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

    def get_session_auth_hash(self):
        return self._session_hash(secret=None)

    def get_session_auth_fallback_hash(self):
        for secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_hash(secret=secret)

    def _session_hash(self, *, secret):
        """An HMAC of the password hash and, once raised, ``sessions_ended``: a session is
        valid while neither has changed since it signed in."""
        value = (
            self.password if not self.sessions_ended else f"{self.password}\n{self.sessions_ended}"
        )
        return salted_hmac(SESSION_HASH_SALT, value, secret=secret, algorithm="sha256").hexdigest()
