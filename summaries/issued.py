"""The issued summary of a signed workup: stored once at signing, read back only hash-checked.

A signed workup's summary PDF is rendered once, from the frozen copy, when the workup is
signed (``summary_issue``, called inside the signing transaction), and stored privately with
its SHA-256. Every later read returns exactly those bytes after checking the hash; a missing
or altered file is refused and recorded, never silently rendered again.

Both the recorded downloads (``summaries.services``) and the batch print jobs
(``summaries.jobs``) read issued summaries through here; this module imports neither.

Audit details carry ids, hashes and sizes: never names, MRNs or clinical values.
"""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit import actions
from audit.record import record
from summaries import pdf, sources
from summaries.models import IssuedSummary
from summaries.report import WorkupReport, build_report
from workup.models import Workup


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


def summary_issue(*, workup: Workup, actor, request=None, late: bool = False) -> IssuedSummary:
    """Render the signed summary from the frozen copy and store it with its SHA-256.

    Called by ``workup.signing`` inside its transaction once the frozen fields are set (so a
    failure here undoes the signature). The PDF is rendered before the audit event, so the
    audit chain is not held while WeasyPrint works. ``late``: issued on first read for a workup
    signed before summaries were stored (seeded demo data, for one). If the surrounding
    transaction rolls back, the file written stays behind unreferenced (private, and named by
    workup and hash); nothing ever serves it.
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
