"""Batch prints for tests, made directly (no job run, no audit event)."""

import hashlib
import io

from django.core.files.base import ContentFile
from django.utils import timezone
from pypdf import PdfWriter

from summaries.models import BatchPrint, BatchPrintStatus


def blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_done_batch(user, workup_ids=()) -> BatchPrint:
    """A finished batch print of `user` with a one-page PDF as its result."""
    data = blank_pdf()
    job = BatchPrint(
        requested_by=user,
        workup_ids=list(workup_ids),
        total=len(workup_ids),
        done=len(workup_ids),
        status=BatchPrintStatus.DONE,
        result_sha256=hashlib.sha256(data).hexdigest(),
        result_size=len(data),
        finished_at=timezone.now(),
    )
    job.result.save("batch-test.pdf", ContentFile(data), save=False)
    job.save()
    return job
