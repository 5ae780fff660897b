"""MENTAL rules: the item 9 safety alert, depression, anxiety, stress and trauma."""

import pytest

from tests.rules.builders import complete_workup, items, run, severity
from workup.rules.facts import Mental


def phq9_with_item9(answer: int, others_total: int) -> tuple[int, ...]:
    return (*items(others_total, 8), answer)


@pytest.mark.parametrize(
    ("answer", "expected"), [(0, None), (1, "urgent"), (2, "urgent"), (3, "urgent")]
)
def test_phq9_item_9_above_zero_is_urgent_whatever_the_total(answer, expected):
    facts = complete_workup(mental=Mental(phq9_items=phq9_with_item9(answer, 0)))
    assert severity(facts, "MENTAL.SUICIDAL_IDEATION") == expected


def test_item_9_of_1_with_total_1_is_urgent_and_not_depression():
    facts = complete_workup(mental=Mental(phq9_items=phq9_with_item9(1, 0)))
    evaluation = run(facts)
    assert evaluation.flags[0].code == "MENTAL.SUICIDAL_IDEATION"
    assert evaluation.flags[0].severity == "urgent"
    assert "MENTAL.DEPRESSION" not in evaluation.codes
    assert evaluation.as_dict()["scores"]["phq9"] == {"total": 1, "band": "minimal"}


@pytest.mark.parametrize(
    ("total", "expected"),
    [(4, None), (5, "low"), (9, "low"), (10, "moderate"), (14, "moderate"), (15, "high"),
     (20, "high"), (27, "high")],
)  # fmt: skip
def test_depression_severity_by_phq9_total(total, expected):
    facts = complete_workup(mental=Mental(phq9_items=items(total, 9)))
    assert severity(facts, "MENTAL.DEPRESSION") == expected


@pytest.mark.parametrize(
    ("total", "expected"),
    [(4, None), (5, "low"), (9, "low"), (10, "moderate"), (14, "moderate"), (15, "high"),
     (21, "high")],
)  # fmt: skip
def test_anxiety_severity_by_gad7_total(total, expected):
    facts = complete_workup(mental=Mental(gad7_items=items(total, 7)))
    assert severity(facts, "MENTAL.ANXIETY") == expected


@pytest.mark.parametrize(("total", "expected"), [(26, None), (27, "moderate"), (28, "moderate")])
def test_high_stress_from_pss10_27(total, expected):
    assert severity(complete_workup(mental=Mental(pss10_total=total)), "MENTAL.HIGH_STRESS") == (
        expected
    )


@pytest.mark.parametrize(
    ("ace", "ptsd", "expected"),
    [(3, 2, None), (4, 2, "moderate"), (5, None, "moderate"), (None, 3, "moderate"),
     (3, 3, "moderate"), (0, 2, None), (None, None, None)],
)  # fmt: skip
def test_trauma_from_ace_4_or_pc_ptsd5_3(ace, ptsd, expected):
    facts = complete_workup(mental=Mental(ace_score=ace, pc_ptsd5=ptsd))
    assert severity(facts, "MENTAL.TRAUMA") == expected


def test_absent_mental_section_is_not_assessed():
    evaluation = run(complete_workup(mental=None))
    assert [f.code for f in evaluation.flags if f.area == "mental"] == ["MENTAL.NOT_ASSESSED"]
    assert evaluation.completeness.mental is False


def test_present_mental_section_with_nothing_recorded_raises_nothing():
    evaluation = run(complete_workup(mental=Mental()))
    assert not [f for f in evaluation.flags if f.area == "mental"]
    assert evaluation.completeness.mental is True


def test_mental_texts_state_score_and_band():
    facts = complete_workup(mental=Mental(phq9_items=items(16, 9), gad7_items=items(7, 7)))
    evaluation = run(facts)
    assert "PHQ-9 total 16" in evaluation.flag("MENTAL.DEPRESSION").because
    assert "moderately severe" in evaluation.flag("MENTAL.DEPRESSION").because
    assert "GAD-7 total 7" in evaluation.flag("MENTAL.ANXIETY").because


def test_mood_flags_state_the_band_limits_that_placed_the_score():
    facts = complete_workup(mental=Mental(phq9_items=items(16, 9), gad7_items=items(17, 7)))
    evaluation = run(facts)
    assert "moderately severe band (15-19)" in evaluation.flag("MENTAL.DEPRESSION").because
    assert "severe band (15-21)" in evaluation.flag("MENTAL.ANXIETY").because


def test_screening_evidence_names_its_source_as_the_specification_does():
    facts = complete_workup(mental=Mental(phq9_items=items(12, 9)))
    sources = [e.source for e in run(facts).flag("MENTAL.DEPRESSION").evidence]
    assert sources[0] == "Kroenke 2001"


def test_moderate_mood_recommendations_read_as_plain_english():
    facts = complete_workup(mental=Mental(phq9_items=items(12, 9), gad7_items=items(12, 7)))
    evaluation = run(facts)
    assert "Assess for a depressive disorder" in evaluation.flag("MENTAL.DEPRESSION").recommendation
    assert "Assess for an anxiety disorder" in evaluation.flag("MENTAL.ANXIETY").recommendation


def test_high_stress_text_states_the_total():
    facts = complete_workup(mental=Mental(pss10_total=27))
    assert run(facts).flag("MENTAL.HIGH_STRESS").because == (
        "PSS-10 total 27 of 40 is 27 or more (high perceived stress)."
    )
