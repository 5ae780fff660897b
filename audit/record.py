from django.utils import timezone

from audit.models import AuditEvent

MAX_USER_AGENT = 300


def client_ip(request) -> str | None:
    """The client address as the WSGI server saw it (a trusted proxy must set REMOTE_ADDR)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    action: str,
    *,
    request=None,
    actor=None,
    target=None,
    target_type: str = "",
    target_id: str | int = "",
    patient_id: int | None = None,
    detail: dict | None = None,
) -> AuditEvent:
    """Append one audit event. Call it inside the transaction of the change it describes."""
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target.pk
    return AuditEvent.objects.create(
        actor=actor,
        actor_username=actor.get_username() if actor is not None else "",
        action=action,
        target_type=target_type,
        target_id=str(target_id) if target_id != "" else "",
        patient_id=patient_id,
        at=timezone.now(),
        ip=client_ip(request),
        user_agent=_user_agent(request),
        detail=detail or {},
    )


def _user_agent(request) -> str:
    if request is None:
        return ""
    return request.META.get("HTTP_USER_AGENT", "")[:MAX_USER_AGENT]
