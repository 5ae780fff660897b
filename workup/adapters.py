"""The one place where models become rule facts, and facts become model field values.

Everything else (views, the summary, the commands) asks this module, so the screen, the PDF,
the JSON export and the evaluation all read a workup the same way.
"""

from __future__ import annotations

from decimal import Decimal

from workup.rules import facts as f
from workup.rules import vocab


def number(value):
    """A stored Decimal as the number it was entered as (165.0 -> 165, 2.10 -> 2.1)."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def patient_facts(patient) -> f.Patient:
    return f.Patient(
        mrn=patient.mrn,
        given_name=patient.given_name,
        family_name=patient.family_name,
        date_of_birth=patient.date_of_birth,
        sex_at_birth=patient.sex_at_birth,
    )


def _section(workup, name):
    """The section, or None when it was never recorded (a missing reverse one-to-one raises
    a subclass of AttributeError)."""
    return getattr(workup, name, None)


def pain_facts(pain) -> f.Pain | None:
    if pain is None:
        return None
    return f.Pain(
        wpi_areas=_ordered(pain.wpi_areas, vocab.WPI_AREAS),
        fatigue=pain.fatigue,
        waking_unrefreshed=pain.waking_unrefreshed,
        cognitive=pain.cognitive,
        headaches=pain.headaches,
        lower_abdominal_pain=pain.lower_abdominal_pain,
        depression=pain.depression,
        symptom_duration_months=pain.symptom_duration_months,
        pain_nrs=pain.pain_nrs,
        fiqr_total=number(pain.fiqr_total),
    )


def _ordered(codes, canonical):
    if codes is None:
        return None
    chosen = set(codes)
    return tuple(code for code in canonical if code in chosen)


def exclusion_facts(checklist) -> tuple[f.ExclusionFinding, ...]:
    if checklist is None:
        return ()
    return tuple(
        f.ExclusionFinding(condition=row.condition, status=row.status, note=row.note or None)
        for row in checklist.findings.all()
    )


def lab_facts(panel) -> tuple[f.LabResult, ...]:
    if panel is None:
        return ()
    return tuple(
        f.LabResult(
            analyte=row.analyte,
            value=number(row.value),
            unit=row.unit,
            collected_on=row.collected_on,
            ref_low=number(row.ref_low),
            ref_high=number(row.ref_high),
        )
        for row in panel.results.all()
    )


def treatment_facts(history) -> tuple[f.TreatmentTrial, ...] | None:
    if history is None:
        return None
    return tuple(
        f.TreatmentTrial(
            drug=row.drug,
            weeks=row.weeks,
            response=row.response,
            stopped_for_adverse_effects=row.stopped_for_adverse_effects,
            dose=row.dose or None,
        )
        for row in history.trials.all()
    )


def lifestyle_facts(lifestyle) -> f.Lifestyle | None:
    if lifestyle is None:
        return None
    return f.Lifestyle(
        aerobic_minutes_per_week=lifestyle.aerobic_minutes_per_week,
        strength_sessions_per_week=lifestyle.strength_sessions_per_week,
        sleep_hours=number(lifestyle.sleep_hours),
        psqi_global=lifestyle.psqi_global,
        isi_total=lifestyle.isi_total,
        stop_bang=lifestyle.stop_bang,
        diet_pattern=lifestyle.diet_pattern or None,
        diets_tried=_ordered(lifestyle.diets_tried or [], vocab.DIETS),
        height_cm=number(lifestyle.height_cm),
        weight_kg=number(lifestyle.weight_kg),
    )


def gut_facts(gut) -> f.Gut | None:
    if gut is None:
        return None
    return f.Gut(
        symptoms=_ordered(gut.symptoms or [], vocab.GUT_SYMPTOMS),
        rome_iv_ibs=gut.rome_iv_ibs,
        microbiome_test=gut.microbiome_test,
        sibo_breath_test=gut.sibo_breath_test,
        probiotic_trial=gut.probiotic_trial,
    )


def hormone_facts(hormones) -> f.Hormones | None:
    if hormones is None:
        return None
    return f.Hormones(
        reproductive_stage=hormones.reproductive_stage or None,
        cycle_related_flares=hormones.cycle_related_flares or None,
        hormone_therapy=hormones.hormone_therapy or None,
    )


def mental_facts(mental) -> f.Mental | None:
    if mental is None:
        return None
    return f.Mental(
        phq9_items=tuple(mental.phq9_items) if mental.phq9_items is not None else None,
        gad7_items=tuple(mental.gad7_items) if mental.gad7_items is not None else None,
        pss10_total=mental.pss10_total,
        ace_score=mental.ace_score,
        pc_ptsd5=mental.pc_ptsd5,
    )


def workup_facts(workup) -> f.WorkupFacts:
    """What the workup says now (drafts) — signed workups are read from their frozen copy."""
    return f.WorkupFacts(
        patient=patient_facts(workup.patient),
        visit_date=workup.visit_date,
        pain=pain_facts(_section(workup, "pain")),
        exclusions=exclusion_facts(_section(workup, "exclusions")),
        labs=lab_facts(_section(workup, "labs")),
        treatments=treatment_facts(_section(workup, "treatments")),
        lifestyle=lifestyle_facts(_section(workup, "lifestyle")),
        gut=gut_facts(_section(workup, "gut")),
        hormones=hormone_facts(_section(workup, "hormones")),
        mental=mental_facts(_section(workup, "mental")),
    )
