"""The lab catalogue: units, conversions, ranges, and which result counts (spec section 4)."""

from datetime import date

import pytest

from tests.rules.builders import VISIT, lab, not_done, patient, pending, workup
from workup.rules.catalogue.base import Context
from workup.rules.facts import WorkupFacts, age_on
from workup.rules.labs import (
    ANALYTES,
    latest_readings,
    latest_rows,
    open_pending,
    reading_of,
    units_hint,
)

SPEC_CATALOGUE = {
    # code: (canonical unit, other accepted units, LOINC, lab range may replace the default)
    "tsh": ("mIU/L", ("uIU/mL",), "3016-3", True),
    "free_t4": ("ng/dL", ("pmol/L",), "3024-7", True),
    "esr": ("mm/h", (), "4537-7", False),
    "crp": ("mg/L", ("mg/dL",), "1988-5", True),
    "ck": ("U/L", (), "2157-6", True),
    "ana": ("titer", (), "5048-4", False),
    "rf": ("IU/mL", ("kIU/L",), "11572-5", True),
    "anti_ccp": ("U/mL", (), "32218-0", True),
    "hemoglobin": ("g/dL", ("g/L",), "718-7", True),
    "hba1c": ("%", ("mmol/mol",), "4548-4", False),
    "vitamin_d_25oh": ("ng/mL", ("nmol/L",), "62292-8", False),
    "b12": ("pg/mL", ("pmol/L",), "2132-9", False),
    "folate": ("ng/mL", ("nmol/L",), "2284-8", False),
    "ferritin": ("ng/mL", ("ug/L",), "2276-4", False),
    "magnesium_serum": ("mmol/L", ("mg/dL", "mEq/L"), "19123-9", False),
    "magnesium_rbc": ("mg/dL", ("mmol/L",), "29900-7", True),
    "zinc": ("ug/dL", ("umol/L",), "5763-8", True),
    "testosterone_total": ("ng/dL", ("nmol/L",), "2986-8", True),
    "cortisol_am": ("ug/dL", ("nmol/L",), "2143-6", True),
    "estradiol": ("pg/mL", ("pmol/L",), "2243-4", False),
    "progesterone": ("ng/mL", ("nmol/L",), "2839-9", False),
    "fsh": ("IU/L", ("mIU/mL",), "15067-2", False),
    "ttg_iga": ("U/mL", (), "31017-7", True),
    "iga_total": ("g/L", ("mg/dL",), "2458-8", True),
}


def test_catalogue_matches_the_spec_table():
    assert list(ANALYTES) == list(SPEC_CATALOGUE)
    for code, (unit, others, loinc, lab_range) in SPEC_CATALOGUE.items():
        a = ANALYTES[code]
        assert a.canonical_unit == unit
        assert a.unit_codes == (unit, *others)
        assert a.loinc == loinc
        assert a.lab_range_allowed is lab_range


# Each accepted non-canonical unit: an entered value and its canonical equivalent by the spec.
CONVERSIONS = [
    ("tsh", "uIU/mL", 2.5, 2.5),
    ("free_t4", "pmol/L", 12.87, 1.0),
    ("free_t4", "pmol/L", 21.879, 1.7),
    ("crp", "mg/dL", 0.5, 5.0),
    ("crp", "mg/dL", 1.2, 12.0),
    ("rf", "kIU/L", 14, 14.0),
    ("hemoglobin", "g/L", 120, 12.0),
    ("hemoglobin", "g/L", 135, 13.5),
    ("hba1c", "mmol/mol", 48, 48 / 10.929 + 2.15),
    ("hba1c", "mmol/mol", 0, 2.15),
    ("vitamin_d_25oh", "nmol/L", 49.92, 20.0),
    ("vitamin_d_25oh", "nmol/L", 74.88, 30.0),
    ("b12", "pmol/L", 147.56, 200.0),
    ("b12", "pmol/L", 221.34, 300.0),
    ("folate", "nmol/L", 6.798, 3.0),
    ("ferritin", "ug/L", 30, 30.0),
    ("magnesium_serum", "mg/dL", 2.0, 0.8228),
    ("magnesium_serum", "mEq/L", 1.4, 0.7),
    ("magnesium_serum", "mEq/L", 1.7, 0.85),
    ("magnesium_rbc", "mmol/L", 1.72788, 4.2),
    ("zinc", "umol/L", 10.71, 70.0),
    ("zinc", "umol/L", 11.322, 74.0),
    ("testosterone_total", "nmol/L", 10.4, 299.936),
    ("testosterone_total", "nmol/L", 9.15, 263.886),
    ("iga_total", "mg/dL", 7, 0.07),
    ("iga_total", "mg/dL", 150, 1.5),
    ("cortisol_am", "nmol/L", 137.95, 5.0),
    ("estradiol", "pmol/L", 367.1, 100.0),
    ("progesterone", "nmol/L", 3.18, 1.0),
    ("fsh", "mIU/mL", 7, 7.0),
]


@pytest.mark.parametrize(("analyte", "unit", "entered", "canonical"), CONVERSIONS)
def test_each_accepted_unit_converts_to_the_canonical_unit(analyte, unit, entered, canonical):
    assert ANALYTES[analyte].to_canonical(entered, unit) == pytest.approx(canonical, abs=1e-9)


def test_every_non_canonical_unit_has_a_conversion_test():
    tested = {(a, u) for a, u, _, _ in CONVERSIONS}
    for a in ANALYTES.values():
        for unit in a.unit_codes[1:]:
            assert (a.code, unit) in tested


@pytest.mark.parametrize("code", list(ANALYTES))
def test_canonical_unit_is_identity(code):
    a = ANALYTES[code]
    assert a.to_canonical(12.5, a.canonical_unit) == 12.5


@pytest.mark.parametrize(
    ("analyte", "unit", "threshold"),
    [
        ("vitamin_d_25oh", "nmol/L", 20), ("vitamin_d_25oh", "nmol/L", 30),
        ("b12", "pmol/L", 200), ("b12", "pmol/L", 300), ("folate", "nmol/L", 3),
        ("magnesium_serum", "mg/dL", 0.70), ("magnesium_serum", "mg/dL", 0.85),
        ("magnesium_serum", "mEq/L", 0.70), ("hemoglobin", "g/L", 12), ("zinc", "umol/L", 70),
        ("testosterone_total", "nmol/L", 264), ("cortisol_am", "nmol/L", 5),
        ("free_t4", "pmol/L", 0.9), ("free_t4", "pmol/L", 1.7), ("crp", "mg/dL", 5),
        ("magnesium_rbc", "mmol/L", 4.2), ("hba1c", "mmol/mol", 6.5),
        ("iga_total", "mg/dL", 0.07),
    ],
)  # fmt: skip
def test_a_threshold_entered_in_another_unit_converts_back_exactly(analyte, unit, threshold):
    a = ANALYTES[analyte]
    there = a.unit(unit).from_canonical(threshold)
    assert a.to_canonical(there, unit) == threshold


def test_hba1c_mmol_per_mol_conversion_is_affine_not_a_factor():
    a = ANALYTES["hba1c"]
    assert a.to_canonical(0, "mmol/mol") == 2.15
    assert a.to_canonical(48, "mmol/mol") == pytest.approx(6.542, abs=1e-3)


def test_unknown_unit_is_refused():
    with pytest.raises(KeyError):
        ANALYTES["ferritin"].to_canonical(30, "mg")
    assert units_hint(ANALYTES["ferritin"]) == "ng/mL or ug/L"
    assert units_hint(ANALYTES["magnesium_serum"]) == "mmol/L, mg/dL or mEq/L"
    assert units_hint(ANALYTES["esr"]) == "mm/h"


@pytest.mark.parametrize(
    ("sex", "age", "limit"),
    [
        ("male", 56, 28), ("male", 57, 28.5), ("female", 56, 33), ("female", 57, 33.5),
        ("intersex", 56, 33), ("unknown", 56, 33), ("female", 20, 15),
    ],
)  # fmt: skip
def test_esr_upper_limit_by_age_and_sex(sex, age, limit):
    rng = ANALYTES["esr"].default_range(sex, age)
    assert rng.high == limit
    assert f"{age}-year-old" in rng.high_text


@pytest.mark.parametrize(
    ("code", "sex", "low", "high"),
    [
        ("ck", "female", None, 192), ("ck", "intersex", None, 192), ("ck", "unknown", None, 192),
        ("ck", "male", None, 308), ("hemoglobin", "female", 12, None),
        ("hemoglobin", "unknown", 12, None), ("hemoglobin", "male", 13, None),
        ("zinc", "female", 70, None), ("zinc", "intersex", 70, None), ("zinc", "male", 74, None),
        ("tsh", "female", 0.4, 4.0), ("free_t4", "male", 0.9, 1.7), ("crp", "male", None, 5),
        ("rf", "female", None, 14), ("anti_ccp", "female", None, 20),
        ("magnesium_rbc", "female", 4.2, None), ("cortisol_am", "male", 5, None),
        ("testosterone_total", "male", 264, None), ("ttg_iga", "female", None, 15),
        ("ttg_iga", "male", None, 15), ("iga_total", "female", 0.07, None),
    ],
)  # fmt: skip
def test_default_ranges_by_sex(code, sex, low, high):
    rng = ANALYTES[code].default_range(sex, 50)
    assert (rng.low, rng.high) == (low, high)


def test_testosterone_has_no_default_range_except_for_men():
    for sex in ("female", "intersex", "unknown"):
        assert ANALYTES["testosterone_total"].default_range(sex, 50) is None


def test_context_only_hormones_have_no_range():
    for code in ("estradiol", "progesterone", "fsh"):
        assert ANALYTES[code].default_range("female", 40) is None


def test_range_status_for_form_markers():
    rng = ANALYTES["tsh"].default_range("female", 40)
    assert [rng.status(v) for v in (0.39, 0.4, 2, 4.0, 4.01)] == [
        "low", "normal", "normal", "normal", "high",
    ]  # fmt: skip
    ccp = ANALYTES["anti_ccp"].default_range("female", 40)
    assert [ccp.status(v) for v in (19.9, 20, 20.1)] == ["normal", "high", "high"]


def test_lab_reference_limits_replace_the_default_where_allowed_each_on_its_own():
    tsh = ANALYTES["tsh"]
    rng = tsh.reference_range("female", 40, lab("tsh", 4.5, ref_high=5.0))
    assert (rng.low, rng.high) == (0.4, 5.0)
    assert "laboratory's upper limit 5 mIU/L" in rng.high_text
    rng = tsh.reference_range("female", 40, lab("tsh", 0.35, ref_low=0.3))
    assert (rng.low, rng.high) == (0.3, 4.0)


def test_lab_reference_limits_are_converted_from_the_entered_unit():
    rng = ANALYTES["crp"].reference_range("female", 40, lab("crp", 0.8, "mg/dL", ref_high=1.0))
    assert rng.high == 10.0
    assert "1 mg/dL (10 mg/L)" in rng.high_text


@pytest.mark.parametrize("code", ["esr", "ana", "hba1c", "vitamin_d_25oh", "ferritin", "b12"])
def test_lab_reference_limits_never_replace_fixed_decision_thresholds(code):
    a = ANALYTES[code]
    given = lab(code, 10, ref_low=1, ref_high=2)
    assert a.reference_range("female", 56, given) == a.default_range("female", 56)


def test_latest_collection_date_wins_whatever_the_order():
    labs = (
        lab("tsh", 9.0, on="2026-11-10"),
        lab("tsh", 2.0, on="2026-11-15"),
        lab("tsh", 7.0, on="2026-10-01"),
    )
    assert latest_readings(labs, "female", 50)["tsh"].value == 2.0


def test_same_day_results_are_broken_by_the_later_position():
    labs = (lab("tsh", 9.0, on="2026-11-15"), lab("tsh", 2.0, on="2026-11-15"))
    assert latest_readings(labs, "female", 50)["tsh"].value == 2.0
    assert latest_readings(labs[::-1], "female", 50)["tsh"].value == 9.0


def test_reading_text_names_value_unit_conversion_and_date():
    r = latest_readings((lab("vitamin_d_25oh", 45, "nmol/L"),), "female", 50)["vitamin_d_25oh"]
    assert r.text() == "25-OH vitamin D 45 nmol/L (18 ng/mL) on 2026-11-01"


def test_converted_value_is_never_shown_rounded_onto_the_limit_it_was_compared_with():
    r = latest_readings((lab("vitamin_d_25oh", 49.9, "nmol/L"),), "female", 50)["vitamin_d_25oh"]
    assert r.value < 20
    assert "(19.99 ng/mL)" in r.text((20,))


@pytest.mark.parametrize(
    ("born", "age"),
    [(date(1970, 11, 20), 56), (date(1970, 11, 21), 55), (date(1970, 11, 19), 56)],
)
def test_age_is_taken_at_the_visit_date(born, age):
    assert age_on(born, VISIT) == age


def test_context_uses_age_at_visit_for_esr():
    facts = workup(sex="male", age=60, labs=(lab("esr", 31),))
    assert Context(facts).readings["esr"].range.high == 30
    assert isinstance(facts, WorkupFacts)
    assert patient("male", 60).date_of_birth.year == VISIT.year - 60


def test_reading_of_one_result_gives_converted_value_range_and_marker_for_forms():
    r = reading_of(lab("hemoglobin", 115, "g/L"), "female", 40)
    assert r.value == 11.5
    assert r.status == "low"
    assert r.value_text() == "115 g/L (11.5 g/dL)"
    assert r.range.description == "lower limit 12 g/dL (default for a female patient)"
    assert reading_of(lab("estradiol", 100), "female", 40).status is None
    assert reading_of(lab("tsh", 2.0, "uIU/mL"), "male", 40).status == "normal"


def test_the_laboratory_limit_replaces_the_assay_specific_ttg_iga_limit():
    rng = ANALYTES["ttg_iga"].reference_range("female", 40, lab("ttg_iga", 8, ref_high=7))
    assert rng.high == 7
    assert rng.above(7.1) and not rng.above(7)


def test_testosterone_lower_limit_is_the_bhasin_2018_harmonised_264():
    rng = ANALYTES["testosterone_total"].default_range("male", 50)
    assert rng.low == 264
    assert "Bhasin 2018" in rng.low_text
    assert rng.below(263.9) and not rng.below(264)


def test_pending_and_not_done_rows_are_never_readings():
    labs = (
        lab("tsh", 2.0, on="2026-10-01"),
        pending("tsh", on="2026-11-10"),
        not_done("ck", on="2026-11-10"),
        pending("crp", on="2026-11-10"),
    )
    readings = latest_readings(labs, "female", 50)
    assert set(readings) == {"tsh"}
    assert readings["tsh"].value == 2.0
    assert set(open_pending(labs)) == {"tsh", "crp"}
    with pytest.raises(ValueError, match="not a reading"):
        reading_of(pending("tsh"), "female", 50)


@pytest.mark.parametrize(
    ("rows", "open_"),
    [
        ((pending("ck", on="2026-11-01"), lab("ck", 100, on="2026-11-10")), False),
        ((lab("ck", 100, on="2026-11-01"), pending("ck", on="2026-11-10")), True),
        ((pending("ck", on="2026-11-10"), not_done("ck", on="2026-11-10")), False),
        ((not_done("ck", on="2026-11-10"), pending("ck", on="2026-11-10")), True),
    ],
)
def test_an_open_pending_row_is_the_latest_row_of_any_status(rows, open_):
    assert ("ck" in open_pending(rows)) is open_
    assert latest_rows(rows)["ck"] is rows[-1]


def test_context_reads_results_and_open_pending_rows_separately():
    facts = workup(labs=(pending("ttg_iga"), not_done("tsh"), lab("ck", 90)))
    ctx = Context(facts)
    assert ctx.lab("ttg_iga") is None and ctx.lab("tsh") is None
    assert ctx.has_result_or_pending("ttg_iga") and ctx.has_result_or_pending("ck")
    assert not ctx.has_result_or_pending("tsh")
