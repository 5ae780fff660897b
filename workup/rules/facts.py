"""What a workup says: the input of the rules, as frozen dataclasses.

Facts are lossless with respect to a `fibro-workup/1` document: everything a valid document holds
has a place here, so the document can be rebuilt from the facts. Conventions:

- ``None`` means "not recorded". A section that is ``None`` is absent ("not assessed").
- ``treatments`` is ``None`` when the section is absent and ``()`` when it says "none tried".
- Sets of codes (WPI areas, diets tried, gut symptoms) are tuples in the canonical order of
  :mod:`workup.rules.vocab`, so equal workups give equal facts.
- Lab values keep the number and unit as entered; conversion happens in :mod:`.labs`.

Facts do not validate themselves: :mod:`workup.document` (and the model adapters) only build
valid ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

Number = int | float


@dataclass(frozen=True, slots=True)
class Patient:
    mrn: str
    given_name: str
    family_name: str
    date_of_birth: date
    sex_at_birth: str  # vocab.SEXES


@dataclass(frozen=True, slots=True)
class Pain:
    wpi_areas: tuple[str, ...] | None = None  # vocab.WPI_AREAS, canonical order; () = no pain
    fatigue: int | None = None  # 0-3
    waking_unrefreshed: int | None = None  # 0-3
    cognitive: int | None = None  # 0-3
    headaches: bool | None = None
    lower_abdominal_pain: bool | None = None
    depression: bool | None = None
    symptom_duration_months: int | None = None
    pain_nrs: int | None = None  # 0-10
    fiqr_total: Number | None = None  # 0-100, as entered


@dataclass(frozen=True, slots=True)
class ExclusionFinding:
    condition: str  # vocab.CONDITIONS
    status: str  # vocab.EXCLUSION_STATUSES
    note: str | None = None


@dataclass(frozen=True, slots=True)
class LabResult:
    analyte: str  # labs.ANALYTES
    value: Number  # as entered, in `unit`
    unit: str  # as entered; one of the analyte's accepted units
    collected_on: date
    ref_low: Number | None = None  # the laboratory's own range, in `unit`
    ref_high: Number | None = None


@dataclass(frozen=True, slots=True)
class TreatmentTrial:
    drug: str  # vocab.DRUGS
    weeks: int  # 0-520
    response: str  # vocab.RESPONSES
    stopped_for_adverse_effects: bool = False
    dose: str | None = None


@dataclass(frozen=True, slots=True)
class Lifestyle:
    aerobic_minutes_per_week: int | None = None
    strength_sessions_per_week: int | None = None
    sleep_hours: Number | None = None
    psqi_global: int | None = None
    isi_total: int | None = None
    stop_bang: int | None = None
    diet_pattern: str | None = None
    diets_tried: tuple[str, ...] = ()  # vocab.DIETS, canonical order
    height_cm: Number | None = None
    weight_kg: Number | None = None


@dataclass(frozen=True, slots=True)
class Gut:
    symptoms: tuple[str, ...] = ()  # vocab.GUT_SYMPTOMS, canonical order
    rome_iv_ibs: bool | None = None
    microbiome_test: str = "not_done"
    sibo_breath_test: str = "not_done"
    probiotic_trial: str = "not_tried"


@dataclass(frozen=True, slots=True)
class Hormones:
    reproductive_stage: str | None = None
    cycle_related_flares: str | None = None
    hormone_therapy: str | None = None


@dataclass(frozen=True, slots=True)
class Mental:
    phq9_items: tuple[int, ...] | None = None  # exactly 9 items 0-3
    gad7_items: tuple[int, ...] | None = None  # exactly 7 items 0-3
    pss10_total: int | None = None
    ace_score: int | None = None
    pc_ptsd5: int | None = None


@dataclass(frozen=True, slots=True)
class WorkupFacts:
    patient: Patient
    visit_date: date
    pain: Pain | None = None
    exclusions: tuple[ExclusionFinding, ...] = ()
    labs: tuple[LabResult, ...] = ()
    treatments: tuple[TreatmentTrial, ...] | None = None
    lifestyle: Lifestyle | None = None
    gut: Gut | None = None
    hormones: Hormones | None = None
    mental: Mental | None = None


def age_on(date_of_birth: date, day: date) -> int:
    """Completed years of age on `day` (a 29 February birthday falls on 1 March)."""
    before_birthday = (day.month, day.day) < (date_of_birth.month, date_of_birth.day)
    return day.year - date_of_birth.year - before_birthday
