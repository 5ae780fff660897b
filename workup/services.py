"""Writes of workups. Each runs in one transaction with its audit event.

Audit details carry ids, section names, versions and hashes: never clinical values, names or
free text.

Importing a document lives in ``workup.importing``, and signing, taking over a draft and
amending in ``workup.signing``; both are re-exported here.

Lost updates: a section save names the version it started from. Inside the transaction the
workup row is locked (``select_for_update``; SQLite's immediate transactions serialise writers
anyway) and the stored version compared; a mismatch raises :class:`SectionConflict` and
nothing is written. Versions come from the workup's ``revision`` counter, so a number is never
reused, even after a section is cleared and recorded again.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audit import actions
from audit.record import record
from workup import adapters
from workup.importing import ImportRefused as ImportRefused
from workup.importing import workup_import as workup_import
from workup.models import SignedWorkupError, Workup, WorkupStatus
from workup.sections import SectionKind, section_kind
from workup.signing import ACKNOWLEDGED_SEVERITIES as ACKNOWLEDGED_SEVERITIES
from workup.signing import FlagsChanged as FlagsChanged
from workup.signing import NotTheClinician as NotTheClinician
from workup.signing import WorkupStateError as WorkupStateError
from workup.signing import WrongPassword as WrongPassword
from workup.signing import canonical_json as canonical_json
from workup.signing import document_sha256 as document_sha256
from workup.signing import flags_to_acknowledge as flags_to_acknowledge
from workup.signing import signature_of as signature_of
from workup.signing import workup_amend as workup_amend
from workup.signing import workup_sign as workup_sign
from workup.signing import workup_sign_refused_log as workup_sign_refused_log
from workup.signing import workup_take_over as workup_take_over
from workup.writes import delete_section, update_last_visit, write_section


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


# --- Workups ----------------------------------------------------------------------------------


PLANNED_VISIT_DAYS = 365


def _check_visit_date(*, patient, visit_date: datetime.date, planned: bool = False) -> None:
    """A visit date is today or earlier; a planned visit (a draft started ahead of the visit,
    for the patient's questionnaire) may be up to :data:`PLANNED_VISIT_DAYS` ahead."""
    today = timezone.localdate()
    if not planned and visit_date > today:
        raise ValidationError({"visit_date": "The visit date cannot be in the future."})
    if planned and visit_date > today + datetime.timedelta(days=PLANNED_VISIT_DAYS):
        raise ValidationError(
            {"visit_date": "A planned visit can be at most a year ahead: check the date."}
        )
    if visit_date < patient.date_of_birth:
        raise ValidationError(
            {"visit_date": "The visit date is before the patient's date of birth."}
        )


@transaction.atomic
def workup_create(
    *,
    actor,
    patient,
    visit_date: datetime.date,
    clinician,
    planned: bool = False,
    request=None,
) -> Workup:
    """Start a draft workup of an active patient.

    ``planned``: the draft of an upcoming visit, started when the patient is invited to answer
    their questionnaire (``questionnaires.services``). Then whoever may invite (practice staff
    too) starts it, and the visit date may be ahead (see :func:`_check_visit_date`); such a
    draft cannot be signed before its visit day (``workup.signing``).
    """
    may_start = actor.has_perm("workup.add_workup") or (
        planned and actor.has_perm("questionnaires.add_questionnaire")
    )
    if not may_start:
        raise PermissionDenied
    if not patient.is_active:
        raise ValidationError("This patient is archived: restore them to start a workup.")
    _check_visit_date(patient=patient, visit_date=visit_date, planned=planned)
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
    """Change the visit date or responsible clinician of a draft; returns what changed.

    Only the workup's own clinician hands it to another clinician here. Anyone else who is to
    become its clinician takes it over (``workup.signing.workup_take_over``), giving a reason
    that the summary shows: this form is not a way round that.

    A draft still dated ahead (a planned visit) may be moved to another date ahead; a draft of
    today or earlier keeps its date in the past.
    """
    if not actor.has_perm("workup.change_workup"):
        raise PermissionDenied
    locked = _locked_draft(workup)
    planned = locked.visit_date > timezone.localdate()
    _check_visit_date(patient=locked.patient, visit_date=visit_date, planned=planned)
    changed = [
        name
        for name, value in (("visit_date", visit_date), ("clinician", clinician))
        if getattr(locked, name) != value
    ]
    if not changed:
        return []
    if "clinician" in changed and locked.clinician_id != actor.pk:
        raise ValidationError(
            {
                "clinician": "Only this workup's clinician can hand it to another clinician. "
                "To become its clinician, take the draft over (from its sign page), with a "
                "reason."
            }
        )
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
