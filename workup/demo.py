"""Demo workups for the demo patients: a few realistic ones (drafts, signed ones, one amended),
and, on request, many more made in bulk for trying the app at size.

Four clinical profiles are varied per patient: a treatment-resistant picture, a first visit
with little recorded (some red-flag questions not yet asked, a ferritin pending), an older
patient with raised inflammation markers on a statin, and a young patient with a PHQ-9 safety
item entered from a paper form and coeliac serology pending. Dates are placed relative to each
visit. Demo workups write no audit events (like the bulk demo patients, they are not a person's
actions); the realistic few have the change history of their sections, the bulk ones none.
Signed summaries (PDF) are issued when first opened.
"""

from __future__ import annotations

import datetime
import itertools
import random
from dataclasses import replace

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts.roles import Role
from patients.demo import DEMO_MRN_PREFIX
from patients.models import Patient
from workup import adapters, services, storable
from workup.models import Workup, WorkupStatus
from workup.rules import facts as f
from workup.rules import vocab
from workup.sections import SECTION_KINDS
from workup.writes import write_sections

BATCH_SIZE = 1_000
CURATED_PATIENTS = 6
DEMO_REASON = "demo data"


def _labs(visit: datetime.date, *rows) -> tuple[f.LabResult, ...]:
    taken = visit - datetime.timedelta(days=10)
    return tuple(f.LabResult(a, v, u, taken, *rest) for a, v, u, *rest in rows)


def _pending(visit: datetime.date, *analytes: str) -> tuple[f.LabResult, ...]:
    """Tests ordered at the visit, not back yet."""
    return tuple(f.LabResult(a, None, None, visit, status="pending") for a in analytes)


def _no_red_flags(**found) -> f.RedFlags:
    """Every red-flag question asked: none found except those given."""
    return f.RedFlags(**{q: found.get(q, False) for q in vocab.RED_FLAGS})


def _required_ruled_out(**others) -> tuple[f.ExclusionFinding, ...]:
    """Every required condition ruled out, except those given another status (and any other
    condition given)."""
    statuses = dict.fromkeys(vocab.REQUIRED_CONDITIONS, "ruled_out") | others
    return tuple(f.ExclusionFinding(code, status) for code, status in statuses.items())


def _hormones(sex: str, stage: str, flares: str, therapy: str) -> f.Hormones:
    if sex == "male":
        return f.Hormones("not_applicable", "none", "none")
    return f.Hormones(stage, flares, therapy)


def treatment_resistant(visit: datetime.date, sex: str) -> dict:
    return {
        "pain": f.Pain(
            wpi_areas=(
                "left_shoulder_girdle",
                "right_shoulder_girdle",
                "left_upper_arm",
                "right_upper_arm",
                "left_hip",
                "right_hip",
                "left_upper_leg",
                "neck",
                "upper_back",
                "lower_back",
                "chest",
            ),
            fatigue=3,
            waking_unrefreshed=3,
            cognitive=2,
            headaches=True,
            lower_abdominal_pain=True,
            depression=False,
            symptom_duration_months=60,
            pain_nrs=8,
            fiqr_total=68.5,
        ),
        "exclusions": _required_ruled_out(sleep_apnoea="possible"),
        "labs": _labs(
            visit,
            ("tsh", 1.8, "mIU/L"),
            ("crp", 0.3, "mg/dL"),
            ("vitamin_d_25oh", 41.5, "nmol/L"),
            ("b12", 190, "pmol/L"),
            ("ferritin", 22, "ug/L"),
            ("magnesium_serum", 1.9, "mg/dL"),
            ("hemoglobin", 12.9, "g/dL"),
            ("ck", 95, "U/L"),
        ),
        "red_flags": _no_red_flags(),
        "treatments": (
            f.TreatmentTrial("amitriptyline", 10, "minimal", dose="10 mg at night"),
            f.TreatmentTrial("duloxetine", 3, "none", True, "60 mg"),
            f.TreatmentTrial("pregabalin", 16, "partial"),
        ),
        "medications": (
            f.Medication("pregabalin", "gabapentinoid", "150 mg twice a day"),
            f.Medication("tramadol", "opioid", "50 mg up to 3 times a day"),
            f.Medication("paracetamol", "other", "1 g as needed"),
        ),
        "lifestyle": f.Lifestyle(60, 1, 6, 12, 18, 5, "omnivore", (), 162.5, 88.4),
        "gut": f.Gut(("bloating", "abdominal_pain"), True, "not_done", "positive", "no_response"),
        "hormones": _hormones(sex, "postmenopausal", "none", "hrt"),
        "mental": f.Mental(
            phq9_items=(2, 2, 1, 3, 1, 1, 2, 1, 0),
            gad7_items=(1, 2, 1, 1, 0, 2, 1),
            pss10_total=24,
            ace_score=3,
            pc_ptsd5=2,
        ),
    }


def first_visit(visit: datetime.date, sex: str) -> dict:
    return {
        "pain": f.Pain(
            wpi_areas=("neck", "lower_back", "left_hip", "right_hip", "upper_back"),
            fatigue=2,
            waking_unrefreshed=2,
            cognitive=1,
            headaches=False,
            symptom_duration_months=8,
            pain_nrs=6,
        ),
        "labs": _labs(visit, ("tsh", 2.4, "mIU/L"), ("hemoglobin", 13.1, "g/dL"))
        + _pending(visit, "ferritin"),
        "red_flags": f.RedFlags(weight_loss=False, fever=False, night_sweats=False),
    }


def inflammatory(visit: datetime.date, sex: str) -> dict:
    return {
        "pain": f.Pain(
            wpi_areas=(
                "left_shoulder_girdle",
                "right_shoulder_girdle",
                "left_hip",
                "right_hip",
                "neck",
                "lower_back",
            ),
            fatigue=2,
            waking_unrefreshed=2,
            cognitive=1,
            headaches=False,
            lower_abdominal_pain=False,
            depression=False,
            symptom_duration_months=4,
            pain_nrs=7,
        ),
        "exclusions": (
            f.ExclusionFinding("polymyalgia_rheumatica", "possible", "new girdle stiffness"),
            f.ExclusionFinding("rheumatoid_arthritis", "pending"),
            f.ExclusionFinding("drug_induced_myalgia", "confirmed", "atorvastatin"),
        ),
        "labs": _labs(
            visit,
            ("esr", 48, "mm/h"),
            ("crp", 24, "mg/L"),
            ("ck", 410, "U/L"),
            ("vitamin_d_25oh", 24, "ng/mL"),
        ),
        "red_flags": _no_red_flags(morning_stiffness_over_60_min=True),
        "treatments": (f.TreatmentTrial("nsaid", 12, "minimal"),),
        "medications": (
            f.Medication("atorvastatin", "statin", "20 mg at night"),
            f.Medication("naproxen", "nsaid", "500 mg twice a day"),
        ),
        "lifestyle": f.Lifestyle(200, 2, 7.5, 6, None, 3, "mediterranean", ("hypocaloric",)),
        "hormones": _hormones(sex, "postmenopausal", "none", "none"),
    }


def safety_alert(visit: datetime.date, sex: str) -> dict:
    return {
        "pain": f.Pain(
            wpi_areas=(
                "left_upper_arm",
                "right_upper_arm",
                "left_upper_leg",
                "right_upper_leg",
                "neck",
                "upper_back",
                "lower_back",
                "abdomen",
            ),
            fatigue=3,
            waking_unrefreshed=2,
            cognitive=2,
            headaches=True,
            lower_abdominal_pain=True,
            depression=True,
            symptom_duration_months=14,
            pain_nrs=7,
        ),
        "labs": _pending(visit, "ttg_iga", "iga_total"),
        "red_flags": _no_red_flags(),
        "treatments": (),
        "medications": (),
        "gut": f.Gut(("bloating", "diarrhoea", "constipation"), None),
        "hormones": _hormones(sex, "premenopausal", "luteal", "contraceptive"),
        "mental": f.Mental(
            phq9_total=17,
            phq9_item9=1,
            gad7_items=(2, 2, 2, 2, 1, 2, 1),
            pss10_total=29,
            ace_score=5,
            pc_ptsd5=4,
        ),
    }


PROFILES = (treatment_resistant, first_visit, inflammatory, safety_alert)


def demo_facts(patient: Patient, visit: datetime.date, profile) -> f.WorkupFacts:
    sections = profile(visit, patient.sex_at_birth)
    born = patient.date_of_birth
    labs = tuple(lab for lab in sections.get("labs", ()) if lab.collected_on >= born)
    return f.WorkupFacts(
        patient=adapters.patient_facts(patient),
        visit_date=visit,
        **{**sections, "labs": labs},
    )


def _clinicians():
    return list(
        get_user_model()
        .objects.filter(groups__name=Role.CLINICIAN.value, is_active=True)
        .order_by("pk")
    )


def demo_patients_without_workups():
    return Patient.objects.filter(mrn__startswith=DEMO_MRN_PREFIX, workups__isnull=True).order_by(
        "mrn"
    )


# --- A few realistic ones ----------------------------------------------------------------------


def _sign(workup: Workup, facts: f.WorkupFacts, clinician, now) -> None:
    workup.status = WorkupStatus.SIGNED
    workup.signed_at = now
    workup.signed_by = clinician
    for field, value in services.signature_of(facts).items():
        setattr(workup, field, value)
    workup.save()


def curated_workups_create(*, clinician) -> int:
    """Workups for the first six demo patients: drafts more or less complete, three signed, and
    the first one amended (a vitamin D result re-entered in another unit). Sections are written
    with their change history, by the demo clinician; patients that already have workups (or
    are archived) are left alone."""
    first = Patient.objects.filter(mrn__startswith=DEMO_MRN_PREFIX).order_by("mrn")
    first_ids = list(first.values_list("pk", flat=True)[:CURATED_PATIENTS])
    patients = demo_patients_without_workups().filter(pk__in=first_ids, is_active=True)
    today = timezone.localdate()
    now = timezone.now()
    made = 0
    for number, patient in enumerate(patients.order_by("mrn")):
        visit = max(today - datetime.timedelta(days=7 + 30 * number), patient.date_of_birth)
        facts = demo_facts(patient, visit, PROFILES[number % len(PROFILES)])
        with transaction.atomic():
            workup = Workup.objects.create(
                patient=patient, visit_date=visit, clinician=clinician, revision=1
            )
            write_sections(workup, facts, actor=clinician, reason=DEMO_REASON)
            made += 1
            if number < 3:
                _sign(workup, facts, clinician, now)
            if number == 0:
                amendment = Workup.objects.create(
                    patient=patient,
                    visit_date=visit,
                    clinician=clinician,
                    amends=workup,
                    amendment_reason="Vitamin D result re-entered in ng/mL as reported.",
                    revision=1,
                )
                labs = tuple(
                    replace(lab, value=16.6, unit="ng/mL")
                    if lab.analyte == "vitamin_d_25oh"
                    else lab
                    for lab in facts.labs
                )
                write_sections(
                    amendment, replace(facts, labs=labs), actor=clinician, reason=DEMO_REASON
                )
                made += 1
            Patient.objects.filter(pk=patient.pk).update(last_visit_on=visit)
    return made


# --- Many, in bulk ----------------------------------------------------------------------------


def bulk_workups_create(*, per_patient: int, seed: int = 2026, batch_size: int = BATCH_SIZE) -> int:
    """Give every demo patient without workups `per_patient` of them (every third one signed),
    in batches. Returns how many were made."""
    if per_patient <= 0:
        return 0
    clinicians = _clinicians()
    if not clinicians:
        return 0
    rng = random.Random(seed)  # noqa: S311 (demo data, not secrets)
    today = timezone.localdate()
    now = timezone.now()
    made = 0
    ids = demo_patients_without_workups().values_list("pk", flat=True).iterator()
    while batch_ids := list(itertools.islice(ids, batch_size)):
        patients = list(Patient.objects.filter(pk__in=batch_ids).order_by("pk"))
        with transaction.atomic():
            made += _bulk_batch(patients, per_patient, clinicians, rng, today, now)
    return made


def _bulk_batch(patients, per_patient, clinicians, rng, today, now) -> int:
    planned = []  # (workup, facts)
    for patient in patients:
        clinician = clinicians[patient.pk % len(clinicians)]
        visit = today - datetime.timedelta(days=rng.randint(0, 60))
        for n in range(per_patient):
            when = max(visit - datetime.timedelta(days=180 * n), patient.date_of_birth)
            facts = demo_facts(patient, when, PROFILES[rng.randrange(len(PROFILES))])
            workup = Workup(patient=patient, visit_date=when, clinician=clinician, revision=1)
            if n % 3 == 1:
                workup.status = WorkupStatus.SIGNED
                workup.signed_at = now
                workup.signed_by = clinician
                for field, value in services.signature_of(facts).items():
                    setattr(workup, field, value)
            planned.append((workup, facts))
    Workup.objects.bulk_create([w for w, _ in planned], batch_size=500)
    sections: dict = {kind.name: [] for kind in SECTION_KINDS}
    for workup, facts in planned:
        for kind in SECTION_KINDS:
            value = adapters.facts_section_value(facts, kind.name)
            if value is not None:
                sections[kind.name].append((workup, value))
    for kind in SECTION_KINDS:
        _bulk_sections(kind, sections[kind.name])
    latest: dict[int, datetime.date] = {}
    for workup, _ in planned:
        latest[workup.patient_id] = max(
            workup.visit_date, latest.get(workup.patient_id, datetime.date.min)
        )
    for patient in patients:
        patient.last_visit_on = latest[patient.pk]
    Patient.objects.bulk_update(patients, ["last_visit_on"], batch_size=500)
    return len(planned)


def _bulk_sections(kind, items) -> None:
    rows_of = []
    section_objects = []
    for workup, value in items:
        own, rows = storable.section_fields(kind.name, value)
        section_objects.append(kind.model(workup=workup, version=1, **own))
        rows_of.append(rows)
    kind.model.objects.bulk_create(section_objects, batch_size=500)
    if not kind.has_rows:
        return
    rows = [
        kind.row_model(section=section, position=position, **fields)
        for section, row_fields in zip(section_objects, rows_of, strict=True)
        for position, fields in enumerate(row_fields)
    ]
    kind.row_model.objects.bulk_create(rows, batch_size=1000)


def demo_workups_create(*, per_patient: int | None, clinician) -> int:
    """The realistic few, then (with `per_patient`) the bulk ones for the other demo patients."""
    made = curated_workups_create(clinician=clinician)
    if per_patient:
        made += bulk_workups_create(per_patient=per_patient)
    return made
