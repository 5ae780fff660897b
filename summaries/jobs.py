"""Batch print jobs, run in the background with a lease.

The job's state is a row of ``BatchPrint`` and its result a file in the shared private storage,
so any app server can report progress and serve the file. Work is claimed with a conditional
UPDATE (atomic on PostgreSQL and SQLite alike): a queued job, or a running one whose lease has
run out because its worker died. The worker renews the lease after every summary and writes
its result only while it still holds the lease. A job is tried at most ``MAX_ATTEMPTS`` times.

Who runs jobs:

- a thread started on demand in the web process (``kick``: after a job is queued, and when a
  progress poll finds a job waiting or abandoned), so nothing more needs deploying;
- ``manage.py run_print_jobs``, a long-running worker for deployments that prefer one
  (set ``SUMMARY_BATCH_IN_PROCESS = False`` to leave the web processes out).

The combined PDF joins the stored, hash-checked signed PDFs (``summaries.joining``), in the
chosen order, each once, with a bookmark per summary: the printout is exactly what was signed,
and joining takes milliseconds where rendering again takes a few tenths of a second per summary.
The stored PDFs are read through ``summaries.issued``; ``summaries.services`` queues jobs and
imports this module, never the other way round.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import close_old_connections, connections
from django.db.models import F, Q
from django.utils import timezone

from summaries import issued
from summaries.models import BatchPrint, BatchPrintStatus
from workup.models import Workup

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3


def lease_seconds() -> int:
    return int(getattr(settings, "SUMMARY_BATCH_LEASE_SECONDS", 60))


def worker_name() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _claimable(now) -> Q:
    return Q(status=BatchPrintStatus.QUEUED) | Q(
        status=BatchPrintStatus.RUNNING, lease_expires_at__lt=now
    )


def waiting(job: BatchPrint) -> bool:
    """Queued, or running under a lease that ran out (its worker died)."""
    if job.status == BatchPrintStatus.QUEUED:
        return True
    return (
        job.status == BatchPrintStatus.RUNNING
        and job.lease_expires_at is not None
        and job.lease_expires_at < timezone.now()
    )


def claim(worker: str) -> BatchPrint | None:
    """Take the oldest claimable job, or None. Jobs out of attempts are failed on the way."""
    now = timezone.now()
    BatchPrint.objects.filter(_claimable(now), attempts__gte=MAX_ATTEMPTS).update(
        status=BatchPrintStatus.FAILED,
        error="Stopped: the print worker stopped repeatedly while making this batch.",
        finished_at=now,
        lease_owner="",
        lease_expires_at=None,
    )
    candidates = (
        BatchPrint.objects.filter(_claimable(now))
        .order_by("created_at", "id")
        .values_list("pk", flat=True)[:10]
    )
    for pk in candidates:
        taken = (
            BatchPrint.objects.filter(_claimable(now), pk=pk)
            .filter(attempts__lt=MAX_ATTEMPTS)
            .update(
                status=BatchPrintStatus.RUNNING,
                lease_owner=worker,
                lease_expires_at=now + timedelta(seconds=lease_seconds()),
                attempts=F("attempts") + 1,
                started_at=now,
                done=0,
                error="",
            )
        )
        if taken:
            return BatchPrint.objects.get(pk=pk)
    return None


class LeaseLost(Exception):
    """Another worker took the job over (this one was too slow to renew its lease)."""


def _renew(job: BatchPrint, worker: str, done: int) -> None:
    renewed = BatchPrint.objects.filter(pk=job.pk, lease_owner=worker).update(
        done=done, lease_expires_at=timezone.now() + timedelta(seconds=lease_seconds())
    )
    if not renewed:
        raise LeaseLost(job.pk)


def _bookmark(workup: Workup) -> str:
    patient = (workup.signed_document or {}).get("patient", {})
    name = f"{patient.get('family_name', '')}, {patient.get('given_name', '')}".strip(", ")
    return f"{name} · MRN {patient.get('mrn', '')} · {workup.visit_date.isoformat()}"


def run(job: BatchPrint, worker: str) -> None:
    """Make the job's combined PDF while holding its lease."""
    from summaries.joining import combine

    # With each one's issued summary (the reverse one-to-one), so reading the stored PDFs
    # costs no query per workup.
    chosen = Workup.objects.filter(pk__in=job.workup_ids).select_related("issued_summary")
    workups = {w.pk: w for w in chosen}
    parts = []
    for done, workup_id in enumerate(job.workup_ids):
        workup = workups.get(workup_id)
        if workup is None or not workup.is_signed:
            raise issued.SummaryUnavailable(workup_id, "not a signed workup")
        data = issued.signed_summary_bytes(workup=workup, actor=job.requested_by)
        parts.append((data, _bookmark(workup)))
        _renew(job, worker, done + 1)
    combined = combine(parts, title=f"Batch print {job.pk}")
    digest = issued.sha256_hex(combined)
    name = BatchPrint._meta.get_field("result").generate_filename(
        job, f"batch-{job.pk}-{digest[:16]}.pdf"
    )
    stored = BatchPrint._meta.get_field("result").storage.save(name, ContentFile(combined))
    finished = BatchPrint.objects.filter(pk=job.pk, lease_owner=worker).update(
        status=BatchPrintStatus.DONE,
        done=len(job.workup_ids),
        result=stored,
        result_sha256=digest,
        result_size=len(combined),
        finished_at=timezone.now(),
        lease_owner="",
        lease_expires_at=None,
    )
    if not finished:
        BatchPrint._meta.get_field("result").storage.delete(stored)
        raise LeaseLost(job.pk)


def _fail(job: BatchPrint, worker: str, message: str) -> None:
    BatchPrint.objects.filter(pk=job.pk, lease_owner=worker).update(
        status=BatchPrintStatus.FAILED,
        error=message[:300],
        finished_at=timezone.now(),
        lease_owner="",
        lease_expires_at=None,
    )


def run_one(worker: str | None = None) -> BatchPrint | None:
    """Claim and run one job; returns it (None when nothing was waiting)."""
    worker = worker or worker_name()
    job = claim(worker)
    if job is None:
        return None
    try:
        run(job, worker)
    except LeaseLost:
        logger.warning("batch print %s: lease lost, left to the worker that took it", job.pk)
    except issued.SummaryUnavailable as refusal:
        _fail(job, worker, f"The stored summary of workup {refusal.workup_id} is {refusal.reason}.")
    except Exception:
        logger.exception("batch print %s failed", job.pk)
        _fail(job, worker, "The batch could not be made; please try again or ask for help.")
    job.refresh_from_db()
    return job


def run_pending(worker: str | None = None) -> int:
    """Run jobs until none is waiting; returns how many were run."""
    worker = worker or worker_name()
    count = 0
    while run_one(worker) is not None:
        count += 1
    return count


# --- The in-process worker thread ----------------------------------------------------------------

_state_lock = threading.Lock()
_wake = threading.Event()
_thread: threading.Thread | None = None


def in_process_enabled() -> bool:
    return bool(getattr(settings, "SUMMARY_BATCH_IN_PROCESS", True))


def kick() -> None:
    """Make sure this process works through the waiting jobs, in a background thread."""
    global _thread
    if not in_process_enabled():
        return
    with _state_lock:
        _wake.set()
        if _thread is not None:
            return
        _thread = threading.Thread(target=_thread_main, name="batch-print-worker", daemon=True)
        _thread.start()


def _thread_main() -> None:
    global _thread
    worker = worker_name()
    try:
        while True:
            _wake.clear()
            try:
                close_old_connections()
                run_pending(worker)
            except Exception:
                logger.exception("batch print worker thread")
            with _state_lock:
                if not _wake.is_set():  # nothing queued meanwhile: stop (kick starts anew)
                    _thread = None
                    return
    finally:
        with _state_lock:
            if _thread is threading.current_thread():  # stopped by an error
                _thread = None
        connections.close_all()


def worker_thread_alive() -> bool:
    with _state_lock:
        return _thread is not None and _thread.is_alive()
