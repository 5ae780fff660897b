"""Signed workups for the FHIR export tests, and the check that a bundle is valid FHIR."""

import json

from fhir.resources.R4B import get_fhir_model_class

from interop import services
from summaries.sources import workups_for_summary
from tests.summaries.conftest import draft_from, sign

SIGNED_FIXTURES = (
    "first_visit_minimal",
    "full_record_v2",
    "older_man_inflammatory",
    "older_woman_new_headache_v2",
    "phq9_total_21_v2",
    "rectal_bleeding_v2",
)


def signed_from(name: str, *, clinician, **kwargs):
    workup = sign(draft_from(name, clinician=clinician, **kwargs), clinician)
    return workups_for_summary().get(pk=workup.pk)


def export(workup) -> bytes:
    return services.fhir_bundle_bytes(workups_for_summary().get(pk=workup.pk))


def _empty_elements(value, path="") -> list[str]:
    """FHIR JSON never carries an empty array, object or string (the models accept them)."""
    if value in ([], {}, ""):
        return [path]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _empty_elements(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _empty_elements(v, f"{path}[{i}]")]
    return []


def validated(data: bytes) -> dict:
    """The bundle, after every resource and the whole bundle validate with the R4B models."""
    bundle = json.loads(data)
    assert _empty_elements(bundle) == []
    for entry in bundle["entry"]:
        resource = entry["resource"]
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    get_fhir_model_class("Bundle").model_validate(bundle)
    return bundle


def resources(bundle: dict, resource_type: str) -> list[dict]:
    return [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == resource_type
    ]
