"""GUT and HORM rules (alarm features and coeliac serology: test_rules_gut_alarm.py)."""

from dataclasses import replace

import pytest

from tests.rules.builders import (
    BASELINE_LABS,
    complete_workup,
    lab,
    lab_case,
    medication,
    run,
    severity,
)
from workup.rules.facts import Gut, Hormones

GUT_CASES = [
    ("GUT.IBS", Gut(rome_iv_ibs=True), "moderate"),
    ("GUT.IBS", Gut(rome_iv_ibs=False), None),
    ("GUT.IBS", Gut(rome_iv_ibs=None), None),
    ("GUT.DYSBIOSIS", Gut(microbiome_test="dysbiosis"), "info"),
    ("GUT.DYSBIOSIS", Gut(microbiome_test="normal"), None),
    ("GUT.DYSBIOSIS", Gut(microbiome_test="not_done"), None),
    ("GUT.SIBO", Gut(sibo_breath_test="positive"), "moderate"),
    ("GUT.SIBO", Gut(sibo_breath_test="negative"), None),
    ("GUT.SIBO", Gut(sibo_breath_test="not_done"), None),
    ("GUT.SYMPTOMS_UNEVALUATED", Gut(symptoms=("bloating",)), None),
    ("GUT.SYMPTOMS_UNEVALUATED", Gut(symptoms=("bloating", "nausea")), "low"),
    ("GUT.SYMPTOMS_UNEVALUATED", Gut(symptoms=("bloating", "reflux", "nausea")), "low"),
    ("GUT.SYMPTOMS_UNEVALUATED", Gut(symptoms=("bloating", "nausea"), rome_iv_ibs=False), None),
    ("GUT.SYMPTOMS_UNEVALUATED", Gut(symptoms=("bloating", "nausea"), rome_iv_ibs=True), None),
    # Microbiome and breath tests no longer count as an evaluation.
    (
        "GUT.SYMPTOMS_UNEVALUATED",
        Gut(symptoms=("bloating", "nausea"), microbiome_test="normal"),
        "low",
    ),
    (
        "GUT.SYMPTOMS_UNEVALUATED",
        Gut(symptoms=("bloating", "nausea"), sibo_breath_test="negative"),
        "low",
    ),
    (
        "GUT.SYMPTOMS_UNEVALUATED",
        Gut(symptoms=("bloating", "nausea"), microbiome_test="dysbiosis"),
        "low",
    ),
    (
        "GUT.SYMPTOMS_UNEVALUATED",
        Gut(symptoms=("bloating", "nausea"), probiotic_trial="no_response"),
        "low",
    ),
]


@pytest.mark.parametrize(("code", "gut", "expected"), GUT_CASES)
def test_gut_rules(code, gut, expected):
    assert severity(complete_workup(gut=gut), code) == expected


def test_absent_gut_is_not_assessed_and_raises_nothing_else():
    evaluation = run(complete_workup(gut=None))
    assert [f.code for f in evaluation.flags if f.area == "gut"] == ["GUT.NOT_ASSESSED"]
    assert evaluation.completeness.gut is False
    assert severity(complete_workup(gut=Gut()), "GUT.NOT_ASSESSED") is None


def test_unevaluated_symptoms_are_named():
    facts = complete_workup(gut=Gut(symptoms=("bloating", "diarrhoea")))
    assert "bloating and diarrhoea" in run(facts).flag("GUT.SYMPTOMS_UNEVALUATED").because


def test_microbiome_text_says_not_to_act_on_a_commercial_test():
    flag = run(complete_workup(gut=Gut(microbiome_test="dysbiosis"))).flag("GUT.DYSBIOSIS")
    assert (flag.severity, flag.action) == ("info", "consider")
    assert flag.recommendation.startswith(
        "Commercial microbiome tests are not validated for diagnosis or treatment; do not act on "
        "this result."
    )
    assert {e.tier for e in flag.evidence} == {"D", "E"}


def test_ibs_text_puts_alarm_features_and_coeliac_serology_first():
    flag = run(complete_workup(gut=Gut(rome_iv_ibs=True))).flag("GUT.IBS")
    assert "IBS care starts once alarm features" in flag.recommendation
    assert "are excluded" in flag.recommendation
    assert "coeliac serology is part of the standard work-up (BSG 2021)" in flag.recommendation
    assert flag.evidence[0].source.startswith("BSG 2021")


HORMONE_CASES = [
    ("HORM.CYCLE_FLARES", Hormones(cycle_related_flares="follicular"), "low"),
    ("HORM.CYCLE_FLARES", Hormones(cycle_related_flares="menstrual"), "low"),
    ("HORM.CYCLE_FLARES", Hormones(cycle_related_flares="luteal"), "low"),
    ("HORM.CYCLE_FLARES", Hormones(cycle_related_flares="none"), None),
    ("HORM.CYCLE_FLARES", Hormones(cycle_related_flares="unknown"), None),
    ("HORM.CYCLE_FLARES", Hormones(), None),
    ("HORM.TRANSITION", Hormones(reproductive_stage="perimenopausal"), "moderate"),
    ("HORM.TRANSITION", Hormones(reproductive_stage="postpartum"), "moderate"),
    ("HORM.TRANSITION", Hormones(reproductive_stage="premenopausal"), None),
    ("HORM.TRANSITION", Hormones(reproductive_stage="postmenopausal"), None),
    ("HORM.TRANSITION", Hormones(reproductive_stage="pregnant"), None),
    ("HORM.TRANSITION", Hormones(reproductive_stage="not_applicable"), None),
    ("HORM.TRANSITION", Hormones(), None),
]


@pytest.mark.parametrize(("code", "hormones", "expected"), HORMONE_CASES)
def test_hormone_section_rules(code, hormones, expected):
    assert severity(complete_workup(hormones=hormones), code) == expected


def test_absent_hormones_is_not_assessed():
    evaluation = run(complete_workup(hormones=None))
    assert [f.code for f in evaluation.flags if f.area == "hormones"] == ["HORM.NOT_ASSESSED"]
    assert evaluation.completeness.hormones is False


L = lab
HORMONE_LAB_CASES = [
    lab_case("HORM.TESTOSTERONE_LOW", "moderate", L("testosterone_total", 263.9), sex="male"),
    lab_case("HORM.TESTOSTERONE_LOW", None, L("testosterone_total", 264), sex="male"),
    lab_case("HORM.TESTOSTERONE_LOW", None, L("testosterone_total", 264.1), sex="male"),
    lab_case("HORM.TESTOSTERONE_LOW", None, L("testosterone_total", 299), sex="male"),
    # 264 ng/dL is 9.1540 nmol/L (x 28.84).
    lab_case("HORM.TESTOSTERONE_LOW", "moderate", L("testosterone_total", 9.15, "nmol/L"),
             sex="male"),
    lab_case("HORM.TESTOSTERONE_LOW", None, L("testosterone_total", 264 / 28.84, "nmol/L"),
             sex="male", id="testosterone=264ng/dL-in-nmol/L-male-None"),
    lab_case("HORM.TESTOSTERONE_LOW", None, L("testosterone_total", 9.16, "nmol/L"), sex="male"),
    lab_case("HORM.TESTOSTERONE_LOW", None, L("testosterone_total", 280, ref_low=264),
             sex="male"),
    lab_case("HORM.TESTOSTERONE_LOW", "moderate", L("testosterone_total", 280, ref_low=300),
             sex="male"),
    lab_case("HORM.TESTOSTERONE_LOW", "moderate", L("testosterone_total", 340, ref_low=350),
             sex="male"),
    lab_case("HORM.TESTOSTERONE_LOW", None, L("testosterone_total", 30), sex="female"),
    lab_case("HORM.TESTOSTERONE_LOW", None, L("testosterone_total", 30), sex="intersex"),
    lab_case("HORM.TESTOSTERONE_LOW", None, L("testosterone_total", 30), sex="unknown"),
    lab_case("HORM.TESTOSTERONE_LOW", None, L("testosterone_total", 30, ref_low=300),
             sex="female"),
    lab_case("HORM.CORTISOL_LOW", "high", L("cortisol_am", 4.9)),
    lab_case("HORM.CORTISOL_LOW", None, L("cortisol_am", 5)),
    lab_case("HORM.CORTISOL_LOW", None, L("cortisol_am", 5.1)),
    lab_case("HORM.CORTISOL_LOW", "high", L("cortisol_am", 137.9, "nmol/L")),
    lab_case("HORM.CORTISOL_LOW", None, L("cortisol_am", 137.95, "nmol/L")),
    lab_case("HORM.CORTISOL_LOW", "high", L("cortisol_am", 5.5, ref_low=6.2)),
    lab_case("HORM.CORTISOL_LOW", None, L("cortisol_am", 4.5, ref_low=4.0)),
    lab_case("HORM.CORTISOL_LOW", "high", L("cortisol_am", 150, "nmol/L", ref_low=171)),
    lab_case("HORM.CORTISOL_LOW", "high", L("cortisol_am", 4.9), sex="male"),
]  # fmt: skip


@pytest.mark.parametrize(("code", "facts", "expected"), HORMONE_LAB_CASES)
def test_hormone_lab_rules_at_their_thresholds(code, facts, expected):
    assert severity(facts, code) == expected


def test_context_only_hormone_labs_raise_no_flag():
    facts = complete_workup(
        labs=(lab("estradiol", 1), lab("progesterone", 0), lab("fsh", 150)), sex="female"
    )
    assert not [f for f in run(facts).flags if f.area == "hormones"]


def test_hormone_lab_text_names_the_laboratory_limit():
    facts = complete_workup(labs=(lab("cortisol_am", 150, "nmol/L", ref_low=171),))
    because = run(facts).flag("HORM.CORTISOL_LOW").because
    assert "150 nmol/L (5.44 ug/dL)" in because
    assert "laboratory's lower limit 171 nmol/L" in because


@pytest.mark.parametrize("sex", ["female", "intersex", "unknown"])
def test_a_laboratory_limit_never_gives_a_non_male_patient_a_low_testosterone_flag(sex):
    facts = complete_workup(labs=(lab("testosterone_total", 30, ref_low=300),), sex=sex)
    assert severity(facts, "HORM.TESTOSTERONE_LOW") is None
    male = complete_workup(labs=(lab("testosterone_total", 30, ref_low=300),), sex="male")
    assert severity(male, "HORM.TESTOSTERONE_LOW") == "moderate"


def _low_testosterone(**overrides):
    labs = (*BASELINE_LABS, lab("testosterone_total", 200))
    return run(complete_workup(sex="male", labs=labs, **overrides)).flag("HORM.TESTOSTERONE_LOW")


def test_low_testosterone_always_asks_for_a_repeat_fasting_morning_sample():
    flag = _low_testosterone()
    assert "264 ng/dL" in flag.because
    assert "confirm with a repeat fasting morning sample" in flag.recommendation
    assert "opioid" not in flag.recommendation
    assert "sleep apnoea" not in flag.recommendation
    assert [(e.source.split(" ")[0], e.tier) for e in flag.evidence] == [("Endocrine", "B")]


def test_low_testosterone_names_each_recorded_opioid():
    meds = (
        medication("tramadol", "opioid", "50 mg"),
        medication("sertraline", "ssri"),
        medication("codeine", "opioid"),
    )
    flag = _low_testosterone(medications=meds)
    assert "tramadol and codeine" in flag.recommendation
    assert "opioid-induced hypogonadism" in flag.recommendation
    assert "sertraline" not in flag.recommendation


APNOEA_FIRST = (
    "treat sleep apnoea and obesity first; testosterone is not given with untreated severe "
    "sleep apnoea"
)


@pytest.mark.parametrize(
    ("stop_bang", "weight_kg", "first"),
    [
        (5, 65, True),  # LIFE.OSA_RISK high
        (4, 65, False),  # LIFE.OSA_RISK moderate only
        (1, 87, True),  # LIFE.OBESITY (BMI 30.1)
        (1, 86, False),  # BMI 29.8
        (None, None, False),
    ],
)
def test_low_testosterone_puts_sleep_apnoea_and_obesity_first(stop_bang, weight_kg, first):
    lifestyle = replace(complete_workup().lifestyle, stop_bang=stop_bang, weight_kg=weight_kg)
    flag = _low_testosterone(lifestyle=lifestyle)
    assert (APNOEA_FIRST in flag.recommendation.lower()) is first
    assert "repeat fasting morning sample" in flag.recommendation
