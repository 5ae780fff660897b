import ipaddress
import json

from django.db import connection, transaction
from django.utils import timezone

from audit.chain import (
    CHAINED_FIELDS,
    GENESIS_HASH,
    canonical_content,
    chain_hash,
    clean_text,
    normalise_detail,
)
from audit.checkpoint import checkpoint_after_commit_if_due
from audit.models import AuditEvent

MAX_USER_AGENT = 300

# Key of the PostgreSQL advisory lock that serialises writers of the chain ("audit" in ASCII).
CHAIN_LOCK_KEY = 0x6175646974


def client_ip(request) -> str | None:
    """The client address as the WSGI server saw it (a trusted proxy must set REMOTE_ADDR).

    Anything that is not a plain IP address is dropped rather than stored.
    """
    if request is None:
        return None
    raw = (request.META.get("REMOTE_ADDR") or "").strip()
    if not raw or "%" in raw:
        return None
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        return None


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
    """Append one audit event. Call it inside the transaction of the change it describes.

    The event is chained to the one before it (see ``audit.chain``). Writers are serialised
    until the surrounding transaction ends, so concurrent requests never fork the chain:
    a transaction-level advisory lock on PostgreSQL (taken by ``audit_event_append``),
    ``BEGIN IMMEDIATE`` on SQLite. Once the transaction commits, a checkpoint of the chain is
    written if one is due (``audit.checkpoint``).
    """
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target.pk
    event = AuditEvent(
        actor=actor,
        actor_username=clean_text(actor.get_username(), 150) if actor is not None else "",
        action=clean_text(action, 64),
        target_type=clean_text(target_type, 64),
        target_id=clean_text(target_id, 64) if target_id != "" else "",
        patient_id=patient_id,
        at=timezone.now(),
        ip=client_ip(request),
        user_agent=_user_agent(request),
        detail=normalise_detail(detail or {}),
    )
    if connection.vendor == "postgresql":
        _append_in_the_database(event)
    else:
        with transaction.atomic():
            last = AuditEvent.objects.order_by("-sequence").values_list("sequence", "hash").first()
            event.sequence, event.prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
            event.hash = chain_hash(event.prev_hash, canonical_content(event_values(event)))
            event.save(force_insert=True)
    checkpoint_after_commit_if_due()
    return event


def event_values(event: AuditEvent) -> dict:
    return {name: getattr(event, name) for name in CHAINED_FIELDS}


def _append_in_the_database(event: AuditEvent) -> None:
    """PostgreSQL: lock, read the last event, chain and insert in one round trip (the function
    of migration audit 0004). The lock is held until the surrounding transaction ends."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT * FROM audit_event_append(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [
                CHAIN_LOCK_KEY,
                canonical_content(event_values(event)),
                event.actor_id,
                event.actor_username,
                event.action,
                event.target_type,
                event.target_id,
                event.patient_id,
                event.at,
                event.ip,
                event.user_agent,
                json.dumps(event.detail),
            ],
        )
        event.pk, event.sequence, event.prev_hash, event.hash = cursor.fetchone()
    event._state.adding = False
    event._state.db = connection.alias


def _user_agent(request) -> str:
    if request is None:
        return ""
    return clean_text(request.META.get("HTTP_USER_AGENT", ""), MAX_USER_AGENT)
