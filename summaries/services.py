"""Writes and recorded reads of summaries: issuing the signed PDF, downloads, batch prints.

A signed workup's summary PDF is rendered once, from the frozen copy, when the workup is
signed (``summary_issue``, called inside the signing transaction), and stored privately with
its SHA-256. Every later download returns exactly those bytes after checking the hash; a
missing or altered file is refused and recorded, never silently rendered again. Drafts are
rendered on demand.

Audit details carry ids, hashes and sizes: never names, MRNs or clinical values.
"""

from __future__ import annotations

import datetime
import hashlib
import re

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit import actions
from audit.record import record
from summaries import pdf, sources
from summaries.models import BatchPrint, IssuedSummary
from summaries.report import WorkupReport, build_report
from workup.models import Workup, WorkupStatus

# A batch is joined in memory: about 4 MB per summary while it is made (see the benchmark).
MAX_BATCH = 100


class SummaryUnavailable(Exception):
    """The stored signed summary is missing or does not match its SHA-256."""

    def __init__(self, workup_id: int, reason: str):
        super().__init__(f"stored summary of workup {workup_id}: {reason}")
        self.workup_id = workup_id
        self.reason = reason


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def summary_report(workup: Workup, *, generated_by: str, generated_at=None) -> WorkupReport:
    data = sources.summary_input(workup, generated_by=generated_by, generated_at=generated_at)
    return build_report(data)


def download_filename(*, mrn: str, visit_date: datetime.date) -> str:
    """``summary-<MRN>-<visit date>.pdf``: the MRN reduced to letters, digits and hyphens."""
    safe = re.sub(r"[^A-Za-z0-9-]", "", mrn or "")[:40] or "patient"
    return f"summary-{safe}-{visit_date.isoformat()}.pdf"


# --- Signed copies -------------------------------------------------------------------------------


def summary_issue(*, workup: Workup, actor, request=None, late: bool = False) -> IssuedSummary:
    """Render the signed summary from the frozen copy and store it with its SHA-256.

    Called by ``workup.services.workup_sign`` inside its transaction once the frozen fields
    are set (so a failure here undoes the signature). The PDF is rendered before the audit
    event, so the audit chain is not held while WeasyPrint works. ``late``: issued on first
    read for a workup signed before summaries were stored (seeded demo data, for one). If the
    surrounding transaction rolls back, the file written stays behind unreferenced (private,
    and named by workup and hash); nothing ever serves it.
    """
    if not workup.is_signed:
        raise ValueError("only a signed workup has an issued summary")
    report = summary_report(
        workup, generated_by=sources.person_name(actor), generated_at=workup.signed_at
    )
    _, data = pdf.render_summary(report)
    digest = sha256_hex(data)
    with transaction.atomic():
        issued = IssuedSummary(
            workup=workup,
            sha256=digest,
            size=len(data),
            issued_at=timezone.now(),
            issued_by=actor,
        )
        issued.file.save(f"workup-{workup.pk}-{digest[:16]}.pdf", ContentFile(data), save=False)
        issued.save()
        record(
            actions.SUMMARY_ISSUE,
            request=request,
            actor=actor,
            target=workup,
            patient_id=workup.patient_id,
            detail={"sha256": digest, "size": len(data), **({"late": True} if late else {})},
        )
    return issued


def issued_bytes(issued: IssuedSummary) -> bytes:
    """The stored bytes, after checking they are the ones issued."""
    try:
        with issued.file.open("rb") as handle:
            data = handle.read()
    except (FileNotFoundError, OSError, ValueError):
        raise SummaryUnavailable(issued.workup_id, "missing") from None
    if len(data) != issued.size or sha256_hex(data) != issued.sha256:
        raise SummaryUnavailable(issued.workup_id, "altered")
    return data


def signed_summary_bytes(*, workup: Workup, actor=None, request=None) -> bytes:
    """The issued PDF of a signed workup, checked against its SHA-256.

    A workup signed before summaries were stored has none yet: it is issued now, from the
    frozen copy (recorded as an issue by the signer). A record whose file is missing or
    altered raises SummaryUnavailable and is recorded.
    """
    # Read from the workup when loaded with select_related("issued_summary") (a batch);
    # otherwise this queries for it. None when there is none.
    issued = getattr(workup, "issued_summary", None)
    if issued is None:
        try:
            issued = summary_issue(workup=workup, actor=workup.signed_by, late=True)
        except IntegrityError:  # issued meanwhile by a concurrent request
            issued = IssuedSummary.objects.get(workup=workup)
    try:
        return issued_bytes(issued)
    except SummaryUnavailable as refusal:
        summary_unavailable_log(workup=workup, refusal=refusal, actor=actor, request=request)
        raise


def summary_unavailable_log(*, workup: Workup, refusal: SummaryUnavailable, actor, request=None):
    with transaction.atomic():
        record(
            actions.SUMMARY_INTEGRITY_FAILED,
            request=request,
            actor=actor,
            target=workup,
            patient_id=workup.patient_id,
            detail={"reason": refusal.reason},
        )


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
    from summaries import jobs

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
