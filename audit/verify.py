"""Walk the audit trail in chain order and report the first event that breaks the chain."""

from dataclasses import dataclass

from audit.chain import CHAINED_FIELDS, GENESIS_HASH, canonical_content, chain_hash
from audit.models import AuditEvent

FIELDS = ("id", "sequence", "prev_hash", "hash", *CHAINED_FIELDS)


@dataclass(frozen=True)
class ChainBreak:
    event_id: int
    sequence: int
    problem: str

    def __str__(self):
        return f"event {self.event_id} (sequence {self.sequence}): {self.problem}"


def audit_trail_verify(*, chunk_size: int = 2000) -> tuple[int, ChainBreak | None]:
    """Return (number of events checked and intact, the first break or None)."""
    previous = None
    checked = 0
    events = AuditEvent.objects.order_by("sequence").values(*FIELDS)
    for event in events.iterator(chunk_size=chunk_size):
        problem = _problem_with(event, previous)
        if problem:
            return checked, ChainBreak(event["id"], event["sequence"], problem)
        previous = event
        checked += 1
    return checked, None


def _problem_with(event: dict, previous: dict | None) -> str:
    if chain_hash(event["prev_hash"], canonical_content(event)) != event["hash"]:
        return "content edited (its hash no longer matches what it records)"
    expected_prev_hash = previous["hash"] if previous else GENESIS_HASH
    expected_sequence = previous["sequence"] + 1 if previous else 1
    if event["prev_hash"] == expected_prev_hash:
        if event["sequence"] != expected_sequence:
            return f"sequence number altered (expected {expected_sequence})"
        return ""
    if event["sequence"] > expected_sequence:
        missing = (
            f"sequence {expected_sequence}"
            if event["sequence"] == expected_sequence + 1
            else f"sequences {expected_sequence}-{event['sequence'] - 1}"
        )
        return f"predecessor missing ({missing} removed)"
    if event["prev_hash"] == GENESIS_HASH:
        return "re-ordered (it was recorded as the first event)"
    recorded_after = (
        AuditEvent.objects.filter(hash=event["prev_hash"]).values("id", "sequence").first()
    )
    if recorded_after is not None:
        return (
            f"re-ordered (it was recorded after event {recorded_after['id']}, "
            f"now at sequence {recorded_after['sequence']})"
        )
    after = f"event {previous['id']}" if previous else "the start of the trail"
    return f"predecessor removed or replaced (it does not follow {after})"
