"""Walk the audit trail in chain order and report the first event that breaks the chain;
compare the trail with its checkpoints (``audit.checkpoint``).

The walk streams: on PostgreSQL the events come a batch at a time through COPY, and each one's
content is spelled from the text (``audit.trail_copy``), with no model, dict or datetime per
event; a long trail is checked in two halves at once, the later half by a worker process
(``audit.verify_parallel``). Elsewhere the ORM hands over column values, spelled by
``audit.chain.canonical_content_of_row``. Only an event that fails the quick check is read
again, through the ORM, and looked at through ``canonical_content`` to say what is wrong.
"""

from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from hashlib import sha256

from django.db import connection, transaction
from django.db.models import Max

from audit import verify_parallel
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
from audit.trail_copy import copied_events

FIELDS = ("id", "sequence", "prev_hash", "hash", *CHAINED_FIELDS)
CHUNK = 5_000
# How often (events) the walk reports its progress.
PROGRESS_EVERY = 50_000


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
    called every PROGRESS_EVERY events and at the end. A long trail on PostgreSQL is checked
    in two halves at once (``audit.verify_parallel``), with the same findings.
    """
    after = start.sequence if start is not None else 0
    walk = _Walk(start.hash if start is not None else GENESIS_HASH, after + 1, None)
    last = AuditEvent.objects.aggregate(last=Max("sequence"))["last"] or 0
    total = max(0, last - after)
    second_half, walk_to = None, last
    if connection.vendor == "postgresql" and total >= verify_parallel.PARALLEL_FROM:
        middle = after + total // 2
        second_half = _second_half(middle, last)
        if second_half is not None:
            walk_to = middle
    try:
        report = _reporter(progress, total, second_half)
        chain_break = _walk(walk, walk_to, chunk_size, report)
        if chain_break is None and second_half is not None:
            # Waited for outside any transaction: a session idle in one for minutes may be
            # ended by the server (idle_in_transaction_session_timeout).
            stretch = second_half.result(waiting=lambda: report(walk.checked))
            joined = _joins(stretch, walk)
            if joined:
                walk.take_up(stretch)
            if not (joined and stretch.whole and walk.expected_sequence == last + 1):
                # A problem in the second half or at the seam, or a worker that saw fewer
                # events than this process: walked on from the last event that checked
                # out, so that whatever is wrong is found and worded as always.
                chain_break = _walk(walk, last, chunk_size, report)
    finally:
        if second_half is not None:
            second_half.stop()
    if chain_break is not None:
        return walk.checked, chain_break
    if progress is not None:
        progress(walk.checked, max(total, walk.checked))
    return walk.checked, None


@dataclass
class _Walk:
    """Where a walk along the chain stands: what the next event must link to."""

    expected_prev: str
    expected_sequence: int
    previous_id: int | None
    checked: int = 0

    def take_up(self, stretch: verify_parallel.Stretch) -> None:
        """Continue after the events the worker checked (they join this walk)."""
        if stretch.last_intact is not None:
            self.previous_id, sequence, self.expected_prev = stretch.last_intact
            self.expected_sequence = sequence + 1
            self.checked += stretch.intact


def _walk(walk: _Walk, last: int, chunk_size: int, report) -> "ChainBreak | None":
    """Check the events after where ``walk`` stands, up to sequence ``last``; the first break
    or None. ``walk`` is left at the last event that checked out."""
    expected_prev, expected_sequence = walk.expected_prev, walk.expected_sequence
    previous_id, checked = walk.previous_id, walk.checked
    try:
        with (
            transaction.atomic(),
            closing(_events(expected_sequence - 1, last, chunk_size)) as events,
        ):
            for event_id, sequence, prev_hash, event_hash, content in events:
                if content is None:
                    content = canonical_content(_values_of(event_id))
                if (
                    prev_hash != expected_prev
                    or sequence != expected_sequence
                    or sha256((prev_hash + content).encode()).hexdigest() != event_hash
                ):
                    previous = _previous(previous_id, expected_sequence, expected_prev)
                    problem = _problem_with(_values_of(event_id), previous)
                    if problem:
                        return ChainBreak(event_id, sequence, problem)
                expected_prev, expected_sequence = event_hash, sequence + 1
                previous_id = event_id
                checked += 1
                if checked % PROGRESS_EVERY == 0:
                    report(checked)
    finally:
        walk.expected_prev, walk.expected_sequence = expected_prev, expected_sequence
        walk.previous_id, walk.checked = previous_id, checked
    return None


def _joins(stretch: "verify_parallel.Stretch | None", walk: _Walk) -> bool:
    """The worker's stretch starts where the walk stands (the seam between the halves)."""
    return (
        stretch is not None
        and stretch.first is not None
        and stretch.first[1] == walk.expected_sequence
        and stretch.first[2] == walk.expected_prev
    )


def _reporter(progress, total: int, second_half) -> Callable[[int], None]:
    """``report(checked)``: progress over both halves."""
    if progress is None:
        return lambda checked: None
    if second_half is None:
        return lambda checked: progress(checked, total)
    return lambda checked: progress(min(checked + second_half.checked, total), total)


def _second_half(after: int, last: int) -> "verify_parallel.SecondHalf | None":
    """A worker checking the events after ``after`` up to ``last``; None if none could be
    started (this process then checks them itself)."""
    try:
        return verify_parallel.SecondHalf(_worker_connection_params(), _table(), after, last)
    except (OSError, TypeError, ValueError):
        return None


def _table() -> str:
    return AuditEvent._meta.db_table


def _worker_connection_params() -> dict:
    """How the worker connects: as this process does, bar Django's cursor class."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    return params


def _events(after: int, last: int, chunk_size: int) -> Iterator[tuple]:
    """(id, sequence, prev_hash, hash, canonical content or None) of the events after
    sequence ``after``, in chain order: on PostgreSQL read with COPY up to ``last`` (see
    ``audit.trail_copy``), elsewhere through the ORM."""
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        # COPY goes to psycopg2 itself: its errors are made Django's, as a query's would be.
        with connection.wrap_database_errors, connection.cursor() as cursor:
            yield from copied_events(cursor, _table(), after, last)
        return
    events = AuditEvent.objects.filter(sequence__gt=after).order_by("sequence")
    for row in events.values_list(*FIELDS).iterator(chunk_size=chunk_size):
        # row[4:13] holds CHAINED_FIELDS but detail, as canonical_content_of_row takes them.
        content = canonical_content_of_row(*row[4:13], canonical_detail(row[13]))
        yield (*row[:4], content)


def _values_of(event_id: int) -> dict:
    """The event as ``canonical_content`` and ``_problem_with`` take it, read through the ORM."""
    return AuditEvent.objects.filter(pk=event_id).values(*FIELDS).get()


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
