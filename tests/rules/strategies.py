"""Hypothesis strategies: valid fibro-workup/2 documents, and mutations that make them invalid.

Documents use what version 2 added: the medication list, the red-flag questions, lab rows that
are pending or not done, rectal bleeding among gut symptoms, and PHQ-9 / GAD-7 entered as
totals (a PHQ-9 total always with its item 9).

Each mutation knows the field path the validator must name, so the tests can check that the
first error reported is exactly the one introduced.
"""

from __future__ import annotations

import copy
from datetime import date, timedelta

from hypothesis import strategies as st

from workup.rules import vocab
from workup.rules.labs import ANALYTES

TODAY = date.today()
FIRST = date(1920, 1, 1)


def _iso(d: date) -> str:
    return d.isoformat()


def _maybe(strategy):
    return st.one_of(st.none(), strategy)


def _subset(choices):
    return st.lists(st.sampled_from(choices), unique=True)


# Free text a document may hold: no control characters, lone surrogates or bidirectional
# override characters (workup-document.md).
_BIDI_OVERRIDES = "".join(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))
_free_text = st.text(
    st.characters(exclude_categories=("Cc", "Cs"), exclude_characters=_BIDI_OVERRIDES),
    max_size=20,
)

_decimal = st.floats(min_value=0, max_value=100, allow_nan=False, allow_infinity=False)


@st.composite
def _pain(draw):
    sss = draw(
        _maybe(
            st.fixed_dictionaries(
                {},
                optional={
                    "fatigue": _maybe(st.integers(0, 3)),
                    "waking_unrefreshed": _maybe(st.integers(0, 3)),
                    "cognitive": _maybe(st.integers(0, 3)),
                    "headaches": _maybe(st.booleans()),
                    "lower_abdominal_pain": _maybe(st.booleans()),
                    "depression": _maybe(st.booleans()),
                },
            )
        )
    )
    return draw(
        st.fixed_dictionaries(
            {},
            optional={
                "wpi_areas": _maybe(_subset(vocab.WPI_AREAS)),
                "sss": st.just(sss),
                "symptom_duration_months": _maybe(st.integers(0, 600)),
                "pain_nrs": _maybe(st.integers(0, 10)),
                "fiqr_total": _maybe(_decimal),
            },
        )
    )


@st.composite
def _exclusions(draw):
    conditions = draw(_subset(tuple(vocab.CONDITIONS)))
    out = []
    for c in conditions:
        item = {"condition": c, "status": draw(st.sampled_from(vocab.EXCLUSION_STATUSES))}
        note = draw(_maybe(_free_text))
        if note is not None:
            item["note"] = note
        out.append(item)
    return out


@st.composite
def _lab(draw, born: date, today: date):
    analyte = draw(st.sampled_from(tuple(ANALYTES.values())))
    days = (today - born).days
    collected_on = _iso(born + timedelta(days=draw(st.integers(0, days))))
    status = draw(st.sampled_from(["resulted", "resulted", "resulted", "pending", "not_done"]))
    if status != "resulted":
        item = {"analyte": analyte.code, "status": status, "collected_on": collected_on}
        for key in draw(_subset(("value", "unit", "ref_low", "ref_high"))):
            item[key] = None  # absent or null: the same for a row without a result
        return item
    unit = draw(st.sampled_from(analyte.unit_codes))
    value = draw(
        st.one_of(st.integers(0, 500), st.floats(0, 500), st.floats(0, 1_000_000), st.just(0))
    )
    item = {"analyte": analyte.code, "value": value, "unit": unit, "collected_on": collected_on}
    if draw(st.booleans()):
        item["status"] = "resulted"
    refs = draw(st.lists(st.floats(0, 1_000_000), max_size=2))
    if len(refs) == 2:
        item["ref_low"], item["ref_high"] = sorted(refs)
    elif refs and draw(st.booleans()):
        item["ref_high"] = refs[0]
    elif refs:
        item["ref_low"] = refs[0]
    return item


_treatment = st.fixed_dictionaries(
    {
        "drug": st.sampled_from(vocab.DRUGS),
        "weeks": st.integers(0, 520),
        "response": st.sampled_from(vocab.RESPONSES),
    },
    optional={
        "stopped_for_adverse_effects": st.booleans(),
        "dose": _maybe(st.sampled_from(["10 mg", "60 mg daily", ""])),
    },
)

_medication = st.fixed_dictionaries(
    {
        "name": st.sampled_from(
            ["amitriptyline", "tramadol", "atorvastatin", "zopiclone", "Pregabalin 75", "Zoë's"]
        ),
        "class": st.sampled_from(vocab.MEDICATION_CLASSES),
    },
    optional={"dose": _maybe(st.sampled_from(["10 mg at night", "50 mg", ""]))},
)

_red_flags = st.fixed_dictionaries(
    {}, optional={question: _maybe(st.booleans()) for question in vocab.RED_FLAGS}
)

_lifestyle = st.fixed_dictionaries(
    {},
    optional={
        "aerobic_minutes_per_week": _maybe(st.integers(0, 5000)),
        "strength_sessions_per_week": _maybe(st.integers(0, 21)),
        "sleep_hours": _maybe(st.floats(0, 24, allow_nan=False)),
        "psqi_global": _maybe(st.integers(0, 21)),
        "isi_total": _maybe(st.integers(0, 28)),
        "stop_bang": _maybe(st.integers(0, 8)),
        "diet_pattern": _maybe(st.sampled_from(vocab.DIET_PATTERNS)),
        "diets_tried": _maybe(_subset(vocab.DIETS)),
        "height_cm": _maybe(st.floats(50, 250, allow_nan=False)),
        "weight_kg": _maybe(st.one_of(st.integers(20, 400), st.floats(20, 400, allow_nan=False))),
    },
)

_gut = st.fixed_dictionaries(
    {},
    optional={
        "symptoms": _maybe(_subset(vocab.GUT_SYMPTOMS)),
        "rome_iv_ibs": _maybe(st.booleans()),
        "microbiome_test": _maybe(st.sampled_from(vocab.MICROBIOME_RESULTS)),
        "sibo_breath_test": _maybe(st.sampled_from(vocab.SIBO_RESULTS)),
        "probiotic_trial": _maybe(st.sampled_from(vocab.PROBIOTIC_TRIALS)),
    },
)

_hormones = st.fixed_dictionaries(
    {},
    optional={
        "reproductive_stage": _maybe(st.sampled_from(vocab.REPRODUCTIVE_STAGES)),
        "cycle_related_flares": _maybe(st.sampled_from(vocab.CYCLE_FLARES)),
        "hormone_therapy": _maybe(st.sampled_from(vocab.HORMONE_THERAPIES)),
    },
)


@st.composite
def _mental(draw):
    mental = draw(
        st.fixed_dictionaries(
            {},
            optional={
                "pss10_total": _maybe(st.integers(0, 40)),
                "ace_score": _maybe(st.integers(0, 10)),
                "pc_ptsd5": _maybe(st.integers(0, 5)),
            },
        )
    )
    phq9 = draw(st.sampled_from(["absent", "null", "items", "total"]))
    if phq9 == "null":
        mental["phq9_items"] = None
    elif phq9 == "items":
        mental["phq9_items"] = draw(st.lists(st.integers(0, 3), min_size=9, max_size=9))
    elif phq9 == "total":
        total = draw(st.integers(0, 27))
        mental["phq9_total"] = total
        mental["phq9_item9"] = draw(st.integers(max(0, total - 24), min(3, total)))
    gad7 = draw(st.sampled_from(["absent", "null", "items", "total"]))
    if gad7 == "null":
        mental["gad7_items"] = None
    elif gad7 == "items":
        mental["gad7_items"] = draw(st.lists(st.integers(0, 3), min_size=7, max_size=7))
    elif gad7 == "total":
        mental["gad7_total"] = draw(st.integers(0, 21))
    return mental


@st.composite
def documents(draw, today: date = TODAY):
    """A valid fibro-workup/2 document (visit and collection dates not after `today`)."""
    visit = draw(st.dates(date(2000, 1, 1), today))
    born = draw(st.dates(FIRST, visit))
    doc = {
        "format": "fibro-workup/2",
        "patient": {
            "mrn": draw(st.text("ABCDEFGHJK0123456789", min_size=1, max_size=10)),
            "given_name": draw(st.sampled_from(["Ana", "Joao", "Lea", "Sam", "Zoë"])),
            "family_name": draw(st.sampled_from(["Silva", "Nguyen", "O'Brien", "Müller"])),
            "date_of_birth": _iso(born),
            "sex_at_birth": draw(st.sampled_from(vocab.SEXES)),
        },
        "visit_date": _iso(visit),
    }
    sections = {
        "pain": _pain(),
        "exclusions": _exclusions(),
        "labs": st.lists(_lab(born, today), max_size=8),
        "medications": st.lists(_medication, max_size=4),
        "red_flags": _red_flags,
        "treatments": st.lists(_treatment, max_size=4),
        "lifestyle": _lifestyle,
        "gut": _gut,
        "hormones": _hormones,
        "mental": _mental(),
    }
    for name, strategy in sections.items():
        present = draw(st.sampled_from(["absent", "null", "present", "present"]))
        if present == "null":
            doc[name] = None
        elif present == "present":
            doc[name] = draw(strategy)
    return doc


# --- Mutations ---------------------------------------------------------------------------------

BAD_TYPE = object()  # placeholder replaced by a value of the wrong type for the field


def _fields(doc: dict):
    """(path, container, key, kind) of every leaf field that is present and not null."""
    kinds = {
        "pain.symptom_duration_months": "int",
        "pain.pain_nrs": "int",
        "pain.fiqr_total": "number",
        "lifestyle.aerobic_minutes_per_week": "int",
        "lifestyle.strength_sessions_per_week": "int",
        "lifestyle.sleep_hours": "number",
        "lifestyle.psqi_global": "int",
        "lifestyle.isi_total": "int",
        "lifestyle.stop_bang": "int",
        "lifestyle.height_cm": "number",
        "lifestyle.weight_kg": "number",
        "mental.pss10_total": "int",
        "mental.phq9_total": "int",
        "mental.phq9_item9": "int",
        "mental.gad7_total": "int",
        "mental.ace_score": "int",
        "mental.pc_ptsd5": "int",
    }
    out = []
    for path, kind in kinds.items():
        section, key = path.split(".")
        container = doc.get(section)
        if isinstance(container, dict) and container.get(key) is not None:
            out.append((path, container, key, kind))
    sss = (doc.get("pain") or {}).get("sss")
    if isinstance(sss, dict):
        for key, value in sss.items():
            if value is not None:
                kind = "int" if key in vocab.SSS_SCALE_PARTS else "bool"
                out.append((f"pain.sss.{key}", sss, key, kind))
    for name in ("phq9_items", "gad7_items"):
        values = (doc.get("mental") or {}).get(name)
        if values:
            for i in range(len(values)):
                out.append((f"mental.{name}[{i}]", values, i, "item"))
    for i, lab in enumerate(doc.get("labs") or []):
        if lab.get("value") is not None:  # resulted rows only: the others have no value
            out.append((f"labs[{i}].value", lab, "value", "lab_value"))
    for i, t in enumerate(doc.get("treatments") or []):
        out.append((f"treatments[{i}].weeks", t, "weeks", "weeks"))
    return out


OUT_OF_RANGE = {
    "int": [-1, 100_000],
    "number": [-0.5, 100_000.5],
    "item": [-1, 4],
    "lab_value": [-0.001, 1_000_000.5],
    "weeks": [-1, 521],
}
WRONG_TYPE = {
    "int": [True, "3", 2.5, [1]],
    "number": [False, "7.5", {}],
    "item": [True, "1", 1.5, None],
    "lab_value": [True, "2.1", None],
    "weeks": [False, "12", 4.5],
    "bool": [1, 0, "true", "yes"],
}


def _objects(doc: dict):
    """(path, object) of every JSON object in the document, the root included."""
    out = [("", doc)]
    for key, value in doc.items():
        if isinstance(value, dict):
            out.append((key, value))
            if key == "pain" and isinstance(value.get("sss"), dict):
                out.append(("pain.sss", value["sss"]))
        elif isinstance(value, list):
            out.extend(
                (f"{key}[{i}]", item) for i, item in enumerate(value) if isinstance(item, dict)
            )
    return out


@st.composite
def invalid_documents(draw, today: date = TODAY):
    """(document, path): a valid document with one mutation, and the path the error must name."""
    doc = copy.deepcopy(draw(documents(today)))
    kinds = ["unknown_key"]
    fields = _fields(doc)
    numeric = [f for f in fields if f[3] in OUT_OF_RANGE]
    if numeric:
        kinds.append("out_of_range")
    if fields:
        kinds.append("wrong_type")
    resulted = [i for i, lab in enumerate(doc.get("labs") or []) if lab.get("unit") is not None]
    if resulted:
        kinds.append("bad_unit")
    if doc.get("exclusions"):
        kinds.append("duplicate_condition")
    kind = draw(st.sampled_from(kinds))
    if kind == "unknown_key":
        path, obj = draw(st.sampled_from(_objects(doc)))
        obj["zz_unknown"] = 1
        return doc, f"{path}.zz_unknown" if path else "zz_unknown"
    if kind == "out_of_range":
        path, container, key, k = draw(st.sampled_from(numeric))
        container[key] = draw(st.sampled_from(OUT_OF_RANGE[k]))
        return doc, path
    if kind == "wrong_type":
        path, container, key, k = draw(st.sampled_from(fields))
        container[key] = draw(st.sampled_from(WRONG_TYPE[k]))
        return doc, path
    if kind == "bad_unit":
        i = draw(st.sampled_from(resulted))
        doc["labs"][i]["unit"] = draw(st.sampled_from(["mg", "furlongs", "", "MG/L"]))
        return doc, f"labs[{i}].unit"
    i = draw(st.integers(0, len(doc["exclusions"]) - 1))
    doc["exclusions"].append(dict(doc["exclusions"][i]))
    return doc, f"exclusions[{len(doc['exclusions']) - 1}].condition"
