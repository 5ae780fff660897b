from django.conf import settings
from django.urls import reverse


def practice(request):
    return {"practice_name": settings.PRACTICE_NAME}


def session_timeout(request):
    """For users fully signed in (password and, where needed, second factor): the flag the
    menus check, and what the idle-timeout warning (static/js/session-timeout.js) needs."""
    from accounts.two_factor import second_factor_pending

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or second_factor_pending(request):
        return {}
    return {
        # Password and, where needed, second factor done: the menus may show.
        "fully_signed_in": True,
        "session_timeout": {
            "idle_seconds": settings.SESSION_IDLE_MINUTES * 60,
            "warning_seconds": settings.SESSION_WARNING_SECONDS,
            "status_url": reverse("session_status"),
        },
    }
