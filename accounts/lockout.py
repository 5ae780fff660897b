"""Log-in lock-out (django-axes), with an observation window as well as a cool-off.

django-axes alone counts failures of a username + address pair until ``AXES_COOLOFF_TIME``
has passed since the last one. This handler also forgets failures that stayed under the limit
once ``AXES_FAILURE_WINDOW`` has passed since the last one, so the rule reads: the limit of
failures, each within the window of the one before, locks the pair for the cool-off. (So five
failures within fifteen minutes always lock; a slow trickle of typos over a day does not.)
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.utils import timezone


class WindowedDatabaseHandler(AxesDatabaseHandler):
    def clean_expired_user_attempts(self, request=None, credentials=None) -> int:
        count = super().clean_expired_user_attempts(request, credentials)
        attempt_time = getattr(request, "axes_attempt_time", None) or timezone.now()
        stale, _ = AccessAttempt.objects.filter(
            attempt_time__lte=attempt_time - settings.AXES_FAILURE_WINDOW,
            failures_since_start__lt=settings.AXES_FAILURE_LIMIT,
        ).delete()
        return count + stale


def locked_usernames(usernames) -> set[str]:
    """Which of these usernames are locked out from at least one address right now."""
    threshold = timezone.now() - settings.AXES_COOLOFF_TIME
    return set(
        AccessAttempt.objects.filter(
            username__in=list(usernames),
            attempt_time__gte=threshold,
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        ).values_list("username", flat=True)
    )


def unlock_username(username: str) -> int:
    """Forget every failed attempt of this username, from any address; returns how many."""
    return reset(username=username)
