"""The one place where models become rule facts.

Everything else (views, the summary, the commands) asks this module, so the screen, the PDF,
the JSON export and the evaluation all read a workup the same way. The reverse direction,
facts to the values stored for a section or a row, is ``workup.storable``.

The readers take anything with the model's attributes, so a historical record (change history)
reads exactly like the current row.
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
        wpi_areas=ordered(pain.wpi_areas, vocab.WPI_AREAS),
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


def ordered(codes, canonical):
    """The chosen codes in the catalogue's order (None stays None: not recorded)."""
    if codes is None:
        return None
    chosen = set(codes)
    return tuple(code for code in canonical if code in chosen)


def exclusion_finding_fact(row) -> f.ExclusionFinding:
    return f.ExclusionFinding(condition=row.condition, status=row.status, note=row.note or None)


def lab_result_fact(row) -> f.LabResult:
    return f.LabResult(
        analyte=row.analyte,
        value=number(row.value),
        unit=row.unit or None,
        collected_on=row.collected_on,
        ref_low=number(row.ref_low),
        ref_high=number(row.ref_high),
        status=row.status,
    )


def treatment_trial_fact(row) -> f.TreatmentTrial:
    return f.TreatmentTrial(
        drug=row.drug,
        weeks=row.weeks,
        response=row.response,
        stopped_for_adverse_effects=row.stopped_for_adverse_effects,
        dose=row.dose or None,
    )


def medication_fact(row) -> f.Medication:
    return f.Medication(name=row.name, drug_class=row.drug_class, dose=row.dose or None)


def exclusion_facts(checklist) -> tuple[f.ExclusionFinding, ...]:
    if checklist is None:
        return ()
    return tuple(exclusion_finding_fact(row) for row in checklist.findings.all())


def lab_facts(panel) -> tuple[f.LabResult, ...]:
    if panel is None:
        return ()
    return tuple(lab_result_fact(row) for row in panel.results.all())


def treatment_facts(history) -> tuple[f.TreatmentTrial, ...] | None:
    if history is None:
        return None
    return tuple(treatment_trial_fact(row) for row in history.trials.all())


def medication_facts(medication_list) -> tuple[f.Medication, ...] | None:
    if medication_list is None:
        return None
    return tuple(medication_fact(row) for row in medication_list.entries.all())


def red_flag_facts(red_flags) -> f.RedFlags | None:
    if red_flags is None:
        return None
    return f.RedFlags(**{question: getattr(red_flags, question) for question in vocab.RED_FLAGS})


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
        diets_tried=ordered(lifestyle.diets_tried or [], vocab.DIETS),
        height_cm=number(lifestyle.height_cm),
        weight_kg=number(lifestyle.weight_kg),
    )


def gut_facts(gut) -> f.Gut | None:
    if gut is None:
        return None
    return f.Gut(
        symptoms=ordered(gut.symptoms or [], vocab.GUT_SYMPTOMS),
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
        phq9_total=mental.phq9_total,
        phq9_item9=mental.phq9_item9,
        gad7_total=mental.gad7_total,
        pss10_total=mental.pss10_total,
        ace_score=mental.ace_score,
        pc_ptsd5=mental.pc_ptsd5,
    )


def reported_phq9_item9(workup) -> int | None:
    """The highest PHQ-9 item 9 above 0 a patient answered in a questionnaire of this draft
    that the rules must still see (until a clinician has acknowledged the alert and accepted
    the mental section: ``Questionnaire.reported_phq9_for_rules``); None when there is none."""
    if workup.pk is None or not getattr(workup, "is_editable", False):
        return None
    answers = [
        phq9[8]
        for questionnaire in workup.questionnaires.filter(safety_phq9__isnull=False)
        if (phq9 := questionnaire.reported_phq9_for_rules) is not None
    ]
    return max(answers, default=None)


def workup_facts(workup) -> f.WorkupFacts:
    """What the workup says now (drafts) — signed workups are read from their frozen copy.
    A patient's unreviewed PHQ-9 item 9 above 0 is read too (``reported_phq9_item9``)."""
    return f.WorkupFacts(
        patient=patient_facts(workup.patient),
        visit_date=workup.visit_date,
        pain=pain_facts(_section(workup, "pain")),
        exclusions=exclusion_facts(_section(workup, "exclusions")),
        labs=lab_facts(_section(workup, "labs")),
        treatments=treatment_facts(_section(workup, "treatments")),
        medications=medication_facts(_section(workup, "medications")),
        red_flags=red_flag_facts(_section(workup, "red_flags")),
        lifestyle=lifestyle_facts(_section(workup, "lifestyle")),
        gut=gut_facts(_section(workup, "gut")),
        hormones=hormone_facts(_section(workup, "hormones")),
        mental=mental_facts(_section(workup, "mental")),
        patient_reported_phq9_item9=reported_phq9_item9(workup),
    )


# --- Sections as values -------------------------------------------------------------------------
#
# A section's value is what its part of the facts holds, with "not recorded" as None for every
# section: a dataclass (pain, red flags, lifestyle, gut, hormones, mental) or a tuple of rows
# (exclusions, labs, treatments, medications; an empty tuple is a section recorded with no rows).

SECTION_READERS = {
    "pain": pain_facts,
    "exclusions": exclusion_facts,
    "red_flags": red_flag_facts,
    "labs": lab_facts,
    "treatments": treatment_facts,
    "medications": medication_facts,
    "lifestyle": lifestyle_facts,
    "gut": gut_facts,
    "hormones": hormone_facts,
    "mental": mental_facts,
}
ROW_READERS = {
    "exclusions": exclusion_finding_fact,
    "labs": lab_result_fact,
    "treatments": treatment_trial_fact,
    "medications": medication_fact,
}


def section_value(workup, name: str):
    """The stored value of one section of a workup; None when it is not recorded."""
    section = _section(workup, name)
    if section is None:
        return None
    return SECTION_READERS[name](section)


def section_value_of(section_model_row, name: str):
    """The value of a section row (or a historical record of one)."""
    return SECTION_READERS[name](section_model_row)


def facts_section_value(facts: f.WorkupFacts, name: str):
    """A section's value as the facts hold it (exclusions and labs: None when empty)."""
    value = getattr(facts, name)
    if name in ("exclusions", "labs") and not value:
        return None
    return value
