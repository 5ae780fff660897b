"""Facts -> the canonical fibro-workup/2 document (see the package docstring for the form)."""

from __future__ import annotations

from typing import Any

from workup.rules import vocab
from workup.rules.facts import (
    ExclusionFinding,
    Gut,
    Hormones,
    LabResult,
    Lifestyle,
    Medication,
    Mental,
    Pain,
    RedFlags,
    TreatmentTrial,
    WorkupFacts,
)

from .checks import FORMAT

# --- Export -----------------------------------------------------------------------------------


def _plain(x):
    """Integral floats as ints (160.0 -> 160); everything else unchanged."""
    if isinstance(x, float) and x.is_integer():
        return int(x)
    return x


def _pain_document(p: Pain) -> dict:
    parts = {name: getattr(p, name) for name in vocab.SSS_PARTS}
    return {
        "wpi_areas": None if p.wpi_areas is None else list(p.wpi_areas),
        "sss": None if all(v is None for v in parts.values()) else parts,
        "symptom_duration_months": p.symptom_duration_months,
        "pain_nrs": p.pain_nrs,
        "fiqr_total": _plain(p.fiqr_total),
    }


def _exclusion_document(f: ExclusionFinding) -> dict:
    out = {"condition": f.condition, "status": f.status}
    if f.note:
        out["note"] = f.note
    return out


def _lab_document(lab: LabResult) -> dict:
    if not lab.is_resulted:
        return {
            "analyte": lab.analyte,
            "status": lab.status,
            "collected_on": lab.collected_on.isoformat(),
        }
    out = {
        "analyte": lab.analyte,
        "value": _plain(lab.value),
        "unit": lab.unit,
        "collected_on": lab.collected_on.isoformat(),
    }
    if lab.ref_low is not None:
        out["ref_low"] = _plain(lab.ref_low)
    if lab.ref_high is not None:
        out["ref_high"] = _plain(lab.ref_high)
    return out


def _medication_document(m: Medication) -> dict:
    out = {"name": m.name, "class": m.drug_class}
    if m.dose:
        out["dose"] = m.dose
    return out


def _red_flags_document(r: RedFlags) -> dict:
    return {question: r.answer(question) for question in vocab.RED_FLAGS}


def _treatment_document(t: TreatmentTrial) -> dict:
    out = {
        "drug": t.drug,
        "weeks": t.weeks,
        "response": t.response,
        "stopped_for_adverse_effects": t.stopped_for_adverse_effects,
    }
    if t.dose:
        out["dose"] = t.dose
    return out


def _lifestyle_document(x: Lifestyle) -> dict:
    return {
        "aerobic_minutes_per_week": x.aerobic_minutes_per_week,
        "strength_sessions_per_week": x.strength_sessions_per_week,
        "sleep_hours": _plain(x.sleep_hours),
        "psqi_global": x.psqi_global,
        "isi_total": x.isi_total,
        "stop_bang": x.stop_bang,
        "diet_pattern": x.diet_pattern,
        "diets_tried": list(x.diets_tried),
        "height_cm": _plain(x.height_cm),
        "weight_kg": _plain(x.weight_kg),
    }


def _gut_document(g: Gut) -> dict:
    return {
        "symptoms": list(g.symptoms),
        "rome_iv_ibs": g.rome_iv_ibs,
        "microbiome_test": g.microbiome_test,
        "sibo_breath_test": g.sibo_breath_test,
        "probiotic_trial": g.probiotic_trial,
    }


def _hormones_document(h: Hormones) -> dict:
    return {
        "reproductive_stage": h.reproductive_stage,
        "cycle_related_flares": h.cycle_related_flares,
        "hormone_therapy": h.hormone_therapy,
    }


def _mental_document(m: Mental) -> dict:
    out: dict[str, Any] = {"phq9_items": None if m.phq9_items is None else list(m.phq9_items)}
    if m.phq9_total is not None:
        out["phq9_total"] = m.phq9_total
        out["phq9_item9"] = m.phq9_item9
    out["gad7_items"] = None if m.gad7_items is None else list(m.gad7_items)
    if m.gad7_total is not None:
        out["gad7_total"] = m.gad7_total
    out["pss10_total"] = m.pss10_total
    out["ace_score"] = m.ace_score
    out["pc_ptsd5"] = m.pc_ptsd5
    return out


def document_from_facts(facts: WorkupFacts) -> dict:
    """The canonical `fibro-workup/2` document of these facts (see the package docstring)."""
    p = facts.patient
    doc: dict[str, Any] = {
        "format": FORMAT,
        "patient": {
            "mrn": p.mrn,
            "given_name": p.given_name,
            "family_name": p.family_name,
            "date_of_birth": p.date_of_birth.isoformat(),
            "sex_at_birth": p.sex_at_birth,
        },
        "visit_date": facts.visit_date.isoformat(),
    }
    if facts.pain is not None:
        doc["pain"] = _pain_document(facts.pain)
    if facts.exclusions:
        doc["exclusions"] = [_exclusion_document(f) for f in facts.exclusions]
    if facts.labs:
        doc["labs"] = [_lab_document(lab) for lab in facts.labs]
    if facts.medications is not None:
        doc["medications"] = [_medication_document(m) for m in facts.medications]
    if facts.red_flags is not None:
        doc["red_flags"] = _red_flags_document(facts.red_flags)
    if facts.treatments is not None:
        doc["treatments"] = [_treatment_document(t) for t in facts.treatments]
    if facts.lifestyle is not None:
        doc["lifestyle"] = _lifestyle_document(facts.lifestyle)
    if facts.gut is not None:
        doc["gut"] = _gut_document(facts.gut)
    if facts.hormones is not None:
        doc["hormones"] = _hormones_document(facts.hormones)
    if facts.mental is not None:
        doc["mental"] = _mental_document(facts.mental)
    return doc
