"""A signed workup as a FHIR R4 Bundle, built only from what the signature froze.

Everything comes from the workup's frozen copy: the signed document, the signed evaluation, the
signature's time and people, and the stored signed PDF with its SHA-256. Nothing reads the live
sections or the clock, ids are UUID-5 names derived from the practice and the workup, and the
dicts are built in a fixed order, so the same signed workup always gives the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from datetime import date

from django.conf import settings

from interop.fhir import codes
from interop.fhir.datatypes import coding, concept, instant, quantity
from workup.document import facts_from_document
from workup.rules.facts import age_on
from workup.rules.instruments import phq9_item9_of
from workup.rules.labs import ANALYTES, reading_of


class BundleBuilder:
    """Collects the entries of one workup's bundle; each resource gets a stable urn:uuid."""

    def __init__(self, workup, *, pdf: bytes, pdf_sha256: str, pdf_filename: str):
        self.workup = workup
        self.document = workup.signed_document
        self.evaluation = workup.signed_evaluation or {}
        # Validated when signed; read again only to reach the rules' lab readings and scores.
        self.facts = facts_from_document(self.document, today=date.max)
        self.pdf = pdf
        self.pdf_sha256 = pdf_sha256
        self.pdf_filename = pdf_filename
        self.code_system = settings.FHIR_CODE_SYSTEM
        self.namespace = uuid.uuid5(uuid.NAMESPACE_URL, settings.FHIR_IDENTIFIER_SYSTEM)
        self.entries: list[dict] = []
        self.signed_at = instant(workup.signed_at)
        self.visit_date = workup.visit_date.isoformat()

    def uuid_of(self, path: str) -> str:
        return str(uuid.uuid5(self.namespace, f"workup/{self.workup.pk}/{path}"))

    def ref(self, path: str) -> dict:
        return {"reference": f"urn:uuid:{self.uuid_of(path)}"}

    def add(self, path: str, resource: dict) -> dict:
        resource = {"resourceType": resource.pop("resourceType"), "id": self.uuid_of(path)} | (
            resource
        )
        self.entries.append({"fullUrl": f"urn:uuid:{self.uuid_of(path)}", "resource": resource})
        return self.ref(path)

    # --- People and the visit -------------------------------------------------------------------

    def patient(self) -> dict:
        person = self.document["patient"]
        return self.add(
            "patient",
            {
                "resourceType": "Patient",
                "identifier": [
                    {
                        "use": "usual",
                        "type": concept(
                            coding(
                                "http://terminology.hl7.org/CodeSystem/v2-0203",
                                "MR",
                                "Medical record number",
                            )
                        ),
                        "system": settings.FHIR_IDENTIFIER_SYSTEM,
                        "value": person["mrn"],
                    }
                ],
                "name": [{"family": person["family_name"], "given": [person["given_name"]]}],
                "gender": codes.GENDERS.get(person["sex_at_birth"], "unknown"),
                "birthDate": person["date_of_birth"],
            },
        )

    def practitioner(self, user, path: str) -> dict:
        name = (user.get_full_name() or user.get_username()).strip()
        return self.add(
            path,
            {
                "resourceType": "Practitioner",
                "identifier": [
                    {"system": f"{self.code_system.rstrip('/')}/user", "value": str(user.pk)}
                ],
                "name": [{"text": name}],
            },
        )

    def encounter(self, patient: dict, clinician: dict) -> dict:
        return self.add(
            "encounter",
            {
                "resourceType": "Encounter",
                "status": "finished",
                "class": coding(codes.ACT_CODE, "AMB", "ambulatory"),
                "type": [concept(text="Fibromyalgia workup visit")],
                "subject": patient,
                "participant": [{"individual": clinician}],
                "period": {"start": self.visit_date, "end": self.visit_date},
            },
        )

    # --- Observations ---------------------------------------------------------------------------

    def _observation(self, category: str, code: dict, patient, encounter) -> dict:
        return {
            "resourceType": "Observation",
            "status": "final",
            "category": [concept(coding(codes.OBSERVATION_CATEGORY, category))],
            "code": code,
            "subject": patient,
            "encounter": encounter,
        }

    def lab_observations(self, patient: dict, encounter: dict) -> list[dict]:
        person = self.facts.patient
        age = age_on(person.date_of_birth, self.facts.visit_date)
        refs = []
        for index, lab in enumerate(self.facts.labs):
            analyte = ANALYTES[lab.analyte]
            code = concept(
                coding(codes.LOINC, analyte.loinc),
                coding(self.code_system, f"lab.{analyte.code}", analyte.label),
                text=analyte.label,
            )
            resource = self._observation("laboratory", code, patient, encounter)
            resource["effectiveDateTime"] = lab.collected_on.isoformat()
            if not lab.is_resulted:
                resource["status"] = "registered" if lab.status == "pending" else "cancelled"
                reason = "asked" if lab.status == "pending" else "not-performed"
                resource["dataAbsentReason"] = concept(coding(codes.DATA_ABSENT, reason))
                refs.append(self.add(f"lab/{index}", resource))
                continue
            ucum = codes.UCUM_UNITS[lab.unit]
            resource["valueQuantity"] = quantity(lab.value, lab.unit, ucum)
            status = reading_of(lab, person.sex_at_birth, age).status
            if status in codes.INTERPRETATIONS:
                flag, display = codes.INTERPRETATIONS[status]
                resource["interpretation"] = [concept(coding(codes.INTERPRETATION, flag, display))]
            limits = {}
            if lab.ref_low is not None:
                limits["low"] = quantity(lab.ref_low, lab.unit, ucum)
            if lab.ref_high is not None:
                limits["high"] = quantity(lab.ref_high, lab.unit, ucum)
            if limits:
                limits["text"] = "the reporting laboratory's range"
                resource["referenceRange"] = [limits]
            refs.append(self.add(f"lab/{index}", resource))
        return refs

    def score_values(self) -> dict:
        """The recorded scores, each (value, band or ""), from the signed evaluation."""
        values = {}
        acr = (self.evaluation.get("criteria") or {}).get("acr2016") or {}
        for key in ("wpi", "sss", "fs"):
            if acr.get(key) is not None:
                band = (acr.get("fs_band") or "") if key == "fs" else ""
                values[key] = (acr[key], band)
        pain = self.facts.pain
        if pain is not None and pain.pain_nrs is not None:
            values["pain_nrs"] = (pain.pain_nrs, "")
        for key, score in (self.evaluation.get("scores") or {}).items():
            if not score:
                continue
            value = score.get("total", score.get("value"))
            if value is not None:
                values[key] = (value, score.get("band") or "")
        item9 = phq9_item9_of(self.facts.mental)
        if item9 is not None:
            values["phq9_item9"] = (item9, "")
        return values

    def score_observations(self, patient: dict, encounter: dict) -> list[dict]:
        values = self.score_values()
        refs = []
        for score in codes.SCORES:
            if score.key not in values:
                continue
            value, band = values[score.key]
            codings = [coding(codes.LOINC, score.loinc)] if score.loinc else []
            codings.append(coding(self.code_system, f"score.{score.key}", score.label))
            category = "exam" if score.key == "bmi" else "survey"
            resource = self._observation(
                category, concept(*codings, text=score.label), patient, encounter
            )
            resource["effectiveDateTime"] = self.visit_date
            resource["valueQuantity"] = quantity(value, score.unit_text, score.unit)
            if band:
                resource["interpretation"] = [concept(text=band.replace("_", " "))]
            refs.append(self.add(f"score/{score.key}", resource))
        return refs

    # --- Flags ----------------------------------------------------------------------------------

    def flags(self, patient: dict, author: dict) -> list[dict]:
        refs = []
        for index, flag in enumerate(self.evaluation.get("flags") or []):
            extensions = [
                {
                    "url": codes.extension_url(self.code_system, "flag-severity"),
                    "valueCode": flag["severity"],
                },
                {
                    "url": codes.extension_url(self.code_system, "flag-action"),
                    "valueCode": flag["action"],
                },
                {
                    "url": codes.extension_url(self.code_system, "flag-recommendation"),
                    "valueString": flag["recommendation"],
                },
            ]
            resource = {
                "resourceType": "DetectedIssue",
                "extension": extensions,
                "status": "final",
                "code": concept(
                    coding(self.code_system, flag["code"], flag["title"]), text=flag["title"]
                ),
                "severity": codes.DETECTED_ISSUE_SEVERITY[flag["severity"]],
                "patient": patient,
                "identifiedDateTime": self.signed_at,
                "author": author,
                "detail": flag["because"],
            }
            evidence = [
                {"detail": [{"display": _evidence_words(item)}]}
                for item in flag.get("evidence") or []
            ]
            if evidence:
                resource["evidence"] = evidence
            refs.append(self.add(f"flag/{index}", resource))
        return refs

    # --- The report and its signature -----------------------------------------------------------

    def report(self, patient, encounter, signer, results: list[dict], flags: list[dict]) -> dict:
        acr = (self.evaluation.get("criteria") or {}).get("acr2016") or {}
        status = acr.get("status", "incomplete")
        resource = {
            "resourceType": "DiagnosticReport",
            "extension": [
                {"url": codes.extension_url(self.code_system, "workup-flag"), "valueReference": f}
                for f in flags
            ],
            "status": "final",
            "code": concept(coding(self.code_system, *codes.REPORT_CODE), text="Workup summary"),
            "subject": patient,
            "encounter": encounter,
            "effectiveDateTime": self.visit_date,
            "issued": self.signed_at,
            "performer": [signer],
            "resultsInterpreter": [signer],
            "result": results,
            "conclusion": (
                f"ACR 2016 fibromyalgia criteria: {status.replace('_', ' ')} "
                f"(rule set {self.workup.signed_rule_set})."
            ),
        }
        # FHIR never carries an empty list: a workup without flags or results has none.
        if not flags:
            del resource["extension"]
        if not results:
            del resource["result"]
        if status == "met":
            resource["conclusionCode"] = [
                concept(
                    coding(codes.SNOMED, codes.FIBROMYALGIA_SNOMED, "Fibromyalgia"),
                    coding(codes.ICD10, codes.FIBROMYALGIA_ICD10, "Fibromyalgia"),
                )
            ]
        resource["presentedForm"] = [
            {
                "contentType": "application/pdf",
                "data": base64.b64encode(self.pdf).decode("ascii"),
                "size": len(self.pdf),
                # Attachment.hash is SHA-1 by definition; the SHA-256 is in the Provenance.
                "hash": base64.b64encode(
                    hashlib.sha1(self.pdf, usedforsecurity=False).digest()
                ).decode("ascii"),
                "title": self.pdf_filename,
                "creation": self.signed_at,
            }
        ]
        return self.add("report", resource)

    def provenance(self, report: dict, signer: dict, targets: list[dict]) -> dict:
        digest = bytes.fromhex(self.pdf_sha256)
        named = base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")
        return self.add(
            "provenance",
            {
                "resourceType": "Provenance",
                "target": [report, *targets],
                "occurredDateTime": self.signed_at,
                "recorded": self.signed_at,
                "activity": concept(
                    coding(
                        "http://terminology.hl7.org/CodeSystem/v3-DocumentCompletion",
                        "LA",
                        "legally authenticated",
                    )
                ),
                "agent": [
                    {
                        "type": concept(coding(codes.PROVENANCE_AGENT, "attester", "Attester")),
                        "who": signer,
                    }
                ],
                "entity": [
                    {
                        "role": "source",
                        "what": {
                            "identifier": {
                                "system": codes.NAMED_INFORMATION,
                                "value": f"ni:///sha-256;{named}",
                            },
                            "display": (
                                f"Signed summary PDF {self.pdf_filename}, SHA-256 {self.pdf_sha256}"
                            ),
                        },
                    }
                ],
                "signature": [
                    {
                        "type": [
                            coding(
                                codes.SIGNATURE_TYPE,
                                "1.2.840.10065.1.12.1.1",
                                "Author's Signature",
                            )
                        ],
                        "when": self.signed_at,
                        "who": signer,
                    }
                ],
            },
        )

    def build(self) -> dict:
        workup = self.workup
        patient = self.patient()
        clinician = self.practitioner(workup.clinician, "practitioner/clinician")
        signer = clinician
        if workup.signed_by_id != workup.clinician_id:
            signer = self.practitioner(workup.signed_by, "practitioner/signer")
        encounter = self.encounter(patient, clinician)
        results = self.score_observations(patient, encounter)
        results += self.lab_observations(patient, encounter)
        flags = self.flags(patient, signer)
        report = self.report(patient, encounter, signer, results, flags)
        self.provenance(report, signer, [*results, *flags])
        return {
            "resourceType": "Bundle",
            "id": self.uuid_of("bundle"),
            "identifier": {"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{self.uuid_of('')}"},
            "type": "collection",
            "timestamp": self.signed_at,
            "entry": self.entries,
        }


def _evidence_words(item: dict) -> str:
    tier = item.get("tier") or "-"
    words = f"{item.get('source', '')} (tier {tier})"
    if item.get("summary"):
        words += f": {item['summary']}"
    return words


def workup_bundle(workup, *, pdf: bytes, pdf_sha256: str, pdf_filename: str) -> dict:
    """The bundle of a signed workup as plain dicts (see the module docstring)."""
    if not workup.is_signed or not workup.signed_document:
        raise ValueError("only a signed workup can be exported")
    builder = BundleBuilder(workup, pdf=pdf, pdf_sha256=pdf_sha256, pdf_filename=pdf_filename)
    return builder.build()


def bundle_bytes(bundle: dict) -> bytes:
    """The bundle as UTF-8 JSON: indented, keys in the order built, one final newline."""
    return (json.dumps(bundle, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


__all__ = ["BundleBuilder", "bundle_bytes", "workup_bundle"]
