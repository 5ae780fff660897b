"""The patient's questionnaire session: which questionnaire this browser may answer, whether
the date of birth was confirmed, whether it runs on a clinic tablet, and when it was last used.

The code is in the address only once, on opening the link; the session then holds the
questionnaire's id, and every later page has an address without it (nothing to leak through
the history, a screenshot or a shared screen). The session never holds a signed-in user: the
link and the tablet both sign out whoever was signed in before the patient's session starts.

A session idle for longer than its limit (``QUESTIONNAIRE_KIOSK_IDLE_MINUTES`` on a tablet,
``QUESTIONNAIRE_LINK_IDLE_MINUTES`` otherwise) is ended. Ending flushes the whole session; a
tablet keeps one mark, ``KIOSK_DEVICE``, so its later pages say "hand the tablet back".
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout

KEY = "questionnaire"
KIOSK_DEVICE = "questionnaire_tablet"


def start(request, questionnaire, *, kiosk: bool) -> None:
    if request.user.is_authenticated:
        logout(request)
    else:
        request.session.flush()
    request.session[KEY] = {
        "id": questionnaire.pk,
        "confirmed": False,
        "kiosk": kiosk,
        "seen": time.time(),
    }


def state(request) -> dict | None:
    value = request.session.get(KEY)
    if not isinstance(value, dict) or not isinstance(value.get("id"), int):
        return None
    return value


def idle_limit_seconds(current: dict) -> int:
    minutes = (
        settings.QUESTIONNAIRE_KIOSK_IDLE_MINUTES
        if current.get("kiosk")
        else settings.QUESTIONNAIRE_LINK_IDLE_MINUTES
    )
    return minutes * 60


def idle_for(current: dict, *, now: float | None = None) -> float:
    seen = current.get("seen")
    if not isinstance(seen, int | float) or isinstance(seen, bool):
        return float("inf")
    return (time.time() if now is None else now) - seen


def is_idle(current: dict) -> bool:
    return idle_for(current) > idle_limit_seconds(current)


def touch(request) -> None:
    current = state(request)
    if current is not None:
        request.session[KEY] = {**current, "seen": time.time()}


def confirm(request) -> None:
    current = state(request)
    if current is not None:
        request.session.cycle_key()
        request.session[KEY] = {**current, "confirmed": True, "seen": time.time()}


def end(request) -> None:
    """Forget the questionnaire in this browser; a tablet stays marked as one."""
    current = state(request)
    kiosk = bool(current and current.get("kiosk")) or request.session.get(KIOSK_DEVICE, False)
    request.session.flush()
    if kiosk:
        request.session[KIOSK_DEVICE] = True


def is_kiosk_device(request) -> bool:
    return bool(request.session.get(KIOSK_DEVICE))
