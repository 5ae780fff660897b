"""Code systems, codes and UCUM units of the FHIR export (clinical spec sections 4 and 7).

LOINC codes of the labs come from the lab catalogue itself (``Analyte.loinc``); the scores with a
confirmed LOINC code are listed here, every other score gets a code in the app's own code system
(the ``FHIR_CODE_SYSTEM`` setting). The units are the catalogue's spellings, mapped to UCUM:
international units are ``[IU]``, milliequivalents ``meq``, and the reciprocal ANA titre is a
plain number with the UCUM annotation ``{titer}`` (a titre of 1:160 is the value 160).
"""

from __future__ import annotations

from dataclasses import dataclass

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
SNOMED = "http://snomed.info/sct"
ICD10 = "http://hl7.org/fhir/sid/icd-10"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
DATA_ABSENT = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
PROVENANCE_AGENT = "http://terminology.hl7.org/CodeSystem/provenance-participant-type"
SIGNATURE_TYPE = "urn:iso-astm:E1762-95:2013"
# RFC 6920 named information: how the signed PDF's SHA-256 is written as an identifier.
NAMED_INFORMATION = "urn:ietf:rfc:6920"

FIBROMYALGIA_SNOMED = "203082005"
FIBROMYALGIA_ICD10 = "M79.7"

# The catalogue's unit spellings -> UCUM codes. Every accepted unit of every analyte is here
# (a test checks it), so a lab value always leaves with a UCUM code.
UCUM_UNITS = {
    "%": "%",
    "IU/L": "[IU]/L",
    "IU/mL": "[IU]/mL",
    "U/L": "U/L",
    "U/mL": "U/mL",
    "g/L": "g/L",
    "g/dL": "g/dL",
    "kIU/L": "k[IU]/L",
    "mEq/L": "meq/L",
    "mIU/L": "m[IU]/L",
    "mIU/mL": "m[IU]/mL",
    "mg/L": "mg/L",
    "mg/dL": "mg/dL",
    "mm/h": "mm/h",
    "mmol/L": "mmol/L",
    "mmol/mol": "mmol/mol",
    "ng/dL": "ng/dL",
    "ng/mL": "ng/mL",
    "nmol/L": "nmol/L",
    "pg/mL": "pg/mL",
    "pmol/L": "pmol/L",
    "titer": "{titer}",
    "uIU/mL": "u[IU]/mL",
    "ug/L": "ug/L",
    "ug/dL": "ug/dL",
    "umol/L": "umol/L",
}

# Spellings laboratories use for the catalogue's units, beyond the catalogue's own and UCUM's.
UNIT_ALIASES = {
    "mm/hr": "mm/h",
    "mm/[h]": "mm/h",
    "µIU/mL": "uIU/mL",
    "μIU/mL": "uIU/mL",
    "µg/dL": "ug/dL",
    "μg/dL": "ug/dL",
    "mcg/dL": "ug/dL",
    "µg/L": "ug/L",
    "μg/L": "ug/L",
    "mcg/L": "ug/L",
    "µmol/L": "umol/L",
    "μmol/L": "umol/L",
    "meq/L": "mEq/L",
    "{titer}": "titer",
    "{titre}": "titer",
    "titre": "titer",
}
CATALOGUE_UNITS = (
    {ucum: unit for unit, ucum in UCUM_UNITS.items()}
    | UNIT_ALIASES
    | {unit: unit for unit in UCUM_UNITS}
)


def catalogue_unit(spelling: str) -> str | None:
    """The catalogue's spelling of a unit given as UCUM, as the catalogue or as laboratories
    commonly print it; None for a unit the catalogue does not know."""
    return CATALOGUE_UNITS.get(spelling)


SCORE_UNIT = "{score}"


@dataclass(frozen=True, slots=True)
class ScoreCode:
    """One recorded score as an Observation code: LOINC when confirmed, else a local code."""

    key: str  # the local code (also the name in the evaluation's `scores`, where it has one)
    label: str
    loinc: str = ""
    unit: str = SCORE_UNIT  # UCUM
    unit_text: str = "score"


# In the order the Observations are written.
SCORES = (
    ScoreCode("wpi", "Widespread Pain Index (ACR 2016)"),
    ScoreCode("sss", "Symptom Severity Scale (ACR 2016)"),
    ScoreCode("fs", "Fibromyalgia Severity scale (WPI + SSS)"),
    ScoreCode("pain_nrs", "Pain intensity, numeric rating scale 0-10"),
    ScoreCode("fiqr", "Revised Fibromyalgia Impact Questionnaire (FIQR) total"),
    ScoreCode("psqi", "Pittsburgh Sleep Quality Index (PSQI) global score"),
    ScoreCode("isi", "Insomnia Severity Index (ISI) total"),
    ScoreCode("stop_bang", "STOP-Bang score"),
    ScoreCode("bmi", "Body mass index", unit="kg/m2", unit_text="kg/m2"),
    ScoreCode("phq9", "PHQ-9 total score", loinc="44261-6"),
    ScoreCode("phq9_item9", "PHQ-9 item 9 (thoughts of self-harm)", loinc="44260-8"),
    ScoreCode("gad7", "GAD-7 total score", loinc="70274-6"),
    ScoreCode("pss10", "Perceived Stress Scale (PSS-10) total"),
    ScoreCode("ace", "Adverse Childhood Experiences (ACE) score"),
    ScoreCode("pc_ptsd5", "Primary Care PTSD Screen for DSM-5 (PC-PTSD-5)"),
)

# The workup's own summary, as the DiagnosticReport's code.
REPORT_CODE = ("fibromyalgia-workup", "Fibromyalgia workup summary")

# Lab interpretation: the rules' reading against the range that applies.
INTERPRETATIONS = {
    "high": ("H", "High"),
    "low": ("L", "Low"),
    "normal": ("N", "Normal"),
}

# The flags' five severities -> DetectedIssue.severity (high | moderate | low); the flag's own
# severity travels unchanged in an extension.
DETECTED_ISSUE_SEVERITY = {
    "urgent": "high",
    "high": "high",
    "moderate": "moderate",
    "low": "low",
    "info": "low",
}

# FHIR administrative gender of the recorded sex at birth.
GENDERS = {"female": "female", "male": "male", "intersex": "other", "unknown": "unknown"}


def extension_url(code_system: str, name: str) -> str:
    """The URL of one of the app's extensions, beside its code system."""
    return f"{code_system.rstrip('/')}/StructureDefinition/{name}"
