"""Walk the audit trail in chain order and report the first event that breaks the chain;
compare the trail with its checkpoints (``audit.checkpoint``).

The walk streams: on PostgreSQL a server-side cursor hands over rows in batches, and each event
is checked from its column values (``audit.chain.canonical_content_of_row``) without a model
or dict per row, so ten million events take minutes and little memory. Only an event that
fails the quick check is looked at again, through ``canonical_content``, to say what is wrong.
"""

import json
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from hashlib import sha256

from django.db import connection, transaction
from django.db.models import Max

from audit.chain import (
    CHAINED_FIELDS,
    GENESIS_HASH,
    canonical_content,
    canonical_content_of_row,
    canonical_detail,
    chain_hash,
)
from audit.checkpoint import Checkpoint
from audit.models import AuditEvent

FIELDS = ("id", "sequence", "prev_hash", "hash", *CHAINED_FIELDS)
CHUNK = 5_000
# How often (events) the walk reports its progress.
PROGRESS_EVERY = 50_000
# Distinct ``detail`` values whose canonical spelling is kept (most events share a few).
DETAIL_CACHE = 20_000


@dataclass(frozen=True)
class ChainBreak:
    event_id: int
    sequence: int
    problem: str

    def __str__(self):
        return f"event {self.event_id} (sequence {self.sequence}): {self.problem}"


def audit_trail_verify(
    *,
    chunk_size: int = CHUNK,
    start: Checkpoint | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[int, ChainBreak | None]:
    """Return (number of events checked and intact, the first break or None).

    From the first event, or with ``start`` (a checkpoint that agrees with the trail) from the
    event after the checkpoint's, chained to the hash it names. ``progress(done, total)`` is
    called every PROGRESS_EVERY events and at the end.
    """
    after = start.sequence if start is not None else 0
    expected_prev = start.hash if start is not None else GENESIS_HASH
    expected_sequence = after + 1
    previous_id = None
    total = max(0, (AuditEvent.objects.aggregate(last=Max("sequence"))["last"] or 0) - after)
    checked = 0
    details: dict = {}
    with transaction.atomic(), closing(_rows(after, chunk_size)) as rows:
        for row in rows:
            event_id, sequence, prev_hash, event_hash = row[:4]
            # row[4:13] holds CHAINED_FIELDS but detail, as canonical_content_of_row takes them.
            content = canonical_content_of_row(*row[4:13], _detail_json(row[13], details))
            if (
                prev_hash != expected_prev
                or sequence != expected_sequence
                or sha256((prev_hash + content).encode()).hexdigest() != event_hash
            ):
                problem = _problem_with(
                    _as_values(row), _previous(previous_id, expected_sequence, expected_prev)
                )
                if problem:
                    return checked, ChainBreak(event_id, sequence, problem)
            expected_prev, expected_sequence, previous_id = event_hash, sequence + 1, event_id
            checked += 1
            if progress is not None and checked % PROGRESS_EVERY == 0:
                progress(checked, total)
    if progress is not None:
        progress(checked, max(total, checked))
    return checked, None


def _detail_json(detail, cache: dict) -> str:
    """The canonical spelling of ``detail`` (JSON text from PostgreSQL, remembered in
    ``cache``: most events share a few; or the value itself from other databases)."""
    if not isinstance(detail, str):
        return canonical_detail(detail)
    spelled = cache.get(detail)
    if spelled is None:
        if len(cache) >= DETAIL_CACHE:
            cache.clear()
        spelled = cache[detail] = canonical_detail(json.loads(detail))
    return spelled


def _rows(after: int, chunk_size: int) -> Iterator[tuple]:
    """The events after sequence ``after`` in chain order, as tuples of FIELDS (``detail`` as
    JSON text on PostgreSQL). Call inside a transaction (a server-side cursor lives in one)."""
    if connection.vendor != "postgresql":
        events = AuditEvent.objects.filter(sequence__gt=after).order_by("sequence")
        yield from events.values_list(*FIELDS).iterator(chunk_size=chunk_size)
        return
    connection.ensure_connection()
    columns = ", ".join(FIELDS)
    table = AuditEvent._meta.db_table
    with connection.connection.cursor(name="audit_trail_verify") as cursor:
        cursor.itersize = chunk_size
        cursor.execute(
            f"SELECT {columns} FROM {table} WHERE sequence > %s ORDER BY sequence",  # noqa: S608
            [after],
        )
        yield from cursor


def _as_values(row: tuple) -> dict:
    """A row as ``canonical_content`` and ``_problem_with`` take it."""
    values = dict(zip(FIELDS, row, strict=True))
    if isinstance(values["detail"], str):
        values["detail"] = json.loads(values["detail"])
    return values


def _previous(event_id, expected_sequence, expected_prev) -> dict | None:
    """What ``_problem_with`` needs of the event before (None at the start of the trail)."""
    if expected_sequence == 1:
        return None
    return {"id": event_id, "sequence": expected_sequence - 1, "hash": expected_prev}


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
    if previous is None:
        after = "the start of the trail"
    elif previous["id"] is None:
        after = f"the checkpoint at sequence {previous['sequence']}"
    else:
        after = f"event {previous['id']}"
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
