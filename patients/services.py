"""Writes of patients. Each runs in one transaction with its audit event.

Audit details carry record ids, field names and reasons, never names, dates of birth or what
was searched for.
"""

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit import actions
from audit.record import record
from patients.models import MRN_TAKEN, Patient
from patients.selectors import patient_mrn_taken

# What the registration and edit forms may change; everything else has its own service.
DEMOGRAPHIC_FIELDS = (
    "mrn",
    "given_name",
    "family_name",
    "date_of_birth",
    "sex_at_birth",
    "phone",
    "email",
    "primary_clinician",
)


@transaction.atomic
def patient_create(
    *,
    actor,
    mrn: str,
    given_name: str,
    family_name: str,
    date_of_birth: datetime.date,
    sex_at_birth: str,
    phone: str = "",
    email: str = "",
    primary_clinician=None,
    confirmed_not_duplicate_of: Iterable[int] = (),
    request=None,
) -> Patient:
    """Register a patient. ``confirmed_not_duplicate_of`` lists the patients with the same
    family name and date of birth that the user confirmed are different people."""
    patient = Patient(
        mrn=mrn,
        given_name=given_name,
        family_name=family_name,
        date_of_birth=date_of_birth,
        sex_at_birth=sex_at_birth,
        phone=phone,
        email=email,
        primary_clinician=primary_clinician,
        created_by=actor,
        updated_by=actor,
    )
    patient.fill_derived_fields()
    patient.full_clean()
    _save(patient, actor=actor)
    detail = {}
    if confirmed := sorted(confirmed_not_duplicate_of):
        detail["confirmed_not_duplicate_of"] = confirmed
    record(
        actions.PATIENT_CREATE,
        request=request,
        actor=actor,
        target=patient,
        patient_id=patient.pk,
        detail=detail,
    )
    return patient


@transaction.atomic
def patient_update(
    *,
    actor,
    patient_id: int,
    data: Mapping[str, Any],
    confirmed_not_duplicate_of: Iterable[int] = (),
    request=None,
) -> tuple[Patient, list[str]]:
    """Change demographics; returns the patient and the names of the fields that changed.

    Nothing is saved or recorded when nothing changed.
    """
    unknown = set(data) - set(DEMOGRAPHIC_FIELDS)
    if unknown:
        raise TypeError(f"patient_update cannot change {sorted(unknown)}")
    patient = Patient.objects.select_for_update().get(pk=patient_id)
    changed = []
    for field in DEMOGRAPHIC_FIELDS:
        if field in data and getattr(patient, field) != data[field]:
            setattr(patient, field, data[field])
            changed.append(field)
    if not changed:
        return patient, []
    patient.updated_by = actor
    patient.fill_derived_fields()
    patient.full_clean()
    _save(patient, actor=actor)
    detail = {"changed": changed}
    if confirmed := sorted(confirmed_not_duplicate_of):
        detail["confirmed_not_duplicate_of"] = confirmed
    record(
        actions.PATIENT_UPDATE,
        request=request,
        actor=actor,
        target=patient,
        patient_id=patient.pk,
        detail=detail,
    )
    return patient, changed


@transaction.atomic
def patient_archive(*, actor, patient_id: int, reason: str, request=None) -> Patient:
    """Hide a patient from the list (never a deletion). The reason goes into the record, its
    history and the audit event."""
    reason = _required_reason(reason)
    patient = Patient.objects.select_for_update().get(pk=patient_id)
    if not patient.is_active:
        raise ValidationError("This patient is already archived.", code="already_archived")
    patient.is_active = False
    patient.archived_at = timezone.now()
    patient.archived_reason = reason
    patient.updated_by = actor
    _save(patient, actor=actor, reason=reason)
    record(
        actions.PATIENT_ARCHIVE,
        request=request,
        actor=actor,
        target=patient,
        patient_id=patient.pk,
        detail={"reason": reason},
    )
    return patient


@transaction.atomic
def patient_restore(*, actor, patient_id: int, reason: str, request=None) -> Patient:
    """Bring an archived patient back into the list."""
    reason = _required_reason(reason)
    patient = Patient.objects.select_for_update().get(pk=patient_id)
    if patient.is_active:
        raise ValidationError("This patient is not archived.", code="not_archived")
    patient.is_active = True
    patient.archived_at = None
    patient.archived_reason = ""
    patient.updated_by = actor
    _save(patient, actor=actor, reason=reason)
    record(
        actions.PATIENT_RESTORE,
        request=request,
        actor=actor,
        target=patient,
        patient_id=patient.pk,
        detail={"reason": reason},
    )
    return patient


def patient_read_log(*, actor, patient: Patient, page: str = "", request=None) -> None:
    """One "patient.view" event each time a page shows a patient's record: their page, or
    the edit form filled in with their demographics (``page="edit"``)."""
    record(
        actions.PATIENT_VIEW,
        request=request,
        actor=actor,
        target=patient,
        patient_id=patient.pk,
        detail={"page": page} if page else {},
    )


def patient_search_log(
    *,
    actor,
    kind: str,
    result_count: int,
    shown_patient_ids: list[int],
    status: str = "",
    sort: str = "",
    page: int | None = None,
    result_count_estimated: bool = False,
    result_count_more: bool = False,
    request=None,
) -> None:
    """One "patient.search" event for each list of patients shown (a page of the patient
    list, or the possible duplicates on the registration form): what kind of search, how
    many results (the database's estimate for the whole list of a large practice, then
    marked so; "more" when counting stopped at its limit) and which patients were shown.
    ``page`` is 1 for the first page of the list (the ids shown say where a later one was).
    What was typed is never recorded."""
    detail = {"kind": kind, "status": status, "sort": sort, "page": page}
    detail = {key: value for key, value in detail.items() if value not in ("", None)}
    if result_count_estimated:
        detail["results_estimated"] = True
    if result_count_more:
        detail["results_more"] = True
    record(
        actions.PATIENT_SEARCH,
        request=request,
        actor=actor,
        target_type=Patient._meta.label_lower,
        detail={**detail, "results": result_count, "shown": shown_patient_ids},
    )


def _required_reason(reason: str) -> str:
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError({"reason": "Give a reason."}, code="required")
    limit = Patient._meta.get_field("archived_reason").max_length
    if len(reason) > limit:
        raise ValidationError({"reason": f"Keep the reason under {limit} characters."})
    return reason


def _save(patient: Patient, *, actor, reason: str = "") -> None:
    patient._history_user = actor
    if reason:
        patient._change_reason = reason
    try:
        with transaction.atomic():
            patient.save()
    except IntegrityError as error:
        # Two registrations of one MRN at the same moment: the database refuses the second.
        if patient_mrn_taken(mrn=patient.mrn, exclude_patient_id=patient.pk):
            raise ValidationError({"mrn": MRN_TAKEN}, code="unique") from error
        raise
