"""Document -> facts: validate a decoded fibro-workup/1 or fibro-workup/2 document section by
section.

A version 1 document is read as the version 2 document it is, without the fields version 2
added: such a field in a version 1 document is refused (naming it and the format it needs)
rather than read, since the sender wrote to a format that cannot hold it and something is off.
Code lists are the current ones for both versions, as the contract says of the lab catalogue.
"""

from __future__ import annotations

from datetime import date
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
    Patient,
    RedFlags,
    TreatmentTrial,
    WorkupFacts,
)
from workup.rules.labs import ANALYTES, units_hint

from .checks import (
    FORMATS,
    MAX_DURATION_MONTHS,
    MAX_LAB_VALUE,
    MAX_LENGTHS,
    MAX_ROWS,
    DocumentError,
    _boolean,
    _choice,
    _code_set,
    _date,
    _describe,
    _integer,
    _items,
    _list,
    _number,
    _Object,
    _optional_text,
    _plain_text,
    _shown,
    _text,
)

VERSION_1 = "fibro-workup/1"

# --- Sections ---------------------------------------------------------------------------------

_TOP_KEYS = (
    "format",
    "patient",
    "visit_date",
    "pain",
    "exclusions",
    "labs",
    "medications",
    "red_flags",
    "treatments",
    "lifestyle",
    "gut",
    "hormones",
    "mental",
)
_PATIENT_KEYS = ("mrn", "given_name", "family_name", "date_of_birth", "sex_at_birth")
_PAIN_KEYS = ("wpi_areas", "sss", "symptom_duration_months", "pain_nrs", "fiqr_total")
_EXCLUSION_KEYS = ("condition", "status", "note")
_LAB_KEYS = ("analyte", "status", "value", "unit", "collected_on", "ref_low", "ref_high")
_LAB_RESULT_KEYS = ("value", "unit", "ref_low", "ref_high")
_MEDICATION_KEYS = ("name", "class", "dose")
_TREATMENT_KEYS = ("drug", "weeks", "response", "stopped_for_adverse_effects", "dose")
_LIFESTYLE_KEYS = (
    "aerobic_minutes_per_week",
    "strength_sessions_per_week",
    "sleep_hours",
    "psqi_global",
    "isi_total",
    "stop_bang",
    "diet_pattern",
    "diets_tried",
    "height_cm",
    "weight_kg",
)
_GUT_KEYS = ("symptoms", "rome_iv_ibs", "microbiome_test", "sibo_breath_test", "probiotic_trial")
_HORMONE_KEYS = ("reproductive_stage", "cycle_related_flares", "hormone_therapy")
_MENTAL_KEYS = (
    "phq9_items",
    "phq9_total",
    "phq9_item9",
    "gad7_items",
    "gad7_total",
    "pss10_total",
    "ace_score",
    "pc_ptsd5",
)

# What version 2 added, by the object that holds it: a version 1 document may not use these.
V2_KEYS = {
    "": frozenset({"medications", "red_flags"}),
    "labs[]": frozenset({"status"}),
    "mental": frozenset({"phq9_total", "phq9_item9", "gad7_total"}),
}


def _needs_version_2(path: str) -> DocumentError:
    return DocumentError(path, f"needs format fibro-workup/2 (this document is {VERSION_1})")


def _refuse_v2_keys(o: _Object, added: frozenset, v1: bool) -> None:
    if v1:
        for key in o.data:
            if key in added:
                raise _needs_version_2(o.at(key))


def _opt(obj: _Object, key: str, check, *args):
    value = obj.get(key)
    return None if value is None else check(value, obj.at(key), *args)


def _patient(value: Any) -> Patient:
    o = _Object(value, "patient", _PATIENT_KEYS)
    return Patient(
        mrn=_text(o.required("mrn"), o.at("mrn"), MAX_LENGTHS["mrn"], blank_ok=False),
        given_name=_text(
            o.required("given_name"), o.at("given_name"), MAX_LENGTHS["given_name"], blank_ok=False
        ),
        family_name=_text(
            o.required("family_name"),
            o.at("family_name"),
            MAX_LENGTHS["family_name"],
            blank_ok=False,
        ),
        date_of_birth=_date(o.required("date_of_birth"), o.at("date_of_birth")),
        sex_at_birth=_choice(o.required("sex_at_birth"), o.at("sex_at_birth"), vocab.SEXES),
    )


def _pain(value: Any) -> Pain:
    o = _Object(value, "pain", _PAIN_KEYS)
    areas = _opt(o, "wpi_areas", _code_set, vocab.WPI_AREAS)
    parts: dict[str, Any] = dict.fromkeys(vocab.SSS_PARTS)
    if o.get("sss") is not None:
        sss = _Object(o.get("sss"), "pain.sss", vocab.SSS_PARTS)
        for name in vocab.SSS_SCALE_PARTS:
            parts[name] = _opt(sss, name, _integer, 0, 3)
        for name in vocab.SSS_YES_NO_PARTS:
            parts[name] = _opt(sss, name, _boolean)
    return Pain(
        wpi_areas=areas,
        **parts,
        symptom_duration_months=_opt(
            o, "symptom_duration_months", _integer, 0, MAX_DURATION_MONTHS
        ),
        pain_nrs=_opt(o, "pain_nrs", _integer, 0, 10),
        fiqr_total=_opt(o, "fiqr_total", _number, 0, 100),
    )


def _exclusions(value: Any) -> tuple[ExclusionFinding, ...]:
    out = []
    seen: dict[str, int] = {}
    for i, item in enumerate(_list(value, "exclusions")):
        o = _Object(item, f"exclusions[{i}]", _EXCLUSION_KEYS)
        condition = _choice(o.required("condition"), o.at("condition"), vocab.CONDITIONS)
        if condition in seen:
            raise DocumentError(
                o.at("condition"),
                f"{condition!r} is listed twice (also at exclusions[{seen[condition]}])",
            )
        seen[condition] = i
        status = _choice(o.required("status"), o.at("status"), vocab.EXCLUSION_STATUSES)
        note = _optional_text(o.get("note"), o.at("note"), MAX_LENGTHS["note"], multiline=True)
        out.append(ExclusionFinding(condition, status, note))
    return tuple(out)


def _lab(o: _Object, date_of_birth: date, today: date) -> LabResult:
    code = o.required("analyte")
    if not isinstance(code, str):
        raise DocumentError(o.at("analyte"), f"must be a string, got {_describe(code)}")
    analyte = ANALYTES.get(code)
    if analyte is None:
        raise DocumentError(
            o.at("analyte"), f"{_shown(code)} is not an analyte of the lab catalogue"
        )
    status = _opt(o, "status", _choice, vocab.LAB_STATUSES) or "resulted"
    number = unit = ref_low = ref_high = None
    if status == "resulted":
        number = _number(o.required("value"), o.at("value"), 0, MAX_LAB_VALUE)
        unit = o.required("unit")
        if not isinstance(unit, str):
            raise DocumentError(o.at("unit"), f"must be a string, got {_describe(unit)}")
        if analyte.unit(unit) is None:
            raise DocumentError(
                o.at("unit"), f"{_shown(unit)} is not a unit of {code}; use {units_hint(analyte)}"
            )
    else:
        for key in _LAB_RESULT_KEYS:
            if o.get(key) is not None:
                raise DocumentError(
                    o.at(key),
                    f"must be absent or null when status is {status}, got {_describe(o.get(key))}",
                )
    collected = _date(o.required("collected_on"), o.at("collected_on"))
    if collected > today:
        raise DocumentError(o.at("collected_on"), f"{collected} is in the future")
    if collected < date_of_birth:
        raise DocumentError(
            o.at("collected_on"), f"{collected} is before the date of birth {date_of_birth}"
        )
    if status == "resulted":
        ref_low = _opt(o, "ref_low", _number, 0, MAX_LAB_VALUE)
        ref_high = _opt(o, "ref_high", _number, 0, MAX_LAB_VALUE)
        if ref_low is not None and ref_high is not None and ref_low > ref_high:
            raise DocumentError(
                o.at("ref_high"),
                f"must not be below ref_low ({_plain_text(ref_low)}), got {_plain_text(ref_high)}",
            )
    return LabResult(code, number, unit, collected, ref_low, ref_high, status)


def _labs(value: Any, date_of_birth: date, today: date, v1: bool) -> tuple[LabResult, ...]:
    out = []
    for i, item in enumerate(_list(value, "labs", MAX_ROWS["labs"])):
        o = _Object(item, f"labs[{i}]", _LAB_KEYS)
        _refuse_v2_keys(o, V2_KEYS["labs[]"], v1)
        out.append(_lab(o, date_of_birth, today))
    return tuple(out)


def _medications(value: Any) -> tuple[Medication, ...]:
    out = []
    for i, item in enumerate(_list(value, "medications", MAX_ROWS["medications"])):
        o = _Object(item, f"medications[{i}]", _MEDICATION_KEYS)
        name_limit = MAX_LENGTHS["medication_name"]
        out.append(
            Medication(
                name=_text(o.required("name"), o.at("name"), name_limit, blank_ok=False),
                drug_class=_choice(o.required("class"), o.at("class"), vocab.MEDICATION_CLASSES),
                dose=_optional_text(o.get("dose"), o.at("dose"), MAX_LENGTHS["dose"]),
            )
        )
    return tuple(out)


def _red_flags(value: Any) -> RedFlags:
    o = _Object(value, "red_flags", vocab.RED_FLAGS)
    return RedFlags(**{question: _opt(o, question, _boolean) for question in vocab.RED_FLAGS})


def _treatments(value: Any) -> tuple[TreatmentTrial, ...]:
    out = []
    for i, item in enumerate(_list(value, "treatments", MAX_ROWS["treatments"])):
        o = _Object(item, f"treatments[{i}]", _TREATMENT_KEYS)
        stopped = o.get("stopped_for_adverse_effects")
        out.append(
            TreatmentTrial(
                drug=_choice(o.required("drug"), o.at("drug"), vocab.DRUGS),
                weeks=_integer(o.required("weeks"), o.at("weeks"), 0, 520),
                response=_choice(o.required("response"), o.at("response"), vocab.RESPONSES),
                stopped_for_adverse_effects=(
                    False
                    if stopped is None
                    else _boolean(stopped, o.at("stopped_for_adverse_effects"))
                ),
                dose=_optional_text(o.get("dose"), o.at("dose"), MAX_LENGTHS["dose"]),
            )
        )
    return tuple(out)


def _lifestyle(value: Any) -> Lifestyle:
    o = _Object(value, "lifestyle", _LIFESTYLE_KEYS)
    return Lifestyle(
        aerobic_minutes_per_week=_opt(o, "aerobic_minutes_per_week", _integer, 0, 5000),
        strength_sessions_per_week=_opt(o, "strength_sessions_per_week", _integer, 0, 21),
        sleep_hours=_opt(o, "sleep_hours", _number, 0, 24),
        psqi_global=_opt(o, "psqi_global", _integer, 0, 21),
        isi_total=_opt(o, "isi_total", _integer, 0, 28),
        stop_bang=_opt(o, "stop_bang", _integer, 0, 8),
        diet_pattern=_opt(o, "diet_pattern", _choice, vocab.DIET_PATTERNS),
        diets_tried=_opt(o, "diets_tried", _code_set, vocab.DIETS) or (),
        height_cm=_opt(o, "height_cm", _number, 50, 250),
        weight_kg=_opt(o, "weight_kg", _number, 20, 400),
    )


def _gut(value: Any) -> Gut:
    o = _Object(value, "gut", _GUT_KEYS)
    return Gut(
        symptoms=_opt(o, "symptoms", _code_set, vocab.GUT_SYMPTOMS) or (),
        rome_iv_ibs=_opt(o, "rome_iv_ibs", _boolean),
        microbiome_test=_opt(o, "microbiome_test", _choice, vocab.MICROBIOME_RESULTS) or "not_done",
        sibo_breath_test=_opt(o, "sibo_breath_test", _choice, vocab.SIBO_RESULTS) or "not_done",
        probiotic_trial=_opt(o, "probiotic_trial", _choice, vocab.PROBIOTIC_TRIALS) or "not_tried",
    )


def _hormones(value: Any) -> Hormones:
    o = _Object(value, "hormones", _HORMONE_KEYS)
    return Hormones(
        reproductive_stage=_opt(o, "reproductive_stage", _choice, vocab.REPRODUCTIVE_STAGES),
        cycle_related_flares=_opt(o, "cycle_related_flares", _choice, vocab.CYCLE_FLARES),
        hormone_therapy=_opt(o, "hormone_therapy", _choice, vocab.HORMONE_THERAPIES),
    )


def _mental(value: Any, v1: bool) -> Mental:
    """PHQ-9 and GAD-7 as items or as totals, never both; a PHQ-9 total brings its item 9 (the
    safety item), and item 9 comes only with a total (the items hold their own item 9)."""
    o = _Object(value, "mental", _MENTAL_KEYS)
    _refuse_v2_keys(o, V2_KEYS["mental"], v1)
    phq9_items = _opt(o, "phq9_items", _items, 9)
    phq9_total = _opt(o, "phq9_total", _integer, 0, 27)
    phq9_item9 = _opt(o, "phq9_item9", _integer, 0, 3)
    gad7_items = _opt(o, "gad7_items", _items, 7)
    gad7_total = _opt(o, "gad7_total", _integer, 0, 21)
    if phq9_items is not None and phq9_total is not None:
        raise DocumentError(o.at("phq9_total"), "give the items or the total, not both")
    if phq9_item9 is not None and phq9_total is None:
        beside = "; phq9_items already hold item 9" if phq9_items is not None else ""
        raise DocumentError(o.at("phq9_item9"), f"give it only with phq9_total{beside}")
    if phq9_total is not None and phq9_item9 is None:
        raise DocumentError(
            o.at("phq9_item9"), "required with phq9_total (the safety item is never left out)"
        )
    if phq9_total is not None and phq9_item9 > phq9_total:
        raise DocumentError(
            o.at("phq9_item9"), f"must not be above phq9_total ({phq9_total}), got {phq9_item9}"
        )
    if gad7_items is not None and gad7_total is not None:
        raise DocumentError(o.at("gad7_total"), "give the items or the total, not both")
    return Mental(
        phq9_items=phq9_items,
        gad7_items=gad7_items,
        phq9_total=phq9_total,
        phq9_item9=phq9_item9,
        gad7_total=gad7_total,
        pss10_total=_opt(o, "pss10_total", _integer, 0, 40),
        ace_score=_opt(o, "ace_score", _integer, 0, 10),
        pc_ptsd5=_opt(o, "pc_ptsd5", _integer, 0, 5),
    )


def facts_from_document(document: Any, *, today: date | None = None) -> WorkupFacts:
    """Validate a decoded `fibro-workup/1` or `fibro-workup/2` document and return its facts.

    `today` (default: the local date) bounds the visit and collection dates.
    Raises DocumentError("path", "message") at the first problem.
    """
    today = date.today() if today is None else today
    doc = _Object(document, "", _TOP_KEYS)
    fmt = doc.required("format")
    if fmt not in FORMATS:
        expected = " or ".join(repr(f) for f in FORMATS)
        raise DocumentError("format", f"must be {expected}, got {_describe(fmt)}")
    v1 = fmt == VERSION_1
    _refuse_v2_keys(doc, V2_KEYS[""], v1)
    patient = _patient(doc.required("patient"))
    visit = _date(doc.required("visit_date"), "visit_date")
    if visit > today:
        raise DocumentError("visit_date", f"{visit} is in the future")
    if patient.date_of_birth > visit:
        raise DocumentError(
            "patient.date_of_birth", f"{patient.date_of_birth} is after the visit date {visit}"
        )
    get = doc.get
    born = patient.date_of_birth
    return WorkupFacts(
        patient=patient,
        visit_date=visit,
        pain=None if get("pain") is None else _pain(get("pain")),
        exclusions=() if get("exclusions") is None else _exclusions(get("exclusions")),
        labs=() if get("labs") is None else _labs(get("labs"), born, today, v1),
        medications=None if get("medications") is None else _medications(get("medications")),
        red_flags=None if get("red_flags") is None else _red_flags(get("red_flags")),
        treatments=None if get("treatments") is None else _treatments(get("treatments")),
        lifestyle=None if get("lifestyle") is None else _lifestyle(get("lifestyle")),
        gut=None if get("gut") is None else _gut(get("gut")),
        hormones=None if get("hormones") is None else _hormones(get("hormones")),
        mental=None if get("mental") is None else _mental(get("mental"), v1),
    )
