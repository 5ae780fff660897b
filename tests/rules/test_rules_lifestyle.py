"""LIFE rules: exercise, sleep, sleep-apnoea risk, obesity and diet, at each threshold."""

from dataclasses import replace

import pytest

from tests.rules.builders import complete_workup, run, severity
from workup.rules.facts import Lifestyle

NORMAL = complete_workup().lifestyle


def life(**fields) -> Lifestyle:
    return replace(NORMAL, **fields)


CASES = [
    ("LIFE.LOW_AEROBIC", {"aerobic_minutes_per_week": 149}, "moderate"),
    ("LIFE.LOW_AEROBIC", {"aerobic_minutes_per_week": 150}, None),
    ("LIFE.LOW_AEROBIC", {"aerobic_minutes_per_week": 151}, None),
    ("LIFE.LOW_AEROBIC", {"aerobic_minutes_per_week": 0}, "moderate"),
    ("LIFE.LOW_AEROBIC", {"aerobic_minutes_per_week": None}, None),
    ("LIFE.NO_STRENGTH", {"strength_sessions_per_week": 1}, "moderate"),
    ("LIFE.NO_STRENGTH", {"strength_sessions_per_week": 2}, None),
    ("LIFE.NO_STRENGTH", {"strength_sessions_per_week": 3}, None),
    ("LIFE.NO_STRENGTH", {"strength_sessions_per_week": None}, None),
    ("LIFE.SHORT_SLEEP", {"sleep_hours": 6.9}, "moderate"),
    ("LIFE.SHORT_SLEEP", {"sleep_hours": 0}, "moderate"),
    ("LIFE.SHORT_SLEEP", {"sleep_hours": 7}, None),
    ("LIFE.SHORT_SLEEP", {"sleep_hours": 7.1}, None),
    ("LIFE.SHORT_SLEEP", {"sleep_hours": None}, None),
    ("LIFE.POOR_SLEEP", {"psqi_global": 5, "isi_total": None}, None),
    ("LIFE.POOR_SLEEP", {"psqi_global": 6, "isi_total": None}, "moderate"),
    ("LIFE.POOR_SLEEP", {"psqi_global": 4, "isi_total": None}, None),
    ("LIFE.POOR_SLEEP", {"psqi_global": None, "isi_total": 7}, None),
    ("LIFE.POOR_SLEEP", {"psqi_global": None, "isi_total": 8}, "low"),
    ("LIFE.POOR_SLEEP", {"psqi_global": None, "isi_total": 14}, "low"),
    ("LIFE.POOR_SLEEP", {"psqi_global": None, "isi_total": 15}, "moderate"),
    ("LIFE.POOR_SLEEP", {"psqi_global": None, "isi_total": 16}, "moderate"),
    ("LIFE.POOR_SLEEP", {"psqi_global": 6, "isi_total": 10}, "moderate"),
    ("LIFE.POOR_SLEEP", {"psqi_global": 5, "isi_total": 10}, "low"),
    ("LIFE.POOR_SLEEP", {"psqi_global": None, "isi_total": None}, None),
    ("LIFE.OSA_RISK", {"stop_bang": 2}, None),
    ("LIFE.OSA_RISK", {"stop_bang": 3}, "moderate"),
    ("LIFE.OSA_RISK", {"stop_bang": 4}, "moderate"),
    ("LIFE.OSA_RISK", {"stop_bang": 5}, "high"),
    ("LIFE.OSA_RISK", {"stop_bang": 8}, "high"),
    ("LIFE.OSA_RISK", {"stop_bang": None}, None),
    ("LIFE.OBESITY", {"height_cm": 160, "weight_kg": 76.7}, None),  # BMI 29.96
    ("LIFE.OBESITY", {"height_cm": 160, "weight_kg": 76.8}, "moderate"),  # BMI 30.0
    ("LIFE.OBESITY", {"height_cm": 160, "weight_kg": 77}, "moderate"),  # BMI 30.08
    ("LIFE.OBESITY", {"height_cm": None, "weight_kg": 120}, None),
    ("LIFE.OBESITY", {"height_cm": 160, "weight_kg": None}, None),
    ("LIFE.DIET_NOT_ADDRESSED", {"diets_tried": ()}, "info"),
    ("LIFE.DIET_NOT_ADDRESSED", {"diets_tried": ("other",)}, None),
    ("LIFE.DIET_NOT_ADDRESSED", {"diets_tried": ("hypocaloric", "gluten_free")}, None),
]


@pytest.mark.parametrize(("code", "fields", "expected"), CASES)
def test_lifestyle_rules_at_their_thresholds(code, fields, expected):
    assert severity(complete_workup(lifestyle=life(**fields)), code) == expected


# LIFE.SHORT_SLEEP fires only when LIFE.POOR_SLEEP did not: one sleep flag asks about sleep.
SLEEP_CASES = [
    # (sleep hours, PSQI, ISI, expected POOR_SLEEP, expected SHORT_SLEEP)
    (6.9, 4, 5, None, "moderate"),
    (7, 4, 5, None, None),
    (7.1, 4, 5, None, None),
    (6.9, 6, 5, "moderate", None),
    (7, 6, 5, "moderate", None),
    (6.9, 5, 5, None, "moderate"),
    (6.9, None, 8, "low", None),
    (6.9, None, 7, None, "moderate"),
    (6.9, None, 15, "moderate", None),
    (7, None, 15, "moderate", None),
    (6.9, None, None, None, "moderate"),
]


@pytest.mark.parametrize(("hours", "psqi", "isi", "poor", "short"), SLEEP_CASES)
def test_short_sleep_fires_only_when_poor_sleep_did_not(hours, psqi, isi, poor, short):
    facts = complete_workup(lifestyle=life(sleep_hours=hours, psqi_global=psqi, isi_total=isi))
    assert (severity(facts, "LIFE.POOR_SLEEP"), severity(facts, "LIFE.SHORT_SLEEP")) == (
        poor,
        short,
    )


def test_absent_lifestyle_is_not_assessed_and_raises_no_other_lifestyle_flag():
    evaluation = run(complete_workup(lifestyle=None))
    lifestyle = [f.code for f in evaluation.flags if f.area == "lifestyle"]
    assert lifestyle == ["LIFE.NOT_ASSESSED"]
    assert evaluation.completeness.lifestyle is False


def test_an_empty_lifestyle_section_only_flags_the_missing_diet():
    evaluation = run(complete_workup(lifestyle=Lifestyle()))
    assert [f.code for f in evaluation.flags if f.area == "lifestyle"] == [
        "LIFE.DIET_NOT_ADDRESSED"
    ]
    assert evaluation.completeness.lifestyle is True


def test_lifestyle_texts_state_the_values_and_limits():
    facts = complete_workup(
        lifestyle=life(aerobic_minutes_per_week=30, sleep_hours=6, stop_bang=6, isi_total=9)
    )
    evaluation = run(facts)
    assert "30 minutes" in evaluation.flag("LIFE.LOW_AEROBIC").because
    assert "150 minutes" in evaluation.flag("LIFE.LOW_AEROBIC").because
    assert "STOP-Bang score 6" in evaluation.flag("LIFE.OSA_RISK").because
    assert "ISI total 9" in evaluation.flag("LIFE.POOR_SLEEP").because
    short = run(complete_workup(lifestyle=life(sleep_hours=5.5))).flag("LIFE.SHORT_SLEEP")
    assert short.because == "Sleep 5.5 hours a night is below 7 hours."


def test_obesity_text_gives_bmi_weight_and_height():
    facts = complete_workup(lifestyle=life(height_cm=165, weight_kg=82))
    because = run(facts).flag("LIFE.OBESITY").because
    assert "BMI 30.1" in because and "82 kg" in because and "165 cm" in because


def test_diet_text_is_an_option_to_discuss_not_a_treatment():
    facts = complete_workup(lifestyle=life(diets_tried=()))
    flag = run(facts).flag("LIFE.DIET_NOT_ADDRESSED")
    assert (flag.severity, flag.action) == ("info", "consider")
    assert flag.recommendation.startswith("Consider")
    assert "No diet is proven for fibromyalgia" in flag.recommendation
    assert "gluten-free, additive elimination" in flag.recommendation
    assert {e.tier for e in flag.evidence} == {"C", "D"}


def test_obesity_text_rounds_the_bmi_half_up_as_the_score_does():
    # 77.44 kg at 160 cm is a BMI of 30.25: half up gives 30.3 (round() would give 30.2).
    facts = complete_workup(lifestyle=life(height_cm=160, weight_kg=77.44))
    evaluation = run(facts)
    assert evaluation.scores.bmi == 30.3
    assert evaluation.flag("LIFE.OBESITY").because.startswith("BMI 30.3 kg/m2 (weight 77.44 kg")


@pytest.mark.parametrize(
    ("fields", "because"),
    [
        (
            {"psqi_global": 6, "isi_total": 22},
            "PSQI global score 6 is above 5 (poor sleep quality). ISI total 22 is 15 or more "
            "(severe clinical insomnia).",
        ),
        (
            {"psqi_global": 5, "isi_total": 21},
            "ISI total 21 is 15 or more (moderate clinical insomnia).",
        ),
        (
            {"psqi_global": None, "isi_total": 15},
            "ISI total 15 is 15 or more (moderate clinical insomnia).",
        ),
        (
            {"psqi_global": 4, "isi_total": 8},
            "ISI total 8 is in the subthreshold insomnia band (8-14).",
        ),
    ],
)
def test_poor_sleep_text_names_the_isi_band(fields, because):
    assert run(complete_workup(lifestyle=life(**fields))).flag("LIFE.POOR_SLEEP").because == (
        because
    )


@pytest.mark.parametrize(
    ("score", "because"),
    [
        (3, "STOP-Bang score 3 is 3-4: intermediate risk"),
        (4, "STOP-Bang score 4 is 3-4: intermediate risk"),
        (5, "STOP-Bang score 5 is 5 or more: high risk"),
        (8, "STOP-Bang score 8 is 5 or more: high risk"),
    ],
)
def test_sleep_apnoea_is_evaluated_and_tested_whatever_the_band(score, because):
    flag = run(complete_workup(lifestyle=life(stop_bang=score))).flag("LIFE.OSA_RISK")
    assert flag.because == because + " of obstructive sleep apnoea."
    assert flag.recommendation.startswith(
        "A questionnaire alone does not diagnose sleep apnoea: evaluate and arrange testing"
    )
    assert "AASM 2017" in flag.recommendation
    assert flag.action == "recommend"
    assert [e.tier for e in flag.evidence if e.source.startswith("AASM 2017")] == ["A"]


def test_sleep_flags_name_cbt_for_insomnia_first_with_its_guideline():
    evaluation = run(complete_workup(lifestyle=life(psqi_global=10, sleep_hours=5)))
    flag = evaluation.flag("LIFE.POOR_SLEEP")
    assert "CBT-I" in flag.recommendation and "ACP 2016" in flag.recommendation
    assert {e.source.split(" ")[0]: e.tier for e in flag.evidence}["ACP"] == "A"
    assert {e.source.split(" ")[0]: e.tier for e in flag.evidence}["Choy"] == "D"


@pytest.mark.parametrize("code", ["LIFE.LOW_AEROBIC", "LIFE.NO_STRENGTH"])
def test_exercise_evidence_is_eular_a_cochrane_b_and_a_narrative_review(code):
    facts = complete_workup(
        lifestyle=life(aerobic_minutes_per_week=0, strength_sessions_per_week=0)
    )
    tiers = {e.source.split(",")[0].split(" (")[0]: e.tier for e in run(facts).flag(code).evidence}
    assert tiers == {"EULAR 2016": "A", "Bidonde 2017": "B", "Busch 2013": "B", "Busch 2011": "-"}


def test_obesity_is_standard_care_with_the_fibromyalgia_benefit_as_a_possibility():
    flag = run(complete_workup(lifestyle=life(height_cm=160, weight_kg=90))).flag("LIFE.OBESITY")
    assert flag.action == "recommend"
    assert "standard care" in flag.recommendation
    assert "not a proven treatment" in flag.recommendation
