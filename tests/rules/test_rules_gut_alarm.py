"""GUT.ALARM_FEATURES, GUT.COELIAC_SEROLOGY and GUT.COELIAC_NOT_TESTED (BSG 2021)."""

import pytest

from tests.rules.builders import (
    complete_workup,
    lab,
    not_done,
    pending,
    red_flags,
    run,
    severity,
    workup,
)
from workup.rules.facts import Gut, Hormones

BLOATING = Gut(symptoms=("bloating",))
PREMENOPAUSAL = Hormones("premenopausal", "none", "none")
POSTMENOPAUSAL = Hormones("postmenopausal", "none", "none")


def alarm(*labs, gut=BLOATING, sex="female", age=40, hormones=PREMENOPAUSAL, flags=None):
    facts = complete_workup(
        labs=labs, gut=gut, sex=sex, age=age, hormones=hormones, red_flags=flags or red_flags()
    )
    return severity(facts, "GUT.ALARM_FEATURES")


# Ferritin below 30 ng/mL is an alarm feature at 50 or over, in a man, or after the menopause.
FERRITIN_CASES = [
    (ferritin, age, sex, hormones, expected)
    for ferritin, low in ((29.9, True), (30, False), (30.1, False))
    for age, sex, hormones, who in (
        (49, "female", PREMENOPAUSAL, False),
        (50, "female", PREMENOPAUSAL, True),
        (51, "female", PREMENOPAUSAL, True),
        (49, "male", None, True),
        (30, "male", None, True),
        (45, "female", POSTMENOPAUSAL, True),
        (45, "female", Hormones("perimenopausal"), False),
        (45, "female", None, False),
        (45, "intersex", None, False),
        (45, "unknown", None, False),
    )
    for expected in ["high" if low and who else None]
]


@pytest.mark.parametrize(("ferritin", "age", "sex", "hormones", "expected"), FERRITIN_CASES)
def test_low_ferritin_is_an_alarm_feature_by_age_sex_and_menopause(
    ferritin, age, sex, hormones, expected
):
    assert alarm(lab("ferritin", ferritin), age=age, sex=sex, hormones=hormones) == expected


@pytest.mark.parametrize(
    ("hemoglobin", "sex", "ref_low", "expected"),
    [
        (11.9, "female", None, "high"),
        (12, "female", None, None),
        (12.1, "female", None, None),
        (11.9, "unknown", None, "high"),
        (12.9, "male", None, "high"),
        (13, "male", None, None),
        (13.1, "male", None, None),
        (12.4, "female", 12.5, "high"),
        (11.9, "female", 11.5, None),
    ],
)
def test_haemoglobin_below_its_lower_limit_is_an_alarm_feature(hemoglobin, sex, ref_low, expected):
    assert alarm(lab("hemoglobin", hemoglobin, ref_low=ref_low), sex=sex) == expected


@pytest.mark.parametrize(("answer", "expected"), [(True, "high"), (False, None), (None, None)])
def test_unintentional_weight_loss_is_an_alarm_feature(answer, expected):
    assert alarm(flags=red_flags(weight_loss=answer)) == expected


def test_weight_loss_not_asked_fires_nothing():
    facts = complete_workup(gut=BLOATING, red_flags=None)
    assert severity(facts, "GUT.ALARM_FEATURES") is None


@pytest.mark.parametrize(
    ("gut", "expected"),
    [
        (Gut(symptoms=("rectal_bleeding",)), "high"),
        (Gut(symptoms=("rectal_bleeding",), rome_iv_ibs=False), "high"),
        (Gut(), None),
        (Gut(rome_iv_ibs=False), None),
        (Gut(rome_iv_ibs=True), "high"),
        (Gut(symptoms=("reflux",)), "high"),
        (None, None),
    ],
)
def test_anaemia_counts_only_beside_gut_symptoms_or_ibs_while_rectal_bleeding_always_counts(
    gut, expected
):
    facts = complete_workup(gut=gut, labs=(lab("hemoglobin", 10),))
    assert severity(facts, "GUT.ALARM_FEATURES") == expected


def test_rectal_bleeding_alone_is_an_alarm_feature():
    facts = complete_workup(gut=Gut(symptoms=("rectal_bleeding",)))
    assert severity(facts, "GUT.ALARM_FEATURES") == "high"


def test_alarm_text_names_each_feature_and_asks_for_investigation_first():
    facts = complete_workup(
        age=62,
        gut=Gut(symptoms=("bloating", "rectal_bleeding"), rome_iv_ibs=True),
        labs=(lab("hemoglobin", 11.2), lab("ferritin", 12)),
        red_flags=red_flags(weight_loss=True),
    )
    flag = run(facts).flag("GUT.ALARM_FEATURES")
    assert (flag.severity, flag.action) == ("high", "recommend")
    assert "Rectal bleeding" in flag.because
    assert "Haemoglobin 11.2 g/dL on 2026-11-01 is below the lower limit 12 g/dL" in flag.because
    assert "weight loss" in flag.because
    assert "Ferritin 12 ng/mL on 2026-11-01 is below 30 ng/mL at age 62" in flag.because
    assert "refer to gastroenterology" in flag.recommendation
    assert "tTG-IgA with total IgA, while the patient still eats gluten" in flag.recommendation
    assert flag.evidence[0].source.startswith("BSG 2021")


# --- GUT.COELIAC_SEROLOGY ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (lab("ttg_iga", 14.9), None),
        (lab("ttg_iga", 15), None),
        (lab("ttg_iga", 15.1), "high"),
        (lab("ttg_iga", 120), "high"),
        (lab("ttg_iga", 12, ref_high=10), "high"),
        (lab("ttg_iga", 10, ref_high=10), None),
        (lab("ttg_iga", 18, ref_high=20), None),
        (lab("ttg_iga", 20.1, ref_high=20), "high"),
        (pending("ttg_iga"), None),
        (not_done("ttg_iga"), None),
    ],
)
def test_coeliac_serology_above_its_upper_limit_the_laboratory_limit_replacing_15(row, expected):
    assert severity(workup(labs=(row,)), "GUT.COELIAC_SEROLOGY") == expected


def test_the_latest_serology_counts_and_a_later_pending_row_does_not_hide_a_result():
    older_positive = lab("ttg_iga", 40, on="2026-10-01")
    assert (
        severity(workup(labs=(older_positive, lab("ttg_iga", 3))), "GUT.COELIAC_SEROLOGY") is None
    )
    facts = workup(labs=(older_positive, pending("ttg_iga", on="2026-11-15")))
    assert severity(facts, "GUT.COELIAC_SEROLOGY") == "high"


def test_positive_serology_refers_for_biopsy_while_the_patient_still_eats_gluten():
    flag = run(workup(labs=(lab("ttg_iga", 40),))).flag("GUT.COELIAC_SEROLOGY")
    assert flag.because.startswith("Coeliac serology: tTG-IgA 40 U/mL on 2026-11-01 is above")
    assert "15 U/mL" in flag.because
    assert "gastroenterology for duodenal biopsy while the patient still eats gluten" in (
        flag.recommendation
    )
    assert "tTG-IgA with total IgA" in flag.recommendation
    assert "IgA deficiency" not in flag.recommendation


@pytest.mark.parametrize(
    ("iga", "mentioned"),
    [((0.06, "g/L"), True), ((0.07, "g/L"), False), ((6, "mg/dL"), True), ((1.5, "g/L"), False)],
)
def test_positive_serology_with_low_total_iga_says_tTG_iga_is_unreliable(iga, mentioned):
    facts = workup(labs=(lab("ttg_iga", 40), lab("iga_total", *iga)))
    flag = run(facts).flag("GUT.COELIAC_SEROLOGY")
    assert ("IgA deficiency makes tTG-IgA unreliable" in flag.recommendation) is mentioned
    assert ("Total IgA" in flag.because) is mentioned


# --- GUT.COELIAC_NOT_TESTED ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gut", "labs", "expected"),
    [
        (Gut(rome_iv_ibs=True), (), "moderate"),
        (Gut(rome_iv_ibs=False), (), None),
        (Gut(symptoms=("diarrhoea",)), (), "moderate"),
        (Gut(symptoms=("bloating", "constipation")), (), None),
        (None, (lab("hemoglobin", 11.9),), "moderate"),
        (Gut(), (lab("hemoglobin", 11.9),), "moderate"),
        (None, (lab("hemoglobin", 12),), None),
        (Gut(symptoms=("reflux",)), (lab("ferritin", 29.9),), "moderate"),
        (Gut(symptoms=("reflux",)), (lab("ferritin", 30),), None),
        (Gut(symptoms=("reflux",)), (lab("ferritin", 30.1),), None),
        (Gut(), (lab("ferritin", 29.9),), None),
        (None, (lab("ferritin", 10),), None),
        (Gut(), (), None),
    ],
)
def test_coeliac_serology_is_asked_for_on_the_bsg_indications(gut, labs, expected):
    facts = complete_workup(gut=gut, labs=labs)
    assert severity(facts, "GUT.COELIAC_NOT_TESTED") == expected


IBS = Gut(rome_iv_ibs=True)


@pytest.mark.parametrize(
    ("iga", "ttg", "warned"),
    [
        pytest.param(lab("iga_total", 0.06), 3, True, id="IgA below 0.07 g/L, tTG negative"),
        pytest.param(lab("iga_total", 0.07), 3, False, id="IgA at 0.07 g/L"),
        pytest.param(lab("iga_total", 0.08), 3, False, id="IgA above 0.07 g/L"),
        pytest.param(lab("iga_total", 6.9, "mg/dL"), 3, True, id="IgA 6.9 mg/dL is 0.069 g/L"),
        pytest.param(lab("iga_total", 7, "mg/dL"), 3, False, id="IgA 7 mg/dL is 0.07 g/L"),
        pytest.param(lab("iga_total", 0.06), 20, False, id="tTG raised: COELIAC_SEROLOGY says it"),
    ],
)
def test_ibs_text_warns_that_low_total_iga_makes_a_negative_ttg_unreliable(iga, ttg, warned):
    facts = complete_workup(gut=IBS, labs=(lab("ttg_iga", ttg), iga))
    flag = run(facts).flag("GUT.IBS")
    assert ("IgA deficiency makes this tTG-IgA unreliable" in flag.recommendation) is warned
    assert ("Total IgA" in flag.because) is warned
