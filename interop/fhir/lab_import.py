"""Reading lab results out of a FHIR R4 file: a Bundle of Observations, or one Observation.

Pure reading, no database: the service (``interop.services.fhir_labs_import``) decides what is
saved. The file is refused as a whole (``LabFileRefused``, one sentence for the person who
uploaded it) when it is too large, not JSON, not valid FHIR, not lab results, for another
patient, or holds more rows than a workup's lab section may. Inside an accepted file, each
Observation becomes a lab row when its LOINC code is in the lab catalogue and its value, unit,
date and range can be recorded as the labs page would record them; any other is listed as
skipped with the reason, so nobody has to guess what was left out.

Units: the value keeps the unit the laboratory reported, spelled as the catalogue spells it
(UCUM ``m[IU]/L`` and the text "mIU/L" are both the catalogue's mIU/L); conversion to the
canonical unit stays the rules' job, as for a typed row. A unit the analyte does not accept
skips the row rather than guessing a factor.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from fhir.resources.R4B import get_fhir_model_class
from pydantic import ValidationError

from interop.fhir.observation import (
    ObservationSkipped,
    PatientOnRecord,
    lab_row,
    lab_test_words,
    shown,
)
from workup.document import MAX_ROWS
from workup.rules.facts import LabResult

# An exported bundle of a full workup, its signed PDF included, is well under 1 MB; a lab
# system's file of 200 results is a few hundred kB. Under Django's in-memory upload threshold
# (2.5 MB), so an upload never lands in a temporary file on disk.
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_LAB_ROWS = MAX_ROWS["labs"]


class LabFileRefused(Exception):
    """The file as a whole cannot be imported; ``str()`` says why, in one sentence."""


@dataclass(frozen=True)
class Skipped:
    entry: str  # "entry 4" (of the Bundle) or "the Observation"
    test: str  # what the Observation says it is
    reason: str

    def __str__(self):
        return f"{self.entry} ({self.test}): {self.reason}"


@dataclass(frozen=True)
class FileRow:
    entry: str
    test: str
    lab: LabResult


@dataclass(frozen=True)
class LabFile:
    rows: tuple[FileRow, ...]
    skipped: tuple[Skipped, ...]
    other_resources: tuple[tuple[str, int], ...]  # ("DetectedIssue", 3): not lab results


def read_lab_file(
    raw: bytes, *, patient: PatientOnRecord, identifier_system: str, today: date
) -> LabFile:
    """The lab rows of a FHIR file, or LabFileRefused. ``today`` bounds collection dates."""
    resource = _parsed(raw)
    observations, others = _observations_of(resource)
    _check_patient(resource, observations, patient, identifier_system)
    rows, skipped = [], []
    for where, observation in observations:
        test = lab_test_words(observation)
        try:
            row = lab_row(observation, patient, today)
        except ObservationSkipped as skip:
            skipped.append(Skipped(where, test, str(skip)))
            continue
        if any(earlier.lab == row for earlier in rows):
            skipped.append(Skipped(where, test, "the same result is in the file twice"))
            continue
        rows.append(FileRow(where, test, row))
    if len(rows) > MAX_LAB_ROWS:
        raise LabFileRefused(
            f"The file holds {len(rows)} lab results; at most {MAX_LAB_ROWS} can be imported "
            "at once (a workup's lab section holds at most that many rows)."
        )
    return LabFile(tuple(rows), tuple(skipped), tuple(sorted(others.items())))


# --- The file as a whole ---------------------------------------------------------------------


def _parsed(raw: bytes) -> dict:
    if len(raw) > MAX_FILE_BYTES:
        raise LabFileRefused(
            f"The file is too large: a FHIR lab file may be at most {_megabytes(MAX_FILE_BYTES)}."
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LabFileRefused("The file is not UTF-8 text: FHIR JSON is UTF-8.") from None
    try:
        resource = json.loads(text, parse_float=Decimal)
    except ValueError as error:
        where = f" (line {error.lineno}, column {error.colno})" if hasattr(error, "lineno") else ""
        raise LabFileRefused(f"The file is not valid JSON{where}: {error.msg}.") from None
    if not isinstance(resource, dict) or not isinstance(resource.get("resourceType"), str):
        raise LabFileRefused("The file is JSON but not a FHIR resource (it has no resourceType).")
    kind = resource["resourceType"]
    if kind not in ("Bundle", "Observation"):
        raise LabFileRefused(
            f"The file is a FHIR {shown(kind)}, which holds no lab results: upload a Bundle "
            "of Observations or one Observation."
        )
    _validate(resource)
    return resource


def _validate(resource: dict) -> None:
    """Valid FHIR R4 (the R4B models of fhir.resources), or one sentence naming the first
    problem and where it is."""
    try:
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    except ValidationError as error:
        problems = error.errors()
        first = problems[0]
        where = ".".join(str(part) for part in first["loc"]) or resource["resourceType"]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        message = first["msg"].removeprefix("Value error, ").rstrip(".")
        raise LabFileRefused(f"The file is not valid FHIR R4: {where}: {message}{more}.") from None
    except (KeyError, LookupError):
        raise LabFileRefused(
            "The file is not valid FHIR R4: it holds a resource of a type FHIR R4 does not define."
        ) from None


def _observations_of(resource: dict) -> tuple[list[tuple[str, dict]], Counter]:
    """(where, Observation) in file order, and how many resources of each other type."""
    if resource["resourceType"] == "Observation":
        return [("the Observation", resource)], Counter()
    observations, others = [], Counter()
    for number, entry in enumerate(resource.get("entry") or [], start=1):
        inner = entry.get("resource") or {}
        kind = inner.get("resourceType", "")
        if kind == "Observation":
            observations.append((f"entry {number}", inner))
        elif kind:
            others[kind] += 1
    if not observations:
        held = ", ".join(f"{count} {kind}" for kind, count in sorted(others.items()))
        raise LabFileRefused(
            "The Bundle holds no Observation, so no lab results"
            + (f" (it holds {held})." if held else " (it is empty).")
        )
    return observations, others


def _check_patient(resource, observations, patient: PatientOnRecord, system: str) -> None:
    """Every Patient in the file, and every subject named by identifier, must be the workup's
    patient: the practice's MRN (and the birth date, where given) must agree. A Patient that
    carries no MRN of this practice cannot be confirmed, so it is refused too."""
    people = [
        entry.get("resource")
        for entry in (resource.get("entry") or [])
        if (entry.get("resource") or {}).get("resourceType") == "Patient"
    ]
    for person in people:
        mrns = [
            identifier.get("value", "")
            for identifier in person.get("identifier") or []
            if identifier.get("system") == system
        ]
        if not mrns:
            raise LabFileRefused(
                "The file's Patient carries no medical record number of this practice "
                f"(identifier system {system}), so it cannot be confirmed as this patient: "
                "nothing was imported."
            )
        if not any(_same_mrn(mrn, patient.mrn) for mrn in mrns):
            raise LabFileRefused(
                f"The file is for another patient (MRN {shown(mrns[0])}; this workup's "
                f"patient is {patient.mrn}): nothing was imported."
            )
        born = person.get("birthDate")
        if born and born != patient.date_of_birth.isoformat():
            raise LabFileRefused(
                f"The file's Patient was born on {shown(born)}, this workup's patient on "
                f"{patient.date_of_birth.isoformat()}: nothing was imported."
            )
    for where, observation in observations:
        named = (observation.get("subject") or {}).get("identifier") or {}
        if named.get("system") == system and not _same_mrn(named.get("value", ""), patient.mrn):
            raise LabFileRefused(
                f"The {where} is about another patient (MRN {shown(named.get('value', ''))}; "
                f"this workup's patient is {patient.mrn}): nothing was imported."
            )


def _same_mrn(given: str, on_record: str) -> bool:
    return given.strip().lower() == on_record.strip().lower()


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
