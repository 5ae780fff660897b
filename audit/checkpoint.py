"""Checkpoints anchor the audit trail outside the database.

The hash chain (``audit.chain``) shows an edited, removed or re-ordered event, but whoever owns
the database can re-hash the whole trail after a change, or cut events off its end, and the
chain is whole again. A checkpoint records the chain's head (its last sequence and hash) at a
moment, with an HMAC whose key is not in the database: ``AUDIT_CHECKPOINT_KEY``, or else a key
derived from the secret key. ``verify_audit`` then finds a trail that no longer has, at a
checkpointed sequence, the hash the checkpoint names (rewritten) or that ends before it (cut).

Each checkpoint is one JSON line appended to ``AUDIT_CHECKPOINT_FILE`` (never rewritten) and
printed by ``manage.py audit_checkpoint``, so copies can be kept away from the database host.
One is also written, once the transaction commits, when an event is recorded and the newest
checkpoint is older than ``AUDIT_CHECKPOINT_MINUTES``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, transaction

from audit.models import AuditEvent
from config.private_files import PRIVATE_FILE_MODE, PRIVATE_FOLDER_MODE, make_private

logger = logging.getLogger(__name__)

# The label of the key derived from the secret key (part of the stored evidence: changing it
# makes every earlier checkpoint fail its check).
DERIVED_KEY_LABEL = b"fibro-workup audit checkpoint key v1"
FIELDS = frozenset({"sequence", "hash", "at", "mac"})
# After a failed write, the next event tries again this much later (not on every request).
RETRY_SECONDS = 60

# Per checkpoint file, when this process next needs to look whether a checkpoint is due.
_next_look: dict[str, float] = {}


class CheckpointError(ValueError):
    """A line that is not a checkpoint this installation wrote."""


@dataclass(frozen=True)
class Checkpoint:
    sequence: int
    hash: str
    at: str

    def signed_fields(self) -> dict:
        return {"sequence": self.sequence, "hash": self.hash, "at": self.at}

    def line(self) -> str:
        """The checkpoint as one JSON line (without the newline), MAC included."""
        fields = {**self.signed_fields(), "mac": mac_of(self.signed_fields())}
        return json.dumps(fields, sort_keys=True, separators=(",", ":"))


def checkpoint_key() -> bytes:
    """AUDIT_CHECKPOINT_KEY, else a key derived from the secret key (never the secret key)."""
    if settings.AUDIT_CHECKPOINT_KEY:
        return settings.AUDIT_CHECKPOINT_KEY.encode("utf-8")
    if not settings.SECRET_KEY:
        raise ImproperlyConfigured("Audit checkpoints need AUDIT_CHECKPOINT_KEY or a secret key.")
    return hmac.new(settings.SECRET_KEY.encode("utf-8"), DERIVED_KEY_LABEL, "sha256").digest()


def mac_of(signed_fields: dict) -> str:
    canonical = json.dumps(signed_fields, sort_keys=True, separators=(",", ":"))
    return hmac.new(checkpoint_key(), canonical.encode("utf-8"), hashlib.sha256).hexdigest()


def chain_head() -> Checkpoint | None:
    """A checkpoint of the trail as it is now (None while it is empty)."""
    head = AuditEvent.objects.order_by("-sequence").values_list("sequence", "hash").first()
    if head is None:
        return None
    at = datetime.now(UTC).isoformat(timespec="seconds")
    return Checkpoint(sequence=head[0], hash=head[1], at=at)


def write_checkpoint() -> Checkpoint | None:
    """Append a checkpoint of the current head to the checkpoint file; None if the trail is
    empty. Read the head outside a transaction that recorded events, or after it commits, so a
    checkpoint never names an event that is then rolled back."""
    checkpoint = chain_head()
    if checkpoint is not None:
        append_line(Path(settings.AUDIT_CHECKPOINT_FILE), checkpoint.line())
    return checkpoint


def append_line(path: Path, line: str) -> None:
    """One line, in one write on an append-only descriptor: writers in other processes may
    add their own lines at the same moment, but never split or overwrite one. 0600 in 0700."""
    if not path.parent.is_dir():
        path.parent.mkdir(mode=PRIVATE_FOLDER_MODE, parents=True, exist_ok=True)
        make_private(path.parent)
    data = (line + "\n").encode("utf-8")
    descriptor = os.open(
        path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, PRIVATE_FILE_MODE
    )
    try:
        if os.write(descriptor, data) != len(data):
            raise OSError(f"short write to {path}")
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    make_private(path)


def parse_line(text: str) -> Checkpoint:
    """The checkpoint in one line of a checkpoint file or of a log that kept the printed line
    (anything before the first "{", such as a syslog prefix, is skipped)."""
    start = text.find("{")
    try:
        fields = json.loads(text[start:]) if start >= 0 else None
    except ValueError:
        fields = None
    if not isinstance(fields, dict) or set(fields) != FIELDS:
        raise CheckpointError("not a checkpoint")
    sequence, event_hash, at, mac = (fields[name] for name in ("sequence", "hash", "at", "mac"))
    if not (
        isinstance(sequence, int)
        and not isinstance(sequence, bool)
        and sequence >= 1
        and all(isinstance(value, str) for value in (event_hash, at, mac))
    ):
        raise CheckpointError("not a checkpoint")
    checkpoint = Checkpoint(sequence=sequence, hash=event_hash, at=at)
    expected = mac_of(checkpoint.signed_fields())
    if not hmac.compare_digest(mac.encode("utf-8"), expected.encode("utf-8")):
        raise CheckpointError("its MAC does not match (forged, altered or another key)")
    return checkpoint


def read_checkpoints(path: Path) -> tuple[list[Checkpoint], list[tuple[int, str]]]:
    """The valid checkpoints of a file, and (line number, problem) for every other line.
    Raises OSError when the file cannot be read."""
    checkpoints, bad_lines = [], []
    with open(path, encoding="utf-8", errors="replace") as lines:
        for number, text in enumerate(lines, start=1):
            if not text.strip():
                continue
            try:
                checkpoints.append(parse_line(text))
            except CheckpointError as problem:
                bad_lines.append((number, str(problem)))
    return checkpoints, bad_lines


def checkpoint_after_commit_if_due() -> None:
    """Called by ``record``: cheap unless this process's interval has run out, in which case
    a look at the file (and perhaps a checkpoint) follows once the transaction commits."""
    if time.time() >= _next_look.get(str(settings.AUDIT_CHECKPOINT_FILE), 0.0):
        transaction.on_commit(write_checkpoint_if_due, robust=True)


def write_checkpoint_if_due() -> None:
    """Write a checkpoint unless the file already has one from within the interval (written by
    this or another process: several writing at once only add a harmless duplicate). A failed
    write is logged and never fails the request that recorded the event."""
    path = Path(settings.AUDIT_CHECKPOINT_FILE)
    interval = settings.AUDIT_CHECKPOINT_MINUTES * 60
    now = time.time()
    try:
        written = path.stat().st_mtime
    except OSError:
        written = None
    if written is not None and now - written < interval:
        _next_look[str(path)] = written + interval
        return
    try:
        write_checkpoint()
    except (OSError, DatabaseError, ImproperlyConfigured) as error:
        logger.error("Audit checkpoint not written: %s", error)
        _next_look[str(path)] = now + RETRY_SECONDS
        return
    _next_look[str(path)] = now + interval
