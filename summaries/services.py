"""Recorded reads and writes of summaries: views, downloads, batch prints.

A signed workup's download is its issued PDF, hash-checked (``summaries.issued``, which also
issues it at signing); a draft's is rendered on demand. A batch print is queued here and made
by ``summaries.jobs``, whose worker starts when the queuing transaction commits. The
dependency runs one way: this module uses ``issued`` and ``jobs``, and ``jobs`` uses
``issued`` alone.

Audit details carry ids, hashes and sizes: never names, MRNs or clinical values.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit import actions
from audit.record import record
from summaries import jobs, pdf, sources
from summaries.issued import (
    SummaryUnavailable,
    sha256_hex,
    signed_summary_bytes,
    summary_report,
)

# The signing service issues summaries through this module, the one other apps use.
from summaries.issued import summary_issue as summary_issue
from summaries.models import BatchPrint
from workup.models import Workup, WorkupStatus

# A clinic day of a large clinic. The join copies PDF objects without parsing them (pikepdf):
# a batch of 200 peaks well under 100 MB (tests/bench/bench_summary.py measures it).
MAX_BATCH = 200


def download_filename(*, mrn: str, visit_date: datetime.date) -> str:
    """``summary-<MRN>-<visit date>.pdf``: the MRN reduced to letters, digits and hyphens."""
    safe = re.sub(r"[^A-Za-z0-9-]", "", mrn or "")[:40] or "patient"
    return f"summary-{safe}-{visit_date.isoformat()}.pdf"


# --- Views and downloads -------------------------------------------------------------------------


def summary_view_log(*, actor, workup: Workup, request=None) -> None:
    with transaction.atomic():
        record(
            actions.SUMMARY_VIEW,
            request=request,
            actor=actor,
            target=workup,
            patient_id=workup.patient_id,
            detail={"status": workup.status},
        )


def summary_export_log(*, workup: Workup, fmt: str, data: bytes) -> None:
    """The render_summary command wrote a workup's summary to a file (no user: the shell)."""
    with transaction.atomic():
        record(
            actions.SUMMARY_DOWNLOAD,
            target=workup,
            patient_id=workup.patient_id,
            detail={
                "status": workup.status,
                "channel": "command",
                "format": fmt,
                "sha256": sha256_hex(data),
                "size": len(data),
            },
        )


def summary_pdf(*, workup: Workup, actor, request=None) -> tuple[bytes, str]:
    """(PDF bytes, file name) for a download, recorded: the issued copy of a signed workup,
    a fresh rendering of a draft."""
    if workup.is_signed:
        data = signed_summary_bytes(workup=workup, actor=actor, request=request)
        mrn = (workup.signed_document or {}).get("patient", {}).get("mrn", "")
    else:
        report = summary_report(workup, generated_by=sources.person_name(actor))
        _, data = pdf.render_summary(report)
        mrn = workup.patient.mrn
    with transaction.atomic():
        record(
            actions.SUMMARY_DOWNLOAD,
            request=request,
            actor=actor,
            target=workup,
            patient_id=workup.patient_id,
            detail={"status": workup.status, "sha256": sha256_hex(data), "size": len(data)},
        )
    return data, download_filename(mrn=mrn, visit_date=workup.visit_date)


# --- Batch printing ------------------------------------------------------------------------------


def batch_print_start(
    *,
    actor,
    workup_ids: list[int],
    clinic_date: datetime.date | None = None,
    request=None,
) -> BatchPrint:
    """Queue one combined PDF of signed workups, in the given order, each once; the worker
    (``summaries.jobs``) starts when the transaction commits."""
    ordered = list(dict.fromkeys(int(pk) for pk in workup_ids))
    if not ordered:
        raise ValidationError("Choose at least one signed workup.")
    if len(ordered) > MAX_BATCH:
        raise ValidationError(f"A batch holds at most {MAX_BATCH} summaries.")
    found = dict(
        Workup.objects.filter(pk__in=ordered, status=WorkupStatus.SIGNED).values_list(
            "pk", "patient_id"
        )
    )
    if len(found) != len(ordered):
        raise ValidationError("Only signed workups can be batch-printed.")
    with transaction.atomic():
        job = BatchPrint.objects.create(
            requested_by=actor, workup_ids=ordered, total=len(ordered), clinic_date=clinic_date
        )
        record(
            actions.BATCH_PRINT_START,
            request=request,
            actor=actor,
            target=job,
            detail={
                "workup_ids": ordered,
                "patient_ids": [found[pk] for pk in ordered],
                "clinic_date": clinic_date.isoformat() if clinic_date else None,
            },
        )
        _record_each_summary(
            actions.SUMMARY_BATCH_QUEUED, job=job, patient_ids=found, actor=actor, request=request
        )
        transaction.on_commit(jobs.kick)
    return job


def _record_each_summary(
    action: str, *, job: BatchPrint, patient_ids: dict[int, int], actor, request=None
) -> None:
    """One event per summary of the batch, in print order, naming its workup and patient.

    The batch's own event names the batch; these put the batch in each patient's audit trail,
    found by the trail's indexed patient column rather than by searching event details.
    """
    for workup_id in job.workup_ids:
        record(
            action,
            request=request,
            actor=actor,
            target_type=Workup._meta.label_lower,
            target_id=workup_id,
            patient_id=patient_ids.get(workup_id),
            detail={"batch": job.pk},
        )


def batch_choose_log(*, actor, clinic_date: datetime.date, workup_ids: list[int], request=None):
    with transaction.atomic():
        record(
            actions.BATCH_PRINT_CHOOSE,
            request=request,
            actor=actor,
            detail={"clinic_date": clinic_date.isoformat(), "shown_workup_ids": workup_ids},
        )


def batch_result_bytes(job: BatchPrint) -> bytes:
    with job.result.open("rb") as handle:
        data = handle.read()
    if sha256_hex(data) != job.result_sha256:
        raise SummaryUnavailable(0, "batch file altered")
    return data


def batch_download(*, job: BatchPrint, actor, request=None) -> tuple[bytes, str]:
    data = batch_result_bytes(job)
    patient_ids = dict(Workup.objects.filter(pk__in=job.workup_ids).values_list("pk", "patient_id"))
    with transaction.atomic():
        record(
            actions.BATCH_PRINT_DOWNLOAD,
            request=request,
            actor=actor,
            target=job,
            detail={"workup_ids": job.workup_ids, "sha256": job.result_sha256},
        )
        _record_each_summary(
            actions.SUMMARY_BATCH_DOWNLOADED,
            job=job,
            patient_ids=patient_ids,
            actor=actor,
            request=request,
        )
    day = job.clinic_date or timezone.localtime(job.created_at).date()
    return data, f"summaries-batch-{job.pk}-{day.isoformat()}.pdf"
