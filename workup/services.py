"""Writes of workups. Each runs in one transaction with its audit event.

Audit details carry ids, section names, versions and hashes: never clinical values, names or
free text (the amendment reason stays on the workup, not in the trail).

Importing a document lives in ``workup.importing`` and is re-exported here.

Lost updates: a section save names the version it started from. Inside the transaction the
workup row is locked (``select_for_update``; SQLite's immediate transactions serialise writers
anyway) and the stored version compared; a mismatch raises :class:`SectionConflict` and
nothing is written. Versions come from the workup's ``revision`` counter, so a number is never
reused, even after a section is cleared and recorded again.
"""

from __future__ import annotations

import datetime
import hashlib
import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audit import actions
from audit.record import record
from summaries import services as summaries_services
from workup import adapters
from workup.document import DocumentError, document_from_facts, facts_from_document
from workup.document.checks import is_blank, text_problem
from workup.importing import ImportRefused as ImportRefused
from workup.importing import workup_import as workup_import
from workup.models import SignedWorkupError, Workup, WorkupStatus
from workup.rules.catalogue import RULE_SET
from workup.rules.evaluate import evaluate
from workup.sections import SectionKind, section_kind
from workup.writes import delete_section, update_last_visit, write_section, write_sections


class WorkupStateError(Exception):
    """The workup is not in a state that allows this (signing twice, amending a draft...)."""


class WrongPassword(Exception):
    """The password given to confirm a signature is not the signer's."""


class FlagsChanged(Exception):
    """The urgent and high flags are not the ones the signer acknowledged (a section was saved
    meanwhile). Carries the flags to acknowledge now."""

    def __init__(self, current: list[dict]):
        super().__init__("the urgent and high flags changed before signing")
        self.current = current


class SectionConflict(Exception):
    """The section was saved (or cleared) by someone else since the form was filled in.

    Carries what is stored now: the section value (None: not recorded), its version, and who
    saved it when.
    """

    def __init__(self, *, name: str, value, version: int, updated_by=None, updated_at=None):
        super().__init__(f"section {name} is at version {version}")
        self.name = name
        self.value = value
        self.version = version
        self.updated_by = updated_by
        self.updated_at = updated_at


def canonical_json(document: dict) -> bytes:
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def document_sha256(document: dict) -> str:
    """The SHA-256 stored with a signature, over the canonical JSON of the document."""
    return hashlib.sha256(canonical_json(document)).hexdigest()


# --- Workups ----------------------------------------------------------------------------------


def _check_visit_date(*, patient, visit_date: datetime.date) -> None:
    if visit_date > timezone.localdate():
        raise ValidationError({"visit_date": "The visit date cannot be in the future."})
    if visit_date < patient.date_of_birth:
        raise ValidationError(
            {"visit_date": "The visit date is before the patient's date of birth."}
        )


@transaction.atomic
def workup_create(*, actor, patient, visit_date: datetime.date, clinician, request=None) -> Workup:
    """Start a draft workup of an active patient."""
    if not actor.has_perm("workup.add_workup"):
        raise PermissionDenied
    if not patient.is_active:
        raise ValidationError("This patient is archived: restore them to start a workup.")
    _check_visit_date(patient=patient, visit_date=visit_date)
    workup = Workup.objects.create(patient=patient, visit_date=visit_date, clinician=clinician)
    update_last_visit(patient, actor=actor)
    record(
        actions.WORKUP_CREATE,
        request=request,
        actor=actor,
        target=workup,
        patient_id=patient.pk,
        detail={"clinician_id": clinician.pk},
    )
    return workup


@transaction.atomic
def workup_update_details(
    *, actor, workup: Workup, visit_date: datetime.date, clinician, request=None
) -> list[str]:
    """Change the visit date or responsible clinician of a draft; returns what changed."""
    if not actor.has_perm("workup.change_workup"):
        raise PermissionDenied
    locked = _locked_draft(workup)
    _check_visit_date(patient=locked.patient, visit_date=visit_date)
    changed = [
        name
        for name, value in (("visit_date", visit_date), ("clinician", clinician))
        if getattr(locked, name) != value
    ]
    if not changed:
        return []
    locked.visit_date, locked.clinician = visit_date, clinician
    locked.save(update_fields=["visit_date", "clinician", "updated_at"])
    workup.visit_date, workup.clinician = visit_date, clinician
    update_last_visit(locked.patient, actor=actor)
    record(
        actions.WORKUP_UPDATE,
        request=request,
        actor=actor,
        target=locked,
        patient_id=locked.patient_id,
        detail={"changed": changed},
    )
    return changed


def _locked_draft(workup: Workup) -> Workup:
    locked = Workup.objects.select_for_update().select_related("patient").get(pk=workup.pk)
    if locked.status != WorkupStatus.DRAFT:
        raise SignedWorkupError("This workup is signed: its data cannot be changed.")
    return locked


def _next_revision(locked: Workup) -> int:
    locked.revision += 1
    locked.save(update_fields=["revision", "updated_at"])
    return locked.revision


# --- Sections ---------------------------------------------------------------------------------


def _stored_section(kind: SectionKind, workup: Workup):
    return kind.model.objects.select_for_update().filter(workup=workup).first()


def _conflict_unless(kind: SectionKind, section, expected_version: int) -> None:
    current = 0 if section is None else section.version
    if current != expected_version:
        raise SectionConflict(
            name=kind.name,
            value=None if section is None else adapters.section_value_of(section, kind.name),
            version=current,
            updated_by=None if section is None else section.updated_by,
            updated_at=None if section is None else section.updated_at,
        )


@transaction.atomic
def section_update(*, actor, workup: Workup, name: str, value, expected_version: int, request=None):
    """Save one section of a draft. Returns (section, changed).

    Raises SectionConflict when the stored version is not ``expected_version`` and
    SignedWorkupError when the workup is signed; nothing is written then.
    """
    if not actor.has_perm("workup.change_workup"):
        raise PermissionDenied
    if value is None:
        raise ValueError("use section_clear to remove a section")
    kind = section_kind(name)
    locked = _locked_draft(workup)
    section = _stored_section(kind, locked)
    _conflict_unless(kind, section, expected_version)
    changed = section is None or adapters.section_value_of(section, name) != value
    if changed:
        revision = _next_revision(locked)
        section = write_section(
            locked, kind, value, actor=actor, reason=f"saved (revision {revision})", section=section
        )
    record(
        actions.WORKUP_SECTION_UPDATE,
        request=request,
        actor=actor,
        target=locked,
        patient_id=locked.patient_id,
        detail={"section": name, "version": section.version, "changed": changed},
    )
    return section, changed


@transaction.atomic
def section_clear(*, actor, workup: Workup, name: str, expected_version: int, request=None):
    """Return a section to "not assessed" (its history stays). Returns whether it was recorded."""
    if not actor.has_perm("workup.change_workup"):
        raise PermissionDenied
    kind = section_kind(name)
    locked = _locked_draft(workup)
    section = _stored_section(kind, locked)
    _conflict_unless(kind, section, expected_version)
    if section is None:
        return False
    revision = _next_revision(locked)
    delete_section(section, kind, actor=actor, reason=f"cleared (revision {revision})")
    record(
        actions.WORKUP_SECTION_CLEAR,
        request=request,
        actor=actor,
        target=locked,
        patient_id=locked.patient_id,
        detail={"section": name, "version": expected_version},
    )
    return True


# --- Sign and amend -----------------------------------------------------------------------------


def signature_of(facts) -> dict:
    """What a signature freezes, as Workup field values: the canonical document, its SHA-256,
    the evaluation and the rule set. Raises DocumentError when the document would not be valid
    (for example a date of birth changed to after the visit since the draft was started)."""
    document = document_from_facts(facts)
    facts_from_document(document, today=timezone.localdate())
    return {
        "signed_document": document,
        "signed_document_sha256": document_sha256(document),
        "signed_evaluation": evaluate(facts).as_dict(),
        "signed_rule_set": RULE_SET,
    }


# Flags the signer acknowledges one by one before signing.
ACKNOWLEDGED_SEVERITIES = ("urgent", "high")


def flags_to_acknowledge(evaluation: dict) -> list[dict]:
    """The urgent and high flags of an evaluation, in its order, as a signature stores their
    acknowledgement: ``{"code", "severity", "title"}`` each."""
    return [
        {"code": flag["code"], "severity": flag["severity"], "title": flag["title"]}
        for flag in evaluation.get("flags", [])
        if flag["severity"] in ACKNOWLEDGED_SEVERITIES
    ]


@transaction.atomic
def workup_sign_refused_log(*, actor, workup: Workup, reason: str, request=None) -> None:
    record(
        actions.WORKUP_SIGN_FAILED,
        request=request,
        actor=actor,
        target=workup,
        patient_id=workup.patient_id,
        detail={"reason": reason},
    )


def workup_sign(
    *, workup: Workup, signer, password: str, acknowledged: list[dict] | None = None, request=None
) -> Workup:
    """Sign a draft: freeze its document, the document's SHA-256, the evaluation and the rule
    set. A wrong password is refused (and recorded) before anything is locked.

    `acknowledged`: the urgent and high flags the signer acknowledged on the sign page (as
    :func:`flags_to_acknowledge` gives them). They must be exactly the urgent and high flags of
    the evaluation being frozen, or :class:`FlagsChanged` is raised (and recorded) and nothing
    is signed; they are stored with the signature and their codes go into the audit event. The
    sign page always passes them. None, from callers without a page (imports, demo data),
    stores no acknowledgement.
    """
    if not signer.has_perm("workup.sign_workup"):
        raise PermissionDenied
    if not signer.check_password(password):
        workup_sign_refused_log(
            actor=signer, workup=workup, reason="wrong_password", request=request
        )
        raise WrongPassword
    try:
        _sign(workup, signer, acknowledged, request)
    except FlagsChanged:
        workup_sign_refused_log(
            actor=signer, workup=workup, reason="flags_changed", request=request
        )
        raise
    return workup


def _sign(workup: Workup, signer, acknowledged: list[dict] | None, request) -> None:
    """The signature itself, once the password is confirmed: one transaction, row locked."""
    with transaction.atomic():
        locked = Workup.objects.select_for_update().select_related("patient").get(pk=workup.pk)
        if locked.status != WorkupStatus.DRAFT:
            raise WorkupStateError("This workup is already signed.")
        try:
            signature = signature_of(adapters.workup_facts(locked))
        except DocumentError as error:
            raise WorkupStateError(f"This workup cannot be signed as it stands: {error}") from None
        due = flags_to_acknowledge(signature["signed_evaluation"])
        if acknowledged is not None and list(acknowledged) != due:
            raise FlagsChanged(due)
        locked.status = WorkupStatus.SIGNED
        locked.signed_at = timezone.now()
        locked.signed_by = signer
        for field, value in signature.items():
            setattr(locked, field, value)
        locked.signed_acknowledged_flags = None if acknowledged is None else due
        frozen = [
            "status",
            "signed_at",
            "signed_by",
            "signed_document",
            "signed_document_sha256",
            "signed_evaluation",
            "signed_rule_set",
            "signed_acknowledged_flags",
        ]
        locked.save(update_fields=[*frozen, "updated_at"])
        # The signed summary PDF, rendered from the frozen copy and stored with its SHA-256.
        summaries_services.summary_issue(workup=locked, actor=signer, request=request)
        detail = {"sha256": locked.signed_document_sha256, "rule_set": RULE_SET}
        if acknowledged is not None:
            detail["acknowledged"] = [flag["code"] for flag in due]
        record(
            actions.WORKUP_SIGN,
            request=request,
            actor=signer,
            target=locked,
            patient_id=locked.patient_id,
            detail=detail,
        )
    for field in (*frozen, "updated_at"):
        setattr(workup, field, getattr(locked, field))


@transaction.atomic
def workup_amend(*, workup: Workup, actor, reason: str, request=None) -> Workup:
    """Start the amendment of a signed workup: a new draft with every section and row of the
    signed one, pointing back at it, with the reason. A signed workup is amended once.

    The reason is free text under the document's rules: one of only whitespace or invisible
    characters is no reason, and control or bidirectional characters are refused."""
    if not actor.has_perm("workup.amend_workup"):
        raise PermissionDenied
    reason = (reason or "").strip()
    if is_blank(reason):
        raise ValidationError({"reason": "Give the reason for the amendment."})
    problem = text_problem(reason, multiline=True)
    if problem is not None:
        raise ValidationError({"reason": f"The reason for the amendment {problem}."})
    limit = Workup._meta.get_field("amendment_reason").max_length
    if len(reason) > limit:
        raise ValidationError({"reason": f"Keep the reason under {limit} characters."})
    locked = Workup.objects.select_for_update().get(pk=workup.pk)
    if locked.status != WorkupStatus.SIGNED:
        raise WorkupStateError("Only a signed workup can be amended.")
    if Workup.objects.filter(amends=locked).exists():
        raise WorkupStateError("This workup has already been amended.")
    amendment = Workup.objects.create(
        patient_id=locked.patient_id,
        visit_date=locked.visit_date,
        clinician=actor,
        amends=locked,
        amendment_reason=reason,
        revision=1,
    )
    signed_facts = facts_from_document(locked.signed_document, today=datetime.date.max)
    write_sections(
        amendment, signed_facts, actor=actor, reason=f"copied from signed workup {locked.pk}"
    )
    record(
        actions.WORKUP_AMEND,
        request=request,
        actor=actor,
        target=amendment,
        patient_id=locked.patient_id,
        detail={"amends": locked.pk},
    )
    return amendment


# --- Reads that are recorded --------------------------------------------------------------------


def workup_read_log(*, actor, workup: Workup, section: str = "", page: str = "", request=None):
    """One event for each page that shows a workup's clinical content."""
    detail = {key: value for key, value in (("section", section), ("page", page)) if value}
    record(
        actions.WORKUP_SECTION_VIEW if section else actions.WORKUP_VIEW,
        request=request,
        actor=actor,
        target=workup,
        patient_id=workup.patient_id,
        detail=detail,
    )


def section_conflict_log(*, actor, workup: Workup, name: str, conflict, request=None):
    """The conflict page shows the stored values side by side with the submitted ones."""
    record(
        actions.WORKUP_SECTION_CONFLICT,
        request=request,
        actor=actor,
        target=workup,
        patient_id=workup.patient_id,
        detail={"section": name, "stored_version": conflict.version},
    )


def workup_export_log(*, workup: Workup, actor=None, request=None) -> None:
    record(
        actions.WORKUP_EXPORT,
        request=request,
        actor=actor,
        target=workup,
        patient_id=workup.patient_id,
        detail={"status": workup.status},
    )
