"""EXCL rules: dispositions of the exclusion conditions and the labs that point elsewhere."""

import pytest

from tests.rules.builders import all_ruled_out, complete_workup, lab, lab_case, run, severity
from workup.rules.facts import ExclusionFinding
from workup.rules.vocab import REQUIRED_CONDITIONS

L = lab
LAB_CASES = [
    # Thyroid: TSH 0.4-4.0, free T4 0.9-1.7, or the laboratory's range.
    lab_case("EXCL.THYROID_LAB", "high", L("tsh", 0.39)),
    lab_case("EXCL.THYROID_LAB", None, L("tsh", 0.4)),
    lab_case("EXCL.THYROID_LAB", None, L("tsh", 4.0)),
    lab_case("EXCL.THYROID_LAB", "high", L("tsh", 4.01)),
    lab_case("EXCL.THYROID_LAB", "high", L("tsh", 4.01, "uIU/mL")),
    lab_case("EXCL.THYROID_LAB", None, L("tsh", 4.0, "uIU/mL")),
    lab_case("EXCL.THYROID_LAB", None, L("tsh", 4.5, ref_low=0.5, ref_high=5.0)),
    lab_case("EXCL.THYROID_LAB", "high", L("tsh", 5.01, ref_low=0.5, ref_high=5.0)),
    lab_case("EXCL.THYROID_LAB", "high", L("tsh", 0.45, ref_low=0.5, ref_high=5.0)),
    lab_case("EXCL.THYROID_LAB", None, L("tsh", 0.35, ref_low=0.3)),
    lab_case("EXCL.THYROID_LAB", "high", L("free_t4", 0.89)),
    lab_case("EXCL.THYROID_LAB", None, L("free_t4", 0.9)),
    lab_case("EXCL.THYROID_LAB", None, L("free_t4", 1.7)),
    lab_case("EXCL.THYROID_LAB", "high", L("free_t4", 1.71)),
    lab_case("EXCL.THYROID_LAB", "high", L("free_t4", 11.5, "pmol/L")),
    lab_case("EXCL.THYROID_LAB", None, L("free_t4", 11.583, "pmol/L")),
    lab_case("EXCL.THYROID_LAB", None, L("free_t4", 21.879, "pmol/L")),
    lab_case("EXCL.THYROID_LAB", "high", L("free_t4", 22, "pmol/L")),
    lab_case("EXCL.THYROID_LAB", None, L("free_t4", 10, "pmol/L", ref_low=9, ref_high=19)),
    # Inflammation: ESR above age/2 (male) or (age+10)/2; CRP above 5 mg/L or the lab's limit.
    lab_case("EXCL.INFLAMMATION_LAB", None, L("esr", 33), sex="female", age=56),
    lab_case("EXCL.INFLAMMATION_LAB", "high", L("esr", 33.5), sex="female", age=56),
    lab_case("EXCL.INFLAMMATION_LAB", None, L("esr", 32), sex="female", age=56),
    lab_case("EXCL.INFLAMMATION_LAB", None, L("esr", 28), sex="male", age=56),
    lab_case("EXCL.INFLAMMATION_LAB", "high", L("esr", 29), sex="male", age=56),
    lab_case("EXCL.INFLAMMATION_LAB", None, L("esr", 27), sex="male", age=56),
    lab_case("EXCL.INFLAMMATION_LAB", "high", L("esr", 34), sex="intersex", age=56),
    lab_case("EXCL.INFLAMMATION_LAB", None, L("esr", 33), sex="unknown", age=56),
    lab_case("EXCL.INFLAMMATION_LAB", "high", L("esr", 34), sex="unknown", age=56),
    lab_case("EXCL.INFLAMMATION_LAB", None, L("esr", 30, ref_high=20), sex="female", age=56),
    lab_case("EXCL.INFLAMMATION_LAB", None, L("crp", 5)),
    lab_case("EXCL.INFLAMMATION_LAB", None, L("crp", 4.9)),
    lab_case("EXCL.INFLAMMATION_LAB", "high", L("crp", 5.1)),
    lab_case("EXCL.INFLAMMATION_LAB", None, L("crp", 0.5, "mg/dL")),
    lab_case("EXCL.INFLAMMATION_LAB", "high", L("crp", 0.51, "mg/dL")),
    lab_case("EXCL.INFLAMMATION_LAB", None, L("crp", 8, ref_high=10)),
    lab_case("EXCL.INFLAMMATION_LAB", "high", L("crp", 3.1, ref_high=3)),
    lab_case("EXCL.INFLAMMATION_LAB", "high", L("crp", 0.4, "mg/dL", ref_high=0.3)),
    # Serology: ANA >= 1:160; RF above 14; anti-CCP at or above 20 (or the lab's upper limit).
    lab_case("EXCL.AUTOIMMUNE_SEROLOGY", None, L("ana", 80)),
    lab_case("EXCL.AUTOIMMUNE_SEROLOGY", "high", L("ana", 160)),
    lab_case("EXCL.AUTOIMMUNE_SEROLOGY", "high", L("ana", 320)),
    lab_case("EXCL.AUTOIMMUNE_SEROLOGY", None, L("ana", 0)),
    lab_case("EXCL.AUTOIMMUNE_SEROLOGY", None, L("rf", 14)),
    lab_case("EXCL.AUTOIMMUNE_SEROLOGY", None, L("rf", 13.9)),
    lab_case("EXCL.AUTOIMMUNE_SEROLOGY", "high", L("rf", 14.1)),
    lab_case("EXCL.AUTOIMMUNE_SEROLOGY", "high", L("rf", 15, "kIU/L")),
    lab_case("EXCL.AUTOIMMUNE_SEROLOGY", None, L("rf", 15, ref_high=20)),
    lab_case("EXCL.AUTOIMMUNE_SEROLOGY", None, L("anti_ccp", 19.9)),
    lab_case("EXCL.AUTOIMMUNE_SEROLOGY", "high", L("anti_ccp", 20)),
    lab_case("EXCL.AUTOIMMUNE_SEROLOGY", "high", L("anti_ccp", 20.1)),
    lab_case("EXCL.AUTOIMMUNE_SEROLOGY", "high", L("anti_ccp", 17, ref_high=17)),
    lab_case("EXCL.AUTOIMMUNE_SEROLOGY", None, L("anti_ccp", 16.9, ref_high=17)),
    lab_case("EXCL.ANA_LOW_TITRE", None, L("ana", 79)),
    lab_case("EXCL.ANA_LOW_TITRE", "low", L("ana", 80)),
    lab_case("EXCL.ANA_LOW_TITRE", "low", L("ana", 159)),
    lab_case("EXCL.ANA_LOW_TITRE", None, L("ana", 160)),
    lab_case("EXCL.ANA_LOW_TITRE", None, L("ana", 0)),
    # CK: above 192 U/L (female, intersex, unknown) or 308 U/L (male), or the lab's limit.
    lab_case("EXCL.CK_HIGH", None, L("ck", 192), sex="female"),
    lab_case("EXCL.CK_HIGH", "high", L("ck", 193), sex="female"),
    lab_case("EXCL.CK_HIGH", None, L("ck", 191), sex="female"),
    lab_case("EXCL.CK_HIGH", "high", L("ck", 193), sex="intersex"),
    lab_case("EXCL.CK_HIGH", "high", L("ck", 193), sex="unknown"),
    lab_case("EXCL.CK_HIGH", None, L("ck", 308), sex="male"),
    lab_case("EXCL.CK_HIGH", "high", L("ck", 309), sex="male"),
    lab_case("EXCL.CK_HIGH", None, L("ck", 250), sex="male"),
    lab_case("EXCL.CK_HIGH", "high", L("ck", 171, ref_high=170), sex="female"),
    lab_case("EXCL.CK_HIGH", None, L("ck", 250, ref_high=400), sex="female"),
    # Haemoglobin: below 12 g/dL (female, intersex, unknown) or 13 g/dL (male), or the lab's.
    lab_case("EXCL.ANAEMIA", "moderate", L("hemoglobin", 11.9), sex="female"),
    lab_case("EXCL.ANAEMIA", None, L("hemoglobin", 12), sex="female"),
    lab_case("EXCL.ANAEMIA", None, L("hemoglobin", 12.1), sex="female"),
    lab_case("EXCL.ANAEMIA", "moderate", L("hemoglobin", 11.9), sex="unknown"),
    lab_case("EXCL.ANAEMIA", "moderate", L("hemoglobin", 12.9), sex="male"),
    lab_case("EXCL.ANAEMIA", None, L("hemoglobin", 13), sex="male"),
    lab_case("EXCL.ANAEMIA", None, L("hemoglobin", 12.9), sex="intersex"),
    lab_case("EXCL.ANAEMIA", "moderate", L("hemoglobin", 119, "g/L"), sex="female"),
    lab_case("EXCL.ANAEMIA", None, L("hemoglobin", 120, "g/L"), sex="female"),
    lab_case("EXCL.ANAEMIA", None, L("hemoglobin", 11.6, ref_low=11.5), sex="female"),
    lab_case("EXCL.ANAEMIA", "moderate", L("hemoglobin", 113, "g/L", ref_low=115)),
    # HbA1c: at or above 6.5 % (fixed; mmol/mol converted by the affine formula).
    lab_case("EXCL.GLYCAEMIA", None, L("hba1c", 6.4)),
    lab_case("EXCL.GLYCAEMIA", "moderate", L("hba1c", 6.5)),
    lab_case("EXCL.GLYCAEMIA", "moderate", L("hba1c", 6.6)),
    lab_case("EXCL.GLYCAEMIA", None, L("hba1c", 47, "mmol/mol")),
    lab_case("EXCL.GLYCAEMIA", None, L("hba1c", 47.5, "mmol/mol")),
    lab_case("EXCL.GLYCAEMIA", "moderate", L("hba1c", 48, "mmol/mol")),
    lab_case("EXCL.GLYCAEMIA", None, L("hba1c", 6.4, ref_high=6.0)),
]


@pytest.mark.parametrize(("code", "facts", "expected"), LAB_CASES)
def test_exclusion_lab_rules_at_their_thresholds(code, facts, expected):
    assert severity(facts, code) == expected


def findings(**status) -> tuple[ExclusionFinding, ...]:
    """All required conditions ruled out, except those given here."""
    base = {f.condition: f for f in all_ruled_out()}
    for condition, s in status.items():
        base[condition] = ExclusionFinding(condition, s)
    return tuple(base.values())


def test_all_required_conditions_with_a_disposition_is_complete():
    for status in ("ruled_out", "unlikely", "possible", "confirmed"):
        facts = complete_workup(exclusions=findings(hiv=status))
        assert severity(facts, "EXCL.INCOMPLETE") is None
        assert run(facts).completeness.exclusions is True


@pytest.mark.parametrize("status", ["not_assessed", "pending", None])
def test_required_condition_left_open_makes_exclusions_incomplete_and_names_it(status):
    if status is None:
        exclusions = tuple(f for f in all_ruled_out() if f.condition != "lyme")
    else:
        exclusions = findings(lyme=status)
    evaluation = run(complete_workup(exclusions=exclusions))
    flag = evaluation.flag("EXCL.INCOMPLETE")
    assert flag.severity == "high"
    assert "Lyme disease" in flag.because
    assert "hepatitis C" not in flag.because
    assert evaluation.completeness.exclusions is False


def test_no_exclusions_at_all_names_every_required_condition():
    flag = run(complete_workup(exclusions=())).flag("EXCL.INCOMPLETE")
    assert "12 of the 12 required conditions" in flag.because
    for label in ("rheumatoid arthritis", "SLE", "Sjogren", "polymyalgia rheumatica",
                  "spondyloarthritis", "inflammatory myopathy", "hypothyroidism",
                  "hyperthyroidism", "hepatitis C", "hepatitis B", "HIV", "Lyme"):  # fmt: skip
        assert label in flag.because


def test_optional_conditions_are_not_required():
    assert len(REQUIRED_CONDITIONS) == 12
    assert "sleep_apnoea" not in REQUIRED_CONDITIONS
    assert severity(complete_workup(exclusions=all_ruled_out()), "EXCL.INCOMPLETE") is None


def test_a_possible_condition_raises_a_high_flag_naming_it():
    for facts in (
        complete_workup(exclusions=findings(sle="possible")),
        complete_workup(exclusions=(*all_ruled_out(), ExclusionFinding("malignancy", "possible"))),
    ):
        flag = run(facts).flag("EXCL.ALTERNATIVE_POSSIBLE")
        assert flag.severity == "high"
    assert (
        "SLE"
        in run(complete_workup(exclusions=findings(sle="possible")))
        .flag("EXCL.ALTERNATIVE_POSSIBLE")
        .because
    )


def test_a_confirmed_condition_raises_a_moderate_comorbidity_flag():
    facts = complete_workup(exclusions=findings(hypothyroidism="confirmed"))
    flag = run(facts).flag("EXCL.COMORBID_CONFIRMED")
    assert flag.severity == "moderate"
    assert "hypothyroidism" in flag.because
    assert "coexist" in flag.recommendation


@pytest.mark.parametrize("status", ["ruled_out", "unlikely", "not_assessed", "pending"])
def test_other_statuses_raise_neither_possible_nor_confirmed(status):
    facts = complete_workup(exclusions=findings(sle=status))
    assert severity(facts, "EXCL.ALTERNATIVE_POSSIBLE") is None
    assert severity(facts, "EXCL.COMORBID_CONFIRMED") is None


def test_exclusion_flags_never_change_the_criteria_result():
    base = complete_workup()
    busy = complete_workup(
        exclusions=findings(sle="possible", hypothyroidism="confirmed", hiv="pending"),
        labs=(lab("crp", 40), lab("ana", 640), lab("ck", 900), lab("tsh", 12)),
    )
    assert run(base).criteria == run(busy).criteria
    assert run(busy).criteria.acr2016.status == "met"


def test_lab_flag_text_names_value_unit_date_and_limit():
    facts = complete_workup(labs=(lab("esr", 40, on="2026-10-30"),), age=56)
    because = run(facts).flag("EXCL.INFLAMMATION_LAB").because
    assert "ESR 40 mm/h on 2026-10-30" in because
    assert "33 mm/h" in because and "56-year-old female" in because
    facts = complete_workup(labs=(lab("crp", 0.8, "mg/dL", ref_high=0.5),))
    because = run(facts).flag("EXCL.INFLAMMATION_LAB").because
    assert "CRP 0.8 mg/dL (8 mg/L) on 2026-11-01" in because
    assert "laboratory's upper limit 0.5 mg/dL (5 mg/L)" in because


def test_thyroid_flag_names_both_tests_when_both_are_out_of_range():
    facts = complete_workup(labs=(lab("tsh", 8), lab("free_t4", 0.6)))
    because = run(facts).flag("EXCL.THYROID_LAB").because
    assert "TSH 8 mIU/L" in because and "Free T4 0.6 ng/dL" in because


def test_ana_titre_is_written_as_a_titre():
    because = run(complete_workup(labs=(lab("ana", 320),))).flag("EXCL.AUTOIMMUNE_SEROLOGY").because
    assert "ANA 1:320" in because


def test_an_open_condition_is_named_with_its_status_in_words():
    facts = complete_workup(exclusions=findings(lyme="not_assessed", hiv="pending"))
    because = run(facts).flag("EXCL.INCOMPLETE").because
    assert "HIV (pending)" in because
    assert "Lyme disease (not assessed)" in because


def test_open_required_lists_required_conditions_without_a_disposition_in_order():
    from workup.rules.catalogue.exclusions import open_required

    assert open_required({}) == list(REQUIRED_CONDITIONS)
    ruled_out = {f.condition: f for f in all_ruled_out()}
    assert open_required(ruled_out) == []
    some_open = {f.condition: f for f in findings(lyme="pending", hiv="not_assessed")}
    del some_open["sle"]
    expected = [c for c in REQUIRED_CONDITIONS if c in ("sle", "hiv", "lyme")]
    assert open_required(some_open) == expected
    optional = {**ruled_out, "sleep_apnoea": ExclusionFinding("sleep_apnoea", "pending")}
    assert open_required(optional) == []
