"""Importing a workup document (`fibro-workup/1` or `/2`) as a draft workup (import_workup).

The patient is found by MRN (ignoring case) or registered; an existing patient whose name,
date of birth or sex differ from the document's is refused, naming the difference, so a
document never lands on the wrong person's record.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.db.models.lookups import Exact

from accounts.roles import Role
from audit import actions
from audit.record import record
from patients.models import Patient
from patients.services import patient_create
from workup import storable
from workup.models import Workup
from workup.rules.facts import WorkupFacts
from workup.writes import update_last_visit, write_sections

PATIENT_FIELDS = ("given_name", "family_name", "date_of_birth", "sex_at_birth")


class ImportRefused(Exception):
    """The document cannot be imported as it stands; ``str()`` is one line for the operator."""


@dataclass(frozen=True)
class ImportResult:
    workup: Workup
    patient_created: bool


def _active_clinicians():
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.CLINICIAN.value)
        .distinct()
        .order_by("pk")
    )


def import_clinician(*, patient: Patient | None, username: str | None = None):
    """Who the imported draft is attributed to: the named clinician; else the patient's primary
    clinician if still an active clinician; else the first active clinician (by id)."""
    clinicians = _active_clinicians()
    if username:
        clinician = clinicians.filter(username=username).first()
        if clinician is None:
            raise ImportRefused(f"no active clinician with the username {username!r}")
        return clinician
    if patient is not None and patient.primary_clinician_id is not None:
        primary = clinicians.filter(pk=patient.primary_clinician_id).first()
        if primary is not None:
            return primary
    clinician = clinicians.first()
    if clinician is None:
        raise ImportRefused(
            "no active clinician to attribute the workup to: create one, or name one with "
            "--clinician"
        )
    return clinician


def patient_by_mrn(mrn: str) -> Patient | None:
    return Patient.objects.filter(Exact(Lower("mrn"), mrn.strip().lower())).first()


def _mismatches(patient: Patient, facts: WorkupFacts) -> list[str]:
    found = []
    for field in PATIENT_FIELDS:
        stored, given = getattr(patient, field), getattr(facts.patient, field)
        if stored != given:
            found.append(f"another {field} ({_text(stored)}, document says {_text(given)})")
    return found


def _text(value) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _register(facts: WorkupFacts) -> Patient:
    p = facts.patient
    try:
        return patient_create(
            actor=None,
            mrn=p.mrn,
            given_name=p.given_name,
            family_name=p.family_name,
            date_of_birth=p.date_of_birth,
            sex_at_birth=p.sex_at_birth,
        )
    except ValidationError as error:
        if hasattr(error, "message_dict"):
            field, messages = next(iter(error.message_dict.items()))
            where = f"patient.{field}" if field != "__all__" else "patient"
            raise ImportRefused(f"{where}: {' '.join(messages)}") from None
        raise ImportRefused(f"patient: {' '.join(error.messages)}") from None


@transaction.atomic
def workup_import(
    *, facts: WorkupFacts, clinician_username: str | None = None, request=None
) -> ImportResult:
    """Store validated document facts as a draft workup; registers the patient if new.

    The facts come from ``facts_from_document``, which refuses a visit before the date of
    birth; the patient's date of birth is the document's (new patient) or equal to it
    (an existing one: a difference is refused below).

    Raises ImportRefused (patient mismatch or archived, invalid demographics, no clinician) and
    DocumentError (a value the database cannot hold exactly); nothing is stored then.
    """
    storable.check_storable(facts)
    patient = patient_by_mrn(facts.patient.mrn)
    created = patient is None
    if patient is not None:
        mismatches = _mismatches(patient, facts)
        if mismatches:
            raise ImportRefused(f"patient {patient.mrn} exists with " + "; ".join(mismatches))
        if not patient.is_active:
            raise ImportRefused(
                f"patient {patient.mrn} is archived: restore them before importing a workup"
            )
    clinician = import_clinician(patient=patient, username=clinician_username)
    if patient is None:
        patient = _register(facts)
    workup = Workup.objects.create(
        patient=patient, visit_date=facts.visit_date, clinician=clinician, revision=1
    )
    sections = write_sections(workup, facts, actor=None, reason="imported")
    update_last_visit(patient, actor=None)
    record(
        actions.WORKUP_IMPORT,
        request=request,
        target=workup,
        patient_id=patient.pk,
        detail={
            "clinician_id": clinician.pk,
            "patient_created": created,
            "sections": sections,
        },
    )
    return ImportResult(workup=workup, patient_created=created)
