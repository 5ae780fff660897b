"""What a workup says: the input of the rules, as frozen dataclasses.

Facts are lossless with respect to a `fibro-workup/2` document: everything a valid document holds
has a place here, so the document can be rebuilt from the facts. Conventions:

- ``None`` means "not recorded". A section that is ``None`` is absent ("not assessed").
- ``treatments`` is ``None`` when the section is absent and ``()`` when it says "none tried";
  ``medications`` likewise (absent: not recorded; ``()``: no current medicine).
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
    """One lab row. A ``resulted`` row has a value and unit; a ``pending`` (ordered, no value
    yet) or ``not_done`` row has neither, and ``collected_on`` is the day it was ordered or
    decided against. Only resulted rows are readings."""

    analyte: str  # labs.ANALYTES
    value: Number | None  # as entered, in `unit`; None unless resulted
    unit: str | None  # as entered; one of the analyte's accepted units; None unless resulted
    collected_on: date
    ref_low: Number | None = None  # the laboratory's own range, in `unit`
    ref_high: Number | None = None
    status: str = "resulted"  # vocab.LAB_STATUSES

    @property
    def is_resulted(self) -> bool:
        return self.status == "resulted"


@dataclass(frozen=True, slots=True)
class Medication:
    """One entry of the current medication list."""

    name: str  # free text as recorded, 1-150 characters
    drug_class: str  # vocab.MEDICATION_CLASSES (the document's `class`)
    dose: str | None = None


@dataclass(frozen=True, slots=True)
class RedFlags:
    """The clinician's red-flag findings: True, False or None (not asked)."""

    weight_loss: bool | None = None
    fever: bool | None = None
    night_sweats: bool | None = None
    morning_stiffness_over_60_min: bool | None = None
    joint_swelling: bool | None = None
    proximal_weakness: bool | None = None
    new_headache: bool | None = None
    jaw_claudication: bool | None = None
    visual_disturbance: bool | None = None
    scalp_tenderness: bool | None = None
    focal_neurological_signs: bool | None = None

    def answer(self, question: str) -> bool | None:
        return getattr(self, question)


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
    """PHQ-9 and GAD-7 are recorded as items or (from a paper form) as totals, never both; a
    PHQ-9 total always comes with its item 9, the safety item."""

    phq9_items: tuple[int, ...] | None = None  # exactly 9 items 0-3
    gad7_items: tuple[int, ...] | None = None  # exactly 7 items 0-3
    pss10_total: int | None = None
    ace_score: int | None = None
    pc_ptsd5: int | None = None
    phq9_total: int | None = None  # 0-27, only without phq9_items
    phq9_item9: int | None = None  # 0-3, given with phq9_total
    gad7_total: int | None = None  # 0-21, only without gad7_items


@dataclass(frozen=True, slots=True)
class WorkupFacts:
    patient: Patient
    visit_date: date
    pain: Pain | None = None
    exclusions: tuple[ExclusionFinding, ...] = ()
    labs: tuple[LabResult, ...] = ()
    treatments: tuple[TreatmentTrial, ...] | None = None
    medications: tuple[Medication, ...] | None = None
    red_flags: RedFlags | None = None
    lifestyle: Lifestyle | None = None
    gut: Gut | None = None
    hormones: Hormones | None = None
    mental: Mental | None = None
    # The patient's own PHQ-9 item 9 from a questionnaire answered before the visit and not yet
    # reviewed: the one patient answer the rules read before a clinician accepts it (only the
    # safety rule does), so the urgent flag stands on the draft at once.
    patient_reported_phq9_item9: int | None = None


def age_on(date_of_birth: date, day: date) -> int:
    """Completed years of age on `day` (a 29 February birthday falls on 1 March)."""
    before_birthday = (day.month, day.day) < (date_of_birth.month, date_of_birth.day)
    return day.year - date_of_birth.year - before_birthday
