"""The FHIR R4 data types the export writes: an instant, a Coding, a CodeableConcept and a
Quantity, each as the dict its JSON takes, keys in a fixed order."""

from __future__ import annotations

from datetime import UTC, datetime

from interop.fhir import codes


def instant(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def coding(system: str, code: str, display: str = "") -> dict:
    written = {"system": system, "code": code}
    if display:
        written["display"] = display
    return written


def concept(*codings: dict, text: str = "") -> dict:
    written = {"coding": list(codings)} if codings else {}
    if text:
        written["text"] = text
    return written


def quantity(value, unit_text: str, ucum: str) -> dict:
    return {"value": value, "unit": unit_text, "system": codes.UCUM, "code": ucum}
