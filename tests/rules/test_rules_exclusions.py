"""EXCL rules: dispositions of the exclusion conditions and the labs that point elsewhere."""

import pytest

from tests.rules.builders import (
    BASELINE_LABS,
    all_ruled_out,
    codes,
    complete_workup,
    lab,
    lab_case,
    medication,
    not_done,
    pending,
    red_flags,
    run,
    severity,
)
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
    assert (flag.severity, flag.action) == ("high", "recommend")
    assert "14 of the 14 required conditions" in flag.because
    for label in ("rheumatoid arthritis", "SLE", "Sjogren", "polymyalgia rheumatica",
                  "spondyloarthritis", "inflammatory myopathy", "hypothyroidism",
                  "hyperthyroidism", "hepatitis C", "hepatitis B", "HIV", "Lyme",
                  "drug-induced myalgia", "sleep apnoea"):  # fmt: skip
        assert label in flag.because


@pytest.mark.parametrize("condition", ["drug_induced_myalgia", "sleep_apnoea"])
def test_drug_induced_myalgia_and_sleep_apnoea_are_required(condition):
    assert condition in REQUIRED_CONDITIONS
    evaluation = run(complete_workup(exclusions=findings(**{condition: "not_assessed"})))
    assert "1 of the 14 required conditions" in evaluation.flag("EXCL.INCOMPLETE").because
    assert evaluation.completeness.exclusions is False


def test_optional_conditions_are_not_required():
    assert len(REQUIRED_CONDITIONS) == 14
    optional = ("anaemia", "hyperparathyroidism", "neuropathy", "multiple_sclerosis",
                "malignancy", "adrenal_insufficiency")  # fmt: skip
    assert not set(optional) & set(REQUIRED_CONDITIONS)
    assert severity(complete_workup(exclusions=all_ruled_out()), "EXCL.INCOMPLETE") is None


def test_incomplete_names_the_red_flags_in_words():
    recommendation = run(complete_workup(exclusions=())).flag("EXCL.INCOMPLETE").recommendation
    assert "unintentional weight loss" in recommendation
    assert "morning stiffness over 60 minutes" in recommendation
    assert "_" not in recommendation


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
    optional = {**ruled_out, "malignancy": ExclusionFinding("malignancy", "pending")}
    assert open_required(optional) == []


# --- Texts of the lab rules (clinical spec section 6a) -------------------------------------------

THYROID_TEXTS = [
    pytest.param(
        (lab("tsh", 6), lab("free_t4", 0.89)),
        "the pattern of overt hypothyroidism: treat it, then reassess pain and fatigue",
        id="overt",
    ),
    pytest.param(
        (lab("tsh", 4.01), lab("free_t4", 0.9)),
        "subclinical pattern: repeat TSH with free T4 in about 3 months",
        id="subclinical-free-t4-at-its-lower-limit",
    ),
    pytest.param(
        (lab("tsh", 6), lab("free_t4", 1.7)),
        "subclinical pattern: repeat TSH with free T4 in about 3 months",
        id="subclinical-free-t4-at-its-upper-limit",
    ),
    pytest.param((lab("tsh", 6),), "repeat TSH with free T4", id="no-free-t4"),
    pytest.param(
        (lab("tsh", 6), pending("free_t4")), "with no free T4 result", id="free-t4-pending"
    ),
    pytest.param(
        (lab("tsh", 4.0), lab("free_t4", 0.8)), "Assess for thyroid disease", id="tsh-in-range"
    ),
    pytest.param((lab("tsh", 0.2),), "Assess for thyroid disease", id="low-tsh"),
]


@pytest.mark.parametrize(("labs", "phrase"), THYROID_TEXTS)
def test_thyroid_text_follows_the_pattern(labs, phrase):
    flag = run(complete_workup(labs=labs, exclusions=findings(hypothyroidism="possible"))).flag(
        "EXCL.THYROID_LAB"
    )
    assert phrase in flag.recommendation
    patterns = ("overt hypothyroidism", "subclinical pattern", "no free T4 result")
    assert sum(p in flag.recommendation for p in patterns) <= 1


@pytest.mark.parametrize(
    ("labs", "joint_swelling", "prompt"),
    [
        pytest.param((lab("anti_ccp", 20),), True, True, id="ccp-at-limit-with-swelling"),
        pytest.param((lab("anti_ccp", 45),), True, True, id="ccp-above-with-swelling"),
        pytest.param((lab("anti_ccp", 20),), False, False, id="ccp-without-swelling"),
        pytest.param((lab("anti_ccp", 20),), None, False, id="swelling-not-asked"),
        pytest.param((lab("rf", 40), lab("anti_ccp", 19.9)), True, False, id="rf-only"),
        pytest.param((lab("ana", 640),), True, False, id="ana-only"),
    ],
)
def test_positive_anti_ccp_with_joint_swelling_means_prompt_rheumatology(
    labs, joint_swelling, prompt
):
    facts = complete_workup(
        labs=labs,
        exclusions=findings(rheumatoid_arthritis="possible", sle="possible"),
        red_flags=red_flags(joint_swelling=joint_swelling),
    )
    text = run(facts).flag("EXCL.AUTOIMMUNE_SEROLOGY").recommendation
    phrase = "refer promptly to rheumatology (possible early inflammatory arthritis)"
    assert (phrase in text) is prompt


STATIN = medication("simvastatin", "statin", "40 mg")
CK_STATIN = [
    # Female upper limit 192 U/L: 4 x 192 = 768 U/L.
    pytest.param("female", 192, None, id="at-the-limit-no-flag"),
    pytest.param("female", 193, "review", id="just-above-the-limit"),
    pytest.param("female", 768, "review", id="at-4x"),
    pytest.param("female", 769, "stop", id="just-above-4x"),
    # Male upper limit 308 U/L: 4 x 308 = 1232 U/L.
    pytest.param("male", 1232, "review", id="male-at-4x"),
    pytest.param("male", 1233, "stop", id="male-just-above-4x"),
]


@pytest.mark.parametrize(("sex", "ck", "advice"), CK_STATIN)
def test_ck_high_with_a_statin_names_it_and_applies_the_4x_rule(sex, ck, advice):
    facts = complete_workup(sex=sex, labs=(lab("ck", ck),), medications=(STATIN,))
    flag = run(facts).flag("EXCL.CK_HIGH")
    if advice is None:
        assert flag is None
        return
    text = flag.recommendation
    assert "Statin recorded: simvastatin 40 mg" in text
    limit = 768 if sex == "female" else 1232
    assert f"= {limit} U/L" in text
    assert "stopping the statin and seeking advice (EAS 2015, Stroes, Eur Heart J)" in text
    stop = "This CK is above 4 times the upper limit: stop the statin and seek advice."
    assert (stop in text) is (advice == "stop")
    assert ("review the statin with the prescriber" in text) is (advice == "review")


def test_ck_high_with_a_statin_and_weakness_means_stopping_it():
    facts = complete_workup(
        labs=(lab("ck", 300),),
        medications=(STATIN,),
        red_flags=red_flags(proximal_weakness=True),
    )
    text = run(facts).flag("EXCL.CK_HIGH").recommendation
    assert "Proximal weakness is recorded: stop the statin and seek advice." in text


def test_ck_high_without_a_statin_names_none():
    for medications in ((), None, (medication("tramadol", "opioid"),)):
        facts = complete_workup(labs=(lab("ck", 900),), medications=medications)
        text = run(facts).flag("EXCL.CK_HIGH").recommendation
        assert "Statin recorded" not in text
        assert "review statins and other drugs" in text


def test_ck_high_with_the_laboratorys_limit_uses_it_for_the_4x_rule():
    facts = complete_workup(labs=(lab("ck", 681, ref_high=170),), medications=(STATIN,))
    text = run(facts).flag("EXCL.CK_HIGH").recommendation
    assert "4 x 170 = 680 U/L" in text
    assert "This CK is above 4 times the upper limit" in text


# --- Labs that contradict a disposition (section 5c) ----------------------------------------------


def contradicts(condition, status, *labs, sex="female", age=56):
    """Only this condition is recorded, so only its own labs can contradict it."""
    facts = complete_workup(
        sex=sex,
        age=age,
        exclusions=(ExclusionFinding(condition, status),),
        labs=(*BASELINE, *labs),
    )
    return severity(facts, "EXCL.LAB_CONTRADICTS")


# An unremarkable panel that contradicts nothing (each case adds the row it tests, which wins
# because it is collected later).
BASELINE = (lab("hemoglobin", 13.5, on="2026-10-01"), lab("crp", 2, on="2026-10-01"),
            lab("tsh", 1.8, on="2026-10-01"), lab("ck", 120, on="2026-10-01"))  # fmt: skip
CONTRADICTS = [
    ("hypothyroidism", "ruled_out", (lab("tsh", 4.0),), {}, None),
    ("hypothyroidism", "ruled_out", (lab("tsh", 4.01),), {}, "high"),
    ("hypothyroidism", "unlikely", (lab("tsh", 4.01),), {}, "high"),
    ("hypothyroidism", "unlikely", (lab("tsh", 4.5, ref_high=5),), {}, None),
    ("hypothyroidism", "possible", (lab("tsh", 12),), {}, None),
    ("hyperthyroidism", "ruled_out", (lab("tsh", 0.4),), {}, None),
    ("hyperthyroidism", "ruled_out", (lab("tsh", 0.39),), {}, "high"),
    ("hyperthyroidism", "unlikely", (lab("tsh", 0.39),), {}, "high"),
    ("hyperthyroidism", "unlikely", (lab("tsh", 6),), {}, None),
    # Rheumatoid arthritis: RF above 14 (ruled out) or above 3 x 14 = 42 (unlikely); anti-CCP
    # at or above 20 for both.
    ("rheumatoid_arthritis", "ruled_out", (lab("rf", 14),), {}, None),
    ("rheumatoid_arthritis", "ruled_out", (lab("rf", 14.1),), {}, "high"),
    ("rheumatoid_arthritis", "ruled_out", (lab("anti_ccp", 19.9),), {}, None),
    ("rheumatoid_arthritis", "ruled_out", (lab("anti_ccp", 20),), {}, "high"),
    ("rheumatoid_arthritis", "unlikely", (lab("rf", 14.1),), {}, None),
    ("rheumatoid_arthritis", "unlikely", (lab("rf", 42),), {}, None),
    ("rheumatoid_arthritis", "unlikely", (lab("rf", 42.1),), {}, "high"),
    ("rheumatoid_arthritis", "unlikely", (lab("rf", 42.1, "kIU/L"),), {}, "high"),
    ("rheumatoid_arthritis", "unlikely", (lab("rf", 60, ref_high=20),), {}, None),
    ("rheumatoid_arthritis", "unlikely", (lab("rf", 60.1, ref_high=20),), {}, "high"),
    ("rheumatoid_arthritis", "unlikely", (lab("anti_ccp", 19.9),), {}, None),
    ("rheumatoid_arthritis", "unlikely", (lab("anti_ccp", 20),), {}, "high"),
    # SLE: ANA 1:160 or more contradicts ruled out only.
    ("sle", "ruled_out", (lab("ana", 80),), {}, None),
    ("sle", "ruled_out", (lab("ana", 160),), {}, "high"),
    ("sle", "unlikely", (lab("ana", 160),), {}, None),
    ("sle", "unlikely", (lab("ana", 1280),), {}, None),
    # Polymyalgia rheumatica, from age 50: ESR above (age + 10) / 2 for a woman, CRP above 5.
    ("polymyalgia_rheumatica", "ruled_out", (lab("esr", 60),), {"age": 49}, None),
    ("polymyalgia_rheumatica", "ruled_out", (lab("crp", 40),), {"age": 49}, None),
    ("polymyalgia_rheumatica", "ruled_out", (lab("esr", 30),), {"age": 50}, None),
    ("polymyalgia_rheumatica", "ruled_out", (lab("esr", 31),), {"age": 50}, "high"),
    ("polymyalgia_rheumatica", "unlikely", (lab("esr", 31),), {"age": 50}, "high"),
    ("polymyalgia_rheumatica", "ruled_out", (lab("esr", 30.5),), {"age": 51}, None),
    ("polymyalgia_rheumatica", "ruled_out", (lab("esr", 31),), {"age": 51}, "high"),
    ("polymyalgia_rheumatica", "ruled_out", (lab("esr", 26),), {"age": 51, "sex": "male"}, "high"),
    ("polymyalgia_rheumatica", "ruled_out", (lab("crp", 5),), {"age": 50}, None),
    ("polymyalgia_rheumatica", "ruled_out", (lab("crp", 5.1),), {"age": 50}, "high"),
    ("polymyalgia_rheumatica", "unlikely", (lab("crp", 5.1),), {"age": 51}, "high"),
    ("polymyalgia_rheumatica", "unlikely", (lab("crp", 5.1),), {"age": 49}, None),
    # Inflammatory myopathy: CK above 192 (ruled out) or above 3 x 192 = 576 (unlikely).
    ("inflammatory_myopathy", "ruled_out", (lab("ck", 192),), {}, None),
    ("inflammatory_myopathy", "ruled_out", (lab("ck", 193),), {}, "high"),
    ("inflammatory_myopathy", "unlikely", (lab("ck", 193),), {}, None),
    ("inflammatory_myopathy", "unlikely", (lab("ck", 576),), {}, None),
    ("inflammatory_myopathy", "unlikely", (lab("ck", 577),), {}, "high"),
    ("inflammatory_myopathy", "unlikely", (lab("ck", 924),), {"sex": "male"}, None),
    ("inflammatory_myopathy", "unlikely", (lab("ck", 925),), {"sex": "male"}, "high"),
    ("inflammatory_myopathy", "unlikely", (lab("ck", 510, ref_high=170),), {}, None),
    ("inflammatory_myopathy", "unlikely", (lab("ck", 511, ref_high=170),), {}, "high"),
    # Anaemia: haemoglobin below its lower limit, for both.
    ("anaemia", "ruled_out", (lab("hemoglobin", 12),), {}, None),
    ("anaemia", "ruled_out", (lab("hemoglobin", 11.9),), {}, "high"),
    ("anaemia", "unlikely", (lab("hemoglobin", 11.9),), {}, "high"),
    ("anaemia", "unlikely", (lab("hemoglobin", 12.9),), {"sex": "male"}, "high"),
    ("anaemia", "unlikely", (lab("hemoglobin", 11.6, ref_low=11.5),), {}, None),
    # Adrenal insufficiency: morning cortisol below the laboratory's lower limit, else below 5.
    ("adrenal_insufficiency", "ruled_out", (lab("cortisol_am", 5),), {}, None),
    ("adrenal_insufficiency", "ruled_out", (lab("cortisol_am", 4.9),), {}, "high"),
    ("adrenal_insufficiency", "unlikely", (lab("cortisol_am", 4.9),), {}, "high"),
    ("adrenal_insufficiency", "unlikely", (lab("cortisol_am", 137.95, "nmol/L"),), {}, None),
    ("adrenal_insufficiency", "unlikely", (lab("cortisol_am", 137, "nmol/L"),), {}, "high"),
    ("adrenal_insufficiency", "ruled_out", (lab("cortisol_am", 6, ref_low=6),), {}, None),
    ("adrenal_insufficiency", "ruled_out", (lab("cortisol_am", 5.9, ref_low=6),), {}, "high"),
    ("adrenal_insufficiency", "ruled_out", (lab("cortisol_am", 4, ref_low=3),), {}, None),
    ("adrenal_insufficiency", "ruled_out", (lab("cortisol_am", 4.9, ref_high=25),), {}, "high"),
    # Conditions outside the table, and pending rows, contradict nothing.
    ("hepatitis_c", "ruled_out", (lab("crp", 50),), {"age": 45}, None),
    ("hypothyroidism", "ruled_out", (pending("tsh"),), {}, None),
]


@pytest.mark.parametrize(
    ("condition", "status", "labs", "who", "expected"),
    [
        pytest.param(*case, id=f"{case[0]}-{case[1]}-{case[2][0].value}-{case[3]}")
        for case in CONTRADICTS
    ],
)
def test_lab_contradicts_a_disposition(condition, status, labs, who, expected):
    assert contradicts(condition, status, *labs, **who) == expected


def test_lab_contradicts_names_each_pair_with_value_unit_date_and_limit():
    facts = complete_workup(
        exclusions=findings(hypothyroidism="unlikely", inflammatory_myopathy="unlikely"),
        labs=(*BASELINE, lab("tsh", 6, on="2026-11-03"), lab("ck", 600, on="2026-11-04")),
    )
    flag = run(facts).flag("EXCL.LAB_CONTRADICTS")
    assert (flag.severity, flag.action) == ("high", "recommend")
    assert "Hypothyroidism is recorded as unlikely, but TSH 6 mIU/L on 2026-11-03" in flag.because
    assert "upper limit 4 mIU/L" in flag.because
    assert "Inflammatory myopathy is recorded as unlikely" in flag.because
    assert "CK 600 U/L on 2026-11-04 is above 576 U/L, 3 times the upper limit 192 U/L" in (
        flag.because
    )
    assert "inflammatory myopathy and hypothyroidism" in flag.recommendation


def test_lab_contradicts_cortisol_names_which_limit_was_used():
    default = complete_workup(
        exclusions=(*all_ruled_out(), ExclusionFinding("adrenal_insufficiency", "unlikely")),
        labs=(*BASELINE, lab("cortisol_am", 4.9)),
    )
    assert "lower limit 5 ug/dL" in run(default).flag("EXCL.LAB_CONTRADICTS").because
    own = complete_workup(
        exclusions=(*all_ruled_out(), ExclusionFinding("adrenal_insufficiency", "unlikely")),
        labs=(*BASELINE, lab("cortisol_am", 5.9, ref_low=6)),
    )
    assert "laboratory's lower limit 6 ug/dL" in run(own).flag("EXCL.LAB_CONTRADICTS").because


# --- Pending and not-done rows -------------------------------------------------------------------

VALUE_RULES = (
    "EXCL.THYROID_LAB",
    "EXCL.INFLAMMATION_LAB",
    "EXCL.AUTOIMMUNE_SEROLOGY",
    "EXCL.ANA_LOW_TITRE",
    "EXCL.CK_HIGH",
    "EXCL.ANAEMIA",
    "EXCL.GLYCAEMIA",
    "EXCL.LAB_CONTRADICTS",
)
READ_BY_EXCL = ("tsh", "free_t4", "esr", "crp", "ck", "ana", "rf", "anti_ccp", "hemoglobin",
                "hba1c", "cortisol_am")  # fmt: skip


@pytest.mark.parametrize("row", [pending, not_done])
@pytest.mark.parametrize("analyte", READ_BY_EXCL)
def test_a_pending_or_not_done_row_never_fires_a_value_rule(analyte, row):
    facts = complete_workup(labs=(row(analyte),), medications=(STATIN,))
    assert not set(VALUE_RULES) & set(codes(facts))


def test_a_later_pending_row_keeps_the_latest_reading():
    facts = complete_workup(
        labs=(*BASELINE_LABS, lab("tsh", 6, on="2026-11-01"), pending("tsh", on="2026-11-15"))
    )
    evaluation = run(facts)
    assert "TSH 6 mIU/L on 2026-11-01" in evaluation.flag("EXCL.THYROID_LAB").because
    assert "TSH ordered on 2026-11-15" in evaluation.flag("EXCL.PENDING").because


def pend(*labs, exclusions=None):
    facts = complete_workup(labs=(*BASELINE_LABS, *labs), exclusions=exclusions or all_ruled_out())
    return severity(facts, "EXCL.PENDING")


PENDING_CASES = [
    pytest.param((pending("b12"),), "low", id="pending"),
    pytest.param((not_done("b12"),), None, id="not-done"),
    pytest.param((pending("b12", on="2026-11-01"), lab("b12", 400, on="2026-11-05")), None,
                 id="resulted-later-closes-it"),
    pytest.param((lab("b12", 400, on="2026-11-01"), pending("b12", on="2026-11-05")), "low",
                 id="pending-later-is-open"),
    pytest.param((pending("b12", on="2026-11-05"), lab("b12", 400, on="2026-11-05")), None,
                 id="same-day-resulted-row-after"),
    pytest.param((lab("b12", 400, on="2026-11-05"), pending("b12", on="2026-11-05")), "low",
                 id="same-day-pending-row-after"),
    pytest.param((pending("b12", on="2026-11-01"), not_done("b12", on="2026-11-05")), None,
                 id="not-done-later-closes-it"),
    pytest.param((pending("b12", on="2026-11-09"), lab("b12", 400, on="2026-11-05")), "low",
                 id="pending-collected-later-than-an-earlier-row"),
]  # fmt: skip


@pytest.mark.parametrize(("labs", "expected"), PENDING_CASES)
def test_pending_lab_is_the_latest_row_of_any_status(labs, expected):
    assert pend(*labs) == expected


def test_pending_exclusion_condition_fires_and_is_named():
    flag = run(complete_workup(exclusions=findings(hiv="pending"))).flag("EXCL.PENDING")
    assert (flag.severity, flag.action) == ("low", "recommend")
    assert "HIV" in flag.because
    optional = (*all_ruled_out(), ExclusionFinding("malignancy", "pending"))
    assert "malignancy" in run(complete_workup(exclusions=optional)).flag("EXCL.PENDING").because
    assert pend(exclusions=findings(hiv="not_assessed")) is None


def test_pending_names_conditions_and_tests_with_their_dates():
    facts = complete_workup(
        exclusions=findings(lyme="pending"),
        labs=(*BASELINE_LABS, pending("ferritin", on="2026-11-12"), pending("anti_ccp")),
    )
    flag = run(facts).flag("EXCL.PENDING")
    assert "Lyme disease" in flag.because
    assert "anti-CCP ordered on 2026-11-10" in flag.because
    assert "ferritin ordered on 2026-11-12" in flag.because


# --- Baseline panel ------------------------------------------------------------------------------

HB, CRP, TSH, CK = (lab("hemoglobin", 13.5), lab("crp", 2), lab("tsh", 1.8), lab("ck", 120))
BASELINE_CASES = [
    pytest.param((HB, CRP, TSH, CK), None, (), id="complete"),
    pytest.param((HB, lab("esr", 12), TSH, CK), None, (), id="esr-instead-of-crp"),
    pytest.param((HB, lab("esr", 12), CRP, TSH, CK), None, (), id="both-markers"),
    pytest.param((CRP, TSH, CK), "moderate", ("haemoglobin",), id="no-haemoglobin"),
    pytest.param((HB, TSH, CK), "moderate", ("an inflammatory marker",), id="no-marker"),
    pytest.param((HB, CRP, CK), "moderate", ("TSH",), id="no-tsh"),
    pytest.param((HB, CRP, TSH), "moderate", ("CK",), id="no-ck"),
    pytest.param((HB, CRP, TSH, pending("ck")), "moderate", ("CK",), id="ck-pending"),
    pytest.param((HB, CRP, TSH, not_done("ck")), "moderate", ("CK",), id="ck-not-done"),
    pytest.param((HB, CRP, TSH, CK, pending("ck")), None, (), id="result-then-pending"),
    pytest.param((lab("b12", 400), lab("ferritin", 80)), "moderate",
                 ("haemoglobin", "an inflammatory marker", "TSH", "CK"), id="other-labs-only"),
    pytest.param((), "moderate", ("haemoglobin", "an inflammatory marker", "TSH", "CK"),
                 id="no-labs"),
]  # fmt: skip


@pytest.mark.parametrize(("labs", "expected", "named"), BASELINE_CASES)
def test_baseline_labs_missing(labs, expected, named):
    flag = run(complete_workup(labs=labs)).flag("EXCL.BASELINE_LABS_MISSING")
    if expected is None:
        assert flag is None
        return
    assert (flag.severity, flag.action) == (expected, "recommend")
    for part in named:
        assert part in flag.because


def test_baseline_labs_missing_says_which_parts_are_pending():
    facts = complete_workup(labs=(HB, pending("crp", on="2026-11-12"), not_done("ck")))
    flag = run(facts).flag("EXCL.BASELINE_LABS_MISSING")
    assert "an inflammatory marker (ESR or CRP) (CRP pending, ordered on 2026-11-12)" in (
        flag.because
    )
    assert "CK (recorded as not done on 2026-11-10)" in flag.because
    assert "TSH" in flag.because
    assert "Pending: an inflammatory marker (ESR or CRP)." in flag.because
    assert "Order TSH and CK" in flag.recommendation
    assert flag.evidence[0].source.startswith("Canadian 2012")


def test_baseline_labs_missing_says_when_none_is_pending():
    flag = run(complete_workup(labs=(HB, CRP, TSH))).flag("EXCL.BASELINE_LABS_MISSING")
    assert "No part of it is pending" in flag.because


# --- Actions, severities and the unremarkable workup ----------------------------------------------


def test_complete_workup_raises_no_flag():
    for age in (49, 50, 51, 56):
        assert codes(complete_workup(age=age)) == set()


def test_every_exclusion_rule_recommends_with_its_contract_severity():
    from workup.rules.catalogue import RULES_BY_CODE

    expected = {
        "EXCL.GCA_SYMPTOMS": "urgent / high",
        "EXCL.RED_FLAGS": "high",
        "EXCL.RED_FLAGS_NOT_ASKED": "moderate",
        "EXCL.PMR_CHECK": "high",
        "EXCL.STATIN_CK": "high",
        "EXCL.INCOMPLETE": "high",
        "EXCL.ALTERNATIVE_POSSIBLE": "high",
        "EXCL.LAB_CONTRADICTS": "high",
        "EXCL.COMORBID_CONFIRMED": "moderate",
        "EXCL.THYROID_LAB": "high",
        "EXCL.INFLAMMATION_LAB": "high",
        "EXCL.AUTOIMMUNE_SEROLOGY": "high",
        "EXCL.ANA_LOW_TITRE": "low",
        "EXCL.CK_HIGH": "high",
        "EXCL.ANAEMIA": "moderate",
        "EXCL.GLYCAEMIA": "moderate",
        "EXCL.BASELINE_LABS_MISSING": "moderate",
        "EXCL.PENDING": "low",
    }
    actual = {c: r for c, r in RULES_BY_CODE.items() if c.startswith("EXCL.")}
    assert set(actual) == set(expected)
    for code, r in actual.items():
        assert (r.severity_text, r.action, r.area) == (expected[code], "recommend", "exclusions")
        assert r.fires_when and r.evidence
