"""One FHIR Observation as a lab row of the lab catalogue, or the reason it is skipped.

Pure reading, no database, as the file around it (``interop.fhir.lab_import``). The row is
what the labs page would record: the catalogue's analyte for the LOINC code, the value in the
unit the laboratory reported (spelled as the catalogue spells it), the collection date and the
laboratory's range in the same unit. Anything that cannot be recorded exactly so raises
``ObservationSkipped`` with the reason, for the list of what was left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from interop.fhir import codes
from workup.document import MAX_LAB_VALUE
from workup.rules.facts import LabResult
from workup.rules.labs import ANALYTES, units_hint

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


@dataclass(frozen=True)
class PatientOnRecord:
    """What the file's Patient must agree with: the workup's patient."""

    mrn: str
    date_of_birth: date


class ObservationSkipped(Exception):
    """This Observation does not become a lab row; the message is the reason."""


def lab_row(observation: dict, patient: PatientOnRecord, today: date) -> LabResult:
    """The lab row the Observation records, or ObservationSkipped with the reason."""
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
        raise ObservationSkipped(
            f"not a laboratory result (category {shown(', '.join(categories))})"
        )


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
        raise ObservationSkipped(
            f"LOINC {shown(loinc_codes[0])} is not a test of the lab catalogue"
        )
    raise ObservationSkipped(
        "it has no LOINC code, and only the lab catalogue's LOINC codes are imported"
    )


def _status_of(observation: dict) -> str:
    status = observation.get("status", "")
    if status in STATUS_OF_OBSERVATION:
        return STATUS_OF_OBSERVATION[status]
    raise ObservationSkipped(
        SKIPPED_STATUS.get(status, f"its status {shown(status)} is not a FHIR status")
    )


def _collection_date(observation: dict, patient: PatientOnRecord, today: date) -> date:
    when = (
        observation.get("effectiveDateTime")
        or observation.get("effectiveInstant")
        or (observation.get("effectivePeriod") or {}).get("start")
    )
    if not when:
        raise ObservationSkipped("it has no collection date (effectiveDateTime)")
    match = FULL_DATE.match(when)
    if match is None:
        raise ObservationSkipped(f"its collection date {shown(when)} is not a full date")
    collected_on = date.fromisoformat(match.group(1))
    if collected_on > today:
        raise ObservationSkipped(f"its collection date {collected_on} is in the future")
    if collected_on < patient.date_of_birth:
        raise ObservationSkipped(
            f"its collection date {collected_on} is before the patient's birth"
        )
    return collected_on


def _value_of(observation: dict, analyte) -> tuple[int | float, str]:
    quantity = observation.get("valueQuantity")
    if quantity is not None:
        value = _number(quantity.get("value"), "value")
        return value, _catalogue_unit(quantity, analyte)
    if analyte.code == "ana":
        return _titre(observation), "titer"
    if "dataAbsentReason" in observation:
        raise ObservationSkipped("the laboratory gave no value (dataAbsentReason)")
    raise ObservationSkipped("it has no value as a quantity (valueQuantity)")


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
    raise ObservationSkipped("its titre is neither a quantity nor a ratio 1:N")


def _catalogue_unit(quantity: dict, analyte) -> str:
    spelled = _unit_spellings(quantity)
    if not spelled:
        raise ObservationSkipped("its value has no unit")
    unit = _accepted_unit(spelled, analyte)
    if unit is None:
        raise ObservationSkipped(
            f"{shown(spelled[0])} is not a unit of {analyte.label}: the catalogue accepts "
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
                raise ObservationSkipped(
                    f"its reference range is in another unit than its value ({unit})"
                )
            limits[side] = _number(quantity.get("value"), f"reference range {side}")
        if limits:
            low, high = limits.get("low"), limits.get("high")
            if low is not None and high is not None and low > high:
                raise ObservationSkipped(f"its reference range is upside down ({low} above {high})")
            return low, high
    return None, None


def _number(value, what: str) -> int | float:
    """A value as the labs page records it: 0 to MAX_LAB_VALUE, at most 6 decimal places."""
    if value is None or isinstance(value, bool):
        raise ObservationSkipped(f"its {what} is missing")
    try:
        exact = Decimal(value) if not isinstance(value, Decimal) else value
    except (InvalidOperation, TypeError, ValueError):
        raise ObservationSkipped(f"its {what} {shown(str(value))} is not a number") from None
    if not exact.is_finite() or exact < 0 or exact > MAX_LAB_VALUE:
        raise ObservationSkipped(f"its {what} {exact} is outside 0 to {MAX_LAB_VALUE:,}")
    if exact != exact.quantize(Decimal("0.000001")):
        raise ObservationSkipped(f"its {what} {exact} has more than 6 decimal places")
    return int(exact) if exact == exact.to_integral_value() else float(exact)


# --- Words -----------------------------------------------------------------------------------


def lab_test_words(observation: dict) -> str:
    concept = observation.get("code") or {}
    for coding in concept.get("coding") or []:
        if coding.get("system") == codes.LOINC and coding.get("code") in ANALYTE_OF_LOINC:
            return ANALYTES[ANALYTE_OF_LOINC[coding["code"]]].label
    text = concept.get("text") or next(
        (c.get("display") for c in concept.get("coding") or [] if c.get("display")), ""
    )
    return shown(text) if text else "an Observation without a name"


def shown(text: str, limit: int = 60) -> str:
    """Text from the file, on one line and short, for a message."""
    one_line = " ".join(str(text).split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"
