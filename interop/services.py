"""FHIR exchange of a workup, each recorded in the audit trail: the export of a signed workup
(like a PDF download) and the import of lab results into a draft's lab section.

Audit details carry ids, hashes, sizes and counts: never names, MRNs or clinical values.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from audit import actions
from audit.record import record
from interop.fhir.export import bundle_bytes, workup_bundle
from interop.fhir.lab_import import (
    MAX_LAB_ROWS,
    LabFileRefused,
    PatientOnRecord,
    Skipped,
    read_lab_file,
)
from summaries import services as summary_services
from workup import adapters
from workup import services as workup_services
from workup.models import LabPanel, SignedWorkupError, Workup
from workup.rules.facts import LabResult


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
        _record_exchange(
            actions.WORKUP_FHIR_EXPORT,
            workup=workup,
            content=data,
            actor=actor,
            request=request,
            channel=channel,
        )
    return data


def _record_exchange(action: str, *, workup, content: bytes, actor, request, channel, **counts):
    """A FHIR file sent or taken, by its SHA-256 and size (and counts): never its content."""
    record(
        action,
        request=request,
        actor=actor,
        target=workup,
        patient_id=workup.patient_id,
        detail={
            "channel": channel,
            "sha256": summary_services.sha256_hex(content),
            "size": len(content),
            **counts,
        },
    )


# --- Lab results in ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LabImport:
    """What an import did: the rows added, what was left out and why, and the resources of the
    file that are not lab results (counted, not listed: an exported workup holds many)."""

    imported: tuple[LabResult, ...]
    skipped: tuple[Skipped, ...]
    other_resources: tuple[tuple[str, int], ...]


def labs_version(workup: Workup) -> int:
    """The version of the draft's lab section now (0: not recorded), for a conflict-safe save."""
    panel = LabPanel.objects.filter(workup=workup).only("version").first()
    return 0 if panel is None else panel.version


def fhir_labs_import(
    *,
    workup: Workup,
    raw: bytes,
    actor,
    expected_version: int | None = None,
    request=None,
    channel: str = "web",
) -> LabImport:
    """Add the lab results of a FHIR file to a draft's lab section, saved like the labs page
    saves (the section's version must still be ``expected_version``, default: now).

    Rows already on the draft, exactly, are skipped rather than doubled, so a file imported
    twice changes nothing. Raises LabFileRefused (nothing changed), SectionConflict (someone
    saved the labs meanwhile) or SignedWorkupError.
    """
    if not workup.is_editable:
        raise SignedWorkupError(
            "This workup is signed: its lab results cannot be changed. Amend it to add results."
        )
    patient = workup.patient
    lab_file = read_lab_file(
        raw,
        patient=PatientOnRecord(mrn=patient.mrn, date_of_birth=patient.date_of_birth),
        identifier_system=settings.FHIR_IDENTIFIER_SYSTEM,
        today=timezone.localdate(),
    )
    panel = LabPanel.objects.filter(workup=workup).first()
    recorded = () if panel is None else adapters.section_value_of(panel, "labs")
    if expected_version is None:
        expected_version = 0 if panel is None else panel.version
    imported, skipped = [], list(lab_file.skipped)
    for row in lab_file.rows:
        if row.lab in recorded:
            skipped.append(Skipped(row.entry, row.test, "already recorded on this draft"))
        else:
            imported.append(row.lab)
    if len(recorded) + len(imported) > MAX_LAB_ROWS:
        raise LabFileRefused(
            f"The draft has {len(recorded)} lab rows and the file adds {len(imported)}: a "
            f"workup's lab section holds at most {MAX_LAB_ROWS}. Nothing was imported."
        )
    with transaction.atomic():
        if imported:
            workup_services.section_update(
                actor=actor,
                workup=workup,
                name="labs",
                value=(*recorded, *imported),
                expected_version=expected_version,
                request=request,
            )
        _record_exchange(
            actions.WORKUP_FHIR_LAB_IMPORT,
            workup=workup,
            content=raw,
            actor=actor,
            request=request,
            channel=channel,
            imported=len(imported),
            skipped=len(skipped),
        )
    return LabImport(tuple(imported), tuple(skipped), lab_file.other_resources)
