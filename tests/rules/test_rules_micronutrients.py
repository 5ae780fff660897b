"""MICRO rules at each threshold, in the canonical and the other accepted units."""

import pytest

from tests.rules.builders import (
    complete_workup,
    lab,
    lab_case,
    not_done,
    pending,
    run,
    severity,
    workup,
)
from workup.rules.catalogue import RULES_BY_CODE
from workup.rules.facts import Gut

L = lab
CASES = [
    lab_case("MICRO.VITAMIN_D_DEFICIENT", "moderate", L("vitamin_d_25oh", 19.9)),
    lab_case("MICRO.VITAMIN_D_DEFICIENT", None, L("vitamin_d_25oh", 20)),
    lab_case("MICRO.VITAMIN_D_DEFICIENT", None, L("vitamin_d_25oh", 20.1)),
    lab_case("MICRO.VITAMIN_D_DEFICIENT", "moderate", L("vitamin_d_25oh", 49.9, "nmol/L")),
    lab_case("MICRO.VITAMIN_D_DEFICIENT", None, L("vitamin_d_25oh", 49.92, "nmol/L")),
    lab_case("MICRO.VITAMIN_D_DEFICIENT", None, L("vitamin_d_25oh", 50, "nmol/L")),
    lab_case("MICRO.VITAMIN_D_DEFICIENT", "moderate", L("vitamin_d_25oh", 19, ref_low=15)),
    lab_case("MICRO.VITAMIN_D_INSUFFICIENT", None, L("vitamin_d_25oh", 19.9)),
    lab_case("MICRO.VITAMIN_D_INSUFFICIENT", "info", L("vitamin_d_25oh", 20)),
    lab_case("MICRO.VITAMIN_D_INSUFFICIENT", "info", L("vitamin_d_25oh", 29.9)),
    lab_case("MICRO.VITAMIN_D_INSUFFICIENT", None, L("vitamin_d_25oh", 30)),
    lab_case("MICRO.VITAMIN_D_INSUFFICIENT", None, L("vitamin_d_25oh", 30.1)),
    lab_case("MICRO.VITAMIN_D_INSUFFICIENT", "info", L("vitamin_d_25oh", 49.92, "nmol/L")),
    lab_case("MICRO.VITAMIN_D_INSUFFICIENT", "info", L("vitamin_d_25oh", 74.8, "nmol/L")),
    lab_case("MICRO.VITAMIN_D_INSUFFICIENT", None, L("vitamin_d_25oh", 74.88, "nmol/L")),
    lab_case("MICRO.B12_DEFICIENT", "moderate", L("b12", 199)),
    lab_case("MICRO.B12_DEFICIENT", None, L("b12", 200)),
    lab_case("MICRO.B12_DEFICIENT", None, L("b12", 201)),
    lab_case("MICRO.B12_DEFICIENT", "moderate", L("b12", 147.5, "pmol/L")),
    lab_case("MICRO.B12_DEFICIENT", None, L("b12", 147.56, "pmol/L")),
    lab_case("MICRO.B12_BORDERLINE", None, L("b12", 199)),
    lab_case("MICRO.B12_BORDERLINE", "low", L("b12", 200)),
    lab_case("MICRO.B12_BORDERLINE", "low", L("b12", 299)),
    lab_case("MICRO.B12_BORDERLINE", None, L("b12", 300)),
    lab_case("MICRO.B12_BORDERLINE", None, L("b12", 301)),
    lab_case("MICRO.B12_BORDERLINE", "low", L("b12", 147.56, "pmol/L")),
    lab_case("MICRO.B12_BORDERLINE", "low", L("b12", 221.3, "pmol/L")),
    lab_case("MICRO.B12_BORDERLINE", None, L("b12", 221.34, "pmol/L")),
    lab_case("MICRO.FOLATE_LOW", "moderate", L("folate", 2.9)),
    lab_case("MICRO.FOLATE_LOW", None, L("folate", 3)),
    lab_case("MICRO.FOLATE_LOW", None, L("folate", 3.1)),
    lab_case("MICRO.FOLATE_LOW", "moderate", L("folate", 6.79, "nmol/L")),
    lab_case("MICRO.FOLATE_LOW", None, L("folate", 6.798, "nmol/L")),
    lab_case("MICRO.IRON_LOW", "moderate", L("ferritin", 29)),
    lab_case("MICRO.IRON_LOW", "moderate", L("ferritin", 29.9)),
    lab_case("MICRO.IRON_LOW", None, L("ferritin", 30.1)),
    lab_case("MICRO.IRON_LOW", None, L("ferritin", 30)),
    lab_case("MICRO.IRON_LOW", None, L("ferritin", 31)),
    lab_case("MICRO.IRON_LOW", "moderate", L("ferritin", 29.9, "ug/L")),
    lab_case("MICRO.IRON_LOW", None, L("ferritin", 30, "ug/L")),
    lab_case("MICRO.IRON_LOW", "moderate", L("ferritin", 69), L("crp", 5.1)),
    lab_case("MICRO.IRON_LOW", None, L("ferritin", 70), L("crp", 5.1)),
    lab_case("MICRO.IRON_LOW", None, L("ferritin", 71), L("crp", 5.1)),
    lab_case("MICRO.IRON_LOW", None, L("ferritin", 50), L("crp", 5)),
    lab_case("MICRO.IRON_LOW", "moderate", L("ferritin", 50), L("crp", 4, ref_high=3)),
    lab_case("MICRO.IRON_LOW", None, L("ferritin", 50), L("crp", 8, ref_high=10)),
    lab_case("MICRO.IRON_LOW", "moderate", L("ferritin", 60), L("crp", 0.6, "mg/dL")),
    lab_case("MICRO.MAGNESIUM_LOW", "moderate", L("magnesium_serum", 0.69)),
    lab_case("MICRO.MAGNESIUM_LOW", None, L("magnesium_serum", 0.70)),
    lab_case("MICRO.MAGNESIUM_LOW", None, L("magnesium_serum", 0.71)),
    lab_case("MICRO.MAGNESIUM_LOW", "moderate", L("magnesium_serum", 1.69, "mg/dL")),
    lab_case("MICRO.MAGNESIUM_LOW", None, L("magnesium_serum", 1.71, "mg/dL")),
    lab_case("MICRO.MAGNESIUM_LOW", "moderate", L("magnesium_serum", 1.38, "mEq/L")),
    lab_case("MICRO.MAGNESIUM_LOW", None, L("magnesium_serum", 1.4, "mEq/L")),
    lab_case("MICRO.MAGNESIUM_LOW", "moderate", L("magnesium_serum", 0.69, ref_low=0.6)),
    lab_case("MICRO.MAGNESIUM_LOW", "moderate", L("magnesium_rbc", 4.1)),
    lab_case("MICRO.MAGNESIUM_LOW", None, L("magnesium_rbc", 4.2)),
    lab_case("MICRO.MAGNESIUM_LOW", None, L("magnesium_rbc", 4.3)),
    lab_case("MICRO.MAGNESIUM_LOW", "moderate", L("magnesium_rbc", 1.7, "mmol/L")),
    lab_case("MICRO.MAGNESIUM_LOW", None, L("magnesium_rbc", 1.72788, "mmol/L")),
    lab_case("MICRO.MAGNESIUM_LOW", None, L("magnesium_rbc", 4.1, ref_low=4.0)),
    lab_case("MICRO.MAGNESIUM_LOW", "moderate", L("magnesium_rbc", 4.5, ref_low=4.6)),
    lab_case("MICRO.MAGNESIUM_LOW_NORMAL", None, L("magnesium_serum", 0.69)),
    lab_case("MICRO.MAGNESIUM_LOW_NORMAL", "low", L("magnesium_serum", 0.70)),
    lab_case("MICRO.MAGNESIUM_LOW_NORMAL", "low", L("magnesium_serum", 0.84)),
    lab_case("MICRO.MAGNESIUM_LOW_NORMAL", None, L("magnesium_serum", 0.85)),
    lab_case("MICRO.MAGNESIUM_LOW_NORMAL", None, L("magnesium_serum", 0.86)),
    lab_case("MICRO.MAGNESIUM_LOW_NORMAL", "low", L("magnesium_serum", 1.4, "mEq/L")),
    lab_case("MICRO.MAGNESIUM_LOW_NORMAL", "low", L("magnesium_serum", 1.69, "mEq/L")),
    lab_case("MICRO.MAGNESIUM_LOW_NORMAL", None, L("magnesium_serum", 1.7, "mEq/L")),
    lab_case("MICRO.MAGNESIUM_LOW_NORMAL", "low", L("magnesium_serum", 2.0, "mg/dL")),
    lab_case(
        "MICRO.MAGNESIUM_LOW_NORMAL", None, L("magnesium_serum", 0.75), L("magnesium_rbc", 4.0)
    ),
    lab_case(
        "MICRO.MAGNESIUM_LOW_NORMAL", "low", L("magnesium_serum", 0.75), L("magnesium_rbc", 4.5)
    ),
    lab_case("MICRO.ZINC_LOW", "low", L("zinc", 69.9), sex="female"),
    lab_case("MICRO.ZINC_LOW", None, L("zinc", 70), sex="female"),
    lab_case("MICRO.ZINC_LOW", None, L("zinc", 70.1), sex="female"),
    lab_case("MICRO.ZINC_LOW", "low", L("zinc", 69.9), sex="unknown"),
    lab_case("MICRO.ZINC_LOW", None, L("zinc", 72), sex="intersex"),
    lab_case("MICRO.ZINC_LOW", "low", L("zinc", 73.9), sex="male"),
    lab_case("MICRO.ZINC_LOW", None, L("zinc", 74), sex="male"),
    lab_case("MICRO.ZINC_LOW", "low", L("zinc", 10.7, "umol/L"), sex="female"),
    lab_case("MICRO.ZINC_LOW", None, L("zinc", 10.71, "umol/L"), sex="female"),
    lab_case("MICRO.ZINC_LOW", None, L("zinc", 65, ref_low=60), sex="female"),
    lab_case("MICRO.ZINC_LOW", "low", L("zinc", 75, ref_low=80), sex="male"),
]


@pytest.mark.parametrize(("code", "facts", "expected"), CASES)
def test_micronutrient_rules_at_their_thresholds(code, facts, expected):
    assert severity(facts, code) == expected


@pytest.mark.parametrize(
    ("labs", "expected"),
    [
        ((), "low"),
        ((lab("folate", 10), lab("zinc", 90)), "low"),
        ((lab("vitamin_d_25oh", 40),), None),
        ((lab("b12", 400),), None),
        ((lab("ferritin", 100),), None),
        ((lab("magnesium_serum", 0.9),), None),
        ((lab("magnesium_rbc", 5),), None),
    ],
)
def test_not_tested_unless_a_marker_micronutrient_is_recorded(labs, expected):
    facts = workup(labs=labs)
    assert severity(facts, "MICRO.NOT_TESTED") == expected
    assert run(facts).completeness.micronutrients is (expected is None)


@pytest.mark.parametrize(
    ("labs", "gut", "expected"),
    [
        ((lab("vitamin_d_25oh", 15),), Gut(rome_iv_ibs=True), "low"),
        ((lab("b12", 150),), Gut(sibo_breath_test="positive"), "low"),
        ((lab("ferritin", 20),), Gut(rome_iv_ibs=True), "low"),
        ((lab("magnesium_serum", 0.6),), Gut(sibo_breath_test="positive"), "low"),
        ((lab("folate", 2),), Gut(rome_iv_ibs=True, sibo_breath_test="positive"), "low"),
        # A commercial microbiome result is no longer read.
        ((lab("vitamin_d_25oh", 15),), Gut(microbiome_test="dysbiosis"), None),
        # Only moderate micronutrient flags count.
        ((lab("magnesium_serum", 0.8),), Gut(sibo_breath_test="positive"), None),
        ((lab("zinc", 50),), Gut(rome_iv_ibs=True), None),
        ((lab("b12", 250),), Gut(rome_iv_ibs=True), None),
        ((lab("vitamin_d_25oh", 25),), Gut(rome_iv_ibs=True), None),
        ((lab("vitamin_d_25oh", 15),), None, None),
        ((lab("vitamin_d_25oh", 15),), Gut(rome_iv_ibs=False, sibo_breath_test="negative"), None),
        ((lab("vitamin_d_25oh", 15),), Gut(rome_iv_ibs=None, symptoms=("bloating",)), None),
        ((lab("vitamin_d_25oh", 40),), Gut(rome_iv_ibs=True), None),
        ((), Gut(rome_iv_ibs=True, microbiome_test="dysbiosis"), None),
    ],
)
def test_absorption_concern_needs_a_micronutrient_flag_and_a_gut_finding(labs, gut, expected):
    assert severity(workup(labs=labs, gut=gut), "MICRO.ABSORPTION_CONCERN") == expected


def test_absorption_concern_names_the_moderate_findings_and_the_gut_finding():
    facts = workup(labs=(lab("ferritin", 20), lab("zinc", 50)), gut=Gut(rome_iv_ibs=True))
    flag = run(facts).flag("MICRO.ABSORPTION_CONCERN")
    assert flag.because == (
        "Micronutrient findings (low ferritin) together with gut findings (IBS by Rome IV "
        "criteria). Ferritin 20 ng/mL on 2026-11-01 is below 30 ng/mL."
    )
    assert "tTG-IgA with total IgA" in flag.recommendation


def test_absorption_concern_no_longer_reads_a_microbiome_result():
    assert "microbiome" not in RULES_BY_CODE["MICRO.ABSORPTION_CONCERN"].fires_when


def test_micronutrient_lab_rules_read_labs_whatever_sections_are_absent():
    assert severity(workup(labs=(lab("b12", 150),)), "MICRO.B12_DEFICIENT") == "moderate"


def test_iron_text_names_the_crp_that_raised_the_limit():
    facts = complete_workup(labs=(lab("ferritin", 45), lab("crp", 9, on="2026-10-31")))
    because = run(facts).flag("MICRO.IRON_LOW").because
    assert "Ferritin 45 ng/mL on 2026-11-01 is below 70 ng/mL" in because
    assert "CRP 9 mg/L on 2026-10-31" in because and "5 mg/L" in because


def test_vitamin_d_text_shows_the_entered_and_converted_values():
    facts = complete_workup(labs=(lab("vitamin_d_25oh", 40, "nmol/L", on="2026-11-02"),))
    because = run(facts).flag("MICRO.VITAMIN_D_DEFICIENT").because
    assert (
        because
        == "25-OH vitamin D 40 nmol/L (16 ng/mL) on 2026-11-02 is below 20 ng/mL (deficient)."
    )


def test_vitamin_d_deficiency_is_not_presented_as_a_fibromyalgia_treatment():
    flag = run(complete_workup(labs=(lab("vitamin_d_25oh", 10),))).flag("MICRO.VITAMIN_D_DEFICIENT")
    assert [e.tier for e in flag.evidence] == ["E"]
    assert "bone health" in flag.recommendation
    assert "not expected to change fibromyalgia pain" in flag.recommendation


def test_the_latest_result_counts():
    facts = workup(labs=(lab("b12", 150, on="2026-11-10"), lab("b12", 450, on="2026-09-01")))
    assert severity(facts, "MICRO.B12_DEFICIENT") == "moderate"
    facts = workup(labs=(lab("b12", 150, on="2026-09-10"), lab("b12", 450, on="2026-11-01")))
    assert severity(facts, "MICRO.B12_DEFICIENT") is None


def test_iron_text_in_full_with_a_laboratory_crp_limit():
    facts = complete_workup(
        labs=(lab("ferritin", 50), lab("crp", 0.4, "mg/dL", on="2026-10-31", ref_high=0.3))
    )
    assert run(facts).flag("MICRO.IRON_LOW").because == (
        "Ferritin 50 ng/mL on 2026-11-01 is below 70 ng/mL, the limit used when CRP is raised, "
        "because inflammation raises ferritin. CRP 0.4 mg/dL (4 mg/L) on 2026-10-31 is above "
        "the laboratory's upper limit 0.3 mg/dL (3 mg/L)."
    )


@pytest.mark.parametrize(
    ("labs", "expected"),
    [
        ((lab("ferritin", 29.9),), "moderate"),
        ((lab("ferritin", 29.9), pending("ferritin", on="2026-11-15")), "moderate"),
        ((lab("ferritin", 29.9), not_done("ferritin", on="2026-11-15")), "moderate"),
        ((lab("ferritin", 80), pending("ferritin", on="2026-11-15")), None),
        ((pending("ferritin"),), None),
        ((not_done("ferritin"),), None),
    ],
)
def test_pending_and_not_done_rows_are_never_readings(labs, expected):
    assert severity(workup(labs=labs), "MICRO.IRON_LOW") == expected


@pytest.mark.parametrize(
    ("labs", "expected"),
    [
        ((pending("vitamin_d_25oh"),), "low"),
        ((not_done("b12"), pending("ferritin"), not_done("magnesium_serum")), "low"),
        ((pending("magnesium_rbc"), lab("b12", 400)), None),
    ],
)
def test_not_tested_and_completeness_count_only_resulted_rows(labs, expected):
    facts = workup(labs=labs)
    assert severity(facts, "MICRO.NOT_TESTED") == expected
    assert run(facts).completeness.micronutrients is (expected is None)


def test_low_ferritin_title_says_possible_iron_deficiency():
    flag = run(workup(labs=(lab("ferritin", 12),))).flag("MICRO.IRON_LOW")
    assert flag.title == "Low ferritin: possible iron deficiency"
    assert "transferrin saturation" not in flag.recommendation


def test_with_crp_raised_ferritin_up_to_100_is_called_indeterminate():
    flag = run(workup(labs=(lab("ferritin", 50), lab("crp", 12)))).flag("MICRO.IRON_LOW")
    assert (
        "ferritin 30-100 ng/mL is indeterminate with inflammation: check transferrin saturation"
        in flag.recommendation
    )


def test_vitamin_d_20_to_29_is_information_not_a_prompt_to_supplement():
    flag = run(workup(labs=(lab("vitamin_d_25oh", 25),))).flag("MICRO.VITAMIN_D_INSUFFICIENT")
    assert (flag.severity, flag.action) == ("info", "consider")
    assert "not a prompt to supplement" in flag.recommendation
    assert "adequate by IOM 2011" in flag.recommendation
    assert {e.source.split(" ")[0]: e.tier for e in flag.evidence} == {
        "Canadian": "E",
        "IOM": "E",
    }


def test_magnesium_evidence_cites_anand_only_as_a_commentary_on_pain_generally():
    flag = run(workup(labs=(lab("magnesium_serum", 0.6),))).flag("MICRO.MAGNESIUM_LOW")
    anand = [e for e in flag.evidence if e.source.startswith("Anand 2000")]
    assert anand
    for e in anand:
        assert "commentary" in e.source and "not a fibromyalgia study" in e.source
    assert flag.action == "recommend"


def test_micronutrients_tested_needs_a_marker_reading():
    from workup.rules.catalogue.micronutrients import micronutrients_tested

    assert micronutrients_tested({}) is False
    assert micronutrients_tested({"folate": object(), "zinc": object()}) is False
    assert micronutrients_tested({"magnesium_rbc": object()}) is True
