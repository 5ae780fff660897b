"""Walk the audit trail in chain order and report the first event that breaks the chain;
compare the trail with its checkpoints (``audit.checkpoint``)."""

from dataclasses import dataclass

from django.db.models import Max

from audit.chain import CHAINED_FIELDS, GENESIS_HASH, canonical_content, chain_hash
from audit.checkpoint import Checkpoint
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


@dataclass(frozen=True)
class CheckpointComparison:
    agreeing: list[Checkpoint]
    problems: list[str]
    # Checkpoints beyond the last event that a backup is allowed to lack.
    after_the_copy: int = 0


def audit_checkpoints_verify(
    checkpoints: list[Checkpoint], *, backup: bool = False
) -> CheckpointComparison:
    """Each checkpoint names a sequence and the hash the event there had: the trail must still
    have that event with that hash. An event with another hash means the trail was rewritten
    (even if re-hashed so that the chain holds); a sequence beyond the last event means events
    were removed from its end, unless ``backup`` (a copy taken before the checkpoint)."""
    unique = sorted(
        {(c.sequence, c.hash): c for c in checkpoints}.values(), key=lambda c: c.sequence
    )
    last = AuditEvent.objects.aggregate(last=Max("sequence"))["last"] or 0
    within = [c for c in unique if c.sequence <= last]
    beyond = [c for c in unique if c.sequence > last]
    stored = _hashes_at({c.sequence for c in within})
    agreeing = [c for c in within if stored.get(c.sequence) == c.hash]
    disagreeing = [c for c in within if stored.get(c.sequence) != c.hash]
    problems = []
    if disagreeing:
        first = disagreeing[0]
        now = stored.get(first.sequence)
        found = f"has {now[:16]}" if now else "has no such event"
        problems.append(
            f"audit trail tampered: rewritten after it was checkpointed: the checkpoint of "
            f"{first.at} names sequence {first.sequence} with hash {first.hash[:16]}, the "
            f"trail {found} ({len(disagreeing)} of {len(unique)} checkpoints disagree)"
        )
    if beyond and not backup:
        furthest = beyond[-1]
        ends = f"ends at sequence {last}" if last else "is empty"
        problems.append(
            f"audit trail tampered: events removed from its end: the checkpoint of "
            f"{furthest.at} names sequence {furthest.sequence}, but the trail {ends}"
        )
    return CheckpointComparison(agreeing, problems, len(beyond) if backup else 0)


def _hashes_at(sequences: set[int], batch: int = 500) -> dict[int, str]:
    wanted = sorted(sequences)
    stored = {}
    for start in range(0, len(wanted), batch):
        events = AuditEvent.objects.filter(sequence__in=wanted[start : start + batch])
        stored.update(events.values_list("sequence", "hash"))
    return stored
