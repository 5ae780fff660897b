"""Small builders of facts for the pure rule tests (no database, no Django)."""

from __future__ import annotations

from datetime import date

from workup.rules.evaluate import Evaluation, evaluate
from workup.rules.facts import (
    ExclusionFinding,
    Gut,
    Hormones,
    LabResult,
    Lifestyle,
    Medication,
    Mental,
    Pain,
    Patient,
    RedFlags,
    TreatmentTrial,
    WorkupFacts,
)
from workup.rules.vocab import RED_FLAGS, REQUIRED_CONDITIONS

VISIT = date(2026, 11, 20)
TODAY = date(2026, 11, 24)


def patient(sex: str = "female", age: int = 56) -> Patient:
    """A patient who is exactly `age` on the visit date (birthday a month before it)."""
    return Patient("T100", "Test", "Patient", date(VISIT.year - age, 10, 20), sex)


def all_ruled_out() -> tuple[ExclusionFinding, ...]:
    return tuple(ExclusionFinding(c, "ruled_out") for c in REQUIRED_CONDITIONS)


def lab(analyte, value, unit=None, on="2026-11-01", ref_low=None, ref_high=None) -> LabResult:
    from workup.rules.labs import ANALYTES

    unit = unit or ANALYTES[analyte].canonical_unit
    return LabResult(analyte, value, unit, date.fromisoformat(on), ref_low, ref_high)


def pending(analyte, on="2026-11-10") -> LabResult:
    """A test ordered on `on` with no result yet."""
    return LabResult(analyte, None, None, date.fromisoformat(on), status="pending")


def not_done(analyte, on="2026-11-10") -> LabResult:
    return LabResult(analyte, None, None, date.fromisoformat(on), status="not_done")


def medication(name: str, drug_class: str, dose: str | None = None) -> Medication:
    return Medication(name, drug_class, dose)


def red_flags(**answers: bool | None) -> RedFlags:
    """Every question answered "no" unless given (None: not asked)."""
    return RedFlags(**{**dict.fromkeys(RED_FLAGS, False), **answers})


# Unremarkable results of the Canadian 2012 baseline panel (haemoglobin, CRP, TSH, CK).
BASELINE_LABS = (
    lab("hemoglobin", 13.5),
    lab("crp", 2),
    lab("tsh", 1.8),
    lab("ck", 120),
)


def workup(*, sex="female", age=56, **sections) -> WorkupFacts:
    """A workup with nothing recorded unless given."""
    return WorkupFacts(patient=patient(sex, age), visit_date=VISIT, **sections)


def complete_workup(**overrides) -> WorkupFacts:
    """Every section present with unremarkable values: only the overrides can raise flags."""
    sections = {
        "pain": Pain(
            wpi_areas=("left_shoulder_girdle", "right_shoulder_girdle", "left_hip", "right_hip",
                       "neck", "upper_back", "lower_back"),
            fatigue=2, waking_unrefreshed=2, cognitive=1,
            headaches=False, lower_abdominal_pain=False, depression=False,
            symptom_duration_months=24, pain_nrs=6, fiqr_total=50,
        ),
        "exclusions": all_ruled_out(),
        "labs": (*BASELINE_LABS, lab("vitamin_d_25oh", 35), lab("b12", 450),
                 lab("ferritin", 80), lab("magnesium_serum", 0.9)),
        "treatments": (TreatmentTrial("duloxetine", 12, "partial"),),
        "medications": (),
        "red_flags": red_flags(),
        "lifestyle": Lifestyle(
            aerobic_minutes_per_week=150, strength_sessions_per_week=2, sleep_hours=7.5,
            psqi_global=4, isi_total=5, stop_bang=1, diet_pattern="mediterranean",
            diets_tried=("low_fodmap",), height_cm=170, weight_kg=65,
        ),
        "gut": Gut(),
        "hormones": Hormones("premenopausal", "none", "none"),
        "mental": Mental((0,) * 9, (0,) * 7, 10, 1, 0),
    }  # fmt: skip
    sex = overrides.pop("sex", "female")
    age = overrides.pop("age", 56)
    sections.update(overrides)
    return workup(sex=sex, age=age, **sections)


def run(facts: WorkupFacts) -> Evaluation:
    return evaluate(facts)


def codes(facts: WorkupFacts) -> set[str]:
    return {f.code for f in evaluate(facts).flags}


def severity(facts: WorkupFacts, code: str) -> str | None:
    """The severity of `code` in the evaluation, or None when it did not fire."""
    found = evaluate(facts).flag(code)
    return None if found is None else found.severity


def lab_case(code: str, expected: str | None, *labs: LabResult, sex="female", age=56, id=None):
    """A pytest.param: a workup with only these labs, the rule code and its expected severity."""
    import pytest

    facts = workup(sex=sex, age=age, labs=labs)
    if id is None:
        parts = [f"{x.analyte}={x.value}{x.unit}" for x in labs]
        refs = [f"ref{x.ref_low},{x.ref_high}" for x in labs if x.ref_low or x.ref_high]
        id = "-".join([*parts, *refs, sex, str(age), str(expected)])
    return pytest.param(code, facts, expected, id=id)


def items(total: int, count: int) -> tuple[int, ...]:
    """`count` questionnaire answers (0-3 each) adding up to `total`."""
    out = []
    for _ in range(count):
        out.append(min(3, total))
        total -= out[-1]
    assert total == 0
    return tuple(out)
