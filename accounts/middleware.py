"""Session lifetime and the second-factor gate, enforced on the server for every request."""

import time
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.deprecation import MiddlewareMixin

from accounts.two_factor import VERIFY, second_factor_pending

SIGNED_IN_AT = "signed_in_at"
LAST_ACTIVITY = "last_activity"
# Writing the session on every request costs a database write; a few seconds of slack in a
# quarter-hour timeout cost nothing.
TOUCH_EVERY_SECONDS = 10

IDLE = "idle_timeout"
TOO_OLD = "session_lifetime"


def two_factor_exempt(view):
    """Mark a view reachable before the second factor (log-out, the 2FA pages themselves)."""
    view.two_factor_exempt = True
    return view


def session_passive(view):
    """Mark a view whose requests do not count as activity (the timeout status probe)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.session_passive = True
        return view(request, *args, **kwargs)

    return wrapper


def session_start(session, *, now: float | None = None):
    """Called at log-in: the lifetime and the idle clock both start now."""
    now = time.time() if now is None else now
    session[SIGNED_IN_AT] = now
    session[LAST_ACTIVITY] = now


def session_expiry_reason(session, *, now: float) -> str | None:
    signed_in_at = _seconds(session.get(SIGNED_IN_AT), default=now)
    last_activity = _seconds(session.get(LAST_ACTIVITY), default=now)
    if now - signed_in_at > settings.SESSION_MAX_HOURS * 3600:
        return TOO_OLD
    if now - last_activity > settings.SESSION_IDLE_MINUTES * 60:
        return IDLE
    return None


def _seconds(value, *, default: float) -> float:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else default


def idle_seconds_left(session, *, now: float) -> int:
    """Seconds until this session ends (idle timeout or lifetime, whichever comes first)."""
    last_activity = _seconds(session.get(LAST_ACTIVITY), default=now)
    signed_in_at = _seconds(session.get(SIGNED_IN_AT), default=now)
    left = min(
        settings.SESSION_IDLE_MINUTES * 60 - (now - last_activity),
        settings.SESSION_MAX_HOURS * 3600 - (now - signed_in_at),
    )
    return max(0, int(left))


class SessionTimeoutMiddleware(MiddlewareMixin):
    """Signs out a session idle for SESSION_IDLE_MINUTES or older than SESSION_MAX_HOURS.

    The sign-out happens before the view; LoginRequiredMiddleware then sends the user to the
    log-in page with ``?next=`` the page they asked for, where a message says why.
    """

    def process_request(self, request):
        if not request.user.is_authenticated:
            return
        reason = session_expiry_reason(request.session, now=time.time())
        if reason is None:
            return
        request.logout_reason = reason
        logout(request)
        if reason == IDLE:
            text = (
                f"You were signed out after {settings.SESSION_IDLE_MINUTES} minutes without "
                "activity. Log in again to continue where you were."
            )
        else:
            text = (
                f"You were signed out because sessions last at most "
                f"{settings.SESSION_MAX_HOURS} hours. Log in again to continue where you were."
            )
        messages.info(request, text)

    def process_response(self, request, response):
        user = getattr(request, "user", None)
        if user is None or getattr(request, "session_passive", False):
            return response
        if not user.is_authenticated:
            return response
        now = time.time()
        session = request.session
        if SIGNED_IN_AT not in session:
            session[SIGNED_IN_AT] = now
        if now - _seconds(session.get(LAST_ACTIVITY), default=0) >= TOUCH_EVERY_SECONDS:
            session[LAST_ACTIVITY] = now
        return response


class TwoFactorMiddleware(MiddlewareMixin):
    """Before any page that needs a log-in, a user who must use a second factor and has not
    yet (in this session) goes to verification, or to enrolment if they have no device."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "two_factor_exempt", False):
            return None
        if not getattr(view_func, "login_required", True):
            return None
        pending = second_factor_pending(request)
        if pending is None:
            return None
        target = reverse("two_factor_verify" if pending == VERIFY else "two_factor_setup")
        return redirect_to_login(request.get_full_path(), target)
