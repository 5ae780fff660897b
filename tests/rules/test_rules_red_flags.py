"""Red flags, giant cell arteritis, the polymyalgia check and statins without a CK result.

Age is the age in whole years at the visit date; every age threshold is tested at 49, 50 and 51.
"""

import pytest

from tests.rules.builders import (
    complete_workup,
    lab,
    medication,
    not_done,
    pending,
    red_flags,
    run,
    severity,
)
from workup.rules.facts import Pain
from workup.rules.vocab import GCA_QUESTIONS, RED_FLAG_LABELS, RED_FLAGS

YES = True


def gca(age, **answers):
    return severity(complete_workup(age=age, red_flags=red_flags(**answers)), "EXCL.GCA_SYMPTOMS")


GCA_CASES = [
    # Jaw claudication, visual disturbance or scalp tenderness at 50 or over: urgent.
    (49, {"jaw_claudication": YES}, None),
    (50, {"jaw_claudication": YES}, "urgent"),
    (51, {"jaw_claudication": YES}, "urgent"),
    (49, {"visual_disturbance": YES}, None),
    (50, {"visual_disturbance": YES}, "urgent"),
    (51, {"visual_disturbance": YES}, "urgent"),
    (49, {"scalp_tenderness": YES}, None),
    (50, {"scalp_tenderness": YES}, "urgent"),
    (51, {"scalp_tenderness": YES}, "urgent"),
    # A new headache alone at 50 or over: high; with any of the three: urgent.
    (49, {"new_headache": YES}, None),
    (50, {"new_headache": YES}, "high"),
    (51, {"new_headache": YES}, "high"),
    (50, {"new_headache": YES, "scalp_tenderness": YES}, "urgent"),
    (80, {"new_headache": YES, "visual_disturbance": None}, "high"),
    # Nothing recorded yes, or not asked: nothing fires.
    (50, {}, None),
    (50, {"jaw_claudication": None, "new_headache": None}, None),
    (50, {"fever": YES, "morning_stiffness_over_60_min": YES}, None),
]


@pytest.mark.parametrize(("age", "answers", "expected"), GCA_CASES)
def test_gca_symptoms_at_50_and_over(age, answers, expected):
    assert gca(age, **answers) == expected


def test_gca_symptoms_need_the_red_flag_section():
    assert severity(complete_workup(age=70, red_flags=None), "EXCL.GCA_SYMPTOMS") is None


def test_urgent_gca_text_follows_bsr_2020():
    flag = run(complete_workup(age=50, red_flags=red_flags(jaw_claudication=YES))).flag(
        "EXCL.GCA_SYMPTOMS"
    )
    assert flag.action == "recommend"
    text = flag.recommendation
    for phrase in (
        "same-day fast-track assessment (local GCA pathway)",
        "ESR and CRP today",
        "if GCA is strongly suspected, start high-dose glucocorticoid now, before imaging or "
        "biopsy",
        "normal ESR and CRP do not exclude GCA",
        "BSR 2020",
    ):
        assert phrase in text
    assert "jaw claudication" in flag.because and "the patient is 50" in flag.because
    assert flag.evidence[0].source.startswith("BSR 2020")


def test_headache_only_gca_text_asks_the_other_questions_today():
    facts = complete_workup(age=51, red_flags=red_flags(new_headache=YES, scalp_tenderness=None))
    flag = run(facts).flag("EXCL.GCA_SYMPTOMS")
    assert flag.severity == "high"
    assert (
        "ask about jaw claudication, visual symptoms and scalp tenderness today"
        in flag.recommendation.lower()
    )
    assert "ESR and CRP promptly" in flag.recommendation
    assert "new headache" in flag.because
    assert "Not asked: scalp tenderness" in flag.because
    assert "jaw claudication and visual disturbance" in flag.because  # recorded as absent


ANY_AGE = (
    "weight_loss",
    "fever",
    "night_sweats",
    "joint_swelling",
    "proximal_weakness",
    "focal_neurological_signs",
)


def red(age, **answers):
    return severity(complete_workup(age=age, red_flags=red_flags(**answers)), "EXCL.RED_FLAGS")


@pytest.mark.parametrize("age", [49, 50, 51])
@pytest.mark.parametrize("question", ANY_AGE)
def test_red_flags_that_count_at_any_age(question, age):
    assert red(age, **{question: YES}) == "high"
    assert red(age, **{question: False}) is None
    assert red(age, **{question: None}) is None


@pytest.mark.parametrize(
    ("age", "question", "expected"),
    [
        (49, "morning_stiffness_over_60_min", None),
        (50, "morning_stiffness_over_60_min", "high"),
        (51, "morning_stiffness_over_60_min", "high"),
        (49, "visual_disturbance", "high"),
        (50, "visual_disturbance", None),
        (51, "visual_disturbance", None),
        (49, "new_headache", None),
        (49, "jaw_claudication", None),
        (49, "scalp_tenderness", None),
        (50, "new_headache", None),
        (50, "jaw_claudication", None),
        (50, "scalp_tenderness", None),
    ],
)
def test_red_flags_that_depend_on_age(age, question, expected):
    assert red(age, **{question: YES}) == expected


def test_visual_disturbance_moves_from_red_flags_to_gca_at_50():
    at_49 = run(complete_workup(age=49, red_flags=red_flags(visual_disturbance=YES)))
    at_50 = run(complete_workup(age=50, red_flags=red_flags(visual_disturbance=YES)))
    assert (at_49.flag("EXCL.RED_FLAGS") is not None, at_49.flag("EXCL.GCA_SYMPTOMS")) == (
        True,
        None,
    )
    assert at_50.flag("EXCL.RED_FLAGS") is None
    assert at_50.flag("EXCL.GCA_SYMPTOMS").severity == "urgent"


def test_red_flags_are_named_and_joint_swelling_means_urgent_rheumatology_referral():
    facts = complete_workup(
        age=56,
        red_flags=red_flags(fever=YES, joint_swelling=YES, morning_stiffness_over_60_min=YES),
    )
    flag = run(facts).flag("EXCL.RED_FLAGS")
    assert (flag.severity, flag.action) == ("high", "recommend")
    assert "fever, morning stiffness over 60 minutes and joint swelling" in flag.because
    assert "the patient is 56" in flag.because
    assert (
        "refer urgently to rheumatology, even when RF, anti-CCP, ESR and CRP are normal"
        in flag.recommendation
    )
    assert "NICE NG100" in flag.recommendation
    assert any(e.source.startswith("NICE NG100") for e in flag.evidence)


def test_red_flags_without_joint_swelling_do_not_ask_for_rheumatology_referral():
    flag = run(complete_workup(red_flags=red_flags(weight_loss=YES))).flag("EXCL.RED_FLAGS")
    assert "unintentional weight loss" in flag.because
    assert "refer urgently to rheumatology" not in flag.recommendation
    assert "fibromyalgia alone" in flag.recommendation


# --- Questions not asked -------------------------------------------------------------------------


def test_absent_red_flag_section_names_every_question():
    evaluation = run(complete_workup(age=45, red_flags=None))
    flag = evaluation.flag("EXCL.RED_FLAGS_NOT_ASKED")
    assert (flag.severity, flag.action) == ("moderate", "recommend")
    assert "not recorded" in flag.because
    for q in RED_FLAGS:
        assert RED_FLAG_LABELS[q] in flag.because
    assert evaluation.completeness.exclusions is False


@pytest.mark.parametrize("question", RED_FLAGS)
def test_one_unanswered_question_is_named_alone(question):
    evaluation = run(complete_workup(red_flags=red_flags(**{question: None})))
    flag = evaluation.flag("EXCL.RED_FLAGS_NOT_ASKED")
    assert f"1 of the 11 red-flag questions is not answered: {RED_FLAG_LABELS[question]}." in (
        flag.because
    )
    assert evaluation.completeness.exclusions is False


def test_all_questions_answered_raises_nothing_and_completes_the_area():
    evaluation = run(complete_workup(red_flags=red_flags()))
    assert evaluation.flag("EXCL.RED_FLAGS_NOT_ASKED") is None
    assert evaluation.completeness.exclusions is True


@pytest.mark.parametrize(("age", "gca_first"), [(49, False), (50, True), (51, True)])
def test_gca_questions_come_first_from_50(age, gca_first):
    unasked = dict.fromkeys(("weight_loss", "new_headache", "scalp_tenderness"))
    flag = run(complete_workup(age=age, red_flags=red_flags(**unasked))).flag(
        "EXCL.RED_FLAGS_NOT_ASKED"
    )
    if gca_first:
        expected = "new headache, scalp tenderness and unintentional weight loss"
        assert "giant cell arteritis questions" in flag.because
        assert "giant cell arteritis" in flag.recommendation
    else:
        expected = "unintentional weight loss, new headache and scalp tenderness"
        assert "giant cell arteritis" not in flag.because
    assert expected in flag.because
    assert expected in flag.recommendation


def test_unanswered_red_flags_order():
    from workup.rules.catalogue.red_flags import unanswered_red_flags

    assert unanswered_red_flags(None, 49) == list(RED_FLAGS)
    at_50 = unanswered_red_flags(None, 50)
    assert at_50[:4] == list(GCA_QUESTIONS)
    assert sorted(at_50) == sorted(RED_FLAGS)
    assert unanswered_red_flags(red_flags(), 50) == []


# --- Polymyalgia check ---------------------------------------------------------------------------

GIRDLE_PAIN = Pain(
    wpi_areas=("left_shoulder_girdle", "right_shoulder_girdle", "left_hip", "right_hip",
               "neck", "upper_back", "lower_back"),
    fatigue=2, waking_unrefreshed=2, cognitive=1,
    headaches=False, lower_abdominal_pain=False, depression=False, symptom_duration_months=24,
)  # fmt: skip
NO_GIRDLE_PAIN = Pain(
    wpi_areas=("left_upper_arm", "right_upper_arm", "left_upper_leg", "right_upper_leg",
               "neck", "upper_back", "lower_back"),
    fatigue=2, waking_unrefreshed=2, cognitive=1,
    headaches=False, lower_abdominal_pain=False, depression=False, symptom_duration_months=24,
)  # fmt: skip
ONLY_RIGHT_HIP = Pain(wpi_areas=("right_hip",))
NO_MARKER = (lab("hemoglobin", 13.5), lab("tsh", 1.8), lab("ck", 120))


def pmr(age=56, pain=GIRDLE_PAIN, labs=NO_MARKER, **answers):
    facts = complete_workup(age=age, pain=pain, labs=labs, red_flags=red_flags(**answers))
    return severity(facts, "EXCL.PMR_CHECK")


PMR_CASES = [
    pytest.param({"age": 49}, None, id="girdle-pain-at-49"),
    pytest.param({"age": 50}, "high", id="girdle-pain-at-50"),
    pytest.param({"age": 51}, "high", id="girdle-pain-at-51"),
    pytest.param({"pain": ONLY_RIGHT_HIP}, "high", id="one-hip-area"),
    pytest.param({"pain": NO_GIRDLE_PAIN}, None, id="no-girdle-area"),
    pytest.param({"pain": None}, None, id="no-pain-section"),
    pytest.param(
        {"pain": NO_GIRDLE_PAIN, "morning_stiffness_over_60_min": YES}, "high", id="stiffness"
    ),
    pytest.param(
        {"pain": None, "morning_stiffness_over_60_min": YES, "age": 49}, None, id="stiffness-49"
    ),
    pytest.param(
        {"pain": None, "morning_stiffness_over_60_min": YES, "age": 50}, "high", id="stiffness-50"
    ),
    pytest.param({"labs": (*NO_MARKER, lab("esr", 10))}, None, id="esr-resulted"),
    pytest.param({"labs": (*NO_MARKER, lab("crp", 2))}, None, id="crp-resulted"),
    pytest.param({"labs": (*NO_MARKER, pending("esr"))}, None, id="esr-pending"),
    pytest.param({"labs": (*NO_MARKER, pending("crp"))}, None, id="crp-pending"),
    pytest.param({"labs": (*NO_MARKER, not_done("crp"))}, "high", id="crp-not-done"),
    pytest.param(
        {"labs": (*NO_MARKER, pending("crp", on="2026-11-01"), not_done("crp", on="2026-11-05"))},
        "high",
        id="pending-closed-by-a-later-not-done",
    ),
    pytest.param(
        {"labs": (*NO_MARKER, not_done("esr", on="2026-11-01"), pending("esr", on="2026-11-05"))},
        None,
        id="not-done-then-pending",
    ),
]


@pytest.mark.parametrize(("kwargs", "expected"), PMR_CASES)
def test_pmr_check(kwargs, expected):
    assert pmr(**kwargs) == expected


def test_pmr_check_names_the_areas_age_and_the_missing_markers():
    facts = complete_workup(
        age=50, pain=ONLY_RIGHT_HIP, labs=(*NO_MARKER, not_done("esr", on="2026-11-12"))
    )
    flag = run(facts).flag("EXCL.PMR_CHECK")
    assert "right hip" in flag.because and "the patient is 50" in flag.because
    assert "ESR: recorded as not done on 2026-11-12" in flag.because
    assert "CRP: no result recorded" in flag.because
    assert "ESR and CRP" in flag.recommendation
    assert flag.evidence[0].source.startswith("EULAR/ACR 2015")


# --- Statin without a CK result ------------------------------------------------------------------

STATIN = medication("atorvastatin", "statin", "40 mg")
OTHER_BASELINE = (lab("hemoglobin", 13.5), lab("crp", 2), lab("tsh", 1.8))


@pytest.mark.parametrize(
    ("medications", "labs", "expected"),
    [
        pytest.param((STATIN,), OTHER_BASELINE, "high", id="statin-no-ck"),
        pytest.param((STATIN,), (*OTHER_BASELINE, lab("ck", 120)), None, id="statin-ck-resulted"),
        pytest.param((STATIN,), (*OTHER_BASELINE, pending("ck")), None, id="statin-ck-pending"),
        pytest.param((STATIN,), (*OTHER_BASELINE, not_done("ck")), "high", id="ck-not-done"),
        pytest.param(
            (STATIN,),
            (*OTHER_BASELINE, pending("ck", on="2026-11-01"), not_done("ck", on="2026-11-02")),
            "high",
            id="pending-closed",
        ),
        pytest.param((), OTHER_BASELINE, None, id="no-medicines"),
        pytest.param(None, OTHER_BASELINE, None, id="medications-not-recorded"),
        pytest.param(
            (medication("prednisolone", "corticosteroid"),), OTHER_BASELINE, None, id="no-statin"
        ),
    ],
)
def test_statin_ck(medications, labs, expected):
    facts = complete_workup(medications=medications, labs=labs)
    assert severity(facts, "EXCL.STATIN_CK") == expected


def test_statin_ck_names_the_statin_and_says_a_normal_ck_does_not_exclude_muscle_symptoms():
    flag = run(complete_workup(medications=(STATIN,), labs=OTHER_BASELINE)).flag("EXCL.STATIN_CK")
    assert (flag.severity, flag.action) == ("high", "recommend")
    assert "atorvastatin 40 mg" in flag.because
    assert "a normal CK does not exclude statin-associated muscle symptoms" in flag.recommendation
    sources = " ".join(e.source for e in flag.evidence)
    assert "NLA 2014" in sources and "EAS 2015" in sources
