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
    ("LIFE.DIET_NOT_ADDRESSED", {"diets_tried": ()}, "low"),
    ("LIFE.DIET_NOT_ADDRESSED", {"diets_tried": ("other",)}, None),
    ("LIFE.DIET_NOT_ADDRESSED", {"diets_tried": ("hypocaloric", "gluten_free")}, None),
]


@pytest.mark.parametrize(("code", "fields", "expected"), CASES)
def test_lifestyle_rules_at_their_thresholds(code, fields, expected):
    assert severity(complete_workup(lifestyle=life(**fields)), code) == expected


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
        lifestyle=life(aerobic_minutes_per_week=30, sleep_hours=5.5, stop_bang=6, isi_total=9)
    )
    evaluation = run(facts)
    assert "30 minutes" in evaluation.flag("LIFE.LOW_AEROBIC").because
    assert "150 minutes" in evaluation.flag("LIFE.LOW_AEROBIC").because
    assert "5.5 hours" in evaluation.flag("LIFE.SHORT_SLEEP").because
    assert "STOP-Bang score 6" in evaluation.flag("LIFE.OSA_RISK").because
    assert "ISI total 9" in evaluation.flag("LIFE.POOR_SLEEP").because


def test_obesity_text_gives_bmi_weight_and_height():
    facts = complete_workup(lifestyle=life(height_cm=165, weight_kg=82))
    because = run(facts).flag("LIFE.OBESITY").because
    assert "BMI 30.1" in because and "82 kg" in because and "165 cm" in because


def test_diet_text_is_an_option_to_discuss_not_a_treatment():
    facts = complete_workup(lifestyle=life(diets_tried=()))
    flag = run(facts).flag("LIFE.DIET_NOT_ADDRESSED")
    assert flag.recommendation.startswith("Consider")
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
    ("score", "because", "first"),
    [
        (3, "STOP-Bang score 3 is 3-4: intermediate risk", "Consider a sleep study"),
        (4, "STOP-Bang score 4 is 3-4: intermediate risk", "Consider a sleep study"),
        (5, "STOP-Bang score 5 is 5 or more: high risk", "Arrange a sleep study"),
    ],
)
def test_sleep_apnoea_text_and_advice_follow_the_stop_bang_band(score, because, first):
    flag = run(complete_workup(lifestyle=life(stop_bang=score))).flag("LIFE.OSA_RISK")
    assert flag.because == because + " of obstructive sleep apnoea."
    assert flag.recommendation.startswith(first)
