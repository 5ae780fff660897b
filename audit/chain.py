"""The audit trail's hash chain, as pure functions (no database).

Each event stores ``hash = SHA-256(prev_hash + canonical content)``, where ``prev_hash`` is the
hash of the event before it (``GENESIS_HASH`` for the first). Editing an event breaks its own
hash; removing or re-ordering events breaks the link from the next event to its predecessor.

The canonical form below is part of the stored evidence: changing it would make every earlier
event fail verification. Never change it in place.

The position (``sequence``) is deliberately not part of the content: order is carried by the
``prev_hash`` links, so a renumbered row shows up as a re-ordering, not as an edit.
"""

import hashlib
import ipaddress
import json
from datetime import UTC, datetime

GENESIS_HASH = "0" * 64

# The fields an event's hash covers, as stored on AuditEvent.
CHAINED_FIELDS = (
    "at",
    "actor_id",
    "actor_username",
    "action",
    "target_type",
    "target_id",
    "patient_id",
    "ip",
    "user_agent",
    "detail",
)


def canonical_ip(value: str | None) -> str | None:
    """One spelling per address, whatever form the database hands back."""
    if not value:
        return None
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return str(value)


def canonical_content(values: dict) -> str:
    """The event's content as one deterministic string (``values`` maps CHAINED_FIELDS)."""
    at: datetime = values["at"]
    content = {
        "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor_id": values["actor_id"],
        "actor_username": values["actor_username"],
        "action": values["action"],
        "target_type": values["target_type"],
        "target_id": values["target_id"],
        "patient_id": values["patient_id"],
        "ip": canonical_ip(values["ip"]),
        "user_agent": values["user_agent"],
        "detail": values["detail"],
    }
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


# The fast spelling of canonical_content for the bulk paths (verify_audit, synthetic events):
# the same string, built from the fields in CHAINED_FIELDS order without a dict per event.
# The tests compare both over varied events; change neither without the other.
_string = json.encoder.encode_basestring
_ip_spellings: dict = {}


def canonical_content_of_row(
    at,
    actor_id,
    actor_username,
    action,
    target_type,
    target_id,
    patient_id,
    ip,
    user_agent,
    detail_json: str,
) -> str:
    """``canonical_content`` for one event given as its column values, with ``detail`` already
    in its canonical JSON (see ``canonical_detail``)."""
    return canonical_content_of_text(
        at.astimezone(UTC).isoformat(timespec="microseconds"),
        _number(actor_id),
        actor_username,
        action,
        target_type,
        target_id,
        _number(patient_id),
        ip,
        user_agent,
        detail_json,
    )


def canonical_content_of_text(
    at_text: str,
    actor_id_json: str,
    actor_username: str,
    action: str,
    target_type: str,
    target_id: str,
    patient_id_json: str,
    ip,
    user_agent: str,
    detail_json: str,
) -> str:
    """``canonical_content_of_row`` with the time already spelled as ``isoformat`` spells it
    in UTC and the two numbers as JSON (``null`` or their decimal digits)."""
    return (
        f'{{"action":{_string(action)},"actor_id":{actor_id_json},'
        f'"actor_username":{_string(actor_username)},"at":"{at_text}","detail":{detail_json},'
        f'"ip":{_canonical_ip_json(ip)},"patient_id":{patient_id_json},'
        f'"target_id":{_string(target_id)},"target_type":{_string(target_type)},'
        f'"user_agent":{_string(user_agent)}}}'
    )


def _number(value) -> str:
    return "null" if value is None else int.__repr__(value)


def canonical_detail(detail) -> str:
    """``detail`` as canonical_content spells it."""
    return json.dumps(detail, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _canonical_ip_json(value) -> str:
    spelled = _ip_spellings.get(value)
    if spelled is None:
        if len(_ip_spellings) > 100_000:
            _ip_spellings.clear()
        spelled = json.dumps(canonical_ip(value), ensure_ascii=False)
        _ip_spellings[value] = spelled
    return spelled


def chain_hash(prev_hash: str, content: str) -> str:
    return hashlib.sha256((prev_hash + content).encode("utf-8")).hexdigest()


def clean_text(value, max_length: int | None = None) -> str:
    """Text as every supported database stores it: no NUL characters, within the column."""
    text = str(value).replace("\x00", "")
    return text[:max_length] if max_length is not None else text


def normalise_detail(detail):
    """Make ``detail`` JSON that survives a database round trip unchanged.

    Keys become strings, NUL characters go (PostgreSQL refuses them), floats and anything
    that is not plain JSON become strings (so no database can re-spell a number).
    """
    if detail is None:
        return None
    if isinstance(detail, bool | int):
        return detail
    if isinstance(detail, str):
        return clean_text(detail)
    if isinstance(detail, dict):
        return {clean_text(key): normalise_detail(value) for key, value in detail.items()}
    if isinstance(detail, list | tuple | set | frozenset):
        items = sorted(detail, key=str) if isinstance(detail, set | frozenset) else detail
        return [normalise_detail(item) for item in items]
    return clean_text(detail)
