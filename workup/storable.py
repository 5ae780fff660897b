"""Facts become model field values: what the services store for a section or a row, for the
forms, imports and amendment copies alike (the reverse of ``workup.adapters``), and the check
that a document's values fit the columns exactly before an import writes anything.
"""

from __future__ import annotations

from decimal import Decimal

from workup.adapters import facts_section_value
from workup.document import MAX_LENGTHS, DocumentError
from workup.document.checks import MAX_ROWS
from workup.rules import facts as f
from workup.rules import vocab
from workup.sections import SECTION_NAMES

# (model field, decimal places, max digits) of the decimals that facts carry as floats.
DECIMAL_PLACES = {
    "fiqr_total": (1, 4),
    "sleep_hours": (2, 4),
    "height_cm": (1, 5),
    "weight_kg": (1, 5),
    "value": (6, 16),
    "ref_low": (6, 16),
    "ref_high": (6, 16),
}


def decimal_of(value) -> Decimal | None:
    """A number as a Decimal that prints as it was entered (2.1 -> Decimal('2.1'))."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(repr(float(value)))


def fits(value, places: int, digits: int) -> bool:
    """Whether a number is stored exactly with `places` decimals and `digits` digits."""
    d = decimal_of(value)
    if d is None:
        return True
    _sign, figures, exponent = d.normalize().as_tuple()
    used_places = max(0, -exponent)
    whole_digits = max(0, len(figures) + exponent)
    return used_places <= places and whole_digits <= digits - places


def _stored_decimal(value, field: str, path: str) -> Decimal | None:
    places, digits = DECIMAL_PLACES[field]
    if not fits(value, places, digits):
        word = "place" if places == 1 else "places"
        raise DocumentError(path, f"can be stored with at most {places} decimal {word}")
    return decimal_of(value)


def _stored_text(value: str, max_length: int, path: str) -> str:
    if len(value) > max_length:
        raise DocumentError(path, f"must be at most {max_length} characters, got {len(value)}")
    return value


def pain_fields(p: f.Pain, path: str = "pain") -> dict:
    return {
        "wpi_areas": None if p.wpi_areas is None else list(p.wpi_areas),
        "fatigue": p.fatigue,
        "waking_unrefreshed": p.waking_unrefreshed,
        "cognitive": p.cognitive,
        "headaches": p.headaches,
        "lower_abdominal_pain": p.lower_abdominal_pain,
        "depression": p.depression,
        "symptom_duration_months": p.symptom_duration_months,
        "pain_nrs": p.pain_nrs,
        "fiqr_total": _stored_decimal(p.fiqr_total, "fiqr_total", f"{path}.fiqr_total"),
    }


def exclusion_finding_fields(x: f.ExclusionFinding, path: str = "exclusions") -> dict:
    return {"condition": x.condition, "status": x.status, "note": x.note or ""}


def lab_result_fields(lab: f.LabResult, path: str = "labs") -> dict:
    return {
        "analyte": lab.analyte,
        "status": lab.status,
        "value": _stored_decimal(lab.value, "value", f"{path}.value"),
        "unit": lab.unit or "",
        "collected_on": lab.collected_on,
        "ref_low": _stored_decimal(lab.ref_low, "ref_low", f"{path}.ref_low"),
        "ref_high": _stored_decimal(lab.ref_high, "ref_high", f"{path}.ref_high"),
    }


def treatment_trial_fields(t: f.TreatmentTrial, path: str = "treatments") -> dict:
    return {
        "drug": t.drug,
        "weeks": t.weeks,
        "response": t.response,
        "stopped_for_adverse_effects": t.stopped_for_adverse_effects,
        "dose": t.dose or "",
    }


def medication_fields(x: f.Medication, path: str = "medications") -> dict:
    return {
        "name": _stored_text(x.name, MAX_LENGTHS["medication_name"], f"{path}.name"),
        "drug_class": x.drug_class,
        "dose": _stored_text(x.dose or "", MAX_LENGTHS["dose"], f"{path}.dose"),
    }


def red_flag_fields(r: f.RedFlags, path: str = "red_flags") -> dict:
    return {question: r.answer(question) for question in vocab.RED_FLAGS}


def lifestyle_fields(x: f.Lifestyle, path: str = "lifestyle") -> dict:
    return {
        "aerobic_minutes_per_week": x.aerobic_minutes_per_week,
        "strength_sessions_per_week": x.strength_sessions_per_week,
        "sleep_hours": _stored_decimal(x.sleep_hours, "sleep_hours", f"{path}.sleep_hours"),
        "psqi_global": x.psqi_global,
        "isi_total": x.isi_total,
        "stop_bang": x.stop_bang,
        "diet_pattern": x.diet_pattern or "",
        "diets_tried": list(x.diets_tried),
        "height_cm": _stored_decimal(x.height_cm, "height_cm", f"{path}.height_cm"),
        "weight_kg": _stored_decimal(x.weight_kg, "weight_kg", f"{path}.weight_kg"),
    }


def gut_fields(g: f.Gut, path: str = "gut") -> dict:
    return {
        "symptoms": list(g.symptoms),
        "rome_iv_ibs": g.rome_iv_ibs,
        "microbiome_test": g.microbiome_test,
        "sibo_breath_test": g.sibo_breath_test,
        "probiotic_trial": g.probiotic_trial,
    }


def hormone_fields(h: f.Hormones, path: str = "hormones") -> dict:
    return {
        "reproductive_stage": h.reproductive_stage or "",
        "cycle_related_flares": h.cycle_related_flares or "",
        "hormone_therapy": h.hormone_therapy or "",
    }


def mental_fields(m: f.Mental, path: str = "mental") -> dict:
    return {
        "phq9_items": None if m.phq9_items is None else list(m.phq9_items),
        "gad7_items": None if m.gad7_items is None else list(m.gad7_items),
        "phq9_total": m.phq9_total,
        "phq9_item9": m.phq9_item9,
        "gad7_total": m.gad7_total,
        "pss10_total": m.pss10_total,
        "ace_score": m.ace_score,
        "pc_ptsd5": m.pc_ptsd5,
    }


# section name -> the section's own fields (None for list sections, whose model has none)
SECTION_FIELDS = {
    "pain": pain_fields,
    "exclusions": None,
    "red_flags": red_flag_fields,
    "labs": None,
    "treatments": None,
    "medications": None,
    "lifestyle": lifestyle_fields,
    "gut": gut_fields,
    "hormones": hormone_fields,
    "mental": mental_fields,
}
ROW_FIELDS = {
    "exclusions": exclusion_finding_fields,
    "labs": lab_result_fields,
    "treatments": treatment_trial_fields,
    "medications": medication_fields,
}


def section_fields(name: str, value) -> tuple[dict, list[dict]]:
    """(the section model's field values, the field values of each row) for a section value.

    Raises DocumentError (with the document path) for a value the database cannot hold
    exactly, such as a lab value with more than 6 decimals, a medicine name over 150
    characters or more rows than the section takes.
    """
    own = SECTION_FIELDS[name]
    if own is not None:
        return own(value, name), []
    limit = MAX_ROWS.get(name)
    if limit is not None and len(value) > limit:
        raise DocumentError(name, f"must have at most {limit} entries, got {len(value)}")
    rows = ROW_FIELDS[name]
    return {}, [rows(row, f"{name}[{i}]") for i, row in enumerate(value)]


def check_storable(facts: f.WorkupFacts) -> None:
    """Raise DocumentError when a value of a valid document cannot be stored exactly."""
    for name in SECTION_NAMES:
        value = facts_section_value(facts, name)
        if value is not None:
            section_fields(name, value)
