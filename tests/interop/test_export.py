"""The FHIR bundle of a signed workup: valid R4 (the R4B models of fhir.resources), complete,
coded, and the same bytes for the same signed workup."""

import base64
import dataclasses
import datetime
import hashlib

import pytest

from interop import services
from interop.fhir import codes
from summaries.models import IssuedSummary
from tests.interop.conftest import SIGNED_FIXTURES, export, resources, signed_from, validated
from tests.summaries.conftest import draft_from
from tests.workup.factories import load_document
from workup import services as workup_services
from workup.rules.evaluate import Scores
from workup.rules.labs import ANALYTES

pytestmark = pytest.mark.django_db

LOCAL = "https://fibro-workup.example/fhir/CodeSystem/workup"

# Clinical spec section 4, as written there.
SPEC_LOINC = {
    "tsh": "3016-3",
    "free_t4": "3024-7",
    "esr": "4537-7",
    "crp": "1988-5",
    "ck": "2157-6",
    "ana": "5048-4",
    "rf": "11572-5",
    "anti_ccp": "32218-0",
    "hemoglobin": "718-7",
    "hba1c": "4548-4",
    "vitamin_d_25oh": "62292-8",
    "b12": "2132-9",
    "folate": "2284-8",
    "ferritin": "2276-4",
    "magnesium_serum": "19123-9",
    "magnesium_rbc": "29900-7",
    "zinc": "5763-8",
    "testosterone_total": "2986-8",
    "cortisol_am": "2143-6",
    "estradiol": "2243-4",
    "progesterone": "2839-9",
    "fsh": "15067-2",
    "ttg_iga": "31017-7",
    "iga_total": "2458-8",
}

# The units full_record_v2 enters, in UCUM.
FULL_RECORD_UCUM = {
    "mIU/L": "m[IU]/L",
    "uIU/mL": "u[IU]/mL",
    "pmol/L": "pmol/L",
    "mm/h": "mm/h",
    "mg/dL": "mg/dL",
    "titer": "{titer}",
    "kIU/L": "k[IU]/L",
    "U/mL": "U/mL",
    "g/L": "g/L",
    "mmol/mol": "mmol/mol",
    "nmol/L": "nmol/L",
    "ug/L": "ug/L",
    "mmol/L": "mmol/L",
}

# full_record_v2's scores: (LOINC or "", value).
FULL_RECORD_SCORES = {
    "wpi": ("", 9),
    "sss": ("", 10),
    "fs": ("", 19),
    "pain_nrs": ("", 6),
    "fiqr": ("", 58.5),
    "psqi": ("", 13),
    "isi": ("", 17),
    "stop_bang": ("", 2),
    "bmi": ("", 27.2),
    "phq9": ("44261-6", 13),
    "phq9_item9": ("44260-8", 0),
    "gad7": ("70274-6", 8),
    "pss10": ("", 24),
    "ace": ("", 2),
    "pc_ptsd5": ("", 1),
}


def codings(resource, system):
    return [c["code"] for c in resource["code"].get("coding", []) if c["system"] == system]


def lab_observations(bundle):
    return [
        r
        for r in resources(bundle, "Observation")
        if r["category"][0]["coding"][0]["code"] == "laboratory"
    ]


def score_observations(bundle):
    return {
        codings(r, LOCAL)[0].removeprefix("score."): r
        for r in resources(bundle, "Observation")
        if codings(r, LOCAL)[0].startswith("score.")
    }


@pytest.mark.parametrize("name", SIGNED_FIXTURES)
def test_every_resource_of_each_signed_fixture_validates_as_fhir(clinician, name):
    bundle = validated(export(signed_from(name, clinician=clinician)))
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert {"Patient", "Practitioner", "Encounter", "DiagnosticReport", "Provenance"} <= kinds
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    ids = [e["fullUrl"] for e in bundle["entry"]]
    assert len(ids) == len(set(ids))
    assert all(
        i == f"urn:uuid:{e['resource']['id']}" for i, e in zip(ids, bundle["entry"], strict=True)
    )


def test_the_full_record_carries_every_lab_with_its_loinc_ucum_value_and_lab_range(clinician):
    document = load_document("full_record_v2")
    bundle = validated(export(signed_from("full_record_v2", clinician=clinician)))
    observations = lab_observations(bundle)
    assert len(observations) == len(document["labs"])
    for row, observation in zip(document["labs"], observations, strict=True):
        assert codings(observation, codes.LOINC) == [SPEC_LOINC[row["analyte"]]]
        assert observation["effectiveDateTime"] == row["collected_on"]
        if row.get("status", "resulted") != "resulted":
            assert "valueQuantity" not in observation
            expected = "registered" if row["status"] == "pending" else "cancelled"
            assert observation["status"] == expected
            continue
        quantity = observation["valueQuantity"]
        assert quantity == {
            "value": row["value"],
            "unit": row["unit"],
            "system": "http://unitsofmeasure.org",
            "code": FULL_RECORD_UCUM[row["unit"]],
        }
        if "ref_low" in row:
            (limits,) = observation["referenceRange"]
            assert limits["low"]["value"] == row["ref_low"]
            assert limits["high"]["value"] == row["ref_high"]
            assert limits["low"]["code"] == FULL_RECORD_UCUM[row["unit"]]
        else:
            assert "referenceRange" not in observation


def test_the_full_record_carries_every_score_with_its_code_and_value(clinician):
    bundle = validated(export(signed_from("full_record_v2", clinician=clinician)))
    scores = score_observations(bundle)
    assert set(scores) == set(FULL_RECORD_SCORES)
    for key, (loinc, value) in FULL_RECORD_SCORES.items():
        observation = scores[key]
        assert codings(observation, codes.LOINC) == ([loinc] if loinc else [])
        assert codings(observation, LOCAL) == [f"score.{key}"]
        assert observation["valueQuantity"]["value"] == value
        assert observation["valueQuantity"]["system"] == "http://unitsofmeasure.org"
    assert scores["bmi"]["valueQuantity"]["code"] == "kg/m2"
    assert scores["phq9"]["valueQuantity"]["code"] == "{score}"
    assert scores["phq9"]["interpretation"][0]["text"] == "moderate"


def test_a_paper_phq9_total_exports_its_item_9(clinician):
    bundle = validated(export(signed_from("phq9_total_21_v2", clinician=clinician)))
    scores = score_observations(bundle)
    document = load_document("phq9_total_21_v2")
    assert scores["phq9"]["valueQuantity"]["value"] == 21
    assert scores["phq9_item9"]["valueQuantity"]["value"] == document["mental"]["phq9_item9"]


def test_a_lab_outside_its_range_is_interpreted_high_or_low_as_the_rules_read_it(clinician):
    def edit(document):
        document["labs"] = [
            {"analyte": "tsh", "value": 6.1, "unit": "mIU/L", "collected_on": "2026-11-02"},
            {
                "analyte": "tsh",
                "value": 4.2,
                "unit": "mIU/L",
                "collected_on": "2026-11-03",
                "ref_low": 0.5,
                "ref_high": 4.5,
            },
            {"analyte": "hemoglobin", "value": 10.9, "unit": "g/dL", "collected_on": "2026-11-02"},
        ]

    workup = signed_from("full_record_v2", clinician=clinician, edit=edit)
    observations = lab_observations(validated(export(workup)))
    flags = [o["interpretation"][0]["coding"][0]["code"] for o in observations]
    # 4.2 is above the default 4.0 but inside the laboratory's own 0.5-4.5, which replaces it.
    assert flags == ["H", "N", "L"]


def test_every_unit_of_the_lab_catalogue_has_a_ucum_code():
    units = {unit for analyte in ANALYTES.values() for unit in analyte.unit_codes}
    assert units <= set(codes.UCUM_UNITS)
    assert {a.code: a.loinc for a in ANALYTES.values()} == SPEC_LOINC


def test_patient_carries_the_mrn_in_the_practices_identifier_system(clinician, settings):
    settings.FHIR_IDENTIFIER_SYSTEM = "urn:oid:1.2.3.4.5"
    bundle = validated(export(signed_from("full_record_v2", clinician=clinician)))
    (patient,) = resources(bundle, "Patient")
    assert patient["identifier"][0]["system"] == "urn:oid:1.2.3.4.5"
    assert patient["identifier"][0]["value"] == "F2002"
    assert patient["birthDate"] == "1975-09-14" and patient["gender"] == "female"


def test_flags_carry_code_severity_because_recommendation_and_action(clinician):
    workup = signed_from("full_record_v2", clinician=clinician)
    bundle = validated(export(workup))
    issues = resources(bundle, "DetectedIssue")
    flags = workup.signed_evaluation["flags"]
    assert len(issues) == len(flags) > 0
    for flag, issue in zip(flags, issues, strict=True):
        assert codings(issue, LOCAL) == [flag["code"]]
        assert issue["detail"] == flag["because"]
        ext = {e["url"].rsplit("/", 1)[1]: e for e in issue["extension"]}
        assert ext["flag-severity"]["valueCode"] == flag["severity"]
        assert ext["flag-action"]["valueCode"] == flag["action"]
        assert ext["flag-recommendation"]["valueString"] == flag["recommendation"]
        assert issue["severity"] == codes.DETECTED_ISSUE_SEVERITY[flag["severity"]]


def test_the_report_references_everything_and_presents_the_signed_pdf(clinician):
    workup = signed_from("full_record_v2", clinician=clinician)
    bundle = validated(export(workup))
    (report,) = resources(bundle, "DiagnosticReport")
    observations = {f"urn:uuid:{r['id']}" for r in resources(bundle, "Observation")}
    issues = {f"urn:uuid:{r['id']}" for r in resources(bundle, "DetectedIssue")}
    assert {r["reference"] for r in report["result"]} == observations
    assert {e["valueReference"]["reference"] for e in report["extension"]} == issues
    stored = IssuedSummary.objects.get(workup=workup)
    pdf = stored.file.read()
    (form,) = report["presentedForm"]
    assert base64.b64decode(form["data"]) == pdf
    assert form["contentType"] == "application/pdf"
    assert (
        form["hash"] == base64.b64encode(hashlib.sha1(pdf, usedforsecurity=False).digest()).decode()
    )
    assert report["conclusionCode"][0]["coding"][0]["code"] == "203082005"


def test_provenance_records_who_signed_when_with_the_pdfs_sha256(clinician):
    workup = signed_from("full_record_v2", clinician=clinician)
    bundle = validated(export(workup))
    (provenance,) = resources(bundle, "Provenance")
    (practitioner,) = resources(bundle, "Practitioner")
    signed_at = workup.signed_at.astimezone(datetime.UTC)
    assert provenance["recorded"] == signed_at.isoformat(timespec="seconds").replace("+00:00", "Z")
    assert provenance["signature"][0]["who"]["reference"] == f"urn:uuid:{practitioner['id']}"
    assert practitioner["name"][0]["text"] == clinician.get_full_name()
    sha256 = IssuedSummary.objects.get(workup=workup).sha256
    assert sha256 in provenance["entity"][0]["what"]["display"]
    named = base64.urlsafe_b64encode(bytes.fromhex(sha256)).decode().rstrip("=")
    assert provenance["entity"][0]["what"]["identifier"]["value"] == f"ni:///sha-256;{named}"


def test_the_same_signed_workup_gives_the_same_bytes_after_later_changes(clinician):
    workup = signed_from("full_record_v2", clinician=clinician)
    first = export(workup)
    assert export(workup) == first
    patient = workup.patient
    patient.family_name = "Renamed"
    patient.save()
    workup_services.workup_amend(workup=workup, actor=clinician, reason="Late lab result")
    assert export(workup) == first
    assert b"Renamed" not in first


def test_a_draft_is_refused(clinician):
    draft = draft_from("full_record_v2", clinician=clinician)
    with pytest.raises(services.NotSigned):
        services.fhir_bundle_bytes(draft)


def test_every_score_the_rules_can_record_has_a_code():
    recorded = {field.name for field in dataclasses.fields(Scores)}
    assert recorded | {"wpi", "sss", "fs", "pain_nrs", "phq9_item9"} == {
        score.key for score in codes.SCORES
    }
