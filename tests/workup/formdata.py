"""POST data for each section page, written out from a document's facts field by field (as a
clinician would fill the form), independently of the forms' own initial values."""

from workup.rules import vocab


def _text(value) -> str:
    return "" if value is None else str(value)


def _yes_no(value) -> str:
    return "" if value is None else ("yes" if value else "no")


def pain_data(p) -> dict:
    data = {
        "no_painful_area": "on" if p.wpi_areas == () else "",
        "symptom_duration_months": _text(p.symptom_duration_months),
        "pain_nrs": _text(p.pain_nrs),
        "fiqr_total": _text(p.fiqr_total),
        "fatigue": _text(p.fatigue),
        "waking_unrefreshed": _text(p.waking_unrefreshed),
        "cognitive": _text(p.cognitive),
        "headaches": _yes_no(p.headaches),
        "lower_abdominal_pain": _yes_no(p.lower_abdominal_pain),
        "depression": _yes_no(p.depression),
    }
    for area in p.wpi_areas or ():
        data[f"wpi_{area}"] = "on"
    return {k: v for k, v in data.items() if v != ""}


def exclusions_data(findings) -> dict:
    by_condition = {f.condition: f for f in findings or ()}
    data = {
        "exclusions-TOTAL_FORMS": str(len(vocab.CONDITIONS)),
        "exclusions-INITIAL_FORMS": str(len(vocab.CONDITIONS)),
        "exclusions-MIN_NUM_FORMS": str(len(vocab.CONDITIONS)),
        "exclusions-MAX_NUM_FORMS": str(len(vocab.CONDITIONS)),
    }
    for i, code in enumerate(vocab.CONDITIONS):
        finding = by_condition.get(code)
        data[f"exclusions-{i}-condition"] = code
        data[f"exclusions-{i}-status"] = finding.status if finding else "not_assessed"
        data[f"exclusions-{i}-note"] = (finding.note or "") if finding else ""
    return data


def labs_data(labs, *, stored: int = 0, blank_rows: int = 0) -> dict:
    labs = list(labs or ())
    data = {
        "labs-TOTAL_FORMS": str(len(labs) + blank_rows),
        "labs-INITIAL_FORMS": str(stored),
        "labs-MIN_NUM_FORMS": "0",
        "labs-MAX_NUM_FORMS": "1000",
    }
    for i, lab in enumerate(labs):
        data.update(
            {
                f"labs-{i}-analyte": lab.analyte,
                f"labs-{i}-status": lab.status,
                f"labs-{i}-value": _text(lab.value),
                f"labs-{i}-unit": lab.unit or "",
                f"labs-{i}-collected_on": lab.collected_on.isoformat(),
                f"labs-{i}-ref_low": _text(lab.ref_low),
                f"labs-{i}-ref_high": _text(lab.ref_high),
            }
        )
    return data


def treatments_data(trials, *, stored: int = 0) -> dict:
    trials = list(trials or ())
    data = {
        "trials-TOTAL_FORMS": str(len(trials)),
        "trials-INITIAL_FORMS": str(stored),
        "trials-MIN_NUM_FORMS": "0",
        "trials-MAX_NUM_FORMS": "1000",
    }
    if trials == []:
        data["none_tried"] = "on"
    for i, t in enumerate(trials):
        data.update(
            {
                f"trials-{i}-drug": t.drug,
                f"trials-{i}-weeks": str(t.weeks),
                f"trials-{i}-response": t.response,
                f"trials-{i}-dose": t.dose or "",
            }
        )
        if t.stopped_for_adverse_effects:
            data[f"trials-{i}-stopped_for_adverse_effects"] = "on"
    return data


def medications_data(medications, *, stored: int = 0) -> dict:
    medications = list(medications or ())
    data = {
        "medications-TOTAL_FORMS": str(len(medications)),
        "medications-INITIAL_FORMS": str(stored),
        "medications-MIN_NUM_FORMS": "0",
        "medications-MAX_NUM_FORMS": "1000",
    }
    if medications == []:
        data["none_taken"] = "on"
    for i, m in enumerate(medications):
        data.update(
            {
                f"medications-{i}-name": m.name,
                f"medications-{i}-drug_class": m.drug_class,
                f"medications-{i}-dose": m.dose or "",
            }
        )
    return data


def red_flags_data(r) -> dict:
    return {q: _yes_no(r.answer(q)) for q in vocab.RED_FLAGS}


def lifestyle_data(x) -> dict:
    data = {
        "aerobic_minutes_per_week": _text(x.aerobic_minutes_per_week),
        "strength_sessions_per_week": _text(x.strength_sessions_per_week),
        "sleep_hours": _text(x.sleep_hours),
        "psqi_global": _text(x.psqi_global),
        "isi_total": _text(x.isi_total),
        "stop_bang": _text(x.stop_bang),
        "diet_pattern": x.diet_pattern or "",
        "height_cm": _text(x.height_cm),
        "weight_kg": _text(x.weight_kg),
    }
    data = {k: v for k, v in data.items() if v != ""}
    data["diets_tried"] = list(x.diets_tried)
    return data


def gut_data(g) -> dict:
    data = {
        "symptoms": list(g.symptoms),
        "microbiome_test": g.microbiome_test,
        "sibo_breath_test": g.sibo_breath_test,
        "probiotic_trial": g.probiotic_trial,
    }
    if g.rome_iv_ibs is not None:
        data["rome_iv_ibs"] = _yes_no(g.rome_iv_ibs)
    return data


def hormones_data(h) -> dict:
    return {
        "reproductive_stage": h.reproductive_stage or "",
        "cycle_related_flares": h.cycle_related_flares or "",
        "hormone_therapy": h.hormone_therapy or "",
    }


def mental_data(m) -> dict:
    data = {
        "phq9_total": _text(m.phq9_total),
        "phq9_item9": _text(m.phq9_item9),
        "gad7_total": _text(m.gad7_total),
        "pss10_total": _text(m.pss10_total),
        "ace_score": _text(m.ace_score),
        "pc_ptsd5": _text(m.pc_ptsd5),
    }
    for prefix, items in (("phq9", m.phq9_items), ("gad7", m.gad7_items)):
        for number, answer in enumerate(items or (), 1):
            data[f"{prefix}_{number}"] = str(answer)
    return {k: v for k, v in data.items() if v != ""}


BUILDERS = {
    "pain": pain_data,
    "exclusions": exclusions_data,
    "red_flags": red_flags_data,
    "labs": labs_data,
    "treatments": treatments_data,
    "medications": medications_data,
    "lifestyle": lifestyle_data,
    "gut": gut_data,
    "hormones": hormones_data,
    "mental": mental_data,
}


def section_data(name: str, value, *, version: int = 0) -> dict:
    data = BUILDERS[name](value)
    data["version"] = str(version)
    return data
