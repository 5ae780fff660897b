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
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from fhir.resources.R4B import get_fhir_model_class
from pydantic import ValidationError

from interop.fhir import codes
from workup.document import MAX_LAB_VALUE, MAX_ROWS
from workup.rules.facts import LabResult
from workup.rules.labs import ANALYTES, units_hint

# An exported bundle of a full workup, its signed PDF included, is well under 1 MB; a lab
# system's file of 200 results is a few hundred kB. Under Django's in-memory upload threshold
# (2.5 MB), so an upload never lands in a temporary file on disk.
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_LAB_ROWS = MAX_ROWS["labs"]

ANALYTE_OF_LOINC = {analyte.loinc: code for code, analyte in ANALYTES.items()}
STATUS_OF_OBSERVATION = {
    "final": "resulted",
    "amended": "resulted",
    "corrected": "resulted",
    "registered": "pending",
    "cancelled": "not_done",
}
SKIPPED_STATUS = {
    "preliminary": "preliminary result: import it once the laboratory has finalised it",
    "entered-in-error": "marked by the laboratory as entered in error",
    "unknown": "its status is unknown",
}
TITRE = re.compile(r"^\s*1\s*:\s*(\d+)\s*$")
FULL_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(T.*)?$")


class LabFileRefused(Exception):
    """The file as a whole cannot be imported; ``str()`` says why, in one sentence."""


@dataclass(frozen=True)
class PatientOnRecord:
    """What the file's Patient must agree with: the workup's patient."""

    mrn: str
    date_of_birth: date


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
        test = _test_words(observation)
        try:
            row = _lab_row(observation, patient, today)
        except _Skip as skip:
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
            f"The file is a FHIR {_shown(kind)}, which holds no lab results: upload a Bundle "
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
                f"The file is for another patient (MRN {_shown(mrns[0])}; this workup's "
                f"patient is {patient.mrn}): nothing was imported."
            )
        born = person.get("birthDate")
        if born and born != patient.date_of_birth.isoformat():
            raise LabFileRefused(
                f"The file's Patient was born on {_shown(born)}, this workup's patient on "
                f"{patient.date_of_birth.isoformat()}: nothing was imported."
            )
    for where, observation in observations:
        named = (observation.get("subject") or {}).get("identifier") or {}
        if named.get("system") == system and not _same_mrn(named.get("value", ""), patient.mrn):
            raise LabFileRefused(
                f"The {where} is about another patient (MRN {_shown(named.get('value', ''))}; "
                f"this workup's patient is {patient.mrn}): nothing was imported."
            )


def _same_mrn(given: str, on_record: str) -> bool:
    return given.strip().lower() == on_record.strip().lower()


# --- One Observation ---------------------------------------------------------------------------


class _Skip(Exception):
    """This Observation does not become a lab row; the message is the reason."""


def _lab_row(observation: dict, patient: PatientOnRecord, today: date) -> LabResult:
    _check_category(observation)
    analyte = _analyte_of(observation)
    status = _status_of(observation)
    collected_on = _collection_date(observation, patient, today)
    if status != "resulted":
        return LabResult(analyte.code, None, None, collected_on, status=status)
    value, unit = _value_of(observation, analyte)
    ref_low, ref_high = _range_of(observation, analyte, unit)
    return LabResult(analyte.code, value, unit, collected_on, ref_low, ref_high)


def _check_category(observation: dict) -> None:
    """An Observation that says what kind it is must say laboratory (a score is "survey")."""
    categories = [
        coding.get("code", "")
        for concept in observation.get("category") or []
        for coding in concept.get("coding") or []
        if coding.get("system") == codes.OBSERVATION_CATEGORY
    ]
    if categories and "laboratory" not in categories:
        raise _Skip(f"not a laboratory result (category {_shown(', '.join(categories))})")


def _analyte_of(observation: dict):
    loinc_codes = [
        coding.get("code", "")
        for coding in (observation.get("code") or {}).get("coding") or []
        if coding.get("system") == codes.LOINC
    ]
    for loinc in loinc_codes:
        if loinc in ANALYTE_OF_LOINC:
            return ANALYTES[ANALYTE_OF_LOINC[loinc]]
    if loinc_codes:
        raise _Skip(f"LOINC {_shown(loinc_codes[0])} is not a test of the lab catalogue")
    raise _Skip("it has no LOINC code, and only the lab catalogue's LOINC codes are imported")


def _status_of(observation: dict) -> str:
    status = observation.get("status", "")
    if status in STATUS_OF_OBSERVATION:
        return STATUS_OF_OBSERVATION[status]
    raise _Skip(SKIPPED_STATUS.get(status, f"its status {_shown(status)} is not a FHIR status"))


def _collection_date(observation: dict, patient: PatientOnRecord, today: date) -> date:
    when = (
        observation.get("effectiveDateTime")
        or observation.get("effectiveInstant")
        or (observation.get("effectivePeriod") or {}).get("start")
    )
    if not when:
        raise _Skip("it has no collection date (effectiveDateTime)")
    match = FULL_DATE.match(when)
    if match is None:
        raise _Skip(f"its collection date {_shown(when)} is not a full date")
    collected_on = date.fromisoformat(match.group(1))
    if collected_on > today:
        raise _Skip(f"its collection date {collected_on} is in the future")
    if collected_on < patient.date_of_birth:
        raise _Skip(f"its collection date {collected_on} is before the patient's birth")
    return collected_on


def _value_of(observation: dict, analyte) -> tuple[int | float, str]:
    quantity = observation.get("valueQuantity")
    if quantity is not None:
        value = _number(quantity.get("value"), "value")
        return value, _catalogue_unit(quantity, analyte)
    if analyte.code == "ana":
        return _titre(observation), "titer"
    if "dataAbsentReason" in observation:
        raise _Skip("the laboratory gave no value (dataAbsentReason)")
    raise _Skip("it has no value as a quantity (valueQuantity)")


def _titre(observation: dict) -> int:
    """ANA as FHIR may carry it: a ratio 1:160 or the string "1:160" are the titre 160."""
    ratio = observation.get("valueRatio")
    if ratio is not None:
        numerator = (ratio.get("numerator") or {}).get("value")
        denominator = (ratio.get("denominator") or {}).get("value")
        if numerator == 1 and denominator is not None:
            return int(_number(denominator, "titre"))
    match = TITRE.match(observation.get("valueString") or "")
    if match:
        return int(_number(Decimal(match.group(1)), "titre"))
    raise _Skip("its titre is neither a quantity nor a ratio 1:N")


def _catalogue_unit(quantity: dict, analyte) -> str:
    spelled = _unit_spellings(quantity)
    if not spelled:
        raise _Skip("its value has no unit")
    unit = _accepted_unit(spelled, analyte)
    if unit is None:
        raise _Skip(
            f"{_shown(spelled[0])} is not a unit of {analyte.label}: the catalogue accepts "
            f"{units_hint(analyte)}"
        )
    return unit


def _unit_spellings(quantity: dict) -> list[str]:
    """The UCUM code first (when the system says UCUM), then the unit as printed."""
    spelled = []
    if quantity.get("system") == codes.UCUM and quantity.get("code"):
        spelled.append(quantity["code"])
    if quantity.get("unit"):
        spelled.append(quantity["unit"])
    return spelled


def _accepted_unit(spelled: list[str], analyte) -> str | None:
    for spelling in spelled:
        unit = codes.catalogue_unit(spelling)
        if unit is not None and analyte.unit(unit) is not None:
            return unit
    return None


def _range_of(observation: dict, analyte, unit: str) -> tuple:
    """The laboratory's range, in the value's unit; a range in another unit skips the row
    (converting it would make the limits look more exact than the laboratory gave them)."""
    for reference in observation.get("referenceRange") or []:
        limits = {}
        for side in ("low", "high"):
            quantity = reference.get(side)
            if quantity is None:
                continue
            spelled = _unit_spellings(quantity)
            if spelled and _accepted_unit(spelled, analyte) != unit:
                raise _Skip(f"its reference range is in another unit than its value ({unit})")
            limits[side] = _number(quantity.get("value"), f"reference range {side}")
        if limits:
            low, high = limits.get("low"), limits.get("high")
            if low is not None and high is not None and low > high:
                raise _Skip(f"its reference range is upside down ({low} above {high})")
            return low, high
    return None, None


def _number(value, what: str) -> int | float:
    """A value as the labs page records it: 0 to MAX_LAB_VALUE, at most 6 decimal places."""
    if value is None or isinstance(value, bool):
        raise _Skip(f"its {what} is missing")
    try:
        exact = Decimal(value) if not isinstance(value, Decimal) else value
    except (InvalidOperation, TypeError, ValueError):
        raise _Skip(f"its {what} {_shown(str(value))} is not a number") from None
    if not exact.is_finite() or exact < 0 or exact > MAX_LAB_VALUE:
        raise _Skip(f"its {what} {exact} is outside 0 to {MAX_LAB_VALUE:,}")
    if exact != exact.quantize(Decimal("0.000001")):
        raise _Skip(f"its {what} {exact} has more than 6 decimal places")
    return int(exact) if exact == exact.to_integral_value() else float(exact)


# --- Words -----------------------------------------------------------------------------------


def _test_words(observation: dict) -> str:
    concept = observation.get("code") or {}
    for coding in concept.get("coding") or []:
        if coding.get("system") == codes.LOINC and coding.get("code") in ANALYTE_OF_LOINC:
            return ANALYTES[ANALYTE_OF_LOINC[coding["code"]]].label
    text = concept.get("text") or next(
        (c.get("display") for c in concept.get("coding") or [] if c.get("display")), ""
    )
    return _shown(text) if text else "an Observation without a name"


def _shown(text: str, limit: int = 60) -> str:
    """Text from the file, on one line and short, for a message."""
    one_line = " ".join(str(text).split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
