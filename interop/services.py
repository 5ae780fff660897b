"""The FHIR export of a signed workup, recorded in the audit trail like a PDF download.

Audit details carry ids, hashes and sizes: never names, MRNs or clinical values.
"""

from __future__ import annotations

from django.db import transaction

from audit import actions
from audit.record import record
from interop.fhir.export import bundle_bytes, workup_bundle
from summaries import services as summary_services
from workup.models import Workup


class NotSigned(Exception):
    """Only a signed workup is exported: a draft may still change."""


def export_filename(workup: Workup) -> str:
    """Named like the signed PDF: ``summary-<MRN>-<visit date>.fhir.json``."""
    mrn = (workup.signed_document or {}).get("patient", {}).get("mrn", "")
    pdf_name = summary_services.download_filename(mrn=mrn, visit_date=workup.visit_date)
    return pdf_name.removesuffix(".pdf") + ".fhir.json"


def fhir_bundle_bytes(workup: Workup, *, actor=None, request=None) -> bytes:
    """The bundle of a signed workup (not recorded). Raises NotSigned for a draft and
    SummaryUnavailable when the stored signed PDF is missing or altered."""
    if not workup.is_signed:
        raise NotSigned(workup.pk)
    pdf = summary_services.signed_summary_bytes(workup=workup, actor=actor, request=request)
    pdf_name = summary_services.download_filename(
        mrn=workup.signed_document["patient"]["mrn"], visit_date=workup.visit_date
    )
    bundle = workup_bundle(
        workup, pdf=pdf, pdf_sha256=summary_services.sha256_hex(pdf), pdf_filename=pdf_name
    )
    return bundle_bytes(bundle)


def fhir_export(*, workup: Workup, actor=None, request=None, channel: str = "web") -> bytes:
    """The bundle, recorded as an export of this workup by ``actor`` (None: the shell)."""
    data = fhir_bundle_bytes(workup, actor=actor, request=request)
    with transaction.atomic():
        record(
            actions.WORKUP_FHIR_EXPORT,
            request=request,
            actor=actor,
            target=workup,
            patient_id=workup.patient_id,
            detail={
                "channel": channel,
                "sha256": summary_services.sha256_hex(data),
                "size": len(data),
            },
        )
    return data
