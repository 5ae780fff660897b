"""Years of a clinic's audit trail in minutes: synthetic events appended in bulk.

Used to build large data sets (``manage.py seed_demo --audit-events N`` and the benchmarks),
never by the app itself. The events continue the real chain: the next sequence numbers, each
hash over the previous one exactly as ``audit.record.record`` computes it, under the same lock,
so ``verify_audit`` checks them like any other. They are spread over the last few years (ending
now, times increasing with the sequence) and made of what a clinic records most: page reads of
patients and workups, some saves, searches and log-ins, by existing users about existing
patients and workups.

Patients and workups are sampled by id range, a batch at a time, so a register of millions is
never read into memory. On PostgreSQL each batch is written with COPY; elsewhere with
``executemany``.
"""

from __future__ import annotations

import io
import json
import random
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Max, Min
from django.utils import timezone

from accounts.models import User
from audit import actions
from audit.chain import (
    CHAINED_FIELDS,
    GENESIS_HASH,
    canonical_content_of_row,
    canonical_detail,
    chain_hash,
)
from audit.models import AuditEvent
from audit.record import CHAIN_LOCK_KEY
from patients.models import Patient
from workup.models import Workup
from workup.sections import SECTION_NAMES

BATCH = 50_000
# Patients and workups drawn per batch; the batch's events name only these.
SAMPLE = 5_000
SPAN = timedelta(days=3 * 365)
USER_AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari"
CLINIC_ADDRESSES = [f"10.20.{floor}.{desk}" for floor in range(1, 4) for desk in range(10, 40)]

PATIENT_TARGET = Patient._meta.label_lower
WORKUP_TARGET = Workup._meta.label_lower
COLUMNS = (
    "actor_id",
    "actor_username",
    "action",
    "target_type",
    "target_id",
    "patient_id",
    "at",
    "ip",
    "user_agent",
    "detail",
    "sequence",
    "prev_hash",
    "hash",
)

# What a clinic's day is made of (weights out of 100): mostly reads.
MIX = (
    (actions.PATIENT_VIEW, 30),
    (actions.WORKUP_VIEW, 18),
    (actions.WORKUP_SECTION_VIEW, 25),
    (actions.WORKUP_SECTION_UPDATE, 9),
    (actions.PATIENT_SEARCH, 7),
    (actions.SUMMARY_VIEW, 4),
    (actions.LOGIN, 4),
    (actions.LOGOUT, 2),
    (actions.PATIENT_UPDATE, 1),
)
MIX_PATIENT = {actions.PATIENT_VIEW, actions.PATIENT_UPDATE}
NEEDS_WORKUP = {
    actions.WORKUP_VIEW,
    actions.WORKUP_SECTION_VIEW,
    actions.WORKUP_SECTION_UPDATE,
    actions.SUMMARY_VIEW,
}


def append_synthetic_events(
    count: int, *, progress: Callable[[int, int], None] | None = None
) -> float:
    """Append ``count`` events to the end of the trail; return the seconds taken.

    Each batch is one transaction holding the chain's lock (writers through ``record`` wait
    for it). Needs at least one user; events about patients or workups need some on record
    (without them the events are log-ins and log-outs).
    """
    started = time.monotonic()
    if count <= 0:
        return 0.0
    users = list(User.objects.order_by("pk").values_list("pk", "username")[:1000])
    if not users:
        raise ValueError("Synthetic audit events need at least one user.")
    rng = random.Random(count)  # noqa: S311 - synthetic data, not security
    done = 0
    while done < count:
        size = min(BATCH, count - done)
        with transaction.atomic():
            _lock_chain()
            last_sequence, last_hash, last_at = _chain_end()
            now = timezone.now()
            start = max(last_at, now - SPAN) if last_at else now - SPAN
            # This batch's share of the time left, so the whole run ends at about now.
            batch_end = start + (now - start) * size / (count - done)
            events = _events(rng, size, users, start, batch_end)
            rows = list(_chained(events, last_sequence, last_hash))
            _write(rows)
        done += size
        if progress is not None:
            progress(done, count)
    return time.monotonic() - started


def _lock_chain() -> None:
    """The lock ``record`` takes (PostgreSQL); SQLite's writers are serialised by the write
    this transaction makes."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


def _chain_end() -> tuple[int, str, datetime | None]:
    last = AuditEvent.objects.order_by("-sequence").values_list("sequence", "hash", "at").first()
    return last if last else (0, GENESIS_HASH, None)


def _events(rng, size, users, start, end):
    """``size`` events' content (the chained fields), in time order between start and end."""
    patients = _sample_ids(rng, Patient, SAMPLE)
    workups = _sample_workups(rng, SAMPLE)
    kinds, weights = zip(*MIX, strict=True)
    chosen = rng.choices(kinds, weights=weights, k=size)
    seconds = (end - start).total_seconds()
    offsets = sorted(rng.random() * seconds for _ in range(size))
    for action, offset in zip(chosen, offsets, strict=True):
        actor_id, username = rng.choice(users)
        event = {
            "at": start + timedelta(seconds=offset),
            "actor_id": actor_id,
            "actor_username": username,
            "action": action,
            "target_type": "",
            "target_id": "",
            "patient_id": None,
            "ip": rng.choice(CLINIC_ADDRESSES),
            "user_agent": USER_AGENT,
            "detail": {},
        }
        if action in NEEDS_WORKUP and workups:
            _about_workup(rng, event, rng.choice(workups))
        elif action not in (actions.LOGIN, actions.LOGOUT) and patients:
            _about_patient(rng, event, rng.choice(patients))
        elif action not in (actions.LOGIN, actions.LOGOUT):
            event["action"] = actions.LOGIN
        yield event


def _about_patient(rng, event, patient_id) -> None:
    event["target_type"] = PATIENT_TARGET
    if event["action"] == actions.PATIENT_SEARCH:
        event["detail"] = {"kind": rng.choice(("mrn", "name")), "results": 1}
        event["detail"]["shown"] = [patient_id]
        return
    event["action"] = event["action"] if event["action"] in MIX_PATIENT else actions.PATIENT_VIEW
    event["target_id"] = str(patient_id)
    event["patient_id"] = patient_id
    if event["action"] == actions.PATIENT_UPDATE:
        event["detail"] = {"changed": ["phone"]}


def _about_workup(rng, event, workup) -> None:
    workup_id, patient_id = workup
    event["target_type"] = WORKUP_TARGET
    event["target_id"] = str(workup_id)
    event["patient_id"] = patient_id
    section = rng.choice(SECTION_NAMES)
    if event["action"] == actions.WORKUP_SECTION_VIEW:
        event["detail"] = {"section": section}
    elif event["action"] == actions.WORKUP_SECTION_UPDATE:
        event["detail"] = {"section": section, "version": rng.randint(1, 6), "changed": True}


def _sample_ids(rng, model, size) -> list[int]:
    """Up to ``size`` ids of rows on record, drawn by id range (gaps are skipped)."""
    bounds = model.objects.aggregate(low=Min("pk"), high=Max("pk"))
    if bounds["low"] is None:
        return []
    drawn = {rng.randint(bounds["low"], bounds["high"]) for _ in range(size)}
    return list(model.objects.filter(pk__in=drawn).values_list("pk", flat=True))


def _sample_workups(rng, size) -> list[tuple[int, int]]:
    ids = _sample_ids(rng, Workup, size)
    return list(Workup.objects.filter(pk__in=ids).values_list("pk", "patient_id"))


def _chained(events, sequence, prev_hash):
    details: dict[str, str] = {}
    for event in events:
        sequence += 1
        detail = json.dumps(event["detail"])
        canonical = details.get(detail)
        if canonical is None:
            canonical = details[detail] = canonical_detail(event["detail"])
        content = canonical_content_of_row(
            *(event[name] for name in CHAINED_FIELDS[:-1]), canonical
        )
        event_hash = chain_hash(prev_hash, content)
        yield (
            event["actor_id"],
            event["actor_username"],
            event["action"],
            event["target_type"],
            event["target_id"],
            event["patient_id"],
            event["at"],
            event["ip"],
            event["user_agent"],
            detail,
            sequence,
            prev_hash,
            event_hash,
        )
        prev_hash = event_hash


def _write(rows) -> None:
    table = AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            buffer = io.StringIO("".join(_copy_line(row) for row in rows))
            cursor.cursor.copy_expert(
                f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN", buffer, size=1 << 20
            )
        else:
            at = COLUMNS.index("at")
            adapt = connection.ops.adapt_datetimefield_value
            marks = ", ".join(["%s"] * len(COLUMNS))
            insert = f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES ({marks})"  # noqa: S608
            cursor.executemany(
                insert,
                [(*row[:at], adapt(row[at]), *row[at + 1 :]) for row in rows],
            )


def _copy_line(row) -> str:
    """One row in COPY's text format (the synthetic values hold no tabs, newlines or
    backslashes)."""
    values = [("\\N" if value is None else str(value)) for value in row]
    return "\t".join(values) + "\n"
